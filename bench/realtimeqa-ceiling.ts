// Issue 22: where the answer's sentence is lost on whole articles (RealTime QA 2023-24). Each
// question is read as the answerer reads it as of its quiz date (time window and outlets taken
// out, sources outside them filtered), then each stage is checked for the quiz answer's text:
// is a source inside the window holding it, is a paragraph holding it among the top 1 / 6 / 12 /
// 40 of the hybrid search (the answerer reads the top 6), is a sentence holding it among the
// sentences scored, is it the best scored, and is it quoted first / at all.
//   npm run build:bench && nice -n 10 node dist-bench/bench/realtimeqa-ceiling.js ../shared/eval/realtimeqa
import { resolve } from 'node:path';
import { createAnswerer } from '../src/answer/answerer.js';
import type { ScoredSentence } from '../src/answer/sentences.js';
import { parseAsOf, readFilters, selectSources } from '../src/question/index.js';
import { hybridSearch } from '../src/search/search.js';
import { articleSources, holdsAnswer, loadNews, type Part } from './realtimeqa-data.js';
import { indexOf, questionsOf, setUp } from './realtimeqa.js';

const STAGES: [string, string][] = [
  ['window', 'a source inside the question’s window holds the answer'],
  ['p1', 'answer paragraph ranked first by the search'],
  ['p6', '… among the top 6 paragraphs (what the answerer reads)'],
  ['p12', '… among the top 12'],
  ['p40', '… among the top 40'],
  ['scored', 'a sentence holding it among the sentences scored'],
  ['top', 'that sentence scored best'],
  ['first', 'answer text in the first quote (default answer)'],
  ['any', 'answer text in any quote (default answer)'],
];

async function main() {
  const dir = resolve(process.argv[2] ?? '../shared/eval/realtimeqa');
  const { embedder, cache } = await setUp(dir);
  const { questions, articlesFor } = loadNews(dir);
  const scorable = questions.filter((q) => (articlesFor.get(q.id) ?? []).some((a) => holdsAnswer(a.text!, q.answer)));
  const rows = new Map<Part, Record<string, number>>();
  for (const part of ['tuning', 'held-out'] as Part[]) {
    const c: Record<string, number> = { n: 0 };
    const add = (k: string, yes: boolean) => (c[k] = (c[k] ?? 0) + (yes ? 1 : 0));
    for (const q of questionsOf(scorable, part)) {
      const index = await indexOf(embedder, articleSources(articlesFor.get(q.id)!));
      const asOf = parseAsOf(q.date.replace(/\//g, '-'), 'UTC');
      const filters = readFilters(q.question, asOf, 'UTC', index.sources());
      const selected = selectSources(index.sources(), filters, asOf, 'UTC');
      const text = selected ? filters.text : q.question;
      const inside = (id: string) => !selected || selected.has(id);
      const hits = hybridSearch(index, text, await embedder.embedQuery(text), { k: 40, ...(selected ? { filter: { sourceIds: selected } } : {}) });
      const at = hits.findIndex((h) => holdsAnswer(h.paragraph.text, q.answer));
      let scored: ScoredSentence[] | null = null;
      const answerer = createAnswerer({ index: () => index, embedder, inspect: (_q, s) => (scored ??= s) });
      const ans = await answerer.ask(q.question, { asOf });
      const sentenceAt = (scored ?? ([] as ScoredSentence[])).findIndex((s) => holdsAnswer(s.text, q.answer));
      c.n++;
      add('window', index.sources().some((s) => inside(s.id) && index.paragraphsOf(s.id).some((p) => holdsAnswer(p.text, q.answer))));
      add('p1', at === 0);
      add('p6', at >= 0 && at < 6);
      add('p12', at >= 0 && at < 12);
      add('p40', at >= 0);
      add('scored', sentenceAt >= 0);
      add('top', sentenceAt === 0);
      add('first', !!ans.excerpts[0] && holdsAnswer(ans.excerpts[0].quote, q.answer));
      add('any', ans.excerpts.some((e) => holdsAnswer(e.quote, q.answer)));
      process.stderr.write(`\r${part}: ${c.n}   `);
    }
    rows.set(part, c);
  }
  cache.flush();
  const cell = (c: Record<string, number>, k: string) => `${((100 * (c[k] ?? 0)) / c.n).toFixed(1)}% (${c[k] ?? 0}/${c.n})`;
  console.log('\n| stage (RealTime QA 2023-24 whole articles, asked as of the quiz date) | tuning | held-out |\n|---|---|---|');
  for (const [k, label] of STAGES) console.log(`| ${label} | ${cell(rows.get('tuning')!, k)} | ${cell(rows.get('held-out')!, k)} |`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
