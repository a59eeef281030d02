// The not-found bar for a narrowed search (issue 20): asked as of its quiz date, a question is
// searched among fewer sources (nothing published later), so the best cosines the answerable
// model reads are maxima over a smaller pool and run lower than over the whole index. This
// records, for RealTime QA tuning questions asked as of their quiz date, the answerable
// probability with the question's passage indexed (answerable) and taken out (unanswerable);
// scripts/train-recency.ts sets the narrowed bar from it. Held-out questions are never read.
//   npm run build:bench && nice -n 10 node dist-bench/bench/as-of-bar-data.js ../shared/eval/realtimeqa [max]
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createAnswerer } from '../src/answer/answerer.js';
import { answerableFeatures, probability, RELEVANCE_MODEL } from '../src/answer/relevance.js';
import type { ScoredSentence } from '../src/answer/sentences.js';
import { datedPassages, quizDay } from './realtimeqa-as-of.js';
import { loadDev } from './realtimeqa-data.js';
import { indexOf, questionsOf, setUp } from './realtimeqa.js';

export const BAR_DATA = 'scripts/data/as-of-bar.json';

async function main() {
  const dir = resolve(process.argv[2] ?? '../shared/eval/realtimeqa');
  const max = Number(process.argv[3] ?? Infinity);
  const { embedder, cache } = await setUp(dir);
  const dev = loadDev(dir);
  const sources = datedPassages(dev);
  const index = await indexOf(embedder, sources);
  const byId = new Map(sources.map((s) => [s.id, s]));
  const seen: { scored?: ScoredSentence[] } = {};
  const answerer = createAnswerer({ index: () => index, embedder, inspect: (_, scored) => void (seen.scored ??= scored) });
  const p = async (q: { question: string }, asOf: Date): Promise<number> => {
    seen.scored = undefined;
    await answerer.ask(q.question, { asOf });
    const scored = (seen.scored as ScoredSentence[] | undefined) ?? [];
    return scored.length ? Number(probability(RELEVANCE_MODEL.answerable, answerableFeatures(scored)).toFixed(6)) : 0;
  };
  const rows: { id: string; answerable: number; unanswerable: number }[] = [];
  const qs = questionsOf(dev, 'tuning', max);
  try {
    for (const [i, q] of qs.entries()) {
      const asOf = quizDay(q);
      const answerable = await p(q, asOf);
      index.apply({ upserts: [], removals: [q.id] });
      const unanswerable = await p(q, asOf);
      const src = byId.get(q.id)!;
      index.apply({ upserts: [{ source: src, vectors: await embedder.embedPassages(src.paragraphs.map((x) => x.text)), ingestedAt: new Date(0).toISOString() }], removals: [] });
      rows.push({ id: q.id, answerable, unanswerable });
      process.stderr.write(`\r${i + 1}/${qs.length}   `);
    }
  } finally {
    cache.flush();
  }
  writeFileSync(BAR_DATA, JSON.stringify(rows) + '\n');
  process.stderr.write(`\n${rows.length} questions → ${BAR_DATA}\n`);
}

if (process.argv[1]?.endsWith('as-of-bar-data.js')) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
