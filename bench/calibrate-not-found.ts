// Calibrating the not-found threshold on data: the best sentence score of questions that
// the corpus answers versus questions it does not, over two corpora, and the threshold
// that separates them best (balanced accuracy, averaged over the two).
//   npm run build:bench && node dist-bench/bench/calibrate-not-found.js ../shared/eval/scifact
//
// Answerable: the seed questions over the seeds; SciFact test claims over SciFact (each
// has a relevant abstract). Unanswerable: the off-topic questions over the seeds; the
// SciFact claims over the seeds; the seed questions over SciFact.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createAnswerer } from '../src/answer/answerer.js';
import { createLocalEmbedder } from '../src/embed/local.js';
import { ingest } from '../src/index/ingest.js';
import type { LocalIndex } from '../src/index/local-index.js';
import { loadIndex } from '../src/index/store.js';
import { splitSentences } from '../src/corpus/index.js';
import { OFF_TOPIC_QUESTIONS, SEED_QUESTIONS } from '../test/fixtures/seed-questions.js';
import { cachedEmbed, indexOfSources, loadSciFact, sciFactParagraphSources } from './scifact-data.js';

async function main() {
  const dir = resolve(process.argv[2] ?? '../shared/eval/scifact');
  const embedder = await createLocalEmbedder({ modelDir: process.env.EMBED_MODEL_DIR ?? 'models/onnx-community/all-MiniLM-L6-v2-ONNX' });

  const seedDir = mkdtempSync(join(tmpdir(), 'calib-seeds-'));
  await ingest({ paths: ['seeds'], indexDir: seedDir, embedder });
  const seeds = loadIndex(seedDir);
  rmSync(seedDir, { recursive: true, force: true });

  const { queries } = loadSciFact(dir);
  // The same ~50,000 short paragraphs as bench/latency.ts (their vectors are cached).
  const sources = sciFactParagraphSources(dir, (text) => splitSentences(text).map((x) => x.text));
  const texts = sources.flatMap((s) => s.paragraphs.map((p) => p.text));
  const vectors = await cachedEmbed(embedder, texts, '.bench-cache', 'scifact-sentences', (n) => process.stderr.write(`\rembedding ${n}/${texts.length}`));
  process.stderr.write('\n');
  const sci = indexOfSources(embedder, sources, vectors, texts.length);

  // threshold -1: always answer, so excerpts[0].score is the best sentence score.
  const best = async (index: LocalIndex, qs: string[]) => {
    // The similarity score of before issue 12 (the default's not-found decision is a learned probability: bench/realtimeqa.ts).
    const a = createAnswerer({ index: () => index, embedder, threshold: -1, relevance: 'similarity' });
    const out: number[] = [];
    for (const q of qs) out.push((await a.ask(q)).excerpts[0]?.score ?? -1);
    return out;
  };
  const sciClaims = queries.slice(0, 150).map((q) => q.text);
  const sets = {
    seeds: { pos: await best(seeds, SEED_QUESTIONS.map((q) => q.question)), neg: [...(await best(seeds, OFF_TOPIC_QUESTIONS)), ...(await best(seeds, sciClaims))] },
    scifact: { pos: await best(sci, sciClaims), neg: [...(await best(sci, SEED_QUESTIONS.map((q) => q.question))), ...(await best(sci, OFF_TOPIC_QUESTIONS))] },
  };
  const acc = (t: number, s: { pos: number[]; neg: number[] }) => {
    const tpr = s.pos.filter((x) => x >= t).length / s.pos.length;
    const tnr = s.neg.filter((x) => x < t).length / s.neg.length;
    return { tpr, tnr, bal: (tpr + tnr) / 2 };
  };
  let bestT = 0;
  let bestBal = -1;
  console.log('\n| threshold | seeds answered (of answerable) | seeds refused (of unanswerable) | SciFact answered | SciFact refused | mean balanced accuracy |');
  console.log('|---|---|---|---|---|---|');
  for (let t = 0.2; t <= 0.701; t += 0.025) {
    const a = acc(t, sets.seeds);
    const b = acc(t, sets.scifact);
    const bal = (a.bal + b.bal) / 2;
    if (bal > bestBal) {
      bestBal = bal;
      bestT = t;
    }
    const p = (x: number) => `${(x * 100).toFixed(0)}%`;
    console.log(`| ${t.toFixed(3)} | ${p(a.tpr)} | ${p(a.tnr)} | ${p(b.tpr)} | ${p(b.tnr)} | ${bal.toFixed(3)} |`);
  }
  console.log(`\nbest threshold ${bestT.toFixed(3)} (mean balanced accuracy ${bestBal.toFixed(3)}); sets: seeds ${sets.seeds.pos.length}+/${sets.seeds.neg.length}-, SciFact ${sets.scifact.pos.length}+/${sets.scifact.neg.length}-`);
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' ');
  console.log(`seeds answerable scores: ${fmt(sets.seeds.pos)}\nseeds off-topic scores: ${fmt(sets.seeds.neg.slice(0, OFF_TOPIC_QUESTIONS.length))}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
