// Faults an operator will meet: ingest killed at any moment (SIGKILL, no clean-up), damaged
// index files, and the embedding server down at question time. The built CLI is spawned as a
// user runs it; embeddings come from the fake OpenAI server (hash vectors, fast), because
// these tests are about crash safety and error paths, not retrieval quality.
//
// The kill schedule comes from a seeded PRNG: a failure message names the seed and the
// iteration, and FAULT_SEED=<seed> npx vitest run test/ops/faults.test.ts replays it.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSources } from '../../src/corpus/index.js';
import type { LocalIndex } from '../../src/index/local-index.js';
import { loadIndex } from '../../src/index/store.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai-server.js';

const CLI = join(process.cwd(), 'dist', 'cli.js');
const SEED = Number(process.env.FAULT_SEED ?? 1_234_567);
const SOURCES = 1000;
const KILLS = 20;

let root: string;
let fake: FakeOpenAI;

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** True when the test killed it (it had not exited yet). */
  killed: boolean;
  /** ms after spawn when the snapshot's .partial folder appeared (only when watched). */
  partialAt?: number;
}

interface RunOptions {
  input?: string;
  timeoutMs?: number;
  /** SIGKILL this many ms after spawn. */
  killAfterMs?: number;
  /** Watches this index folder: notes when the snapshot's `.partial` folder appears and when `CURRENT` is replaced. */
  watch?: string;
  /** SIGKILL this many ms after a new `.partial` folder appears in the watched folder. */
  killAfterPartialMs?: number;
  /** SIGKILL as soon as `CURRENT` is replaced (the run is then pruning and reporting). */
  killOnPointer?: boolean;
}

function runCli(args: string[], env: Record<string, string>, options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    let partialAt: number | undefined;
    const timers: NodeJS.Timeout[] = [];
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) {
        killed = true;
        child.kill('SIGKILL');
      }
    };
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    if (options.killAfterMs !== undefined) timers.push(setTimeout(kill, options.killAfterMs));
    const watchDir = options.watch;
    if (watchDir) mkdirSync(watchDir, { recursive: true });
    const before = watchDir ? new Set(readdirSync(watchDir)) : new Set<string>();
    const watcher = watchDir
      ? watch(watchDir, (_event, name) => {
          const file = String(name ?? '');
          if (file === 'CURRENT' && options.killOnPointer) kill();
          if (partialAt !== undefined || !file.endsWith('.partial') || before.has(file)) return;
          partialAt = Date.now() - started;
          if (options.killAfterPartialMs !== undefined) timers.push(setTimeout(kill, options.killAfterPartialMs));
        })
      : undefined;
    timers.push(
      setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`timed out after ${options.timeoutMs ?? 240_000} ms: ${args.join(' ')}\n${stderr}`));
      }, options.timeoutMs ?? 240_000),
    );
    child.on('close', (code, signal) => {
      timers.forEach(clearTimeout);
      watcher?.close();
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started, killed, partialAt });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Small, fast, seeded PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'minister port strike grain corridor delegation talks ceasefire drones missile harbour council budget election vote court ' +
  'ruling parliament energy prices inflation farmers wages protest border refugees bridge railway mayor governor hospital ' +
  'school teachers nurses doctors flood drought harvest exports imports tariff shipping convoy pipeline reactor turbine ' +
  'airport runway tunnel canal river village district region capital province summit envoy treaty sanctions embargo ' +
  'negotiators spokesman statement interview report survey census audit inquiry verdict appeal lawyers prosecutors police'
).split(' ');
const NAMES = ['Odesa', 'Kharkiv', 'Lviv', 'Riyadh', 'Istanbul', 'Geneva', 'Brussels', 'Warsaw', 'Vilnius', 'Tallinn', 'Dnipro', 'Kherson'];

function article(rnd: () => number, n: number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const sentence = () => {
    const len = 6 + Math.floor(rnd() * 10);
    const words = Array.from({ length: len }, () => (rnd() < 0.12 ? pick(NAMES) : pick(WORDS)));
    if (rnd() < 0.3) words.splice(2, 0, String(Math.floor(rnd() * 900) + 10));
    const s = words.join(' ');
    return s[0].toUpperCase() + s.slice(1) + '.';
  };
  const paragraphs = Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => Array.from({ length: 1 + Math.floor(rnd() * 3) }, sentence).join(' '));
  return `Report ${n}: ${pick(WORDS)} ${pick(WORDS)} in ${pick(NAMES)}\n\n${paragraphs.join('\n\n')}\n`;
}

let serial = 0;
/** Modifies 5 sources, deletes 3 and adds 3. */
function mutateCorpus(dir: string, rnd: () => number): void {
  const files = readdirSync(dir).sort();
  const pickFile = () => files.splice(Math.floor(rnd() * files.length), 1)[0];
  for (let k = 0; k < 5; k++) writeFileSync(join(dir, pickFile()), article(rnd, 10_000 + serial++));
  for (let k = 0; k < 3; k++) unlinkSync(join(dir, pickFile()));
  for (let k = 0; k < 3; k++) {
    const n = 20_000 + serial++;
    writeFileSync(join(dir, `added-${n}.txt`), article(rnd, n));
  }
}

/** What is indexed: source id → content hash, and every paragraph as "id#n<TAB>text", sorted. */
interface State {
  sources: Map<string, string>;
  paragraphs: string[];
}

const paragraphKey = (p: { sourceId: string; index: number; text: string }) => `${p.sourceId}#${p.index}\t${p.text}`;

function indexState(index: LocalIndex): State {
  return {
    sources: new Map(index.sources().map((s) => [s.id, s.contentHash])),
    paragraphs: index.allParagraphs().map(paragraphKey).sort(),
  };
}

async function corpusState(dir: string): Promise<State> {
  const { sources } = await loadSources([dir]);
  return { sources: new Map(sources.map((s) => [s.id, s.contentHash ?? ''])), paragraphs: sources.flatMap((s) => s.paragraphs).map(paragraphKey).sort() };
}

function sameState(a: State, b: State): boolean {
  if (a.sources.size !== b.sources.size || a.paragraphs.length !== b.paragraphs.length) return false;
  for (const [id, hash] of a.sources) if (b.sources.get(id) !== hash) return false;
  return a.paragraphs.every((p, i) => p === b.paragraphs[i]);
}

/** Internal consistency of a loaded index; returns the problems found. */
function consistencyProblems(index: LocalIndex): string[] {
  const problems: string[] = [];
  const paragraphs = index.allParagraphs();
  const sourceIds = new Set(index.sources().map((s) => s.id));
  const seen = new Set<string>();
  const perSource = new Map<string, number>();
  for (const p of paragraphs) {
    if (!sourceIds.has(p.sourceId)) problems.push(`paragraph ${p.sourceId}#${p.index} has no source`);
    const k = `${p.sourceId}#${p.index}`;
    if (seen.has(k)) problems.push(`duplicate paragraph ${k}`);
    seen.add(k);
    perSource.set(p.sourceId, (perSource.get(p.sourceId) ?? 0) + 1);
  }
  for (const s of index.sources()) {
    if ((perSource.get(s.id) ?? 0) !== s.paragraphs) problems.push(`source ${s.id} lists ${s.paragraphs} paragraphs, the index holds ${perSource.get(s.id) ?? 0}`);
  }
  // HNSW keeps deleted labels (markDelete) in its id list; getPoint refuses them.
  const live = index.hnsw.getIdsList().filter((id) => {
    try {
      index.hnsw.getPoint(id);
      return true;
    } catch {
      return false;
    }
  });
  if (live.length !== paragraphs.length) problems.push(`HNSW holds ${live.length} live vectors for ${paragraphs.length} paragraphs`);
  const keys = new Set(paragraphs.map((p) => p.key));
  if (live.some((id) => !keys.has(id))) problems.push('HNSW holds a vector for a paragraph that is not indexed');
  if (index.lexicalIndex.documentCount !== paragraphs.length) problems.push(`BM25 holds ${index.lexicalIndex.documentCount} documents for ${paragraphs.length} paragraphs`);
  if (paragraphs.some((p) => !index.lexicalIndex.has(p.key))) problems.push('a paragraph is missing from BM25');
  return problems;
}

const snapshotDirs = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('snap-'));
// Snapshots and (issue 24) segments are both written as `<name>.partial` first.
const partialDirs = (dir: string) => readdirSync(dir).filter((f) => (f.startsWith('snap-') || f.startsWith('seg-')) && f.endsWith('.partial'));
const pointer = (dir: string) => (existsSync(join(dir, 'CURRENT')) ? readFileSync(join(dir, 'CURRENT'), 'utf8').trim() : null);
const savedSomething = (r: RunResult, rebuild: boolean) => {
  const m = /(\d+) added, (\d+) updated, (\d+) removed/.exec(r.stdout);
  return rebuild || (m !== null && (Number(m[1]) > 0 || Number(m[2]) > 0 || Number(m[3]) > 0));
};

function baseEnv(indexDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? root,
    INDEX_DIR: indexDir,
    CORPUS_DIR: join(process.cwd(), 'seeds'),
    EMBEDDINGS: 'openai',
    OPENAI_BASE_URL: fake.baseURL,
    LLM: 'off',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` (npm test does it)');
  root = mkdtempSync(join(tmpdir(), 'ops-faults-'));
  fake = await startFakeOpenAI();
});

afterAll(async () => {
  await fake?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('ingest killed with SIGKILL', () => {
  it(`leaves a loadable, consistent index: ${KILLS} kills during ingests of ${SOURCES} sources, then a full run matches a clean ingest`, async () => {
    const rnd = prng(SEED);
    const where = (i: number | string) => `(FAULT_SEED=${SEED}, iteration ${i})`;
    const corpus = join(root, 'corpus');
    mkdirSync(corpus);
    for (let i = 0; i < SOURCES; i++) writeFileSync(join(corpus, `s${String(i).padStart(4, '0')}.txt`), article(rnd, i));
    const ingestArgs = (rebuild: boolean, compact = false) => ['ingest', '--quiet', '--corpus', corpus, ...(rebuild ? ['--rebuild'] : []), ...(compact ? ['--compact'] : [])];

    // How long runs take here, measured on a copy in a separate index: a full one (what --rebuild
    // does) and an incremental one after a change like the ones below.
    const measureCorpus = join(root, 'measure-corpus');
    const measureIndex = join(root, 'measure-index');
    cpSync(corpus, measureCorpus, { recursive: true });
    mkdirSync(measureIndex);
    const full = await runCli(ingestArgs(false).map((a) => (a === corpus ? measureCorpus : a)), baseEnv(measureIndex), { watch: measureIndex });
    expect(full.code, full.stderr).toBe(0);
    mutateCorpus(measureCorpus, prng(SEED + 1));
    const incremental = await runCli(ingestArgs(false).map((a) => (a === corpus ? measureCorpus : a)), baseEnv(measureIndex), { watch: measureIndex });
    expect(incremental.code, incremental.stderr).toBe(0);
    rmSync(measureCorpus, { recursive: true });
    rmSync(measureIndex, { recursive: true });
    const saveMs = Math.max(20, full.ms - (full.partialAt ?? full.ms - 200));

    // The state before the kills: a complete index.
    const indexDir = join(root, 'index');
    const env = baseEnv(indexDir);
    const first = await runCli(ingestArgs(false), env);
    expect(first.code, first.stderr).toBe(0);
    let previous = indexState(loadIndex(indexDir));
    expect(previous.sources.size).toBe(SOURCES);

    // Kill points, by pairs of iterations (one changing the corpus, one --rebuild): 10 spread
    // evenly over a run's duration (stratified: one per 1/10th, in a seeded order); 4 aimed at
    // the save itself (a random time after the snapshot's .partial folder appears); 6 the
    // moment CURRENT is replaced (while old snapshots are pruned).
    const killMode = (i: number) => (['timed', 'pointer', 'timed', 'partial'] as const)[Math.floor(i / 2) % 4];
    const timed = Array.from({ length: KILLS }, (_, i) => i).filter((i) => killMode(i) === 'timed');
    const strata = timed.map((_, k) => k);
    for (let k = strata.length - 1; k > 0; k--) {
      const j = Math.floor(rnd() * (k + 1));
      [strata[k], strata[j]] = [strata[j], strata[k]];
    }
    const outcomes: Record<string, number> = {};
    const written = { segment: 0, snapshot: 0, compaction: 0, rebuild: 0 };
    let killsSinceSave = 0;
    let next: State | undefined;
    for (let i = 0; i < KILLS; i++) {
      // Even iterations change the corpus (so old and new states differ); odd ones --rebuild
      // the unchanged corpus (so the kill lands in a run that rewrites everything).
      // Issue 24: a corpus change is written as a segment beside the base; iterations 3, 9 and
      // 15 merge the segments with --compact instead of rebuilding (kills land in compactions).
      const compact = i % 2 === 1 && i % 3 === 0;
      const rebuild = i % 2 === 1 && !compact;
      if (i % 2 === 0) {
        mutateCorpus(corpus, rnd);
        next = undefined;
      }
      // Only even iterations change the corpus; a --rebuild or --compact iteration expects the
      // state read for the iteration before it (reading 1000 sources again costs ~1.5 s).
      next ??= await corpusState(corpus);
      const duration = i % 2 === 1 ? full.ms : incremental.ms;
      const lockLeft = existsSync(join(indexDir, '.ingest.lock'));
      const pointerBefore = pointer(indexDir);
      const options: RunOptions =
        killMode(i) === 'partial'
          ? { watch: indexDir, killAfterPartialMs: Math.floor(rnd() * saveMs * 1.2), timeoutMs: 240_000 }
          : killMode(i) === 'pointer'
            ? { watch: indexDir, killOnPointer: true, timeoutMs: 240_000 }
            : { watch: indexDir, killAfterMs: Math.floor(((strata[timed.indexOf(i)] + rnd()) / timed.length) * duration * 1.1), timeoutMs: 240_000 };
      const r = await runCli(ingestArgs(rebuild, compact), env, options);
      if (!r.killed) expect(r.code, `${r.stderr} ${where(i)}`).toBe(0); // a lock left by a killed run never blocks

      let index: LocalIndex;
      try {
        index = loadIndex(indexDir);
      } catch (err) {
        throw new Error(`the index does not load after the kill ${where(i)}: ${(err as Error).message}`);
      }
      expect(consistencyProblems(index), where(i)).toEqual([]);
      const state = indexState(index);
      const isPrevious = sameState(state, previous);
      const isNext = sameState(state, next);
      expect(isPrevious || isNext, `the index is neither the previous state nor the new one ${where(i)}`).toBe(true);
      if (!r.killed) expect(isNext, where(i)).toBe(true);

      const partials = partialDirs(indexDir).length;
      if (!r.killed && savedSomething(r, rebuild)) {
        // A completed save prunes abandoned partial writes and keeps two snapshots.
        expect(partials, where(i)).toBe(0);
        expect(snapshotDirs(indexDir).length, where(i)).toBeLessThanOrEqual(2);
        killsSinceSave = 0;
      } else {
        if (r.killed) killsSinceSave++;
        expect(partials, `partial snapshot folders pile up ${where(i)}`).toBeLessThanOrEqual(killsSinceSave);
      }
      const committed = pointer(indexDir) !== pointerBefore;
      if (committed) written[compact ? 'compaction' : rebuild ? 'rebuild' : (pointer(indexDir) ?? '').includes('\n') ? 'segment' : 'snapshot']++;
      const outcome = !r.killed
        ? 'finished before the kill'
        : committed
          ? 'killed after CURRENT moved'
          : r.partialAt !== undefined
            ? 'killed while writing the snapshot'
            : 'killed before saving';
      const key = `${outcome}${lockLeft ? ' (lock left by a killed run)' : ''}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
      previous = state;
    }
    console.log(`SIGKILL outcomes (seed ${SEED}; full run ${full.ms} ms, incremental ${incremental.ms} ms, save ~${saveMs} ms):`, outcomes, 'committed writes:', written);
    // The kills landed in segment writes and compactions too, not only in whole snapshots.
    expect(written.segment, 'no iteration committed a segment').toBeGreaterThan(0);

    // A final run finishes the job (it also has a change to save, so it prunes).
    mutateCorpus(corpus, rnd);
    const last = await runCli(ingestArgs(false), env);
    expect(last.code, last.stderr).toBe(0);
    const final = loadIndex(indexDir);
    expect(consistencyProblems(final)).toEqual([]);
    expect(partialDirs(indexDir)).toEqual([]);
    expect(snapshotDirs(indexDir).length).toBeLessThanOrEqual(2);
    expect(existsSync(join(indexDir, '.ingest.lock'))).toBe(false);
    expect(readdirSync(indexDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // Exactly the paragraphs of a clean ingest of the same corpus into a fresh index.
    const cleanDir = join(root, 'clean-index');
    const clean = await runCli(ingestArgs(false), baseEnv(cleanDir));
    expect(clean.code, clean.stderr).toBe(0);
    const expected = indexState(loadIndex(cleanDir));
    const got = indexState(final);
    expect(got.paragraphs.length).toBe(expected.paragraphs.length);
    expect(got.paragraphs).toEqual(expected.paragraphs);
    expect([...got.sources].sort()).toEqual([...expected.sources].sort());

    // And the CLI loads it.
    const ask = await runCli(['ask', '--json', 'What did the negotiators say about the grain corridor in Odesa?'], env);
    expect(ask.code, ask.stderr).toBe(0);
    expect(['answered', 'not_found']).toContain(JSON.parse(ask.stdout).status);
  }, 1_500_000); // minutes on a loaded machine (20 kills, each run up to 240 s)
});

describe('a damaged index', () => {
  const QUESTION = 'How many drones did Russia launch after the call?';
  let pristine: string;

  beforeAll(async () => {
    pristine = join(root, 'pristine');
    const r = await runCli(['ingest', '--quiet'], baseEnv(pristine));
    expect(r.code, r.stderr).toBe(0);
  });

  const snapshotOf = (dir: string) => readFileSync(join(dir, 'CURRENT'), 'utf8').trim();
  const FILES = ['CURRENT', 'manifest.json', 'vectors.hnsw', 'lexical.json', 'paragraphs.json', 'sources.json', 'statements.json'];
  const pathOf = (dir: string, file: string) => (file === 'CURRENT' ? join(dir, 'CURRENT') : join(dir, snapshotOf(dir), file));
  // What the message must name for each file.
  const named: Record<string, RegExp> = { CURRENT: /CURRENT/, 'manifest.json': /manifest/ };

  const damage: Record<string, (file: string) => void> = {
    truncated: (file) => writeFileSync(file, readFileSync(file).subarray(0, Math.floor(statSync(file).size / 2))),
    // 16 bytes in the middle changed: NUL bytes in text files (invalid in JSON anywhere, even
    // inside strings), every bit flipped in the binary vectors file (which has runs of NULs).
    corrupted: (file) => {
      const buf = readFileSync(file);
      const at = Math.max(0, Math.floor(buf.length / 2) - 8);
      for (let i = at; i < Math.min(buf.length, at + 16); i++) buf[i] = file.endsWith('.hnsw') ? buf[i] ^ 0xff : 0;
      writeFileSync(file, buf);
    },
    empty: (file) => writeFileSync(file, ''),
    missing: (file) => unlinkSync(file),
  };

  for (const file of FILES) {
    it(`${file} truncated, corrupted or empty: ask exits 1 naming the problem and the rebuild command; after ingest --rebuild it answers`, async () => {
      for (const kind of ['truncated', 'corrupted', 'empty', ...(file === 'vectors.hnsw' ? ['missing'] : [])]) {
        const dir = join(root, `damaged-${file}-${kind}`);
        cpSync(pristine, dir, { recursive: true });
        damage[kind](pathOf(dir, file));
        const r = await runCli(['ask', '--json', QUESTION], baseEnv(dir));
        const what = `${file} ${kind}: ${r.stderr}`;
        expect(r.code, what).toBe(1);
        expect(r.stdout, what).toBe(''); // no answer at all, not an empty one
        expect(r.stderr, what).toMatch(named[file] ?? new RegExp(file.replace('.', '\\.')));
        expect(r.stderr, what).toMatch(/damaged.*Rebuild it from the corpus with `npm run ingest -- --rebuild`/);
        expect(r.stderr, what).not.toMatch(/\n\s+at |newsroom-bot failed/); // no stack trace
        if (kind !== 'corrupted') {
          rmSync(dir, { recursive: true });
          continue;
        }
        const rebuild = await runCli(['ingest', '--quiet', '--rebuild'], baseEnv(dir));
        expect(rebuild.code, rebuild.stderr).toBe(0);
        const again = await runCli(['ask', '--json', QUESTION], baseEnv(dir));
        expect(again.code, again.stderr).toBe(0);
        const answer = JSON.parse(again.stdout);
        expect(answer.status).toBe('answered');
        expect(answer.excerpts.map((e: { quote: string }) => e.quote).join(' ')).toContain('140 drones');
        rmSync(dir, { recursive: true });
      }
    }, 60_000);
  }

  it('serve refuses a damaged index the same way (no console session on an empty index)', async () => {
    const dir = join(root, 'damaged-serve');
    cpSync(pristine, dir, { recursive: true });
    damage.corrupted(pathOf(dir, 'paragraphs.json'));
    const r = await runCli(['serve'], baseEnv(dir), { input: `/ask ${QUESTION}\n` });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/paragraphs\.json does not match its checksum.*npm run ingest -- --rebuild/);
    expect(r.stdout).not.toMatch(/console mode/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});

describe('EMBEDDINGS=openai with the embedding server down at question time', () => {
  it('ask and the console chat still answer, by keywords, with a visible note', async () => {
    const server = await startFakeOpenAI();
    const dir = join(root, 'server-down');
    const env = (extra: Record<string, string> = {}) => baseEnv(dir, { OPENAI_BASE_URL: server.baseURL, ...extra });
    const built = await runCli(['ingest', '--quiet'], env());
    expect(built.code, built.stderr).toBe(0);
    await server.close(); // nothing listens on its port any more

    // LLM=auto: the same (down) server is also the LLM; its failure must not cost the answer.
    // Keyword-only answers need nearly every term of the question in one sentence (answerer.ts:
    // bar 0.6 on 0.62 x coverage), so this question is one whose words the article uses.
    const QUESTION = 'Who is the EU foreign policy chief?';
    const r = await runCli(['ask', '--json', QUESTION], env({ LLM: 'auto' }));
    expect(r.code, r.stderr).toBe(0);
    const answer = JSON.parse(r.stdout);
    expect(answer.status).toBe('answered');
    expect(answer.excerpts[0].quote).toContain('EU foreign policy chief Kaja Kallas');
    expect(answer.notes).toEqual([expect.stringMatching(/embedding service did not answer.*keyword search only/)]);
    expect(answer.text).toMatch(/Note: The embedding service did not answer/);
    expect(answer.summary).toBeUndefined();
    // A question keywords alone cannot settle is "not found", and says why it may have been missed.
    const paraphrase = JSON.parse((await runCli(['ask', '--json', 'How long did the call between Trump and Putin last?'], env())).stdout);
    expect(['answered', 'not_found']).toContain(paraphrase.status);
    expect(paraphrase.notes).toEqual([expect.stringMatching(/keyword search only/)]);
    expect(paraphrase.text).toMatch(/Note: The embedding service did not answer/);

    const chat = await runCli(['serve'], env(), { input: `/ask ${QUESTION}\n` });
    expect(chat.code, chat.stderr).toBe(0);
    expect(chat.stdout).toContain('Kaja Kallas');
    expect(chat.stdout).toMatch(/keyword search only/);

    // ingest, which must embed, says plainly that the server is down.
    const ingest = await runCli(['ingest', '--quiet', '--rebuild'], env());
    expect(ingest.code).toBe(1);
    expect(ingest.stderr).toMatch(/The embedding service \(http:\/\/127\.0\.0\.1:\d+\/v1\) failed: Connection error/);
    expect(ingest.stderr).not.toMatch(/\n\s+at /);
    // ...and the index it could not rebuild is still the one that answers.
    const still = await runCli(['ask', '--json', QUESTION], env());
    expect(JSON.parse(still.stdout).status).toBe('answered');
  }, 60_000);
});
