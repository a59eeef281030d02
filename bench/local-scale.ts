// Issue 24: where the local backend stops scaling. One size per process (so memory is that
// size's own): N synthetic paragraphs (bench/synthetic.ts: the same vectors and texts as
// `bench/postgres.ts scale`), in 1,000-paragraph sources, put into a LocalIndex (hnswlib +
// MiniSearch, the product's settings); then recall@10 against exact search, dense query and
// ask p50/p95, the process's memory, and (with --save) the snapshot's size on disk and a
// serving replica's start: a child process that loads the snapshot, answers 20 asks and
// reports its load time, ask p95 and RSS.
//   npm run build:bench && node --max-old-space-size=20000 dist-bench/bench/local-scale.js ../shared/eval/scifact 200000 [--base sentences] [--save]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createAnswerer } from '../src/answer/answerer.js';
import { createLocalEmbedder } from '../src/embed/local.js';
import { HNSW, LocalIndex } from '../src/index/local-index.js';
import { loadIndex, saveIndex } from '../src/index/store.js';
import type { SourceUpdate } from '../src/index/paragraph-index.js';
import { loadSciFact, percentile } from './scifact-data.js';
import { exactTop10, syntheticSet } from './synthetic.js';

const log = (m: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const gib = (b: number) => (b / 2 ** 30).toFixed(2);
const ms = (x: number) => x.toFixed(1);
const modelDir = () => resolve(process.env.EMBED_MODEL_DIR ?? 'models/onnx-community/all-MiniLM-L6-v2-ONNX');

async function timed<T>(n: number, run: (i: number) => Promise<T>): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run(i);
    times.push(performance.now() - t);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

function dirBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? dirBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
}

/** The replica: a fresh process that loads the snapshot and answers (`--replica DIR questions…`). */
async function replica(indexDir: string, questions: string[]): Promise<void> {
  const embedder = await createLocalEmbedder({ modelDir: modelDir() });
  const t = performance.now();
  const index = loadIndex(indexDir);
  const loadMs = performance.now() - t;
  const ask = await timed(questions.length, (i) => createAnswerer({ index: () => index, embedder }).ask(questions[i]));
  process.stdout.write(JSON.stringify({ loadMs, p95: ask.p95, rss: process.memoryUsage().rss }));
}

async function main() {
  if (process.argv[2] === '--replica') return replica(process.argv[3], process.argv.slice(4));
  const dir = resolve(process.argv[2] ?? '../shared/eval/scifact');
  const n = Number(process.argv[3] ?? 200_000);
  const fromDocs = !(process.argv.includes('--base') && process.argv[process.argv.indexOf('--base') + 1] === 'sentences');
  const embedder = await createLocalEmbedder({ modelDir: modelDir() });
  const set = await syntheticSet(dir, embedder, n, fromDocs, log);
  const dim = embedder.dimension;
  const { queries } = loadSciFact(dir);
  const qs = queries.slice(0, 100).map((q) => q.text);
  const qv = await embedder.embedPassages(qs);
  const exact = qv.map((q) => new Set(exactTop10(set.flat, dim, q)));
  log(`${n} synthetic vectors and the exact top 10 of 100 queries ready`);

  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  const index = LocalIndex.empty(embedder, n);
  const per = 1000;
  const t0 = performance.now();
  for (let s = 0; s * per < n; s += 20) {
    const upserts: SourceUpdate[] = [];
    for (let k = s; k < s + 20 && k * per < n; k++) {
      const count = Math.min(per, n - k * per);
      const paragraphs = Array.from({ length: count }, (_, j) => ({ sourceId: `s${k}`, index: j + 1, text: set.texts[(k * per + j) % set.texts.length] }));
      upserts.push({ source: { id: `s${k}`, title: `synthetic ${k}`, contentHash: `s${k}`, paragraphs }, vectors: paragraphs.map((_, j) => set.flat.subarray((k * per + j) * dim, (k * per + j + 1) * dim)), ingestedAt: new Date(0).toISOString() });
    }
    index.apply({ upserts, removals: [] });
    if ((s / 20) % 10 === 0) log(`indexed ${Math.min(n, (s + 20) * per)}/${n} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  const buildS = (performance.now() - t0) / 1000;
  global.gc?.();
  const rss = process.memoryUsage().rss - rss0;
  log(`built in ${buildS.toFixed(0)} s, +${gib(rss)} GiB RSS`);

  // Keys are given in order from 0, so a key is its row number.
  let found = 0;
  const dense = await timed(qv.length, async (i) => {
    found += index.dense(qv[i], 10).filter((h) => exact[i].has(h.key)).length;
  });
  const ask = await timed(50, (i) => createAnswerer({ index: () => index, embedder }).ask(qs[i]));
  log(`recall ${(found / 1000).toFixed(3)}, ask p95 ${ms(ask.p95)} ms`);
  let saved = '—';
  let served = '—';
  if (process.argv.includes('--save')) {
    const out = mkdtempSync(join(tmpdir(), 'bench-local-scale-'));
    try {
      const ts = performance.now();
      saveIndex(out, index);
      saved = `${gib(dirBytes(out))} GiB, saved in ${((performance.now() - ts) / 1000).toFixed(0)} s`;
      log(`saved: ${saved}`);
      const r = JSON.parse(
        execFileSync(process.execPath, ['--max-old-space-size=20000', new URL(import.meta.url).pathname, '--replica', out, ...qs.slice(0, 20)], { encoding: 'utf8', maxBuffer: 1 << 20 }),
      ) as { loadMs: number; p95: number; rss: number };
      served = `loads in ${(r.loadMs / 1000).toFixed(1)} s, ask p95 ${ms(r.p95)} ms (20 asks), RSS ${gib(r.rss)} GiB`;
    } catch (err) {
      saved = saved === '—' ? `failed: ${(err as Error).message.split('\n')[0]}` : saved;
      served = `failed: ${(err as Error).message.split('\n')[0].slice(0, 120)}`;
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  console.log(`\nlocal index at scale: synthetic paragraphs (real SciFact ${set.base} vectors + noise, with their texts), 100 SciFact test claims; load ${process.env.LOAD ?? 'see uptime'}\n`);
  console.log('| paragraphs | build (vectors + keywords) | memory added (RSS) | recall@10 vs exact | dense p50 / p95 ms | ask p50 / p95 ms (50 asks, cold answerer) | snapshot on disk | a replica started from it |');
  console.log('|---|---|---|---|---|---|---|---|');
  console.log(`| ${n.toLocaleString('en-US')} | ${buildS.toFixed(0)} s (hnswlib M=${HNSW.m} efC=${HNSW.efConstruction} ef=${HNSW.efSearch}, MiniSearch) | ${gib(rss)} GiB | ${(found / 1000).toFixed(3)} | ${ms(dense.p50)} / ${ms(dense.p95)} | ${ms(ask.p50)} / ${ms(ask.p95)} | ${saved} | ${served} |`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
