// Issue 19 items 1, 4 and 9 (first part), through the built CLI. As root the CLI runs as the
// unprivileged user `nobody` (setpriv), as in unreadable.test.ts, so permission checks are real.
//   1: a symbolic link in the corpus that leads outside the folder being ingested is not
//      followed (named once, with the reason); a link inside it is.
//   4: a sub-folder that is an empty mount point, or a link to a share that has gone, keeps
//      its sources and the run exits 4, like the top-level folder.
//   9: an unchanged file that cannot be read now exits 4 (it is not read, so it was missed).
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lchownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
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

/** Written (and owned by nobody when root), with a modification time well in the past. */
function put(path: string, text: string, mode = 0o644): void {
  writeFileSync(path, text, { mode });
  const t = new Date(Date.now() - 60_000);
  utimesSync(path, t, t);
  if (asRoot) chownSync(path, NOBODY, NOBODY);
}
function folder(path: string): void {
  mkdirSync(path, { recursive: true });
  if (asRoot) chownSync(path, NOBODY, NOBODY);
}
function link(target: string, path: string): void {
  symlinkSync(target, path);
  if (asRoot) lchownSync(path, NOBODY, NOBODY);
}
const article = (title: string, body: string) => `${title}\n\n${body}\n`;
const sources = async () => {
  const r = await run(['sources', '--json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { id: string; title: string }[];
};
const ids = async () => (await sources()).map((s) => s.id).sort();

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` (npm test does it)');
  fake = await startFakeOpenAI();
  root = mkdtempSync(join(tmpdir(), 'ops-links-'));
  chmodSync(root, 0o755);
  if (asRoot) chownSync(root, NOBODY, NOBODY);
  corpus = join(root, 'corpus');
  indexDir = join(root, 'index');
  folder(corpus);
  folder(indexDir);
  folder(join(root, 'private'));
  folder(join(corpus, 'desk'));
  folder(join(corpus, 'wire'));
  folder(join(corpus, '.shares', 'agency'));
  put(join(corpus, 'ferry.txt'), article('Ferry resumes', 'Ferry service between Odesa and Izmail resumed this week after repairs.'));
  put(join(corpus, 'desk', 'bridge.txt'), article('Bridge reopens', 'The Antonivskyi bridge reopened to pedestrians on Sunday after repairs.'));
  put(join(corpus, 'wire', 'grain.txt'), article('Grain exports rise', 'Grain exports through the Danube ports rose by a fifth in March.'));
  put(join(corpus, '.shares', 'agency', 'port.txt'), article('Port strike ends', 'Dockers at the river port ended their strike on Friday after a pay deal.'));
  // Outside the corpus: a 0600 file holding a bot token, and a folder of "articles".
  put(join(root, 'private', 'token.txt'), article('xoxb-1111-2222-SECRETTOKEN', 'The bot token for the newsroom workspace is above.'), 0o600);
  put(join(root, 'private', 'memo.md'), article('Internal memo', 'Salaries of the editorial staff will rise by three percent next year.'));
  link(join(root, 'private', 'token.txt'), join(corpus, 'token.txt'));
  link('../private', join(corpus, 'elsewhere'));
  link('/etc/passwd', join(corpus, 'passwd.txt'));
  // Inside the corpus: followed.
  link('desk', join(corpus, 'desk-alias'));
  link('.shares/agency', join(corpus, 'agency'));
}, 30_000);

afterAll(async () => {
  await fake?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe(`links out of the corpus, sub-folder mounts, unchanged unreadable files (${asRoot ? 'run as nobody via setpriv' : 'run as this user'})`, () => {
  it('does not follow links that leave the corpus folder, names each once, and follows links inside it', async () => {
    const r = await run(['ingest', '--quiet', corpus]);
    const outside = r.stderr.split('\n').filter((l) => /leads outside the folder being ingested/.test(l));
    expect(outside).toHaveLength(3);
    for (const name of ['token.txt', 'elsewhere', 'passwd.txt']) expect(outside.filter((l) => l.includes(join('corpus', name) + ':'))).toHaveLength(1);
    expect(r.code).toBe(3);
    expect(await ids()).toEqual(['bridge', 'ferry', 'grain', 'port']);
    const shown = JSON.stringify(await sources());
    expect(shown).not.toMatch(/SECRETTOKEN|Internal memo|root:/);
  }, 60_000);

  it('a sub-folder that is now an empty mount point keeps its sources, and the run exits 4', async () => {
    rmSync(join(corpus, 'wire', 'grain.txt'));
    const r = await run(['ingest', '--quiet', corpus]);
    expect(r.stderr).toMatch(/skipped .*wire: no article found in the folder, but 1 indexed source came from it; kept as indexed/);
    expect(r.stdout).toMatch(/0 removed/);
    expect(r.code).toBe(4);
    expect(await ids()).toEqual(['bridge', 'ferry', 'grain', 'port']);
  }, 60_000);

  it('a link to a share that has gone keeps what was indexed through it, and the run exits 4', async () => {
    rmSync(join(corpus, 'wire'), { recursive: true });
    rmSync(join(corpus, '.shares', 'agency'), { recursive: true });
    const r = await run(['ingest', '--quiet', corpus]);
    expect(r.stderr).toMatch(/skipped .*agency: symbolic link to .*agency, which is not there/);
    expect(r.stdout).toMatch(/1 removed/); // grain: its whole folder is really gone
    expect(r.code).toBe(4);
    expect(await ids()).toEqual(['bridge', 'ferry', 'port']);
  }, 60_000);

  it('an unchanged file that cannot be read now is named and the run exits 4', async () => {
    rmSync(join(corpus, 'agency'));
    let r = await run(['ingest', '--quiet', corpus]); // settles the stored stamps
    r = await run(['ingest', '--quiet', corpus]);
    expect(r.stdout).toMatch(/0 added, 0 updated, 0 removed, 2 unchanged/);
    chmodSync(join(corpus, 'ferry.txt'), 0o000);
    r = await run(['ingest', '--quiet', corpus]);
    expect(r.stderr).toMatch(/skipped .*ferry\.txt: cannot be read \(permission denied\)/);
    expect(r.code).toBe(4);
    expect(await ids()).toEqual(['bridge', 'ferry']);
  }, 60_000);

  it('sources indexed through a folder that is now a link out of the corpus are removed, not kept', async () => {
    chmodSync(join(corpus, 'ferry.txt'), 0o644);
    folder(join(corpus, 'memos'));
    put(join(corpus, 'memos', 'budget.txt'), article('Budget memo', 'The newsroom budget for next year was cut by a tenth, the board decided.'));
    let r = await run(['ingest', '--quiet', corpus]);
    expect(await ids()).toEqual(['bridge', 'budget', 'ferry']);
    rmSync(join(corpus, 'memos'), { recursive: true });
    link('../private', join(corpus, 'memos'));
    r = await run(['ingest', '--quiet', corpus]);
    expect(r.stderr).toMatch(/skipped .*memos: symbolic link leads outside the folder being ingested/);
    expect(r.stdout).toMatch(/1 removed/);
    expect(r.code).toBe(3);
    expect(await ids()).toEqual(['bridge', 'ferry']);
  }, 60_000);
});
