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
import { deskSourceIds, type Desk } from './chat/desks.js';
import { restrictedIndex } from './index/restricted.js';
import type { Story } from './types.js';

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

/** The newsroom's digest and, beside it, each desk's own (its sources, its schedule, its channels). */
export interface Digests extends DigestService {
  desk(name: string): DigestService | undefined;
}

export function createDigest(
  config: Config,
  runtime: Pick<Runtime, 'index' | 'synthesiser' | 'digestShared' | 'desks'>,
  connections: PlatformConnection[],
  logger: Logger,
  onOutcome?: (platform: string, outcome: 'posted' | 'failed') => void,
): Digests {
  const main = newsroomDigest(config, runtime, connections, logger, onOutcome);
  const desks = new Map((runtime.desks?.desks ?? []).map((d) => [d.name, deskDigest(d, config, runtime, connections, logger, onOutcome)]));
  const all = [main, ...desks.values()];
  return {
    ...main,
    desk: (name) => desks.get(name),
    async start() {
      for (const s of all) await s.start();
    },
    async stop() {
      await Promise.all(all.map((s) => s.stop()));
    },
    async idle() {
      await Promise.all(all.map((s) => s.idle()));
    },
  };
}

/** A desk's digest: the desk's sources only, its own cron and time zone, its own channels and posting state. */
function deskDigest(
  desk: Desk,
  config: Config,
  runtime: Pick<Runtime, 'index' | 'synthesiser'>,
  connections: PlatformConnection[],
  logger: Logger,
  onOutcome?: (platform: string, outcome: 'posted' | 'failed') => void,
): DigestService {
  const byName = new Map(connections.map((c) => [c.name, c]));
  const destinations: DigestDestination[] = (['slack', 'discord'] as const).flatMap((p) => {
    const platform = byName.get(p);
    return platform ? (desk.digest?.[p] ?? []).map((channelId) => ({ platform, channelId })) : [];
  });
  return createDigestService({
    index: () => {
      const base = runtime.index();
      const ids = deskSourceIds(desk, base.sources());
      return restrictedIndex(base, (id) => ids.has(id));
    },
    // Its own posting state (a file per desk, also with DATABASE_URL: see docs/operations.md).
    stateFile: join(config.indexDir, `digest-state.desk-${desk.name.replace(/[^\w.-]/g, '_')}.json`),
    cron: desk.digest?.cron,
    timeZone: desk.digest?.tz ?? config.DIGEST_TZ,
    destinations,
    postWhenEmpty: desk.digest?.postWhenEmpty ?? config.DIGEST_POST_WHEN_EMPTY,
    catchUp: config.DIGEST_CATCH_UP,
    logger: logger.child({ desk: desk.name }),
    onOutcome,
    summarise: summariser(runtime),
  });
}

function summariser(runtime: Pick<Runtime, 'synthesiser'>) {
  // With an LLM, a story gets a summary of its key sentences under the same citation check as answers.
  return runtime.synthesiser
    ? async (story: Story) => (await runtime.synthesiser!.synthesise(`What happened in this story: ${story.headline}?`, story.keyPoints)).summary
    : undefined;
}

function newsroomDigest(
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
    summarise: summariser(runtime),
  });
}
