// Issue 19 item 5: a save that fails for want of space removes what it wrote, so a later,
// smaller change fits. Two checks: a write failure injected into the save (snapshot and
// segment), and the built CLI on a real 320 KiB tmpfs (mounted in a user and mount namespace:
// the mount and everything on it are gone when the namespace's shell exits).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/index/ingest.js';
import { loadIndex, readPointer } from '../../src/index/store.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai-server.js';
import { hashEmbedder } from '../fixtures/hash-embedder.js';
import { CLI } from '../fixtures/run-cli.js';

let root: string;
let fake: FakeOpenAI;
const article = (title: string, ...paras: string[]) => [title, ...paras].join('\n\n') + '\n';
const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.partial') || f.endsWith('.tmp'));

beforeAll(async () => {
  fake = await startFakeOpenAI();
  root = mkdtempSync(join(tmpdir(), 'full-disk-'));
});
afterAll(async () => {
  await fake.close();
  rmSync(root, { recursive: true, force: true });
});

describe('a failed save', () => {
  it('removes its partial snapshot or segment after a write error, and the previous index still loads', async () => {
    const corpus = join(root, 'inject-corpus');
    const indexDir = join(root, 'inject-index');
    mkdirSync(corpus);
    writeFileSync(join(corpus, 'a.txt'), article('Talks in Riyadh', 'The delegations met in Riyadh on Tuesday.'));
    const embedder = hashEmbedder();
    await ingest({ paths: [corpus], indexDir, embedder });
    const before = readPointer(indexDir);
    const noSpace = (at: string) => (file: string) => {
      if (file === at) throw Object.assign(new Error(`ENOSPC: no space left on device, write '${file}'`), { code: 'ENOSPC' });
    };
    writeFileSync(join(corpus, 'b.txt'), article('Grain deal', 'The grain corridor deal was extended.'));
    // As a segment (a small change) and as a whole snapshot (--compact).
    await expect(ingest({ paths: [corpus], indexDir, embedder, afterFile: noSpace('paragraphs.json') })).rejects.toThrow(/ENOSPC/);
    expect(leftovers(indexDir)).toEqual([]);
    await expect(ingest({ paths: [corpus], indexDir, embedder, compact: true, afterFile: noSpace('lexical.json') })).rejects.toThrow(/ENOSPC/);
    expect(leftovers(indexDir)).toEqual([]);
    expect(readPointer(indexDir)).toEqual(before);
    expect(loadIndex(indexDir).sources().map((s) => s.id)).toEqual(['a']);
    const r = await ingest({ paths: [corpus], indexDir, embedder });
    expect(r.added).toEqual(['b']);
  });

  const canMount = spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'true']).status === 0;
  it.runIf(canMount)('on a full tmpfs: the failed ingest leaves no partial write, and a later one-file change is saved', async () => {
    expect(existsSync(CLI), 'dist/cli.js is missing: run `npm run build`').toBe(true);
    const corpus = join(root, 'corpus');
    const indexDir = join(root, 'index');
    mkdirSync(corpus);
    mkdirSync(indexDir);
    for (let i = 0; i < 3; i++) writeFileSync(join(corpus, `s${i}.txt`), article(`Story ${i}`, `Ferry service number ${i} resumed this week after repairs.`));
    // Big enough that its paragraphs and vectors do not fit in what is left of the volume.
    const big = Array.from({ length: 2500 }, (_, i) => `Paragraph ${i} of a long report on the harbour, the ferries, the grain silos and the dockers' pay talks in Odesa and Izmail.`);
    const script = [
      'set -u',
      `mount -t tmpfs -o size=320k tmpfs "$INDEX_DIR" || exit 90`,
      `node "$CLI" ingest --quiet "$CORPUS"; echo "first=$?"`,
      `cp "$ROOT/big.txt" "$CORPUS/big.txt"; node "$CLI" ingest --quiet "$CORPUS" 2>"$ROOT/second.err"; echo "second=$?"`,
      `echo "partials=$(ls -a "$INDEX_DIR" | grep -c -e '\\.partial$' -e '\\.tmp$')"`,
      `rm "$CORPUS/big.txt"; printf 'Bridge reopens\n\nThe bridge reopened on Sunday.\n' > "$CORPUS/bridge.txt"; node "$CLI" ingest --quiet "$CORPUS" 2>"$ROOT/third.err"; echo "third=$?"`,
      `node "$CLI" sources --json > "$ROOT/sources.json"; echo "sources=$?"`,
    ].join('\n');
    writeFileSync(join(root, 'big.txt'), article('The harbour report', ...big));
    const env = { PATH: process.env.PATH ?? '', HOME: root, ROOT: root, CLI, CORPUS: corpus, INDEX_DIR: indexDir, EMBEDDINGS: 'openai', OPENAI_BASE_URL: fake.baseURL, LLM: 'off', LOG_LEVEL: 'warn' };
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.stderr.on('data', (d) => (text += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      child.on('error', reject);
      child.on('close', () => (clearTimeout(timer), resolve(text)));
    });
    const value = (k: string) => out.match(new RegExp(`^${k}=(\\d+)$`, 'm'))?.[1];
    expect(value('first'), out).toBe('0');
    expect(value('second'), out).not.toBe('0'); // no space for the big article
    expect(value('partials'), out).toBe('0');
    expect(value('third'), out).toBe('0');
    expect(value('sources'), out).toBe('0');
    const ids = (JSON.parse(readFileSync(join(root, 'sources.json'), 'utf8')) as { id: string }[]).map((s) => s.id).sort();
    expect(ids).toEqual(['bridge', 's0', 's1', 's2']);
  }, 150_000);
});
