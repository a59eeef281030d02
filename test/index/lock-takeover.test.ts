// Issue 19 item 3: after a crash leaves the ingest lock (a dead pid in it), writers that start
// together must never hold it two at a time. Each round starts six processes at once; each
// that gets the lock records when it held it (and holds it a while); the intervals never
// overlap, and at least one writer gets it every round.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireWriteLock } from '../../src/index/lock.js';

const LOCK_JS = resolve('dist/index/lock.js');
const ROUNDS = 15;
const WRITERS = 6;
const root = mkdtempSync(join(tmpdir(), 'lock-takeover-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid!;
}

// Waits for a common start time, tries the lock, and on success writes its holding interval.
const WRITER = `
const [lockJs, dir, out, startAt] = process.argv.slice(1);
const { acquireWriteLock } = await import(lockJs);
const { writeFileSync } = await import('node:fs');
while (Date.now() < Number(startAt)) {}
let release;
try { release = acquireWriteLock(dir); } catch (e) { writeFileSync(out, JSON.stringify({ busy: e.message })); process.exit(0); }
const from = performance.timeOrigin + performance.now();
const until = Date.now() + 60;
while (Date.now() < until) {}
const to = performance.timeOrigin + performance.now();
release();
writeFileSync(out, JSON.stringify({ from, to }));
`;

function runWriter(dir: string, out: string, startAt: number): Promise<number | null> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', WRITER, LOCK_JS, dir, out, String(startAt)], { stdio: ['ignore', 'ignore', 'inherit'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done(code);
    });
  });
}

describe('ingest lock takeover after a crash', () => {
  it(`never lets two of ${WRITERS} writers starting together hold it (${ROUNDS} rounds)`, async () => {
    if (!existsSync(LOCK_JS)) throw new Error('dist/index/lock.js is missing: run `npm run build`');
    const overlaps: string[] = [];
    let held = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const dir = join(root, `r${round}`);
      mkdirSync(dir);
      const dead = deadPid();
      writeFileSync(join(dir, '.ingest.lock'), String(dead)); // left by the crashed run
      const startAt = Date.now() + 400;
      const outs = Array.from({ length: WRITERS }, (_, i) => join(dir, `out-${i}.json`));
      const codes = await Promise.all(outs.map((o) => runWriter(dir, o, startAt)));
      expect(codes).toEqual(Array(WRITERS).fill(0));
      const got = outs.map((o) => JSON.parse(readFileSync(o, 'utf8')) as { from?: number; to?: number; busy?: string }).filter((r) => r.from !== undefined);
      held += got.length;
      expect(got.length, `round ${round}: nobody got the lock`).toBeGreaterThanOrEqual(1);
      got.sort((a, b) => a.from! - b.from!);
      for (let i = 1; i < got.length; i++) if (got[i].from! < got[i - 1].to!) overlaps.push(`round ${round}: ${got.length} holders overlap`);
      expect(readdirSync(dir).filter((f) => f.startsWith('.ingest.lock'))).toEqual([]); // all released
    }
    expect(overlaps).toEqual([]);
    expect(held).toBeGreaterThanOrEqual(ROUNDS);
  }, 120_000);

  it('a writer killed while holding it (its claim and lock left behind) does not block the next one', async () => {
    const dir = join(root, 'killed');
    for (let i = 0; i < 3; i++) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', `const { acquireWriteLock } = await import(${JSON.stringify(LOCK_JS)}); acquireWriteLock(${JSON.stringify(dir)}); console.log('held'); setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise((r) => child.stdout!.once('data', r));
      expect(readdirSync(dir).sort()).toEqual(['.ingest.lock', `.ingest.lock.${child.pid}.claim`]);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('close', r));
      const release = acquireWriteLock(dir);
      expect(readFileSync(join(dir, '.ingest.lock'), 'utf8')).toBe(String(process.pid));
      release();
      expect(readdirSync(dir)).toEqual([]);
    }
  }, 60_000);

  it('a live writer keeps it: the next one is told who holds it', () => {
    const dir = join(root, 'live');
    const release = acquireWriteLock(dir);
    const other = spawnSync(process.execPath, ['--input-type=module', '-e', `const { acquireWriteLock } = await import(${JSON.stringify(LOCK_JS)}); try { acquireWriteLock(${JSON.stringify(dir)}); console.log('got it'); } catch (e) { console.log(e.message); }`], { encoding: 'utf8' });
    expect(other.stdout).toMatch(new RegExp(`Another ingest \\(pid ${process.pid}\\) is writing the index`));
    release();
    expect(readdirSync(dir)).toEqual([]);
  });
});
