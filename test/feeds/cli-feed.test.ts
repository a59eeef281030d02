// `npm run ingest -- --feed URL` and `sources` as a user runs them (the built CLI), against
// the loopback feed server; and the FEEDS settings.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { CLI, runCli } from '../fixtures/run-cli.js';
import { articlePage, rssFeed, startFeedServer, type FeedServer } from '../fixtures/feed-server.js';
import { LOCAL_BODY } from './fixtures.js';

let root: string;
let feeds: FeedServer;
let env: Record<string, string>;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` (npm test does it)');
  root = mkdtempSync(join(tmpdir(), 'feed-cli-'));
  feeds = await startFeedServer();
  env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? root, INDEX_DIR: join(root, 'index'), CORPUS_DIR: join(root, 'none'), LOG_LEVEL: 'warn' };
});
afterAll(async () => {
  await feeds?.close();
  rmSync(root, { recursive: true, force: true });
});

const run = (args: string[]) => runCli(args, { env, timeoutMs: 60_000 });

describe('ingest --feed', () => {
  it('indexes a feed once, and a corrected page replaces the old text; sources shows when it was updated', async () => {
    feeds.set('/gazette.xml', { body: rssFeed('Porto Vello Gazette', [{ guid: 'g1', link: feeds.url('/storm'), title: 'Storm toll rises', summary: 'Storm toll rises.' }]) });
    feeds.set('/storm', { body: articlePage('Storm toll rises', LOCAL_BODY(15)) });
    const first = await run(['ingest', '--feed', feeds.url('/gazette.xml')]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/gazette\.xml: ok, 1 item/);
    expect(first.stdout).toMatch(/Feeds: 1 added, 0 updated/);
    const listed = await run(['sources']);
    expect(listed.stdout).toMatch(/Storm toll rises — 127\.0\.0\.1-[0-9a-f]{12}, .*Porto Vello Gazette \(3 paragraphs\)/);
    expect(listed.stdout).not.toMatch(/updated/);

    feeds.set('/storm', { body: articlePage('Storm toll rises', LOCAL_BODY(14)) });
    const second = await run(['ingest', '--feed', feeds.url('/gazette.xml')]);
    expect(second.stdout).toMatch(/Feeds: 0 added, 1 updated/);
    const after = await run(['sources', '--json']);
    const [s] = JSON.parse(after.stdout);
    expect(s.updated).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(Date.parse(s.firstSeen)).toBeLessThan(Date.parse(s.updated));
    const ask = await run(['ask', 'How many people did the storm kill in Porto Vello?']);
    expect(ask.stdout).toContain('The storm killed 14 people');
    expect(ask.stdout).toContain(`updated ${s.updated.slice(0, 16).replace('T', ' ')} UTC`);
  }, 120_000);

  it('exits 1 and names the reason when the feed fails', async () => {
    feeds.set('/broken.xml', { status: 500, body: 'no' });
    const r = await run(['ingest', '--feed', feeds.url('/broken.xml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/broken\.xml: failed \(HTTP 500\)/);
  }, 60_000);
});

describe('ingest --sources-json (the bot hands a poll to a child ingest)', () => {
  it('indexes the given sources without touching the corpus folder', async () => {
    const file = join(root, 'batch.json');
    const text = 'The ferry to Isla Brava will resume sailing on Friday after repairs to its landing ramp, the port authority said.';
    writeFileSync(file, JSON.stringify([{ id: 'example.org-abc', title: 'Ferry to resume', url: 'https://example.org/ferry', contentHash: 'h1', paragraphs: [{ sourceId: 'example.org-abc', index: 1, text }] }]));
    const r = await run(['ingest', '--quiet', '--missing-ok', '--sources-json', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 added, 0 updated, 0 removed/);
    const listed = JSON.parse((await run(['sources', '--json'])).stdout) as { id: string }[];
    expect(listed.map((s) => s.id)).toContain('example.org-abc');
  }, 60_000);
});

describe('feed settings', () => {
  it('reads FEEDS and FEED_POLL_MINUTES (default 15) and refuses other schemes', () => {
    const c = loadConfig({ FEEDS: 'https://a.example/rss, http://b.example/atom' });
    expect(c.FEEDS).toEqual(['https://a.example/rss', 'http://b.example/atom']);
    expect(c.FEED_POLL_MINUTES).toBe(15);
    expect(() => loadConfig({ FEEDS: 'ftp://x.example/feed' })).toThrow(ConfigError);
  });
});
