// The bot as `npm start` runs it with FEEDS pointing at the loopback feed server (Slack HTTP
// mode against the fake Slack): feeds polled, items answerable, a correction quoted in its new
// wording with its update time, three copies of one wire story counted as one source in
// answers, disagreements and the digest, and a failing feed reported in /readyz and metrics.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackConnection } from '../../src/adapters/slack/index.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger, silentLogger } from '../../src/log.js';
import { startBot, type RunningBot } from '../../src/serve.js';
import type { Answer, Digest } from '../../src/types.js';
import { openRuntime, type Runtime } from '../../src/wiring.js';
import { postSigned, slashCommandForm, startFakeSlack, waitFor, type FakeSlack } from '../fakes/slack-server.js';
import { articlePage, atomFeed, jsonFeed, rssFeed, startFeedServer, type FeedServer, type TestItem } from '../fixtures/feed-server.js';
import { LATER_BODY, LOCAL_BODY, wireCopy } from './fixtures.js';

const SIGNING_SECRET = 'signing-secret-feeds';
let root: string;
let feeds: FeedServer;
let fake: FakeSlack;
let bot: RunningBot;
let base: string;
/** The loopback port of /healthz, /readyz and /metrics (not the public Slack port). */
let admin: string;
let config: Config;
let reader: Runtime;

const item = (guid: string, path: string, title: string, published = '2026-12-01T09:00:00Z'): TestItem => ({ guid, link: feeds.url(path), title, published, summary: `${title}.` });
let localItems: TestItem[];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'feeds-live-'));
  const corpus = join(root, 'corpus');
  mkdirSync(corpus);
  writeFileSync(join(corpus, 'budget.txt'), 'City budget passes\n\nThe city council passed the annual budget of 310 million euros on Friday after a long debate about road repairs.\n');
  feeds = await startFeedServer();
  fake = await startFakeSlack();
  feeds.set('/wire-a/storm', { body: wireCopy('Harbour Times', 'Storm kills 12 in Porto Vello') });
  feeds.set('/wire-b/storm', { body: wireCopy('Coast Daily', 'Deadly storm hits Porto Vello') });
  feeds.set('/wire-c/storm', { body: wireCopy('Valley Post', 'Twelve dead as storm batters coast') });
  feeds.set('/a.xml', { body: rssFeed('Harbour Times', [item('wire-a-1', '/wire-a/storm', 'Storm kills 12 in Porto Vello')]), etag: '"a1"' });
  feeds.set('/b.atom', { body: atomFeed('Coast Daily', [item('urn:b:1', '/wire-b/storm', 'Deadly storm hits Porto Vello')]) });
  feeds.set('/c.json', { body: jsonFeed('Valley Post', [item('c-1', '/wire-c/storm', 'Twelve dead as storm batters coast')]) });
  localItems = [item('local-1', '/local/storm', 'Mayor: storm toll rises')];
  feeds.set('/local/storm', { body: articlePage('Mayor: storm toll rises', LOCAL_BODY(15), 'Porto Vello Gazette') });
  feeds.set('/local.xml', { body: rssFeed('Porto Vello Gazette', localItems) });
  feeds.set('/down.xml', { status: 500, body: 'no' });
  config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-feeds-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    SLACK_PORT: '0',
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    INDEX_DIR: join(root, 'index'),
    CORPUS_DIR: corpus,
    FEEDS: ['/a.xml', '/b.atom', '/c.json', '/local.xml', '/down.xml'].map(feeds.url).join(','),
    FEED_POLL_MINUTES: '0.02',
    FEED_TIMEOUT_MS: '3000',
    LOG_LEVEL: 'warn',
  });
  bot = await startBot(config, createLogger({ level: 'silent' }), { reloadIntervalMs: 200, ingestInProcess: true });
  base = `http://127.0.0.1:${(bot.connections[0] as SlackConnection).port()}`;
  admin = `http://127.0.0.1:${bot.healthPort()}`;
  reader = await openRuntime(config, silentLogger);
}, 120_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await feeds?.close();
  rmSync(root, { recursive: true, force: true });
});

const TOLL = 'How many people did the storm kill in Porto Vello?';

/** Asks through the reader runtime (as `ask --json` would) once the index holds what `ready` wants. */
async function askWhen(question: string, ready: (a: Answer) => boolean, label: string, timeoutMs = 20_000): Promise<Answer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await reader.reload();
    const a = await reader.answerer.ask(question);
    if (ready(a)) return a;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}; last answer:\n${a.text}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The bot's own digest preview once it holds what `ready` wants (it loads each snapshot in the background). */
async function digestWhen(since: Date, ready: (d: Digest) => boolean, label: string): Promise<Digest> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const d = await bot.digest.preview(since);
    if (ready(d)) return d;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}; last digest:\n${d.text}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('live feeds', () => {
  it('answers from the polled items: one copy of the wire story, the other outlets named, a disagreement between independent reports', async () => {
    const a = await askWhen(TOLL, (x) => x.excerpts.some((e) => e.quote.includes('15 people')) && x.excerpts.some((e) => e.quote.includes('12 people')), 'both tolls');
    const wireIds = reader.index().sources().filter((s) => s.url?.includes('/wire-')).map((s) => s.id);
    expect(wireIds).toHaveLength(3);
    const quotedWire = a.excerpts.filter((e) => wireIds.includes(e.sourceId));
    expect(new Set(quotedWire.map((e) => e.sourceId)).size).toBe(1);
    const names = quotedWire[0].alsoPublishedBy ?? [];
    expect(names).toHaveLength(2);
    expect(['Harbour Times', 'Coast Daily', 'Valley Post']).toEqual(expect.arrayContaining([quotedWire[0].outlet, ...names]));
    expect(a.text).toMatch(/also published by (Harbour Times|Coast Daily|Valley Post), (Harbour Times|Coast Daily|Valley Post)/);
    expect(a.disagreements).toHaveLength(1);
    const sides = a.disagreements[0].claims.map((c) => c.sourceId);
    expect(sides.filter((id) => wireIds.includes(id))).toHaveLength(1);
  }, 40_000);

  it('counts the three copies as one report in the digest', async () => {
    const digest = await digestWhen(new Date(0), (d) => d.stories.some((x) => x.sources.filter((y) => y.url?.includes('/wire-')).length === 3), 'the wire copies in the digest');
    const story = digest.stories.find((s) => s.sources.some((x) => x.url?.includes('/wire-')))!;
    expect(story.sources.filter((x) => x.url?.includes('/wire-'))).toHaveLength(3);
    expect(story.reports).toBe(story.sources.length - 2);
    expect(digest.text).toMatch(/independent report/);
    // Slack and Discord say it too.
    const { toSlackMessages: slack } = await import('../../src/adapters/slack/render.js');
    const { renderDigest: discord } = await import('../../src/adapters/discord/render.js');
    expect(JSON.stringify(slack({ kind: 'digest', digest }))).toMatch(/independent reports; also published by/);
    expect(JSON.stringify(discord(digest))).toMatch(/independent reports; also published by/);
    for (const d of story.disputes) expect(new Set(d.claims.map((c) => story.sources.find((s) => s.id === c.sourceId)?.copyOf ?? c.sourceId)).size).toBe(d.claims.length);
  }, 40_000);

  it('reports the failing feed in /readyz detail and in metrics, and the others keep working', async () => {
    const ready = (await (await fetch(`${admin}/readyz`)).json()) as { status: string; detail: { feeds: { url: string; ok: boolean; error?: string }[]; queue: Record<string, unknown> } };
    expect(ready.status).toBe('ready');
    // Issue 24: the ingest queue in front of the worker (here: ingest in process).
    expect(ready.detail.queue).toMatchObject({ waitingJobs: expect.any(Number), waitingSources: expect.any(Number), oldestWaitSeconds: expect.any(Number), accepting: true, worker: { state: 'in-process' } });
    const down = ready.detail.feeds.find((f) => f.url.endsWith('/down.xml'))!;
    expect(down).toMatchObject({ ok: false, error: 'HTTP 500' });
    expect(ready.detail.feeds.filter((f) => f.ok)).toHaveLength(4);
    const metrics = await (await fetch(`${admin}/metrics`)).text();
    expect(metrics).toMatch(/newsroom_feeds_failing 1/);
    expect(metrics).toMatch(/newsroom_ingest_queue_sources \d+/);
    expect(metrics).toMatch(/newsroom_ingest_queued_to_served_seconds_count [1-9]/);
    expect(metrics).toMatch(/newsroom_feed_polls_total\{outcome="failed"\} [1-9]/);
    expect(feeds.requests.find((r) => r.path === '/a.xml')?.headers['user-agent']).toMatch(/^newsroom-bot\//);
  });

  it('picks up a new item and the bot answers from it in Slack', async () => {
    localItems.push(item('local-2', '/local/ferry', 'Ferry to resume', '2026-12-02T08:00:00Z'));
    feeds.set('/local/ferry', { body: articlePage('Ferry to resume', LATER_BODY, 'Porto Vello Gazette') });
    feeds.set('/local.xml', { body: rssFeed('Porto Vello Gazette', localItems) });
    const question = 'When will the ferry to Isla Brava resume sailing?';
    await askWhen(question, (a) => a.status === 'answered' && a.excerpts[0].quote.includes('Friday'), 'new item indexed');
    // The bot loads the new snapshot in the background: ask it once it holds the item.
    await digestWhen(new Date(0), (d) => d.stories.some((x) => x.sources.some((y) => y.url?.endsWith('/local/ferry'))), 'the bot holding the new item');
    const ack = await postSigned(`${base}/slack/events`, slashCommandForm({ command: '/ask', text: question, userId: 'U1', responseUrl: fake.responseUrl('ferry') }), {
      signingSecret: SIGNING_SECRET,
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(ack.status).toBe(200);
    const reply = await waitFor(() => fake.responsesFor('ferry').find((r) => JSON.stringify(r.body).includes('Friday')), 15_000, 'slack answer');
    expect(JSON.stringify(reply.body)).toContain('resume sailing on Friday');
  }, 40_000);

  it('quotes a corrected article in its new wording with its update time; the digest lists it as an update', async () => {
    const before = new Date();
    const localId = reader.index().sources().find((s) => s.url?.endsWith('/local/storm'))!.id;
    feeds.set('/local/storm', { body: articlePage('Mayor corrects storm toll', LOCAL_BODY(14), 'Porto Vello Gazette') });
    localItems[0] = { ...localItems[0], title: 'Mayor corrects storm toll' };
    feeds.set('/local.xml', { body: rssFeed('Porto Vello Gazette', localItems) });
    // The page and the feed change separately: wait until a poll has seen both.
    const a = await askWhen(TOLL, (x) => x.excerpts.some((e) => e.quote.includes('14 people')) && reader.index().source(localId)?.title === 'Mayor corrects storm toll', 'corrected wording and headline');
    expect(a.excerpts.some((e) => e.quote.includes('15 people'))).toBe(false);
    const corrected = a.excerpts.find((e) => e.sourceId === localId)!;
    expect(corrected.updated).toBeDefined();
    expect(Date.parse(corrected.updated!)).toBeGreaterThanOrEqual(before.getTime() - 1000);
    expect(a.text).toContain(`updated ${corrected.updated!.slice(0, 16).replace('T', ' ')} UTC`);
    const record = reader.index().source(localId)!;
    expect(record.previousTitle).toBe('Mayor: storm toll rises');
    expect(Date.parse(record.firstSeen!)).toBeLessThan(Date.parse(record.updated!));
    const digest = await digestWhen(before, (d) => Boolean(d.updates?.some((u) => u.id === localId && u.title === 'Mayor corrects storm toll')), 'the correction in the digest');
    expect(digest.stories.flatMap((s) => s.sources.map((x) => x.id))).not.toContain(localId);
    expect(digest.updates?.map((u) => u.id)).toContain(localId);
    expect(digest.text).toMatch(/Mayor corrects storm toll \(was “Mayor: storm toll rises”\) — updated /);
  }, 40_000);
});
