// serve's ingest worker supervisor (issue 24) with a stand-in worker (no model): a worker that
// dies or hangs in a job is started again with backoff and the job tried once more; a second
// loss is reported; stop ends even a worker that ignores SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIngestWorker, type IngestWorker } from '../../src/ingest-worker/index.js';
import { silentLogger } from '../../src/log.js';

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
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

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
    const t = Date.now();
    await w.stop();
    expect(Date.now() - t).toBeGreaterThanOrEqual(250);
    expect(alive(r.pid)).toBe(false);
    expect(w.status().state).toBe('stopped');
  });
});
