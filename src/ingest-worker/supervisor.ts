// Keeps serve's ingest worker (child.ts) alive: started once, so the model loads once; a
// worker that exits or outlasts a job's time limit is killed and started again after a
// backoff (doubling, reset by a job done), and the job it was on is tried once more before
// it is reported failed. An ingest error the worker replies with (the index busy, a full
// disk) is not retried here: the inbox and the poller try again later on their own.
// stop(): SIGTERM, then SIGKILL after a bound; an interrupted ingest leaves the previous
// index in place (its writes are atomic; the lock of a dead pid is taken over).
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../log.js';
import type { WorkerReply } from './protocol.js';
import type { IngestBatch, IngestCounts } from './queue.js';

export type WorkerState = 'starting' | 'idle' | 'busy' | 'restarting' | 'stopped';

export interface WorkerStatus {
  state: WorkerState;
  pid?: number;
  /** Times the worker was started again after it exited or timed out. */
  restarts: number;
  /** Jobs done since serve started. */
  jobs: number;
  lastError?: string;
}

export interface IngestWorker {
  /** Starts the worker now (its model loads before the first job); a failed start is retried by the next job. */
  start(): void;
  run(batch: IngestBatch): Promise<IngestCounts>;
  status(): WorkerStatus;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  /** The worker's module (default: the built child.js next to this one). */
  module?: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** A job running longer than this kills the worker (default 30 min). */
  jobTimeoutMs?: number;
  /** Model load and start (default 5 min). */
  startTimeoutMs?: number;
  /** First restart delay (default 1 s; doubles up to `maxBackoffMs`, default 60 s). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** SIGTERM → SIGKILL at stop (default 5 s). */
  stopGraceMs?: number;
  onRestart?: () => void;
}

/** The built worker next to this module, when there is one (not when running from sources). */
export function builtWorker(): string | null {
  const path = fileURLToPath(new URL('./child.js', import.meta.url));
  return existsSync(path) ? path : null;
}

/** The worker went away (exit, kill, timeout, failed start): the job may be tried again. */
class WorkerLost extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());

export function createIngestWorker(o: WorkerOptions): IngestWorker {
  const module = o.module ?? builtWorker();
  if (!module) throw new Error('no built ingest worker (run npm run build)');
  const status: WorkerStatus = { state: 'stopped', restarts: 0, jobs: 0 };
  let child: ChildProcess | null = null;
  let starting: Promise<ChildProcess> | null = null;
  let crashes = 0;
  let nextStartAt = 0;
  let stopping = false;
  let ids = 0;

  const spawnOnce = async (): Promise<ChildProcess> => {
    const wait = nextStartAt - Date.now();
    if (wait > 0) await sleep(wait);
    if (stopping) throw new WorkerLost('ingest worker stopped');
    status.state = 'starting';
    // Its stdout is not the console chat's; its log and skip notes go to stderr like the bot's.
    const c = fork(module, [], { env: o.env, serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child = c;
    c.once('exit', (code, signal) => exited(c, `exited with ${signal ?? code}`));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => c.kill('SIGKILL'), o.startTimeoutMs ?? 300_000);
      c.on('message', (m: WorkerReply) => {
        if (m.type !== 'ready') return;
        clearTimeout(timer);
        status.pid = m.pid;
        resolve();
      });
      c.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new WorkerLost(`ingest worker exited with ${signal ?? code} while starting`));
      });
    });
    status.state = 'idle';
    o.logger.info({ pid: status.pid }, 'ingest worker ready (model loaded)');
    return c;
  };

  const start = (): Promise<ChildProcess> => {
    if (child && !starting && status.state !== 'starting') return Promise.resolve(child);
    starting ??= spawnOnce().finally(() => (starting = null));
    return starting;
  };

  const exited = (c: ChildProcess, why: string) => {
    if (child !== c) return;
    child = null;
    status.pid = undefined;
    if (stopping) return void (status.state = 'stopped');
    crashes++;
    status.restarts++;
    status.lastError = why;
    status.state = 'restarting';
    nextStartAt = Date.now() + Math.min((o.backoffMs ?? 1000) * 2 ** (crashes - 1), o.maxBackoffMs ?? 60_000);
    o.logger.warn({ why, restartInMs: nextStartAt - Date.now() }, 'ingest worker stopped unexpectedly; starting it again');
    o.onRestart?.();
    // Started again now (after the backoff) so that the model is loaded before the next job.
    if (!starting) start().catch(() => undefined);
  };

  const attempt = async (batch: IngestBatch): Promise<IngestCounts> => {
    const c = await start();
    const id = ++ids;
    status.state = 'busy';
    return new Promise<IngestCounts>((resolve, reject) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        c.kill('SIGKILL');
      }, o.jobTimeoutMs ?? 30 * 60_000);
      const done = () => {
        clearTimeout(timer);
        c.off('message', onMessage);
        c.off('exit', onExit);
        if (child === c) status.state = 'idle';
      };
      const onMessage = (m: WorkerReply) => {
        if (m.type === 'ready' || m.id !== id) return;
        done();
        if (m.type === 'failed') return reject(new Error(m.error));
        crashes = 0;
        status.jobs++;
        resolve(m.counts);
      };
      const onExit = (code: number | null, signal: string | null) => {
        done();
        reject(new WorkerLost(timedOut ? `ingest worker timed out after ${o.jobTimeoutMs ?? 30 * 60_000} ms` : `ingest worker exited with ${signal ?? code}`));
      };
      c.on('message', onMessage);
      c.once('exit', onExit);
      c.send({ type: 'ingest', id, paths: batch.paths, sources: batch.sources });
    });
  };

  return {
    start: () => void start().catch((err: Error) => o.logger.warn({ err: err.message }, 'ingest worker did not start; the next job starts it again')),
    async run(batch) {
      try {
        return await attempt(batch);
      } catch (err) {
        if (!(err instanceof WorkerLost) || stopping) throw err;
        o.logger.warn({ err: err.message, paths: batch.paths.length, sources: batch.sources.length }, 'ingest job lost with the worker; trying it once more');
        try {
          return await attempt(batch);
        } catch (again) {
          o.logger.error({ err: (again as Error).message }, 'ingest job failed twice; reported');
          throw again;
        }
      }
    },
    status: () => ({ ...status }),
    async stop() {
      stopping = true;
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return void (status.state = 'stopped');
      const gone = new Promise<void>((r) => c.once('exit', () => r()));
      c.kill('SIGTERM');
      const timer = setTimeout(() => c.kill('SIGKILL'), o.stopGraceMs ?? 5000);
      await gone;
      clearTimeout(timer);
      status.state = 'stopped';
    },
  };
}
