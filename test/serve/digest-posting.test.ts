// Digest posting from the running bot through the fake Slack and the fake Discord: a 429
// delays a post but does not lose it, a destination that cannot be reached is recorded as
// failed without blocking the others, and a second run the same day posts nothing twice.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startBot, type RunningBot } from '../../src/serve.js';
import { FakeDiscord, IDS } from '../fakes/discord-server.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-server.js';

let root: string;
let slack: FakeSlack;
let discord: FakeDiscord;
let bot: RunningBot;
const logs: string[] = [];
const UNKNOWN_CHANNEL = '1180000000000000999';

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'digest-post-'));
  slack = await startFakeSlack();
  discord = await FakeDiscord.start();
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-digest-test',
    SLACK_SIGNING_SECRET: 'digest-secret',
    SLACK_API_URL: slack.apiUrl,
    SLACK_PORT: '0',
    SLACK_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    DISCORD_TOKEN: 'discord-digest-token',
    DISCORD_APP_ID: IDS.app,
    DISCORD_API_URL: discord.api,
    DIGEST_SLACK_CHANNELS: 'C0DIGEST',
    DIGEST_DISCORD_CHANNELS: `${IDS.channel},${UNKNOWN_CHANNEL}`,
    DIGEST_TZ: 'Europe/Berlin',
    INDEX_DIR: join(root, 'index'),
    CORPUS_DIR: join(process.cwd(), 'seeds'),
  });
  const logger = createLogger({ level: 'info', destination: { write: (l: string) => logs.push(l) } as unknown as NodeJS.WritableStream });
  bot = await startBot(config, logger);
}, 120_000);

afterAll(async () => {
  await bot?.stop();
  await slack?.close();
  await discord?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('digest posting from the bot', () => {
  it('posts to Slack through a 429, to the known Discord channel, and records the unreachable one as failed', async () => {
    slack.rateLimit('chat.postMessage', 1, 1);
    const report = await bot.digest.postNow();
    const byDest = Object.fromEntries(report.outcomes.map((o) => [o.destination, o.ok]));
    expect(byDest).toEqual({ 'slack:C0DIGEST': true, [`discord:${IDS.channel}`]: true, [`discord:${UNKNOWN_CHANNEL}`]: false });

    const slackPosts = slack.callsTo('chat.postMessage').filter((c) => c.status === 200 || c.status === undefined);
    const digestText = JSON.stringify(slackPosts.map((c) => c.body));
    expect(digestText).toContain('Newsroom digest');
    expect(digestText).toMatch(/over an hour/);
    expect(digestText).toMatch(/two hours/);

    const discordPosts = discord.find('POST', new RegExp(`^/channels/${IDS.channel}/messages$`), 200);
    expect(discordPosts.length).toBeGreaterThan(0);
    expect(JSON.stringify(discordPosts.map((c) => c.body))).toContain('Sources disagree');
    for (const call of discordPosts) expect((call.body as any).allowed_mentions).toEqual({ parse: [], replied_user: false });

    expect(logs.join('\n')).toMatch(new RegExp(`discord:${UNKNOWN_CHANNEL}`));
    const state = JSON.parse(readFileSync(join(root, 'index', 'digest-state.json'), 'utf8'));
    expect(JSON.stringify(state)).toContain(UNKNOWN_CHANNEL);
  }, 60_000);

  it('the preview a user gets with /digest changes no state', async () => {
    const before = readFileSync(join(root, 'index', 'digest-state.json'), 'utf8');
    // Everything was covered by the post above.
    expect((await bot.digest.preview()).text).toMatch(/^No new sources since /);
    const again = await bot.digest.preview(new Date('2020-01-01T00:00:00Z'));
    expect(again.text).toMatch(/^Newsroom digest — .*\n5 new sources since 1 January 2020/);
    expect(readFileSync(join(root, 'index', 'digest-state.json'), 'utf8')).toBe(before);
  });
});
