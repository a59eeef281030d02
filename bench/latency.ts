// `ask` latency with the model and index loaded, at the seeds' size and at ~50,000
// paragraphs (SciFact titles and abstract sentences, one paragraph each, and the
// non-test claims), plus HNSW recall@10
// against exact search at that size.
//   npm run build:bench && node dist-bench/bench/latency.js ../shared/eval/scifact
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createAnswerer } from '../src/answer/answerer.js';
import { splitSentences } from '../src/corpus/index.js';
import { dot } from '../src/embed/embedder.js';
import { createLocalEmbedder } from '../src/embed/local.js';
import { ingest } from '../src/index/ingest.js';
import { loadIndex } from '../src/index/store.js';
import { cachedEmbed, indexOfSources, loadSciFact, percentile, sciFactParagraphSources } from './scifact-data.js';
import { SEED_QUESTIONS } from '../test/fixtures/seed-questions.js';

async function timeAsks(ask: (q: string) => Promise<unknown>, questions: string[], n = 100): Promise<{ p50: number; p95: number; mean: number }> {
  for (const q of questions.slice(0, 3)) await ask(q); // warm-up
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await ask(questions[i % questions.length]);
    times.push(performance.now() - t);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), mean: times.reduce((a, b) => a + b, 0) / times.length };
}

async function main() {
  const dir = resolve(process.argv[2] ?? '../shared/eval/scifact');
  const embedder = await createLocalEmbedder({ modelDir: process.env.EMBED_MODEL_DIR ?? 'models/onnx-community/all-MiniLM-L6-v2-ONNX' });
  const rows: string[] = [];

  // 1. Seeds.
  const seedIndexDir = mkdtempSync(join(tmpdir(), 'bench-seeds-'));
  await ingest({ paths: ['seeds'], indexDir: seedIndexDir, embedder });
  const seedIndex = loadIndex(seedIndexDir);
  // LATENCY_RELEVANCE=similarity times the answerer as it was before issue 12 (the hand-set score).
  const relevance = process.env.LATENCY_RELEVANCE === 'similarity' ? ('similarity' as const) : undefined;
  const seedAnswerer = createAnswerer({ index: () => seedIndex, embedder, relevance });
  const seedQuestions = SEED_QUESTIONS.map((q) => q.question);
  const s = await timeAsks((q) => seedAnswerer.ask(q), seedQuestions);
  rows.push(`| seeds (22 distinct questions, repeated: sentence vectors cached) | ${seedIndex.size} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.mean.toFixed(1)} | — |`);
  // Cold: a fresh answerer (empty sentence cache) for every question.
  const cold = await timeAsks((q) => createAnswerer({ index: () => seedIndex, embedder, relevance }).ask(q), seedQuestions);
  rows.push(`| seeds, cold (no sentence cache) | ${seedIndex.size} | ${cold.p50.toFixed(1)} | ${cold.p95.toFixed(1)} | ${cold.mean.toFixed(1)} | — |`);
  rmSync(seedIndexDir, { recursive: true, force: true });

  // 2. SciFact sentences as paragraphs (LATENCY_SEEDS_ONLY=1 stops before: embedding them takes long the first time).
  if (process.env.LATENCY_SEEDS_ONLY) {
    for (const r of rows) console.log(r);
    return;
  }
  const { queries } = loadSciFact(dir);
  const sources = sciFactParagraphSources(dir, (text) => splitSentences(text).map((x) => x.text));
  const texts = sources.flatMap((src) => src.paragraphs.map((p) => p.text));
  const t0 = Date.now();
  const vectors = await cachedEmbed(embedder, texts, '.bench-cache', 'scifact-sentences', (n) => process.stderr.write(`\rembedding sentences ${n}/${texts.length}`));
  process.stderr.write(`\n${texts.length} sentences embedded (or read from cache) in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  const tb = Date.now();
  const index = indexOfSources(embedder, sources, vectors);
  const buildS = (Date.now() - tb) / 1000;

  // Recall@10 of HNSW against exact search, over 100 test queries.
  const qs = queries.slice(0, 100);
  const qv = await embedder.embedPassages(qs.map((q) => q.text));
  const keys = index.allParagraphs().map((p) => p.key);
  const keyVectors = keys.map((k) => Float32Array.from(index.hnsw.getPoint(k)));
  let found = 0;
  for (const v of qv) {
    const exact = keys
      .map((k, i) => ({ k, s: dot(v, keyVectors[i]) }))
      .sort((a, b) => b.s - a.s)
      .slice(0, 10)
      .map((x) => x.k);
    const approx = new Set(index.dense(v, 10).map((h) => h.key));
    found += exact.filter((k) => approx.has(k)).length;
  }
  const recall = found / (qs.length * 10);

  const answerer = createAnswerer({ index: () => index, embedder, relevance });
  const big = await timeAsks((q) => answerer.ask(q), qs.map((q) => q.text));
  rows.push(`| SciFact titles + sentences + claims (100 distinct test claims) | ${index.size} | ${big.p50.toFixed(1)} | ${big.p95.toFixed(1)} | ${big.mean.toFixed(1)} | ${recall.toFixed(3)} |`);

  console.log(`\nask latency with model and index loaded (100 questions each, ms); HNSW M=16 efConstruction=200 ef=128; index build ${buildS.toFixed(1)} s for ${index.size} paragraphs\n`);
  console.log('| corpus | paragraphs | p50 ms | p95 ms | mean ms | HNSW recall@10 vs exact |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log(`\nRSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
