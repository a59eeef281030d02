// Issue 24: `serve` (the built CLI, console mode) ingests inbox batches in ONE long-lived
// worker process that loaded the model once, and what it ingested is answered from at once;
// at the end of input the worker is stopped with the bot. Needs `npm run build`.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../fixtures/run-cli.js';
import { alive } from '../fixtures/helpers.js';

let root: string | undefined;
let serve: ChildProcessWithoutNullStreams | undefined;
afterAll(() => {
  serve?.kill('SIGKILL');
  if (root) rmSync(root, { recursive: true, force: true });
});

const article = (town: string, amount: string, facility: string) =>
  `---\ntitle: ${town} approves a new ${facility}\npublished: 2026-12-01\n---\n\n# ${town} approves a new ${facility}\n\nThe council of ${town} approved ${amount} on Monday for a new ${facility}, mayor Ana Ruiz said.\n\nConstruction is expected to begin next spring and take about two years.\n`;

/** A file written a while ago, so the inbox takes it at its second scan. */
function drop(dir: string, name: string, text: string): void {
  const path = join(dir, name);
  writeFileSync(path, text);
  const t = new Date(Date.now() - 10_000);
  utimesSync(path, t, t);
}


describe('serve with its ingest worker (built CLI)', () => {
  it('ingests two inbox batches with one worker process (model loaded once) and answers from both', async () => {
    root = mkdtempSync(join(tmpdir(), 'serve-worker-'));
    const corpus = join(root, 'corpus');
    const inbox = join(root, 'inbox');
    mkdirSync(corpus);
    mkdirSync(inbox);
    copyFileSync(join(process.cwd(), 'test', 'fixtures', 'local-news', 'fire-gazette.md'), join(corpus, 'fire-gazette.md'));
    drop(inbox, 'zorvik.md', article('Zorvik', '41 million euros', 'ferry pier'));
    const env = { PATH: process.env.PATH ?? '', HOME: root, INDEX_DIR: join(root, 'index'), CORPUS_DIR: corpus, INBOX_DIR: inbox, LOG_LEVEL: 'info', LOG_FORMAT: 'json' };
    const s = spawn(process.execPath, [CLI, 'serve'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    serve = s;
    let stdout = '';
    let stderr = '';
    s.stdout.on('data', (d) => (stdout += d));
    s.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => s.on('close', (code) => r(code)));
    const logs = () =>
      stderr
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { msg: string; worker?: number; pid?: number; added?: number });
    const until = async (what: string, ok: () => boolean, ms = 120_000) => {
      const deadline = Date.now() + ms;
      while (!ok()) {
        if (Date.now() > deadline || s.exitCode !== null) throw new Error(`waiting for ${what}\n${stderr.slice(-3000)}\n${stdout.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const batches = () => logs().filter((l) => l.msg === 'ingest batch served' && (l.added ?? 0) > 0);

    await until('the first inbox batch', () => batches().length >= 1);
    drop(inbox, 'quelmora.md', article('Quelmora', '57 million euros', 'concert hall'));
    await until('the second inbox batch', () => batches().length >= 2);

    const ready = logs().filter((l) => l.msg === 'ingest worker ready (model loaded)');
    expect(ready).toHaveLength(1);
    const pid = ready[0].pid!;
    expect(batches().map((b) => b.worker)).toEqual([pid, pid]);

    s.stdin.write('/ask How much did the council of Zorvik approve for the new ferry pier?\n');
    s.stdin.write('/ask How much did the council of Quelmora approve for the new concert hall?\n');
    await until('both answers', () => stdout.includes('41 million euros') && stdout.includes('57 million euros'), 60_000);

    s.stdin.end();
    expect(await exited).toBe(0);
    expect(alive(pid)).toBe(false); // stopped with the bot
  }, 240_000);
});
