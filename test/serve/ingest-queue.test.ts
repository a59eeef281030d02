// serve's ingest queue (issue 24): jobs waiting while an ingest runs are merged into the next
// call; past its bound it asks the producers to wait (the poller skips, the inbox defers).
// Pure: no model, no worker; the ingest is a function the test releases.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createIngestQueue, type IngestBatch, type IngestCounts } from '../../src/ingest-worker/index.js';
import { createFeedPoller } from '../../src/feeds/index.js';
import { watchInbox, type Inbox } from '../../src/digest/inbox.js';
import type { Source } from '../../src/types.js';

const counts = (added: number): IngestCounts => ({ added, updated: 0, removed: 0, skipped: [], unreadable: [] });
const source = (id: string, text: string): Source => ({ id, title: id, paragraphs: [{ sourceId: id, index: 0, text }] }) as unknown as Source;

/** An ingest that holds each batch until the test releases it. */
function heldIngest() {
  const batches: IngestBatch[] = [];
  const releases: ((c: IngestCounts) => void)[] = [];
  const fails: ((e: Error) => void)[] = [];
  const run = (batch: IngestBatch) =>
    new Promise<IngestCounts>((resolve, reject) => {
      batches.push(batch);
      releases.push(resolve);
      fails.push(reject);
    });
  return { batches, run, release: (i: number, c = counts(1)) => releases[i](c), fail: (i: number, e: Error) => fails[i](e) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('the ingest queue', () => {
  it('merges the jobs that wait while an ingest runs into one call: paths once, the newest version of a source', async () => {
    const held = heldIngest();
    const queue = createIngestQueue({ run: held.run });
    const first = queue.submit({ paths: ['/inbox/a.md'] });
    await tick();
    expect(held.batches).toHaveLength(1);
    const second = queue.submit({ paths: ['/inbox/b.md', '/inbox/a.md'], sources: [source('feed:1', 'old text')] });
    const third = queue.submit({ sources: [source('feed:1', 'corrected text'), source('feed:2', 'other')] });
    const fourth = queue.submit({ paths: ['/inbox/b.md'] });
    expect(held.batches).toHaveLength(1); // the three wait for the first
    expect(queue.status()).toMatchObject({ waitingJobs: 3, waitingSources: 4, runningSources: 1 });

    held.release(0, counts(1));
    expect(await first).toEqual(counts(1));
    await tick();
    expect(held.batches).toHaveLength(2);
    const merged = held.batches[1];
    expect(merged.jobs).toBe(3);
    expect(merged.paths.sort()).toEqual(['/inbox/a.md', '/inbox/b.md']);
    expect(merged.sources.map((s) => [s.id, s.paragraphs[0].text])).toEqual([
      ['feed:1', 'corrected text'],
      ['feed:2', 'other'],
    ]);
    held.release(1, counts(4));
    // Every job merged into the call settles with it.
    expect(await Promise.all([second, third, fourth])).toEqual([counts(4), counts(4), counts(4)]);
    await queue.idle();
    expect(queue.status()).toMatchObject({ waitingJobs: 0, waitingSources: 0, runningSources: 0, accepting: true });
  });

  it('past its bound it stops accepting (back-pressure) until the worker catches up, and shows how long the oldest job waited', async () => {
    let clock = 1_000_000;
    const held = heldIngest();
    const queue = createIngestQueue({ run: held.run, maxWaiting: 3, now: () => clock });
    void queue.submit({ paths: ['/x/running.md'] });
    await tick();
    void queue.submit({ sources: [source('s1', 'a'), source('s2', 'b')] });
    clock += 4000;
    expect(queue.accepting()).toBe(true); // 2 waiting
    void queue.submit({ paths: ['/x/1.md', '/x/2.md'] });
    clock += 2500;
    expect(queue.accepting()).toBe(false); // 4 waiting > 3
    expect(queue.status()).toEqual({ waitingJobs: 2, waitingSources: 4, oldestWaitSeconds: 6.5, runningSources: 1, accepting: false });
    held.release(0);
    await tick();
    // The waiting jobs are now the running batch: producers may add again.
    expect(queue.accepting()).toBe(true);
    expect(queue.status()).toMatchObject({ waitingJobs: 0, oldestWaitSeconds: 0, runningSources: 4 });
    held.release(1);
    await queue.idle();
  });

  it('a failed ingest rejects the jobs it held; the next batch still runs; close rejects what waits', async () => {
    const held = heldIngest();
    const done: { ms: number; ok: boolean }[] = [];
    const queue = createIngestQueue({ run: held.run, onJobDone: (ms, ok) => done.push({ ms, ok }) });
    const a = queue.submit({ paths: ['/a.md'] });
    await tick();
    const b = queue.submit({ paths: ['/b.md'] });
    held.fail(0, new Error('index busy'));
    await expect(a).rejects.toThrow('index busy');
    await tick();
    expect(held.batches[1].paths).toEqual(['/b.md']);
    const c = queue.submit({ paths: ['/c.md'] }); // waits behind b
    const closing = queue.close('test');
    await expect(c).rejects.toThrow('ingest queue closed (test)');
    held.release(1);
    await expect(b).resolves.toEqual(counts(1));
    await closing;
    await expect(queue.submit({ paths: ['/d.md'] })).rejects.toThrow('closed');
    expect(done.map((d) => d.ok)).toEqual([false, true]);
  });
});

describe('back-pressure at the producers', () => {
  let inbox: Inbox | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await inbox?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the feed poller skips its timed polls while the queue is full, and polls again once it is not', async () => {
    let full = true;
    const asked: boolean[] = [];
    const fetched: string[] = [];
    const poller = createFeedPoller({
      feeds: ['http://127.0.0.1:9/feed.xml'],
      toSource: () => {
        throw new Error('no items');
      },
      index: async () => undefined,
      indexedHash: () => undefined,
      http: { timeoutMs: 200 },
      internalFeeds: ['http://127.0.0.1:9/'],
      onFeed: (url) => void fetched.push(url),
      mayPoll: () => (asked.push(!full), !full),
    });
    poller.start(20);
    const deadline = Date.now() + 5000;
    while (asked.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(fetched).toEqual([]); // skipped: nothing fetched
    full = false;
    while (!fetched.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await poller.stop();
    expect(fetched.length).toBeGreaterThan(0);
    expect(asked.slice(0, 3)).toEqual([false, false, false]);
  });

  it('the inbox puts its scans off while the queue is full', async () => {
    dir = mkdtempSync(join(tmpdir(), 'queue-inbox-'));
    const path = join(dir, 'a.md');
    writeFileSync(path, '# A\n\nText.');
    let full = true;
    let asked = 0;
    const calls: string[][] = [];
    const clock = Date.now() + 60_000;
    inbox = watchInbox({ dir, intervalMs: 10, settleMs: 0, now: () => clock, ingest: async (p) => void calls.push(p), mayScan: () => (asked++, !full) });
    const deadline = Date.now() + 5000;
    while (asked < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(calls).toEqual([]);
    full = false;
    while (!calls.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(calls).toEqual([[path]]);
  });
});
