// Composition of the chat platforms and the digest service from the configuration, shared
// by `serve` and `digest --post`. Loaded lazily: it pulls in Bolt and discord.js.
import { join } from 'node:path';
import { createDiscordConnection } from './adapters/discord/index.js';
import { createSlackConnection } from './adapters/slack/index.js';
import type { ChatCore, PlatformConnection } from './chat/types.js';
import type { Config } from './config.js';
import { createDigestService, type DigestDestination, type DigestService } from './digest/index.js';
import type { Logger } from './log.js';
import type { Runtime } from './wiring.js';

export function createPlatforms(config: Config, core: ChatCore, logger: Logger): PlatformConnection[] {
  const connections: PlatformConnection[] = [];
  if (config.SLACK_BOT_TOKEN) {
    connections.push(
      createSlackConnection({
        core,
        botToken: config.SLACK_BOT_TOKEN,
        signingSecret: config.SLACK_SIGNING_SECRET,
        appToken: config.SLACK_APP_TOKEN,
        port: config.SLACK_PORT,
        host: config.SLACK_HOST,
        slackApiUrl: config.SLACK_API_URL,
        startTimeoutMs: config.SLACK_START_TIMEOUT_MS,
        feedbackFile: config.FEEDBACK_FILE ?? join(config.indexDir, 'feedback.jsonl'),
        logger,
        // Answers in progress get the shutdown grace, less a second for Bolt to close.
        drainTimeoutMs: Math.max(0, config.SHUTDOWN_GRACE_MS - 1000),
      }),
    );
  }
  if (config.DISCORD_TOKEN && config.DISCORD_APP_ID) {
    connections.push(createDiscordConnection({ core, token: config.DISCORD_TOKEN, appId: config.DISCORD_APP_ID, restApi: config.DISCORD_API_URL, logger }));
  }
  return connections;
}

/** Where digests go: every configured channel of every connected platform. */
export function digestDestinations(config: Config, connections: PlatformConnection[]): DigestDestination[] {
  const byName = new Map(connections.map((c) => [c.name, c]));
  const out: DigestDestination[] = [];
  const slack = byName.get('slack');
  if (slack) for (const channelId of config.DIGEST_SLACK_CHANNELS) out.push({ platform: slack, channelId });
  const discord = byName.get('discord');
  if (discord) for (const channelId of config.DIGEST_DISCORD_CHANNELS) out.push({ platform: discord, channelId });
  return out;
}

export function createDigest(
  config: Config,
  runtime: Pick<Runtime, 'index' | 'synthesiser' | 'digestShared'>,
  connections: PlatformConnection[],
  logger: Logger,
  onOutcome?: (platform: string, outcome: 'posted' | 'failed') => void,
): DigestService {
  return createDigestService({
    index: runtime.index,
    stateFile: join(config.indexDir, 'digest-state.json'),
    shared: runtime.digestShared,
    cron: config.DIGEST_CRON,
    timeZone: config.DIGEST_TZ,
    destinations: digestDestinations(config, connections),
    postWhenEmpty: config.DIGEST_POST_WHEN_EMPTY,
    catchUp: config.DIGEST_CATCH_UP,
    logger,
    onOutcome,
    // With an LLM, a story gets a summary of its key sentences under the same citation check as answers.
    summarise: runtime.synthesiser
      ? async (story) => (await runtime.synthesiser!.synthesise(`What happened in this story: ${story.headline}?`, story.keyPoints)).summary
      : undefined,
  });
}
