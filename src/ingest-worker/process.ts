// The ingest worker's process (issue 24): started when a job needs it, after the restart
// backoff (doubling from `backoffMs`, reset by `healthy()`), and replaced when it exits, fails
// to start, or can no longer be talked to. stop() cuts a backoff short and ends the worker
// (SIGTERM, SIGKILL after a bound). Jobs are supervisor.ts's concern.
import { fork, type ChildProcess } from 'node:child_process';
import type { Logger } from '../log.js';
import type { WorkerReply } from './protocol.js';

/** 'down': gone, and no start is scheduled (the next job starts it). */
export type WorkerState = 'starting' | 'idle' | 'busy' | 'restarting' | 'down' | 'stopped';

export interface WorkerStatus {
  state: WorkerState;
  pid?: number;
  /** Times the worker was started again after it exited or timed out. */
  restarts: number;
  /** Jobs done since serve started. */
  jobs: number;
  /** Jobs the worker replied to with an error, or lost twice. */
  failedJobs: number;
  lastError?: string;
}

/** The worker went away (exit, kill, timeout, failed start, channel closed): the job may be tried again. */
export class WorkerLost extends Error {}

export interface ProcessOptions {
  module: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** The node binary (default: this one's). */
  execPath?: string;
  startTimeoutMs?: number;
  backoffMs?: number;
  maxBackoffMs?: number;
  stopGraceMs?: number;
  onRestart?: () => void;
}

/** A started worker; `gone` resolves (with why) when it exited or was given up. */
export interface Running {
  child: ChildProcess;
  gone: Promise<string>;
}

export interface WorkerProcess {
  /** The ready worker; started (after any backoff) when there is none. Rejects with WorkerLost. */
  ready(): Promise<Running>;
  /** Gives up on a worker (kills it); a later ready() starts another. */
  lost(w: Running, why: string): void;
  /** A job done: the next restart waits the first backoff again. */
  healthy(): void;
  stopping(): boolean;
  stop(): Promise<void>;
}

interface Tracked extends Running {
  settle: (why: string) => void;
  isGone: boolean;
}

export function createWorkerProcess(o: ProcessOptions, status: WorkerStatus): WorkerProcess {
  let current: Tracked | null = null;
  let starting: Promise<Running> | null = null;
  let crashes = 0;
  let nextStartAt = 0;
  let stopping = false;
  // stop() cuts the restart backoff short (a shutdown must not wait up to a minute for it).
  const stopSignal = new AbortController();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      t.unref();
      stopSignal.signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
    });

  const lost = (w: Running, why: string) => {
    const t = w as Tracked;
    if (t.isGone) return;
    t.isGone = true;
    t.settle(why);
    // A worker that cannot be talked to is of no use: it is replaced (its 'exit' then changes nothing).
    if (t.child.pid !== undefined && t.child.exitCode === null && t.child.signalCode === null) t.child.kill('SIGKILL');
    if (current !== t) return;
    current = null;
    status.pid = undefined;
    if (stopping) return void (status.state = 'stopped');
    crashes++;
    status.restarts++;
    status.lastError = why;
    nextStartAt = Date.now() + Math.min((o.backoffMs ?? 1000) * 2 ** (crashes - 1), o.maxBackoffMs ?? 60_000);
    o.onRestart?.();
    // A failed start is not started again on its own: the next job starts it.
    if (starting) {
      status.state = 'down';
      return void o.logger.warn({ why }, 'ingest worker did not start');
    }
    status.state = 'restarting';
    o.logger.warn({ why, restartInMs: nextStartAt - Date.now() }, 'ingest worker stopped unexpectedly; starting it again');
    // Started again now (after the backoff) so that the model is loaded before the next job.
    ready().catch(() => undefined);
  };

  const spawnOnce = async (): Promise<Running> => {
    const wait = nextStartAt - Date.now();
    if (wait > 0 && !stopping) {
      status.state = 'restarting';
      await sleep(wait);
    }
    if (stopping) throw new WorkerLost('ingest worker stopped');
    status.state = 'starting';
    let settle!: (why: string) => void;
    const gone = new Promise<string>((r) => (settle = r));
    let c: ChildProcess;
    try {
      // Its stdout is not the console chat's; its log and skip notes go to stderr like the bot's.
      c = fork(o.module, [], { env: o.env, execPath: o.execPath, serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    } catch (err) {
      status.state = 'down';
      status.lastError = `could not start: ${(err as Error).message}`;
      throw new WorkerLost(`ingest worker ${status.lastError}`);
    }
    const w: Tracked = { child: c, gone, settle, isGone: false };
    current = w;
    c.once('exit', (code, signal) => lost(w, `exited with ${signal ?? code}`));
    // A failed spawn, or a message or signal that cannot be delivered, arrives as 'error':
    // unhandled it would end serve. A failed spawn has no pid and no 'exit' to follow.
    c.on('error', (err) => {
      o.logger.warn({ err: err.message, pid: c.pid }, 'ingest worker error');
      lost(w, c.pid === undefined ? `could not start: ${err.message}` : err.message);
    });
    const timer = setTimeout(() => lost(w, `did not start within ${o.startTimeoutMs ?? 300_000} ms`), o.startTimeoutMs ?? 300_000);
    try {
      await Promise.race([
        new Promise<void>((resolve) =>
          c.on('message', (m: WorkerReply) => {
            if (m.type !== 'ready') return;
            status.pid = m.pid;
            resolve();
          }),
        ),
        gone.then((why) => {
          throw new WorkerLost(`ingest worker ${why} while starting`);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
    status.state = 'idle';
    o.logger.info({ pid: status.pid }, 'ingest worker ready (model loaded)');
    return w;
  };

  const ready = (): Promise<Running> => {
    if (current && !starting) return Promise.resolve(current);
    starting ??= spawnOnce().finally(() => (starting = null));
    return starting;
  };

  return {
    ready,
    lost,
    healthy: () => void (crashes = 0),
    stopping: () => stopping,
    async stop() {
      stopping = true;
      stopSignal.abort();
      const w = current;
      const c = w?.child;
      if (!w || !c || c.exitCode !== null || c.signalCode !== null || c.pid === undefined) return void (status.state = 'stopped');
      c.kill('SIGTERM');
      const timer = setTimeout(() => c.kill('SIGKILL'), o.stopGraceMs ?? 5000);
      // 'exit', or given up already (a kill that could not be delivered: nothing more to wait for).
      await Promise.race([new Promise<void>((r) => c.once('exit', () => r())), w.gone.then(() => undefined)]);
      clearTimeout(timer);
      status.state = 'stopped';
    },
  };
}
