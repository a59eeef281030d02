// The bounded queue in front of serve's ingest worker (issue 24). Inbox batches and feed
// polls are submitted as jobs; while one ingest runs, every job that arrives waits, and all
// that wait are merged into the next ingest call (paths once each; of two versions of a
// source the newer wins). Each job's promise settles when the ingest that took it is done.
// The queue never refuses a job: producers ask `accepting()` first and defer (a poll skipped,
// an inbox scan put off) while more than `maxWaiting` paths and sources wait, so memory stays
// bounded by the bound plus one batch per producer. (serve's producers each await their own
// job, so in practice the bound engages only when one waiting job alone exceeds it.) Merged
// jobs share one outcome: a failed ingest rejects them all, and each producer tries again.
import type { Source } from '../types.js';

export interface IngestJob {
  /** Files to (re)index, or to drop when they no longer exist (the inbox). */
  paths?: string[];
  /** Sources already read (a feed poll). */
  sources?: Source[];
}

export interface IngestBatch {
  paths: string[];
  sources: Source[];
  /** How many submitted jobs this batch holds. */
  jobs: number;
}

export interface IngestCounts {
  added: number;
  updated: number;
  removed: number;
  /** Files skipped as unusable ("path: reason"). */
  skipped: string[];
  /** Files that could not be read for now (permissions, I/O): serve fails the job, so the inbox tries again. */
  unreadable: string[];
}

export interface QueueStatus {
  /** Jobs and paths + sources waiting for the worker (not counting the batch it is on). */
  waitingJobs: number;
  waitingSources: number;
  /** How long the oldest waiting job has waited, in seconds (0 when none waits). */
  oldestWaitSeconds: number;
  /** Paths + sources of the batch being ingested (0 when idle). */
  runningSources: number;
  /** Whether producers may add more (false: back-pressure). */
  accepting: boolean;
}

export interface IngestQueue {
  submit(job: IngestJob): Promise<IngestCounts>;
  /** False while more than the bound waits: producers should wait or skip. */
  accepting(): boolean;
  status(): QueueStatus;
  /** Resolves when nothing waits or runs. */
  idle(): Promise<void>;
  /** Rejects what waits and takes no more jobs; resolves when the running ingest settles. */
  close(reason?: string): Promise<void>;
}

export interface QueueOptions {
  /** Ingests one merged batch (the worker, then a reload). */
  run: (batch: IngestBatch) => Promise<IngestCounts>;
  /** Paths + sources waiting above which `accepting()` is false (default 1,000). */
  maxWaiting?: number;
  now?: () => number;
  /** Each job, when it settles: how long from submit to done, in ms. */
  onJobDone?: (ms: number, ok: boolean) => void;
}

interface Waiter {
  at: number;
  resolve: (c: IngestCounts) => void;
  reject: (err: Error) => void;
}

interface Pending {
  paths: Set<string>;
  sources: Map<string, Source>;
  waiters: Waiter[];
}

const empty = (): Pending => ({ paths: new Set(), sources: new Map(), waiters: [] });
const sizeOf = (p: Pending) => p.paths.size + p.sources.size;

export function createIngestQueue(options: QueueOptions): IngestQueue {
  const max = options.maxWaiting ?? 1000;
  const now = options.now ?? (() => Date.now());
  let pending = empty();
  let running: Promise<void> | null = null;
  let runningSize = 0;
  let closed: string | null = null;
  let idleWaiters: (() => void)[] = [];

  const settleIdle = () => {
    if (running || pending.waiters.length) return;
    const w = idleWaiters;
    idleWaiters = [];
    w.forEach((f) => f());
  };

  /** Takes everything waiting as one batch; when it is done, the next. */
  const pump = () => {
    if (running || !pending.waiters.length || closed) return settleIdle();
    const taken = pending;
    pending = empty();
    runningSize = sizeOf(taken);
    const batch: IngestBatch = { paths: [...taken.paths], sources: [...taken.sources.values()], jobs: taken.waiters.length };
    running = options.run(batch).then(
      (counts) => finish(taken.waiters, (w) => w.resolve(counts), true),
      (err: Error) => finish(taken.waiters, (w) => w.reject(err), false),
    );
  };
  const finish = (waiters: Waiter[], settle: (w: Waiter) => void, ok: boolean) => {
    const t = now();
    for (const w of waiters) {
      options.onJobDone?.(t - w.at, ok);
      settle(w);
    }
    running = null;
    runningSize = 0;
    pump();
  };

  return {
    submit(job) {
      if (closed) return Promise.reject(new Error(`ingest queue closed (${closed})`));
      return new Promise<IngestCounts>((resolve, reject) => {
        for (const p of job.paths ?? []) pending.paths.add(p);
        // Newest wins: a later poll's version of a source replaces the one still waiting.
        for (const s of job.sources ?? []) {
          pending.sources.delete(s.id);
          pending.sources.set(s.id, s);
        }
        pending.waiters.push({ at: now(), resolve, reject });
        pump();
      });
    },
    accepting: () => sizeOf(pending) <= max,
    status() {
      const oldest = pending.waiters[0]?.at;
      return {
        waitingJobs: pending.waiters.length,
        waitingSources: sizeOf(pending),
        oldestWaitSeconds: oldest === undefined ? 0 : Math.max(0, (now() - oldest) / 1000),
        runningSources: runningSize,
        accepting: sizeOf(pending) <= max,
      };
    },
    idle() {
      return new Promise<void>((r) => {
        idleWaiters.push(r);
        settleIdle();
      });
    },
    async close(reason = 'stopping') {
      closed = reason;
      const left = pending;
      pending = empty();
      for (const w of left.waiters) w.reject(new Error(`ingest queue closed (${reason})`));
      await running;
      settleIdle();
    },
  };
}
