// RealTime QA asked as of each question's quiz date (issue 20), beside the plain run on the
// same index and split: the dev passages carry their quiz's date (the only date the data
// gives; the article itself is from the days before) and outlet (the row's `source`).
// (a) answerable / unanswerable as in bench/realtimeqa.ts, for: the plain run (no as-of),
//     as of the quiz date without the recency prior, and as of the quiz date (default);
// (b) the filter check: each question asked "In <month> <year>, according to <outlet>: …"
//     with its passage's own outlet (the passage should be cited, every excerpt inside the
//     outlet and month) and with another outlet (nothing outside the filter may be quoted).
//   npm run build:bench && nice -n 10 node dist-bench/bench/realtimeqa.js ../shared/eval/realtimeqa --as-of
import { createAnswerer, type Answerer } from '../src/answer/answerer.js';
import type { Embedder } from '../src/embed/embedder.js';
import type { LocalIndex } from '../src/index/local-index.js';
import { isOutlet, parseAsOf } from '../src/question/index.js';
import type { Source } from '../src/types.js';
import { loadDev, passageSources, type Part, type QuizQuestion } from './realtimeqa-data.js';
import { indexOf, questionsOf } from './realtimeqa.js';

const PARTS: Part[] = ['tuning', 'held-out'];
type Tally = Record<string, number>;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** The outlets of the dev rows, as people write them. */
const OUTLET: Record<string, string> = { CNN: 'CNN', 'THE WEEK': 'The Week', USAtoday: 'USA Today' };

/** Each passage dated by its quiz and attributed to its row's outlet. */
export function datedPassages(dev: QuizQuestion[]): Source[] {
  const byId = new Map(dev.map((q) => [q.id, q]));
  return passageSources(dev).map((s) => {
    const q = byId.get(s.id)! as QuizQuestion & { source?: string };
    return { ...s, published: q.date.replace(/\//g, '-'), ...(q.source ? { outlet: OUTLET[q.source] ?? q.source } : {}) };
  });
}

export const quizDay = (q: QuizQuestion) => parseAsOf(q.date.replace(/\//g, '-'), 'UTC');

interface Mode {
  name: string;
  make: (index: LocalIndex) => Answerer;
  asOf: boolean;
}

function add(t: Tally, key: string, yes: boolean): void {
  t[key] = (t[key] ?? 0) + (yes ? 1 : 0);
}

export async function asOfRun(dir: string, embedder: Embedder, max: number): Promise<void> {
  const dev = loadDev(dir);
  const sources = datedPassages(dev);
  const index = await indexOf(embedder, sources);
  // The plain run is today's: undated passages (bench/realtimeqa.ts), asked without --as-of.
  const undated = await indexOf(embedder, passageSources(dev));
  const modes: Mode[] = [
    { name: 'plain (undated passages, no --as-of)', make: () => createAnswerer({ index: () => undated, embedder }), asOf: false },
    { name: '--as-of quiz date, no recency prior', make: (i) => createAnswerer({ index: () => i, embedder, recency: false }), asOf: true },
    { name: '--as-of quiz date (default)', make: (i) => createAnswerer({ index: () => i, embedder }), asOf: true },
  ];
  // RTQA_AS_OF_MODES=0,1 runs some of the modes (and FILTER_CHECK=0 skips (b)): the runs can go side by side on a busy machine.
  const picked = (process.env.RTQA_AS_OF_MODES ?? '0,1,2').split(',').map(Number);
  modes.splice(0, modes.length, ...modes.filter((_, i) => picked.includes(i)));
  const withFilters = process.env.FILTER_CHECK !== '0';
  const answerers = modes.map((m) => m.make(index));
  const a = new Map<Part, Tally[]>();
  const b = new Map<Part, Tally>();
  const byId = new Map(sources.map((s) => [s.id, s]));
  for (const part of PARTS) {
    const qs = questionsOf(dev, part, max);
    const t: Tally[] = modes.map(() => ({ n: qs.length }));
    for (const [qi, q] of qs.entries()) {
      for (const [i, ans] of answerers.entries()) {
        const r = await ans.ask(q.question, modes[i].asOf ? { asOf: quizDay(q) } : {});
        add(t[i], 'refused', r.status === 'not_found');
        add(t[i], 'first', r.excerpts[0]?.sourceId === q.id);
        add(t[i], 'any', r.excerpts.some((e) => e.sourceId === q.id));
      }
      process.stderr.write(`\r(as-of a) ${part}: ${qi + 1}/${qs.length}   `);
    }
    const plainById = new Map(passageSources(dev).map((s) => [s.id, s]));
    for (const q of qs) {
      for (const i of [index, undated]) i.apply({ upserts: [], removals: [q.id] });
      for (const [i, ans] of answerers.entries()) add(t[i], 'unanswerable refused', (await ans.ask(q.question, modes[i].asOf ? { asOf: quizDay(q) } : {})).status === 'not_found');
      for (const [i, src] of [[index, byId.get(q.id)!], [undated, plainById.get(q.id)!]] as const)
        i.apply({ upserts: [{ source: src, vectors: await embedder.embedPassages(src.paragraphs.map((p) => p.text)), ingestedAt: new Date(0).toISOString() }], removals: [] });
    }
    a.set(part, t);
    if (withFilters) b.set(part, await filterCheck(qs, index, createAnswerer({ index: () => index, embedder }), sources));
  }
  process.stderr.write('\n');
  printTables(modes.map((m) => m.name), a, b);
}

/** Outlet + month questions built from the rows: the right outlet, and a wrong one. */
async function filterCheck(qs: QuizQuestion[], index: LocalIndex, answerer: Answerer, sources: Source[]): Promise<Tally> {
  const byId = new Map(sources.map((s) => [s.id, s]));
  const t: Tally = { n: qs.length };
  for (const q of qs) {
    const own = byId.get(q.id)!;
    const [y, m] = own.published!.split('-').map(Number);
    const month = `${MONTHS[m - 1]} ${y}`;
    const inFilter = (outlet: string) => (sourceId: string) => {
      const s = index.source(sourceId);
      return !!s && isOutlet(outlet, s) && (s.published ?? '').startsWith(`${y}-${String(m).padStart(2, '0')}`);
    };
    const right = own.outlet!;
    const r = await answerer.ask(`In ${month}, according to ${right}: ${q.question}`, { asOf: quizDay(q) });
    add(t, 'right cited', r.excerpts.some((e) => e.sourceId === q.id));
    add(t, 'right cited, all inside', r.excerpts.some((e) => e.sourceId === q.id) && r.excerpts.every((e) => inFilter(right)(e.sourceId)));
    add(t, 'right leak', r.excerpts.some((e) => !inFilter(right)(e.sourceId)));
    add(t, 'right refused', r.status === 'not_found');
    const wrong = right === 'CNN' ? 'The Week' : 'CNN';
    const w = await answerer.ask(`In ${month}, according to ${wrong}: ${q.question}`, { asOf: quizDay(q) });
    add(t, 'wrong leak', w.excerpts.some((e) => !inFilter(wrong)(e.sourceId)));
    add(t, 'wrong own cited', w.excerpts.some((e) => e.sourceId === q.id));
    add(t, 'wrong refused', w.status === 'not_found');
  }
  return t;
}

const pct = (t: Tally, key: string) => `${((100 * (t[key] ?? 0)) / t.n).toFixed(1)}% (${t[key] ?? 0}/${t.n})`;

function printTables(names: string[], a: Map<Part, Tally[]>, b: Map<Part, Tally>): void {
  console.log('\n(a) dev-2020-2021 passages dated by their quiz: asked plainly, and as of the quiz date\n');
  console.log(`| part | measure | ${names.join(' | ')} |`);
  console.log(`|---|---|${names.map(() => '---').join('|')}|`);
  const rows: [string, string][] = [
    ['refused', 'answerable refused (lower is better)'],
    ['first', 'own passage cited first'],
    ['any', 'own passage among the excerpts'],
    ['unanswerable refused', 'unanswerable refused (higher is better)'],
  ];
  for (const part of PARTS) for (const [key, label] of rows) console.log(`| ${part} | ${label} | ${a.get(part)!.map((t) => pct(t, key)).join(' | ')} |`);
  if (!b.size) return;
  console.log('\n(b) outlet + month filter ("In <month>, according to <outlet>: <question>", as of the quiz date)\n');
  console.log('| part | right outlet: passage cited, every excerpt inside | right outlet: passage cited | right outlet: refused | right outlet: any excerpt outside | wrong outlet: any excerpt outside | wrong outlet: own passage cited | wrong outlet: refused |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const part of PARTS) {
    const t = b.get(part)!;
    console.log(`| ${part} | ${['right cited, all inside', 'right cited', 'right refused', 'right leak', 'wrong leak', 'wrong own cited', 'wrong refused'].map((k) => pct(t, k)).join(' | ')} |`);
  }
}
