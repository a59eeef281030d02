// One writer at a time per index folder. Each writer first announces itself with a claim
// file holding its pid (`.ingest.lock.<pid>.claim`), then lists the folder: it goes on only
// when no other live writer has a claim. Of two writers alive at once, the one that lists
// second always sees the first one's claim, so at most one passes, whatever the timing; a
// dead writer's claim is ignored and cleared, so a crash never blocks the next run. The
// writer that passes links its claim to `.ingest.lock` (or renames it over a dead writer's
// lock), which names the holder for people and tools. Issue 19: the previous takeover (read
// the dead pid, delete, create) let two writers that read the same dead pid both hold it.
import { linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class IndexBusyError extends Error {}

const LOCK = '.ingest.lock';
const CLAIM = /^\.ingest\.lock\.(\d+)\.(?:claim|claim\.lock|tmp)$/;
/** Writers that start together withdraw and try again after a random pause, this many times at most. */
const ATTEMPTS = 40;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function pidIn(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    return Number.isFinite(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Pids of other live writers with a claim in `dir`; dead writers' claims are removed. */
function otherClaims(dir: string): number[] {
  const out: number[] = [];
  for (const f of readdirSync(dir)) {
    const m = CLAIM.exec(f);
    if (!m || Number(m[1]) === process.pid) continue;
    if (alive(Number(m[1]))) out.push(Number(m[1]));
    else rmSync(join(dir, f), { force: true }); // from a killed run
  }
  return out;
}

export function acquireWriteLock(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK);
  const claim = join(dir, `${LOCK}.${process.pid}.claim`);
  const busy = (pid: number) => new IndexBusyError(`Another ingest (pid ${pid}) is writing the index in ${dir}; wait for it to finish.`);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    writeFileSync(claim, String(process.pid));
    const others = otherClaims(dir);
    if (!others.length) {
      try {
        take(file, claim);
      } catch (err) {
        rmSync(claim, { force: true });
        throw err;
      }
      return () => {
        if (pidIn(file) === process.pid) rmSync(file, { force: true });
        rmSync(claim, { force: true });
      };
    }
    rmSync(claim, { force: true });
    const holder = pidIn(file);
    if (holder !== undefined && holder !== process.pid && alive(holder)) throw busy(holder);
    // Writers starting together: all withdraw, and the first to come back wins.
    pause(5 + Math.random() * 20 * Math.min(attempt + 1, 8));
  }
  throw new IndexBusyError(`Other ingests are starting on the index in ${dir} at the same time; try again in a moment.`);
}

/** With the only live claim: the lock file becomes ours (a dead writer's is replaced at once). */
function take(file: string, claim: string): void {
  try {
    linkSync(claim, file);
    return;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const pid = pidIn(file);
  // A live holder without a claim is a writer of an older version: leave it alone.
  if (pid !== undefined && pid !== process.pid && alive(pid)) throw new IndexBusyError(`Another ingest (pid ${pid}) is writing the index in ${join(file, '..')}; wait for it to finish.`);
  const mine = `${claim}.lock`;
  linkSync(claim, mine);
  try {
    renameSync(mine, file);
  } finally {
    rmSync(mine, { force: true });
  }
}
