// The relevance model's training data: every candidate sentence the answerer scores for the
// TUNING part of RealTime QA (realtimeqa-data.ts partOf), with its features and a label.
//   npm run build:bench && nice -n 10 node dist-bench/bench/relevance-data.js ../shared/eval/realtimeqa
// writes scripts/data/relevance-tuning.csv.gz, which scripts/train-relevance.ts fits.
// Labels: (a) 2020-2021 passages as sources: 1 for a sentence of the question's own passage
// (only those holding the quiz answer's text, when the passage holds it);
// the same question with its passage taken out gives only 0s (an unanswerable question).
// (b) 2023-2024 whole articles: 1 for a sentence holding the quiz answer's text.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createAnswerer } from '../src/answer/answerer.js';
import { FEATURES } from '../src/answer/relevance.js';
import type { ScoredSentence } from '../src/answer/sentences.js';
import type { LocalIndex } from '../src/index/local-index.js';
import { articleSources, holdsAnswer, loadDev, loadNews, passageSources } from './realtimeqa-data.js';
import { indexOf, questionsOf, setUp } from './realtimeqa.js';

async function main() {
  const dir = resolve(process.argv[2] ?? '../shared/eval/realtimeqa');
  const out = resolve(process.argv[3] ?? 'scripts/data/relevance-tuning.csv.gz');
  const { embedder, cache } = await setUp(dir);
  const rows: string[] = [`set,question,answerable,label,${FEATURES.join(',')}`];
  let seen: ScoredSentence[] = [];
  // RELEVANCE_LATE=1: the late-interaction column is computed (one model run a question for its
  // sentences' token vectors); otherwise it is 0 and train-relevance.ts leaves it out.
  const lateInteraction = process.env.RELEVANCE_LATE === '1';
  const answererOf = (index: LocalIndex) => createAnswerer({ index: () => index, embedder, lateInteraction, inspect: (_q, s) => (seen = s) });
  const emit = (set: string, id: string, answerable: boolean, label: (s: ScoredSentence) => boolean) => {
    for (const s of seen) rows.push([set, id, answerable ? 1 : 0, label(s) ? 1 : 0, ...s.features!.map((f) => Number(f.toFixed(5)))].join(','));
  };

  const dev = loadDev(dir);
  const sources = passageSources(dev);
  const index = await indexOf(embedder, sources);
  const a = answererOf(index);
  for (const q of questionsOf(dev, 'tuning', Number(process.env.RTQA_DEV_MAX ?? Infinity))) {
    seen = [];
    await a.ask(q.question);
    // A sentence of its own passage; when the passage holds the quiz answer's text, only the sentences that hold it.
    const inPassage = holdsAnswer(q.evidence, q.answer);
    emit('passages', q.id, true, (s) => s.hit.source.id === q.id && (!inPassage || holdsAnswer(s.text, q.answer)));
    const src = sources.find((s) => s.id === q.id)!;
    index.apply({ upserts: [], removals: [q.id] });
    seen = [];
    await a.ask(q.question);
    emit('passages', q.id, false, () => false);
    index.apply({ upserts: [{ source: src, vectors: await embedder.embedPassages([src.paragraphs[0].text]), ingestedAt: new Date(0).toISOString() }], removals: [] });
    process.stderr.write(`\rpassages ${rows.length - 1} sentences   `);
  }
  cache.flush();

  const { questions, articlesFor } = loadNews(dir);
  const scorable = questions.filter((q) => (articlesFor.get(q.id) ?? []).some((x) => holdsAnswer(x.text!, q.answer)));
  // The same questions as bench/realtimeqa.ts measures (RTQA_NEWS_MAX per part).
  for (const [i, q] of questionsOf(scorable, 'tuning', Number(process.env.RTQA_NEWS_MAX ?? Infinity)).entries()) {
    seen = [];
    await answererOf(await indexOf(embedder, articleSources(articlesFor.get(q.id)!))).ask(q.question);
    emit('articles', q.id, true, (s) => holdsAnswer(s.text, q.answer));
    process.stderr.write(`\rarticles ${i + 1}   `);
  }
  cache.flush();
  mkdirSync(resolve(out, '..'), { recursive: true });
  writeFileSync(out, gzipSync(rows.join('\n') + '\n', { level: 9 }));
  console.log(`\n${rows.length - 1} sentences written to ${out}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
