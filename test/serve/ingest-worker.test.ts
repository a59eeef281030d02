// serve's ingest worker supervisor (issue 24) with a stand-in worker (no model): a worker that
// dies or hangs in a job is started again with backoff and the job tried once more; a second
// loss is reported; stop ends even a worker that ignores SIGTERM, and cuts a restart backoff
// short; a closed channel or a failed spawn fails the job instead of crashing serve.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIngestQueue, createIngestWorker, type IngestWorker } from '../../src/ingest-worker/index.js';
import { silentLogger } from '../../src/log.js';
import { alive } from '../fixtures/helpers.js';

const FAKE = join(process.cwd(), 'test', 'fixtures', 'fake-ingest-worker.mjs');
let dir: string;
let worker: IngestWorker | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ingest-worker-'));
});
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const start = (mode: string, extra: Partial<Parameters<typeof createIngestWorker>[0]> = {}) => {
  worker = createIngestWorker({ module: FAKE, env: { ...process.env, FAKE_MODE: mode, FAKE_MARKER: join(dir, 'crashed') }, logger: silentLogger, backoffMs: 50, ...extra });
  return worker;
};
const batch = (n: number) => ({ paths: Array.from({ length: n }, (_, i) => `/inbox/${i}.md`), sources: [], jobs: 1 });

/** Polls `ok` every 20 ms for at most `ms`. */
async function waitUntil(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the ingest worker supervisor', () => {
  it('runs job after job in one worker process', async () => {
    const w = start('ok');
    const a = (await w.run(batch(2))) as unknown as { added: number; pid: number };
    const b = (await w.run(batch(3))) as unknown as { added: number; pid: number };
    expect([a.added, b.added]).toEqual([2, 3]);
    expect(b.pid).toBe(a.pid);
    expect(w.status()).toMatchObject({ state: 'idle', pid: a.pid, restarts: 0, jobs: 2 });
  });

  it('a worker that dies in a job is started again and the job is tried once more', async () => {
    let restarts = 0;
    const w = start('crash-once', { onRestart: () => restarts++ });
    w.start();
    const r = (await w.run(batch(1))) as unknown as { added: number; pid: number };
    expect(r.added).toBe(1);
    expect(restarts).toBe(1);
    expect(w.status()).toMatchObject({ state: 'idle', restarts: 1, jobs: 1, lastError: 'exited with 7', pid: r.pid });
  });

  it('a job lost twice (the worker dies again, or hangs past its limit) is reported, and the worker is started again', async () => {
    const w = start('crash-always');
    await expect(w.run(batch(1))).rejects.toThrow('ingest worker exited with 7');
    expect(w.status().restarts).toBe(2);
    await w.stop();
    const h = start('hang', { jobTimeoutMs: 300 });
    await expect(h.run(batch(1))).rejects.toThrow('timed out after 300 ms');
    expect(h.status()).toMatchObject({ restarts: 2, lastError: 'exited with SIGKILL' });
  });

  it('stop sends SIGTERM, then SIGKILL to a worker that ignores it', async () => {
    const w = start('ignore-term', { stopGraceMs: 300 });
    const r = (await w.run(batch(1))) as unknown as { pid: number };
    await w.stop();
    expect(readFileSync(join(dir, 'crashed'), 'utf8')).toBe('ignored SIGTERM'); // it got SIGTERM and lived on
    expect(alive(r.pid)).toBe(false); // SIGKILL then ended it
    expect(w.status().state).toBe('stopped');
  });

  // Review 24 finding 2: a job sent after the worker closed its channel, before it exited.
  it('a worker whose IPC channel closed before it exited is replaced and the job tried once more; serve does not crash', async () => {
    const w = start('disconnect-after-job');
    const first = (await w.run(batch(1))) as unknown as { pid: number };
    await waitUntil('the worker to close its channel', () => existsSync(join(dir, 'crashed')));
    // Sent while the first worker is disconnected but alive (it lives on for 2 s).
    const second = (await w.run(batch(2))) as unknown as { added: number; pid: number };
    expect(second.added).toBe(2);
    expect(second.pid).not.toBe(first.pid);
    expect(w.status()).toMatchObject({ restarts: 1, jobs: 2, failedJobs: 0 });
    await waitUntil('the first worker to be gone', () => !alive(first.pid));
  });

  it('a worker that cannot be spawned fails the job at once (no 5-minute wait) and shows as down', async () => {
    const w = start('ok', { execPath: join(dir, 'no-such-node') });
    await expect(w.run(batch(1))).rejects.toThrow(/could not start: .*ENOENT/);
    expect(w.status()).toMatchObject({ state: 'down', failedJobs: 1 });
    expect(w.status().lastError).toMatch(/could not start/);
  });

  // Review 24 finding 6: jobs the worker refuses show in the status (and so in /readyz).
  it('a job the worker refuses is reported with its error and counted; the worker stays up', async () => {
    const w = start('refuse');
    await expect(w.run(batch(1))).rejects.toThrow('refused: the index was built with another embedder');
    expect(w.status()).toMatchObject({ state: 'idle', restarts: 0, jobs: 0, failedJobs: 1, lastError: 'refused: the index was built with another embedder' });
  });

  // Review 24 finding 5: a shutdown does not wait out the restart backoff.
  it('stop during the restart backoff ends it: the queue closes without waiting for it', async () => {
    const w = start('crash-always', { backoffMs: 600_000, maxBackoffMs: 600_000 });
    const queue = createIngestQueue({ run: (b) => w.run(b) });
    const job = queue.submit({ paths: ['/inbox/a.md'] });
    job.catch(() => undefined);
    await waitUntil('the retry to wait for its backoff', () => w.status().state === 'restarting' && w.status().restarts === 1);
    const closing = queue.close('stopping');
    await w.stop();
    await closing; // before the fix: ten minutes (the test's own timeout fails it)
    await expect(job).rejects.toThrow('ingest worker stopped');
    expect(w.status().state).toBe('stopped');
  }, 15_000);
});
