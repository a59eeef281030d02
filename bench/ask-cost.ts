// Ask time at ~50,000 paragraphs without embedding them (issue 22): SciFact's titles,
// abstract sentences and non-test claims as one-sentence paragraphs (as bench/latency.ts),
// indexed with seeded random unit vectors instead of the model's. Embedding the 50,720 texts
// takes hours on a loaded 2-core machine; what an ask costs beyond the vectors' values — the
// query embedding, BM25, HNSW, sentence scoring, token vectors for late interaction, the
// excerpt rules — is all real. Random vectors make HNSW's work a little harder than real
// ones, the same for every build timed, so compare builds run on the same machine.
//   npm run build:bench && nice node dist-bench/bench/ask-cost.js ../shared/eval/scifact [questions]
import { resolve } from 'node:path';
import { createAnswerer } from '../src/answer/answerer.js';
import { splitSentences } from '../src/corpus/index.js';
import { createLocalEmbedder } from '../src/embed/local.js';
import { indexOfSources, loadSciFact, percentile, sciFactParagraphSources } from './scifact-data.js';

/** Seeded unit vectors (mulberry32 → Box–Muller): the same index every run. */
function randomUnitVectors(n: number, dim: number, seed = 22): Float32Array[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: n }, () => {
    const v = new Float32Array(dim);
    let norm = 0;
    for (let i = 0; i < dim; i++) {
      v[i] = Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
      norm += v[i] * v[i];
    }
    for (let i = 0; i < dim; i++) v[i] /= Math.sqrt(norm);
    return v;
  });
}

async function main() {
  const dir = resolve(process.argv[2] ?? '../shared/eval/scifact');
  const n = Number(process.argv[3] ?? 100);
  const embedder = await createLocalEmbedder({ modelDir: process.env.EMBED_MODEL_DIR ?? 'models/onnx-community/all-MiniLM-L6-v2-ONNX' });
  const sources = sciFactParagraphSources(dir, (text) => splitSentences(text).map((x) => x.text));
  const count = sources.reduce((k, s) => k + s.paragraphs.length, 0);
  const t0 = Date.now();
  const index = indexOfSources(embedder, sources, randomUnitVectors(count, embedder.dimension));
  process.stderr.write(`index of ${index.size} paragraphs built in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  const questions = loadSciFact(dir).queries.slice(0, n).map((q) => q.text);
  const options = process.env.ASK_COST_LATE ? { lateInteraction: process.env.ASK_COST_LATE === '1' } : {};
  const answerer = createAnswerer({ index: () => index, embedder, ...options });
  for (const q of questions.slice(0, 3)) await answerer.ask(q); // warm-up
  const times: number[] = [];
  for (const q of questions) {
    const t = performance.now();
    await answerer.ask(q);
    times.push(performance.now() - t);
  }
  const mean = times.reduce((x, y) => x + y, 0) / times.length;
  console.log(`| ${process.env.ASK_COST_LABEL ?? 'this build'} | ${index.size} | ${n} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} | ${mean.toFixed(1)} |`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
