// Issue 19 item 6: one slow feed must not hold back every feed. Each feed's items are indexed
// as soon as that feed is done; item pages are started only within the feed's (and the poll's)
// time budget, the rest wait for the next poll; a host that answers slowly gets one request
// at a time. Loopback servers only; the slow one answers its pages after a delay and counts
// the requests open at once.
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { itemSource } from '../../src/corpus/index.js';
import { createFeedPoller } from '../../src/feeds/index.js';
import type { Source } from '../../src/types.js';
import { articlePage, rssFeed } from '../fixtures/feed-server.js';

interface SlowServer {
  url: (path: string) => string;
  /** How many page requests were open (this one included) when each arrived, in arrival order. */
  openAtArrival: number[];
  open: () => number;
  pageDelayMs: number;
  close: () => Promise<void>;
}

const PARAS = (n: number) => [
  `Story number ${n}: the harbour authority said on Tuesday that the new ferry terminal will open in the spring after four years of works.`,
  `The terminal cost 140 million euros and will handle ${n + 2} ferries a day, a spokeswoman for the authority said after the council meeting.`,
];

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** A feed of `items` items at /feed.xml whose pages (/a/N) answer after `pageDelayMs`. */
async function slowServer(items: number, pageDelayMs: number, name = 'Slow'): Promise<SlowServer> {
  let open = 0;
  const openAtArrival: number[] = [];
  let base = '';
  const state = { pageDelayMs };
  const server = createServer((req, res) => {
    if (req.url === '/feed.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return res.end(rssFeed(`${name} Wire`, Array.from({ length: items }, (_, i) => ({ guid: `${name}-${i}`, link: `${base}/a/${i}`, title: `${name} story ${i}`, summary: PARAS(i)[0] }))));
    }
    const n = Number(req.url?.split('/').at(-1));
    open++;
    openAtArrival.push(open);
    let done = false;
    const finish = () => {
      if (!done) (done = true), open--;
    };
    res.on('close', finish);
    const timer = setTimeout(() => {
      if (res.destroyed) return;
      finish();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(articlePage(`${name} story ${n}`, PARAS(n), `${name} Wire`));
    }, state.pageDelayMs);
    res.on('close', () => clearTimeout(timer));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url: (path) => base + path,
    openAtArrival,
    open: () => open,
    get pageDelayMs() {
      return state.pageDelayMs;
    },
    set pageDelayMs(v: number) {
      state.pageDelayMs = v;
    },
    close: async () => undefined,
  };
}

function recordingIndex() {
  const indexed = new Map<string, Source>();
  const calls: { ids: string[]; slowOpen: number }[] = [];
  return { indexed, calls, indexedHash: (id: string) => indexed.get(id)?.contentHash };
}

describe('a slow feed', () => {
  it("does not hold back another feed's items: each feed is indexed as it finishes", async () => {
    const slow = await slowServer(6, 3_000); // every page outlasts the 1.5 s timeout
    const fast = await slowServer(1, 0, 'Fast');
    const rec = recordingIndex();
    const poller = createFeedPoller({
      feeds: [slow.url('/feed.xml'), fast.url('/feed.xml')],
      toSource: itemSource,
      indexedHash: rec.indexedHash,
      index: async (sources) => {
        rec.calls.push({ ids: sources.map((s) => s.title), slowOpen: slow.open() });
        for (const s of sources) rec.indexed.set(s.id, s);
      },
      http: { timeoutMs: 1_500, allowPrivate: true },
      retryMs: 1,
    });
    const report = await poller.pollOnce();
    // The fast feed's item went in first, alone, while the slow feed's pages were still open.
    expect(rec.calls[0].ids).toEqual(['Fast story 0']);
    expect(rec.calls[0].slowOpen).toBeGreaterThan(0);
    // The slow feed's items came after, from their feed summaries (the pages timed out).
    expect(rec.calls.length).toBeGreaterThanOrEqual(2);
    expect(report.sources).toHaveLength(7);
    expect(report.summaries).toBe(6);
  }, 60_000);

  it('starts item pages only within its time budget; the rest are taken by the next poll', async () => {
    const slow = await slowServer(10, 400);
    const rec = recordingIndex();
    const poller = createFeedPoller({
      feeds: [slow.url('/feed.xml')],
      toSource: itemSource,
      indexedHash: rec.indexedHash,
      index: async (sources) => {
        for (const s of sources) rec.indexed.set(s.id, s);
      },
      http: { timeoutMs: 5_000, allowPrivate: true },
      perHost: 2,
      slowMs: 60_000, // slot reduction is the next test's subject
      feedBudgetMs: 700,
    });
    const first = await poller.pollOnce();
    const started = slow.openAtArrival.length;
    expect(started).toBeGreaterThan(0);
    expect(started).toBeLessThan(10);
    expect(first.deferred).toBe(10 - started);
    expect(first.sources).toHaveLength(started);
    expect(first.summaries).toBe(0);
    // The deferred items were not remembered as seen: the next polls fetch and index them
    // (each within the same budget), each item once.
    slow.pageDelayMs = 0;
    let total = first.sources.length;
    for (let poll = 0; poll < 20 && rec.indexed.size < 10; poll++) {
      const next = await poller.pollOnce();
      total += next.sources.length;
    }
    expect(rec.indexed.size).toBe(10);
    expect(total).toBe(10);
  }, 60_000);

  it('a poll budget bounds every feed of the poll', async () => {
    const slow = await slowServer(10, 400);
    const poller = createFeedPoller({
      feeds: [slow.url('/feed.xml')],
      toSource: itemSource,
      indexedHash: () => undefined,
      index: async () => undefined,
      http: { timeoutMs: 5_000, allowPrivate: true },
      perHost: 2,
      slowMs: 60_000,
      feedBudgetMs: 60_000,
      pollBudgetMs: 700,
    });
    const report = await poller.pollOnce();
    expect(report.deferred).toBeGreaterThan(0);
    expect(report.deferred + slow.openAtArrival.length).toBe(10);
  }, 60_000);

  it('a host that answers slowly gets one request at a time', async () => {
    const slow = await slowServer(12, 400);
    const poller = createFeedPoller({
      feeds: [slow.url('/feed.xml')],
      toSource: itemSource,
      indexedHash: () => undefined,
      index: async () => undefined,
      http: { timeoutMs: 5_000, allowPrivate: true },
      perHost: 3,
      slowMs: 150, // every page answer (400 ms) counts as slow
    });
    const report = await poller.pollOnce();
    expect(report.sources).toHaveLength(12);
    // The first three went out together; once they had answered slowly, one at a time.
    expect(Math.max(...slow.openAtArrival.slice(0, 3))).toBe(3);
    expect(Math.max(...slow.openAtArrival.slice(5))).toBe(1);
  }, 60_000);
});
