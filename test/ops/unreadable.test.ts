// An unreadable file or folder must never empty the index (issue 11 part 1). Root reads
// through `chmod 000`, so as root the built CLI runs as the unprivileged user `nobody`
// (setpriv); as any other user it runs as that user. Either way the permission checks are real.
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai-server.js';
import { CLI } from '../fixtures/run-cli.js';

const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;
let root: string;
let corpus: string;
let indexDir: string;
let fake: FakeOpenAI;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { PATH: process.env.PATH ?? '', HOME: root, INDEX_DIR: indexDir, EMBEDDINGS: 'openai', OPENAI_BASE_URL: fake.baseURL, LLM: 'off', LOG_LEVEL: 'warn' };
  const [cmd, argv] = asRoot
    ? ['setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, CLI, ...args]]
    : [process.execPath, [CLI, ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv as string[], { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const article = (title: string, body: string) => `${title}\n\n${body}\n`;
const sourceIds = async () => {
  const r = await run(['sources', '--json']);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { id: string }[]).map((s) => s.id).sort();
};
const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? '';

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` (npm test does it)');
  fake = await startFakeOpenAI();
  root = mkdtempSync(join(tmpdir(), 'ops-unreadable-'));
  chmodSync(root, 0o755);
  corpus = join(root, 'corpus');
  indexDir = join(root, 'index');
  mkdirSync(corpus);
  mkdirSync(indexDir);
  writeFileSync(join(corpus, 'ferry.txt'), article('Ferry resumes', 'Ferry service between Odesa and Izmail resumed this week after repairs.'));
  writeFileSync(join(corpus, 'bridge.txt'), article('Bridge reopens', 'The Antonivskyi bridge reopened to pedestrians on Sunday after repairs.'));
  if (asRoot) for (const p of [root, corpus, indexDir, join(corpus, 'ferry.txt'), join(corpus, 'bridge.txt')]) chownSync(p, NOBODY, NOBODY);
}, 30_000);

afterAll(async () => {
  await fake?.close();
  if (root) {
    chmodSync(corpus, 0o755);
    rmSync(root, { recursive: true, force: true });
  }
});

describe(`an unreadable file or folder keeps what was indexed (${asRoot ? 'run as nobody via setpriv' : 'run as this user'})`, () => {
  it('indexes two files', async () => {
    const r = await run(['ingest', '--quiet', corpus]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(await sourceIds()).toEqual(['bridge', 'ferry']);
  }, 60_000);

  it('a file that cannot be read is named, kept as indexed, and the run exits 4', async () => {
    chmodSync(join(corpus, 'ferry.txt'), 0o000);
    const r = await run(['ingest', '--quiet', corpus]);
    expect(r.stderr).toMatch(/skipped .*ferry\.txt: cannot be read \(permission denied\)/);
    expect(r.stdout).toMatch(/0 removed/);
    expect(lastLine(r.stderr)).toMatch(/^Could not read 1 file or folder \(named above\); 1 indexed source from them kept as it was\. Exit code 4/);
    expect(r.code).toBe(4);
    expect(await sourceIds()).toEqual(['bridge', 'ferry']);
  }, 60_000);

  it('a folder that cannot be listed keeps every source from it, and the run exits 4', async () => {
    chmodSync(corpus, 0o000);
    const r = await run(['ingest', '--quiet', corpus]);
    expect(r.stderr).toMatch(/skipped .*corpus: cannot be read \(permission denied\)/);
    expect(r.code).toBe(4);
    expect(await sourceIds()).toEqual(['bridge', 'ferry']);
    const listing = await run(['sources']);
    expect(listing.stdout).not.toMatch(/Nothing is indexed/);
    // A rebuild would start empty and publish an index without the unreadable folder: refused.
    const rebuild = await run(['ingest', '--quiet', '--rebuild', corpus]);
    expect(rebuild.stderr).toMatch(/Not rebuilt: .*corpus could not be read, and a rebuild now would drop everything indexed from it\. Nothing was changed/);
    expect(rebuild.code).toBe(1);
    expect(await sourceIds()).toEqual(['bridge', 'ferry']);
  }, 60_000);

  it('once readable again, a file that is really gone is removed and the run exits 0', async () => {
    chmodSync(corpus, 0o755);
    chmodSync(join(corpus, 'ferry.txt'), 0o644);
    unlinkSync(join(corpus, 'bridge.txt'));
    const r = await run(['ingest', '--quiet', corpus]);
    expect(r.stdout).toMatch(/0 added, 0 updated, 1 removed, 1 unchanged, 0 skipped/);
    expect(r.code).toBe(0);
    expect(await sourceIds()).toEqual(['ferry']);
  }, 60_000);

  it('a folder that now yields nothing (an empty mount point) keeps its sources, and the run exits 4', async () => {
    chmodSync(join(corpus, 'ferry.txt'), 0o644);
    rmSync(join(corpus, 'ferry.txt'));
    const r = await run(['ingest', '--quiet', corpus]);
    expect(r.stderr).toMatch(/skipped .*corpus: no article found in the folder, but 1 indexed source came from it; kept as indexed/);
    expect(r.code).toBe(4);
    expect(await sourceIds()).toEqual(['ferry']);
  }, 60_000);

  it('a symbolic link loop in the corpus folder is skipped and named once (exit 3)', async () => {
    writeFileSync(join(corpus, 'ferry.txt'), article('Ferry resumes', 'Ferry service between Odesa and Izmail resumed this week after repairs.'));
    mkdirSync(join(corpus, 'desk'));
    symlinkSync('..', join(corpus, 'desk', 'up'));
    symlinkSync('self', join(corpus, 'self'));
    if (asRoot) for (const p of [join(corpus, 'ferry.txt'), join(corpus, 'desk')]) chownSync(p, NOBODY, NOBODY);
    const r = await run(['ingest', '--quiet', corpus]);
    const loops = r.stderr.split('\n').filter((l) => /symbolic link loop/.test(l));
    expect(loops).toHaveLength(2);
    expect(loops.filter((l) => l.includes(join('desk', 'up')))).toHaveLength(1);
    expect(loops.filter((l) => /self: symbolic link loop \(it leads back to itself\)/.test(l))).toHaveLength(1);
    expect(r.code).toBe(3);
    expect(await sourceIds()).toEqual(['ferry']);
  }, 60_000);
});
