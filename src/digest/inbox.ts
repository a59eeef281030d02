// A watched inbox folder (INBOX_DIR): articles dropped there are ingested while the bot runs.
//
// Polling, not fs.watch: it behaves the same on local disks, network shares and container
// volumes, and a poll every few seconds is cheap. A file is handed to `ingest` once it has
// stopped growing — same size and modification time on two scans in a row, and untouched for
// `settleMs` — and again only when it changes. Scans never overlap, so a file is never in two
// ingests at once. A failed ingest is logged and retried later with backoff; the loop goes on.
// Files stay in the inbox after ingesting. A file seen in the inbox that disappears (deleted,
// or renamed: the new name is a new file) is handed to `ingest` too, which drops the source
// indexed from it (only that one: sources from other folders are never touched). A file
// taken out while the bot was not running is not noticed.
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { isWithin } from '../corpus/index.js';
import { extname, join, resolve } from 'node:path';
import type { Logger } from 'pino';

export const INBOX_EXTENSIONS = ['.txt', '.md', '.markdown', '.html', '.htm'];

export interface InboxOptions {
  dir: string;
  /** Ingests these files (the lead wires the real, incremental and locked ingest); a path that no longer exists is one to drop. */
  ingest: (paths: string[]) => Promise<void>;
  /** Between scans, in ms (default 5,000). */
  intervalMs?: number;
  /** A file must be this long untouched before it is read, in ms (default 2,000). */
  settleMs?: number;
  /** First retry delay after a failed ingest, in ms (default 60,000; doubles, at most an hour). */
  retryMs?: number;
  /** Files per ingest call (default 200). */
  batch?: number;
  /** Asked before each timed scan: false puts it off to the next interval (the index is behind; back-pressure). */
  mayScan?: () => boolean;
  now?: () => number;
  logger?: Logger;
}

export interface Inbox {
  /** One scan now (also what the timer runs); resolves when its ingest is done. */
  scan(): Promise<void>;
  stop(): Promise<void>;
}

interface Seen {
  size: number;
  mtimeMs: number;
}

interface Failure {
  signature: string;
  retryAt: number;
  delay: number;
}

const signature = (s: Seen) => `${s.size}:${s.mtimeMs}`;
/** The signature of a file that was in the inbox and is gone (its source is to be dropped). */
const GONE = 'gone';

export function watchInbox(options: InboxOptions): Inbox {
  const dir = resolve(options.dir);
  const interval = options.intervalMs ?? 5000;
  const settle = options.settleMs ?? 2000;
  const firstRetry = options.retryMs ?? 60_000;
  const batch = options.batch ?? 200;
  const now = options.now ?? (() => Date.now());
  const log = options.logger;

  const previous = new Map<string, Seen>();
  const ingested = new Map<string, string>();
  const failed = new Map<string, Failure>();
  /** Files seen here that disappeared and whose removal has not been ingested yet. */
  const gone = new Set<string>();
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: Promise<void> = Promise.resolve();
  let warnedMissing = false;

  /** Links named as leading out of the inbox (each named once while it stays). */
  const outsideLinks = new Set<string>();
  /**
   * A symbolic link dropped into the inbox is followed only when it leads to a file inside
   * it: anyone who can write here could otherwise have the bot quote any file it can read.
   */
  async function staysInside(path: string): Promise<boolean> {
    if (!(await lstat(path)).isSymbolicLink()) return true;
    const [target, inbox] = await Promise.all([realpath(path).catch(() => undefined), realpath(dir)]);
    if (target === undefined || isWithin(target, inbox)) return true; // a dangling link: nothing to read
    if (!outsideLinks.has(path)) log?.warn({ path, target }, 'inbox: symbolic link leads outside the inbox; not followed');
    outsideLinks.add(path);
    return false;
  }

  async function ready(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(dir);
      warnedMissing = false;
    } catch (err) {
      if (!warnedMissing) log?.warn({ dir, err: (err as Error).message }, 'inbox folder cannot be read; will keep trying');
      warnedMissing = true;
      return [];
    }
    const out: string[] = [];
    const present = new Set<string>();
    for (const name of names.sort()) {
      if (name.startsWith('.') || !INBOX_EXTENSIONS.includes(extname(name).toLowerCase())) continue;
      const path = join(dir, name);
      let st;
      try {
        if (!(await staysInside(path))) continue;
        st = await stat(path);
      } catch {
        continue; // gone between readdir and stat
      }
      if (!st.isFile()) continue;
      present.add(path);
      const seen = { size: st.size, mtimeMs: st.mtimeMs };
      const before = previous.get(path);
      previous.set(path, seen);
      const sig = signature(seen);
      if (ingested.get(path) === sig) continue;
      if (!before || signature(before) !== sig) continue; // still changing (or first sight)
      if (now() - st.mtimeMs < settle) continue;
      const f = failed.get(path);
      if (f && f.signature === sig && now() < f.retryAt) continue;
      out.push(path);
    }
    for (const p of previous.keys()) {
      if (present.has(p)) continue;
      previous.delete(p);
      ingested.delete(p);
      if (failed.get(p)?.signature !== GONE) failed.delete(p);
      gone.add(p);
    }
    for (const p of gone) {
      if (present.has(p)) {
        gone.delete(p); // back again: ingested as a file when it has settled
        failed.delete(p);
        continue;
      }
      const f = failed.get(p);
      if (f && now() < f.retryAt) continue;
      out.push(p);
    }
    return out;
  }

  async function scanOnce(): Promise<void> {
    const paths = await ready();
    for (let i = 0; i < paths.length && !stopped; i += batch) {
      const chunk = paths.slice(i, i + batch);
      const sigs = new Map(chunk.map((p) => [p, gone.has(p) ? GONE : signature(previous.get(p)!)]));
      try {
        await options.ingest(chunk);
        for (const p of chunk) {
          if (sigs.get(p) === GONE) gone.delete(p);
          else ingested.set(p, sigs.get(p)!);
          failed.delete(p);
        }
        log?.info({ files: chunk.length }, 'inbox files ingested');
      } catch (err) {
        // Interrupted by the bot stopping: not a failure (the next start scans the inbox again).
        if (stopped) return void log?.info({ files: chunk.length }, 'inbox ingest interrupted by shutdown');
        for (const p of chunk) {
          const f = failed.get(p);
          const delay = f && f.signature === sigs.get(p) ? Math.min(f.delay * 2, 3_600_000) : firstRetry;
          failed.set(p, { signature: sigs.get(p)!, retryAt: now() + delay, delay });
        }
        log?.error({ files: chunk.length, err: (err as Error)?.message ?? String(err) }, 'inbox ingest failed; will retry');
      }
    }
  }

  const scan = (): Promise<void> => {
    current = current.then(scanOnce, scanOnce).catch((err) => log?.error({ err: (err as Error)?.message }, 'inbox scan failed'));
    return current;
  };

  const loop = () => {
    if (stopped) return;
    if (options.mayScan && !options.mayScan()) {
      timer = setTimeout(loop, interval);
      return;
    }
    void scan().then(() => {
      if (!stopped) timer = setTimeout(loop, interval);
    });
  };
  loop();

  return {
    scan,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
