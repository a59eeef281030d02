// CPU cost of the learned relevance alone: scoring the same candidate sentences (vectors
// given) with the hand-set similarity and with the model, per question, on the seeds. The
// rest of an ask (embedding, search) is the same for both; bench/latency.ts times the whole.
//   npm run build:bench && node dist-bench/bench/relevance-cost.js
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RELEVANCE_MODEL } from '../src/answer/relevance.js';
import { candidateSentences, scoreSentences, shortlist } from '../src/answer/sentences.js';
import { createLocalEmbedder } from '../src/embed/local.js';
import { ingest } from '../src/index/ingest.js';
import { loadIndex } from '../src/index/store.js';
import { hybridSearch } from '../src/search/search.js';
import { OFF_TOPIC_QUESTIONS, SEED_QUESTIONS } from '../test/fixtures/seed-questions.js';
import { percentile } from './scifact-data.js';
import { LRUCache } from 'lru-cache';
import { lateInteractionScores } from '../src/answer/late-interaction.js';
import type { TokenVectors } from '../src/embed/embedder.js';

async function main() {
  const embedder = await createLocalEmbedder({ modelDir: 'models/onnx-community/all-MiniLM-L6-v2-ONNX' });
  const dir = mkdtempSync(join(tmpdir(), 'relevance-cost-'));
  await ingest({ paths: ['seeds'], indexDir: dir, embedder });
  const index = loadIndex(dir);
  rmSync(dir, { recursive: true, force: true });
  const cases = [];
  for (const q of [...SEED_QUESTIONS.map((s) => s.question), ...OFF_TOPIC_QUESTIONS]) {
    const qv = await embedder.embedQuery(q);
    const sentences = shortlist(q, candidateSentences(hybridSearch(index, q, qv, { k: 6 })));
    cases.push({ q, qv, sentences, vectors: await embedder.embedPassages(sentences.map((s) => s.text)) });
  }
  console.log('| scoring | sentences per question (mean) | p50 ms | p95 ms |\n|---|---|---|---|');
  for (const [name, model] of [['similarity (before issue 12)', undefined], ['learned relevance', RELEVANCE_MODEL]] as const) {
    const times: number[] = [];
    for (let round = 0; round < 20; round++)
      for (const c of cases) {
        const t = performance.now();
        scoreSentences(c.q, c.qv, c.sentences, c.vectors, model);
        times.push(performance.now() - t);
      }
    const mean = cases.reduce((n, c) => n + c.sentences.length, 0) / cases.length;
    console.log(`| ${name} | ${mean.toFixed(1)} | ${percentile(times, 50).toFixed(2)} | ${percentile(times, 95).toFixed(2)} |`);
  }
  // Issue 22: late interaction needs the token vectors of the question and its shortlisted
  // sentences, one model run a question when none is cached (the answerer keeps recent ones).
  const times: number[] = [];
  for (const c of cases) {
    const t = performance.now();
    await lateInteractionScores(embedder, c.q, c.sentences.map((s) => s.text), new LRUCache<string, TokenVectors>({ max: 100 }));
    times.push(performance.now() - t);
  }
  const mean = cases.reduce((n, c) => n + c.sentences.length, 0) / cases.length;
  console.log(`| late interaction: token vectors of the question and sentences (uncached) + MaxSim | ${mean.toFixed(1)} | ${percentile(times, 50).toFixed(2)} | ${percentile(times, 95).toFixed(2)} |`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
