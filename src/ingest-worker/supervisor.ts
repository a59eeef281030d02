// Runs serve's ingest jobs in the long-lived worker (child.ts), one at a time: a job sent,
// its reply awaited within a time limit. A job whose worker went away (exited, timed out, its
// channel closed, a failed start) is tried once more in a new worker before it is reported
// failed. An ingest error the worker replies with (the index busy, a full disk) is not
// retried here: the inbox and the poller try again later on their own. The worker's process
// (start, backoff, restart, stop) is process.ts's concern; an interrupted ingest leaves the
// previous index in place (its writes are atomic; the lock of a dead pid is taken over).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../log.js';
import { createWorkerProcess, WorkerLost, type Running, type WorkerStatus } from './process.js';
import type { WorkerReply, WorkerRequest } from './protocol.js';
import type { IngestBatch, IngestCounts } from './queue.js';

export type { WorkerState, WorkerStatus } from './process.js';

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
  /** The node binary that runs it (default: this one's). */
  execPath?: string;
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

export function createIngestWorker(o: WorkerOptions): IngestWorker {
  const module = o.module ?? builtWorker();
  if (!module || !existsSync(module)) throw new Error(`no built ingest worker${module ? ` at ${module}` : ''} (run npm run build)`);
  const status: WorkerStatus = { state: 'stopped', restarts: 0, jobs: 0, failedJobs: 0 };
  const proc = createWorkerProcess({ ...o, module }, status);
  const jobTimeoutMs = o.jobTimeoutMs ?? 30 * 60_000;
  let ids = 0;

  const attempt = async (batch: IngestBatch): Promise<IngestCounts> => {
    const w = await proc.ready();
    const c = w.child;
    const id = ++ids;
    status.state = 'busy';
    return new Promise<IngestCounts>((resolve, reject) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        c.kill('SIGKILL');
      }, jobTimeoutMs);
      let settled = false;
      const done = () => {
        settled = true;
        clearTimeout(timer);
        c.off('message', onMessage);
        if (status.state === 'busy') status.state = 'idle';
      };
      const onMessage = (m: WorkerReply) => {
        if (m.type === 'ready' || m.id !== id || settled) return;
        done();
        if (m.type === 'failed') {
          status.failedJobs++;
          status.lastError = m.error;
          return reject(new Error(m.error));
        }
        proc.healthy();
        status.jobs++;
        resolve(m.counts);
      };
      c.on('message', onMessage);
      void w.gone.then((why) => {
        if (settled) return;
        done();
        reject(new WorkerLost(timedOut ? `ingest worker timed out after ${jobTimeoutMs} ms` : `ingest worker ${why}`));
      });
      const request: WorkerRequest = { type: 'ingest', id, paths: batch.paths, sources: batch.sources };
      // A closed channel (the worker dying, not yet exited) is reported here, not thrown.
      c.send(request, (err) => {
        if (err) proc.lost(w, `unreachable: ${err.message}`);
      });
    });
  };

  return {
    start: () => void proc.ready().catch((err: Error) => o.logger.warn({ err: err.message }, 'ingest worker did not start; the next job starts it again')),
    async run(batch) {
      try {
        return await attempt(batch);
      } catch (err) {
        if (!(err instanceof WorkerLost) || proc.stopping()) throw err;
        o.logger.warn({ err: err.message, paths: batch.paths.length, sources: batch.sources.length }, 'ingest job lost with the worker; trying it once more');
        try {
          return await attempt(batch);
        } catch (again) {
          if (again instanceof WorkerLost && !proc.stopping()) status.failedJobs++;
          o.logger.error({ err: (again as Error).message }, 'ingest job failed twice; reported');
          throw again;
        }
      }
    },
    status: () => ({ ...status }),
    stop: () => proc.stop(),
  };
}
