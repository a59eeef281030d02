// The recency prior's training data (issue 20): each RealTime QA tuning question asked as of
// its quiz date with no prior, and every candidate sentence the answerer scored, as
// [log-odds of relevance, exp(-age/s) for each scale, undated] with label 1 when the sentence
// is from the question's own passage. Only questions whose own passage is among the
// candidates teach anything about order; held-out questions are never read.
//   npm run build:bench && nice -n 10 node dist-bench/bench/recency-data.js ../shared/eval/realtimeqa
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createAnswerer } from '../src/answer/answerer.js';
import { recencyFeatures } from '../src/answer/recency.js';
import type { ScoredSentence } from '../src/answer/sentences.js';
import { datedPassages, quizDay } from './realtimeqa-as-of.js';
import { loadDev } from './realtimeqa-data.js';
import { indexOf, questionsOf, setUp } from './realtimeqa.js';

export const SCALES = [1, 7, 30, 365];
export const DATA = 'scripts/data/recency-tuning.csv.gz';

async function main() {
  const dir = resolve(process.argv[2] ?? '../shared/eval/realtimeqa');
  const { embedder, cache } = await setUp(dir);
  const dev = loadDev(dir);
  const index = await indexOf(embedder, datedPassages(dev));
  const seen: { scored?: ScoredSentence[] } = {};
  const answerer = createAnswerer({ index: () => index, embedder, recency: false, inspect: (_, scored) => void (seen.scored ??= scored) });
  const lines = [['question', 'label', 'logit', ...SCALES.map((s) => `decay${s}`), 'undated'].join(',')];
  const qs = questionsOf(dev, 'tuning');
  try {
    for (const [i, q] of qs.entries()) {
      seen.scored = undefined;
      const asOf = quizDay(q);
      await answerer.ask(q.question, { asOf });
      const scored: ScoredSentence[] = (seen.scored as ScoredSentence[] | undefined) ?? [];
      if (!scored.some((s) => s.hit.source.id === q.id)) continue;
      for (const s of scored) {
        const x = recencyFeatures(s.score, s.hit.source.published, asOf, SCALES, 'UTC');
        lines.push([q.id, s.hit.source.id === q.id ? 1 : 0, ...x.map((v) => Number(v.toFixed(6)))].join(','));
      }
      process.stderr.write(`\r${i + 1}/${qs.length}   `);
    }
  } finally {
    cache.flush();
  }
  writeFileSync(DATA, gzipSync(lines.join('\n') + '\n', { level: 9 }));
  process.stderr.write(`\n${lines.length - 1} rows → ${DATA}\n`);
}

if (process.argv[1]?.endsWith('recency-data.js')) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
