// The poller against the loopback feed server, with a recording index (no embedding).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemSource } from '../../src/corpus/index.js';
import { isPrivateAddress } from '../../src/feeds/address.js';
import { createFeedPoller, fetchBounded, FetchError, USER_AGENT } from '../../src/feeds/index.js';
import type { Source } from '../../src/types.js';
import { articlePage, atomFeed, HUGE_BYTES, jsonFeed, rssFeed, startFeedServer, type FeedServer } from '../fixtures/feed-server.js';

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());

const PARAS = [
  'The city council voted 7 to 2 on Tuesday to approve the new harbour bridge, ending a debate that lasted four years.',
  'Construction is expected to start in the spring and cost 140 million euros, the mayor said after the vote.',
];

function recordingIndex() {
  const indexed = new Map<string, Source>();
  const batches: Source[][] = [];
  return {
    toSource: itemSource,
    indexed,
    batches,
    index: async (sources: Source[]) => {
      batches.push(sources);
      for (const s of sources) indexed.set(s.id, s);
    },
    indexedHash: (id: string) => indexed.get(id)?.contentHash,
  };
}

describe('fetchBounded', () => {
  it('names the bot, follows a few redirects and stops a loop', async () => {
    server.set('/hop', { status: 200, body: 'x' });
    await expect(fetchBounded(server.url('/loop1'), { maxRedirects: 3 })).rejects.toThrow(/more than 3 redirects/);
    const seen = server.requests.filter((r) => r.path.startsWith('/loop'));
    expect(seen).toHaveLength(4);
    expect(seen[0].headers['user-agent']).toBe(USER_AGENT);
  });

  it('stops reading a 50 MB page at the size cap', async () => {
    const err = await fetchBounded(server.url('/huge'), { maxBytes: 1024 * 1024 }).catch((e) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect(err.message).toMatch(/larger than 1048576 bytes/);
    expect(HUGE_BYTES).toBeGreaterThan(1024 * 1024 * 40);
  });

  it('gives up on a slow answer at the timeout, and refuses other schemes', async () => {
    server.set('/slow', { body: 'late', delayMs: 5_000 });
    const started = Date.now();
    await expect(fetchBounded(server.url('/slow'), { timeoutMs: 300 })).rejects.toThrow(/within 300 ms/);
    expect(Date.now() - started).toBeLessThan(4_000);
    await expect(fetchBounded('file:///etc/passwd')).rejects.toThrow(/only http and https/);
  });
});

describe('addresses', () => {
  it('knows private addresses, and a public feed cannot make the bot fetch one', async () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '0.0.0.0'])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '172.32.0.1']) expect(isPrivateAddress(a), a).toBe(false);
    server.set('/internal', { body: 'secret' });
    await expect(fetchBounded(server.url('/internal'), { allowPrivate: false })).rejects.toThrow(/127\.0\.0\.1 is a private address/);
    expect(server.requests.some((q) => q.path === '/internal')).toBe(false); // refused before any request
  });
});

describe('feed poller', () => {
  it('reads RSS, Atom and JSON Feed items with their pages and the feed metadata', async () => {
    const items = (site: string) => [{ guid: `${site}-1`, link: server.url(`/${site}/a1`), title: `${site} bridge approved`, published: '2026-12-01T09:00:00Z', author: 'Ana Ruiz' }];
    server.set('/rss', { body: rssFeed('RSS Outlet', items('rss')), type: 'application/rss+xml' });
    server.set('/atom', { body: atomFeed('Atom Outlet', items('atom')), type: 'application/atom+xml' });
    server.set('/json', { body: jsonFeed('JSON Outlet', items('json')), type: 'application/feed+json' });
    for (const site of ['rss', 'atom', 'json']) server.set(`/${site}/a1`, { body: articlePage(`${site} bridge approved`, PARAS) });
    const rec = recordingIndex();
    const poller = createFeedPoller({ feeds: ['/rss', '/atom', '/json'].map(server.url), ...rec });
    const report = await poller.pollOnce();
    expect(report.failed).toBe(0);
    // Each feed's items go in as that feed is done (issue 19 item 6), each item once.
    expect(new Set(rec.batches.flat().map((s) => s.id)).size).toBe(rec.batches.flat().length);
    const sources = [...rec.indexed.values()].sort((a, b) => a.title.localeCompare(b.title));
    expect(sources.map((s) => [s.title, s.outlet, s.author, s.published, s.summaryOnly ?? false])).toEqual([
      ['atom bridge approved', 'Atom Outlet', 'Ana Ruiz', '2026-12-01T09:00:00.000Z', false],
      ['json bridge approved', 'JSON Outlet', 'Ana Ruiz', '2026-12-01T09:00:00.000Z', false],
      ['rss bridge approved', 'RSS Outlet', 'Ana Ruiz', '2026-12-01T09:00:00.000Z', false],
    ]);
    for (const s of sources) {
      expect(s.paragraphs.map((p) => p.text)).toEqual(PARAS);
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/(rss|atom|json)\/a1$/);
    }
    // Nothing changed: the second poll indexes nothing.
    expect((await poller.pollOnce()).sources).toEqual([]);
  });

  it('asks conditionally: an unchanged feed answers 304 and nothing is re-fetched', async () => {
    server.set('/etag-feed', { body: rssFeed('E', [{ guid: 'e1', link: server.url('/e/1'), title: 'Bridge' }]), etag: '"v1"' });
    server.set('/e/1', { body: articlePage('Bridge', PARAS), etag: '"p1"' });
    const rec = recordingIndex();
    const poller = createFeedPoller({ feeds: [server.url('/etag-feed')], ...rec });
    await poller.pollOnce();
    const before = server.requests.length;
    const r = await poller.pollOnce();
    const asked = server.requests.slice(before);
    expect(asked.find((q) => q.path === '/etag-feed')?.headers['if-none-match']).toBe('"v1"');
    expect(asked.find((q) => q.path === '/e/1')?.headers['if-none-match']).toBe('"p1"');
    expect(r.sources).toEqual([]);
    expect(rec.batches).toHaveLength(1);
  });

  it('re-indexes a page that changed between polls (same address, same id)', async () => {
    server.set('/corr-feed', { body: rssFeed('C', [{ guid: 'c1', link: server.url('/c/1'), title: 'Bridge vote' }]) });
    server.set('/c/1', { body: articlePage('Bridge vote', PARAS) });
    const rec = recordingIndex();
    const poller = createFeedPoller({ feeds: [server.url('/corr-feed')], ...rec });
    const first = (await poller.pollOnce()).sources[0];
    server.set('/c/1', { body: articlePage('Bridge vote', [PARAS[0].replace('7 to 2', '6 to 3'), PARAS[1]]) });
    const second = (await poller.pollOnce()).sources;
    expect(second).toHaveLength(1);
    expect(second[0].id).toBe(first.id);
    expect(second[0].paragraphs[0].text).toContain('6 to 3');
  });

  it('indexes the feed summary when the page fails (500, 50 MB), marked as a summary', async () => {
    server.set('/sum-feed', {
      body: rssFeed('S', [
        { guid: 's1', link: server.url('/broken'), title: 'Broken page', summary: 'The harbour bridge was approved by the council on Tuesday after four years.' },
        { guid: 's2', link: server.url('/huge'), title: 'Huge page', summary: 'A very long page about the ferry timetable that nobody should download whole.' },
      ]),
    });
    server.set('/broken', { status: 500, body: 'oops' });
    const rec = recordingIndex();
    const poller = createFeedPoller({ feeds: [server.url('/sum-feed')], ...rec, http: { maxBytes: 2 * 1024 * 1024 } });
    const r = await poller.pollOnce();
    expect(r.summaries).toBe(2);
    const texts = [...rec.indexed.values()].map((s) => [s.title, s.summaryOnly, s.paragraphs[0].text]);
    expect(texts).toContainEqual(['Broken page', true, 'The harbour bridge was approved by the council on Tuesday after four years.']);
    // The page comes back: the article replaces the summary.
    server.set('/broken', { body: articlePage('Broken page', PARAS) });
    const again = await poller.pollOnce();
    expect(again.sources.map((s) => [s.title, s.summaryOnly ?? false])).toEqual([['Broken page', false]]);
  });

  it('a failing feed (500, slow, redirect loop, not a feed) is reported and retried with backoff; the others go on', async () => {
    server.set('/good', { body: jsonFeed('Good', [{ guid: 'g1', link: server.url('/g/1'), title: 'Good news' }]) });
    server.set('/g/1', { body: articlePage('Good news', PARAS) });
    server.set('/down', { status: 500, body: 'no' });
    server.set('/slow-feed', { body: rssFeed('Slow', []), delayMs: 3_000 });
    server.set('/not-a-feed', { body: '<html><body>hello</body></html>' });
    let clock = Date.parse('2026-12-01T10:00:00Z');
    const rec = recordingIndex();
    const feeds = ['/good', '/down', '/slow-feed', '/loop1', '/not-a-feed'].map(server.url);
    const outcomes: string[] = [];
    const poller = createFeedPoller({ feeds, ...rec, http: { timeoutMs: 400 }, now: () => clock, retryMs: 60_000, onFeed: (f, o) => outcomes.push(`${new URL(f).pathname}:${o}`) });
    const r = await poller.pollOnce();
    expect(r.failed).toBe(4);
    expect(rec.indexed.size).toBe(1);
    const status = Object.fromEntries(poller.status().map((s) => [new URL(s.url).pathname, s]));
    expect(status['/good'].ok).toBe(true);
    expect(status['/down'].error).toBe('HTTP 500');
    expect(status['/slow-feed'].error).toMatch(/within 400 ms/);
    expect(status['/loop1'].error).toMatch(/redirects/);
    expect(status['/not-a-feed'].error).toMatch(/not a feed/);
    expect(status['/down'].retryAt).toBe('2026-12-01T10:01:00.000Z');
    expect(outcomes).toContain('/down:failed');
    // Before the retry time the failing feeds are not asked again; after it, once more, with a doubled wait.
    const before = server.requests.length;
    clock += 30_000;
    await poller.pollOnce();
    expect(server.requests.slice(before).some((q) => q.path === '/down')).toBe(false);
    clock += 31_000;
    await poller.pollOnce();
    const down = poller.status().find((s) => s.url.endsWith('/down'))!;
    expect(down.failures).toBe(2);
    expect(down.retryAt).toBe(new Date(clock + 120_000).toISOString());
    server.set('/down', { body: rssFeed('Back', []) });
    clock += 121_000;
    await poller.pollOnce();
    expect(poller.status().find((s) => s.url.endsWith('/down'))!.ok).toBe(true);
  });

  it('keeps the items for the next poll when indexing fails', async () => {
    server.set('/retry-feed', { body: rssFeed('R', [{ guid: 'r1', link: server.url('/r/1'), title: 'Retry' }]), etag: '"r"' });
    server.set('/r/1', { body: articlePage('Retry', PARAS), etag: '"rp"' });
    const rec = recordingIndex();
    let fail = true;
    const poller = createFeedPoller({
      feeds: [server.url('/retry-feed')],
      toSource: itemSource,
      indexedHash: rec.indexedHash,
      index: async (s) => {
        if (fail) throw new Error('index busy');
        await rec.index(s);
      },
    });
    await expect(poller.pollOnce()).rejects.toThrow('index busy');
    fail = false;
    expect((await poller.pollOnce()).sources).toHaveLength(1);
  });
});
