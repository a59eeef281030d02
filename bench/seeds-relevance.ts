// The relevance model on the seeds: each seed and off-topic question's probability that the
// sources answer, against the bar, and where its best excerpt comes from.
//   npm run build:bench && node dist-bench/bench/seeds-relevance.js
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnswerer } from '../src/answer/answerer.js';
import { answerableInput, probability, RELEVANCE_MODEL } from '../src/answer/relevance.js';
import type { ScoredSentence } from '../src/answer/sentences.js';
import { createLocalEmbedder } from '../src/embed/local.js';
import { ingest } from '../src/index/ingest.js';
import { loadIndex } from '../src/index/store.js';
import { OFF_TOPIC_QUESTIONS, SEED_QUESTIONS } from '../test/fixtures/seed-questions.js';

async function main() {
  const embedder = await createLocalEmbedder({ modelDir: 'models/onnx-community/all-MiniLM-L6-v2-ONNX' });
  const dir = mkdtempSync(join(tmpdir(), 'seeds-relevance-'));
  await ingest({ paths: ['seeds'], indexDir: dir, embedder });
  const index = loadIndex(dir);
  rmSync(dir, { recursive: true, force: true });
  let seen: ScoredSentence[] = [];
  const a = createAnswerer({ index: () => index, embedder, inspect: (_q, s) => (seen = s) });
  console.log(`bar ${RELEVANCE_MODEL.answerable.bar}\n| question | P(answerable) | features | best sentence (P) |\n|---|---|---|---|`);
  for (const q of [...SEED_QUESTIONS.map((x) => x.question), ...OFF_TOPIC_QUESTIONS]) {
    const ans = await a.ask(q);
    const x = answerableInput(RELEVANCE_MODEL.answerable, seen);
    const ok = SEED_QUESTIONS.find((s) => s.question === q);
    const good = ok ? ans.excerpts.some((e) => ok.sources.includes(e.sourceId) && e.quote.toLowerCase().includes(ok.expect.toLowerCase())) : ans.status === 'not_found';
    console.log(`| ${good ? '' : '**WRONG** '}${q} | ${probability(RELEVANCE_MODEL.answerable, x).toFixed(3)} | ${x.map((v) => v.toFixed(2)).join(' ')} | ${seen[0]?.text.slice(0, 60)} (${seen[0]?.score.toFixed(2)}) |`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
