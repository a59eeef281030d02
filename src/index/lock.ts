// One writer at a time per index folder: a lock file created exclusively, holding the
// writer's pid so a lock left by a killed process can be recognised and taken over.
import { linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class IndexBusyError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireWriteLock(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, '.ingest.lock');
  // The pid is written to a private file first and linked into place: the lock file never
  // exists without its pid, so an empty one cannot be mistaken for a dead writer's.
  const mine = `${file}.${process.pid}.tmp`;
  for (const f of readdirSync(dir)) {
    const m = /^\.ingest\.lock\.(\d+)\.tmp$/.exec(f);
    if (m && Number(m[1]) !== process.pid && !alive(Number(m[1]))) rmSync(join(dir, f), { force: true }); // from a killed run
  }
  writeFileSync(mine, String(process.pid));
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        linkSync(mine, file);
        return () => rmSync(file, { force: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
        if (Number.isFinite(pid) && pid !== process.pid && alive(pid)) {
          throw new IndexBusyError(`Another ingest (pid ${pid}) is writing the index in ${dir}; wait for it to finish.`);
        }
        rmSync(file, { force: true }); // left by a process that died
      }
    }
    throw new IndexBusyError(`Could not lock the index in ${dir}.`);
  } finally {
    rmSync(mine, { force: true });
  }
}
