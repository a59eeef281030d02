// RealTime QA: does the answerer quote what answers news-quiz questions nobody here tuned
// for, and refuse what its sources cannot answer? Side by side in one run: a plain BM25
// over the same paragraphs, the answerer as it was before issue 12 (cosine score and bar),
// and the default. Each on the tuning and the held-out part (realtimeqa-data.ts partOf).
//   npm run build:bench && nice -n 10 node dist-bench/bench/realtimeqa.js ../shared/eval/realtimeqa
// Environment: RTQA_NEWS_MAX (questions per part of the 2023-2024 set, default all that
// their articles can answer; 0 skips that set; RTQA_NEWS_TUNING_MAX caps its tuning part apart),
// RTQA_DEV_MAX (questions per part of the 2020-2021 set).
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { RelevanceModel } from '../src/answer/relevance.js';
import { createAnswerer, type Answerer, type AnswererOptions } from '../src/answer/answerer.js';
import { LEARNED_CHOICE } from '../src/answer/excerpts.js';
import { createLocalEmbedder } from '../src/embed/local.js';
import type { Embedder } from '../src/embed/embedder.js';
import type { LocalIndex } from '../src/index/local-index.js';
import type { Answer, Source } from '../src/types.js';
import { articleSources, holdsAnswer, loadDev, loadNews, partOf, passageSources, type Part, type QuizQuestion } from './realtimeqa-data.js';
import { indexOfSources, percentile } from './scifact-data.js';
import { terms } from '../src/index/terms.js';
import { parseAsOf } from '../src/question/index.js';
import { FRAME_WORDS } from '../src/claims/index.js';
import { cachingEmbedder, VectorCache } from './vector-cache.js';

export interface System {
  name: string;
  options: Partial<AnswererOptions>;
}

/** The systems compared; BM25 is measured apart (it ranks paragraphs and never refuses). */
export const SYSTEMS: System[] = [
  // RTQA_NO_SIMILARITY=1 leaves it out (issue 22's runs compare with a run of the code before it instead).
  ...(process.env.RTQA_NO_SIMILARITY ? [] : [{ name: 'before issue 12 (similarity, bar 0.575)', options: { relevance: 'similarity' as const } }]),
  { name: 'default (learned relevance)', options: {} },
  // RTQA_RELATIVE=0.2,0.4: the default with other bars for the excerpts shown beside the best (issue 22, tuning).
  ...(process.env.RTQA_RELATIVE ?? '').split(',').filter(Boolean).map((r) => ({ name: `excerpts ≥ ${r} × best`, options: { shown: { relative: Number(r) } } })),
  // RTQA_RULES_OFF=fragments,questionWords,sameStory,all: the default without one excerpt rule (issue 22).
  ...(process.env.RTQA_RULES_OFF ?? '').split(',').filter(Boolean).map((r) => ({
    name: `without ${r === 'all' ? 'the excerpt rules' : `the ${r} rule`}`,
    options: { shown: r === 'all' ? { relative: 0, fragments: false, questionWords: false, sameStory: false } : { [r]: false } },
  })),
  // RTQA_POOLS=10x24: the default reading more paragraphs (10) and embedding more of their sentences (24).
  ...(process.env.RTQA_POOLS ?? '').split(',').filter(Boolean).map((p) => {
    const [paragraphs, shortlist] = p.split('x').map(Number);
    return { name: `${paragraphs} paragraphs, ${shortlist} sentences`, options: { paragraphs, shortlist } };
  }),
  // RTQA_PER_SOURCE=2: the default quoting up to that many sentences of one source.
  ...(process.env.RTQA_PER_SOURCE ?? '').split(',').filter(Boolean).map((n) => ({ name: `${n} excerpts a source`, options: { choice: { ...LEARNED_CHOICE, perSource: Number(n) } } })),
  // RTQA_THRESHOLDS=0,0.2: the default with another not-found bar (0: never refuses; what the bar costs).
  ...(process.env.RTQA_THRESHOLDS ?? '').split(',').filter(Boolean).map((t) => ({ name: `not-found bar ${t}`, options: { threshold: Number(t) } })),
  // RTQA_MODELS=a.json,b.json: the default with another relevance model (a candidate from scripts/train-relevance.ts).
  ...(process.env.RTQA_MODELS ?? '').split(',').filter(Boolean).map((file) => ({
    name: `relevance model ${basename(file)}`,
    options: { relevance: JSON.parse(readFileSync(file, 'utf8')) as RelevanceModel },
  })),
];

const PARTS: Part[] = ['tuning', 'held-out'];
type Tally = Record<string, number>;

export async function setUp(dataDir: string): Promise<{ embedder: Embedder; cache: VectorCache }> {
  const inner = await createLocalEmbedder({ modelDir: process.env.EMBED_MODEL_DIR ?? 'models/onnx-community/all-MiniLM-L6-v2-ONNX' });
  const cache = new VectorCache('.bench-cache/realtimeqa-vectors.bin', inner.dimension);
  const embedder = cachingEmbedder(inner, cache, (d, t) => process.stderr.write(`\rembedding ${d}/${t}   `));
  void dataDir;
  return { embedder, cache };
}

export async function indexOf(embedder: Embedder, sources: Source[]): Promise<LocalIndex> {
  const texts = sources.flatMap((s) => s.paragraphs.map((p) => p.text));
  const vectors = await embedder.embedPassages(texts);
  return indexOfSources(embedder, sources, vectors);
}

/** Deterministic: questions of a part in file order, at most `max`. */
export function questionsOf<T extends { id: string }>(qs: T[], part: Part, max = Infinity): T[] {
  return qs.filter((q) => partOf(q.id) === part).slice(0, max);
}

async function passages(dir: string, embedder: Embedder, answerers: ((index: LocalIndex) => Answerer)[], max: number) {
  const dev = loadDev(dir);
  const sources = passageSources(dev);
  const index = await indexOf(embedder, sources);
  const tallies = new Map<string, Tally[]>(); // part → one tally per system (BM25 first)
  for (const part of PARTS) {
    const qs = questionsOf(dev, part, max);
    const t: Tally[] = [{ n: qs.length }, ...answerers.map(() => ({ n: qs.length }))];
    const systems = answerers.map((make) => make(index));
    const times: number[][] = systems.map(() => []);
    for (const q of qs) {
      const bm = index.lexical(q.question, 4).map((h) => index.paragraph(h.key)!.sourceId);
      add(t[0], 'first', bm[0] === q.id);
      add(t[0], 'any', bm.includes(q.id));
      for (const [i, a] of systems.entries()) {
        const t0 = performance.now();
        const ans = await a.ask(q.question);
        times[i].push(performance.now() - t0);
        add(t[i + 1], 'refused', ans.status === 'not_found');
        add(t[i + 1], 'first', ans.excerpts[0]?.sourceId === q.id);
        add(t[i + 1], 'any', ans.excerpts.some((e) => e.sourceId === q.id));
        trustAnswerable(t[i + 1], ans, passageQuoted(q));
        tallyUnrelated(t[i + 1], q.question, ans);
      }
    }
    // Unanswerable: the question's own passage taken out of the index.
    const byId = new Map(sources.map((s) => [s.id, s]));
    for (const q of qs) {
      index.apply({ upserts: [], removals: [q.id] });
      for (const [i, a] of systems.entries()) {
        const ans = await a.ask(q.question);
        const refused = ans.status === 'not_found';
        add(t[i + 1], 'unanswerable refused', refused);
        // Another week's passage may hold the answer too: "unanswerable" is then a label the data gets wrong.
        add(t[i + 1], 'unanswerable quoted', !refused && ans.excerpts.some((e) => holdsAnswer(e.quote, q.answer)));
        trustUnanswerable(t[i + 1], refused);
      }
      const src = byId.get(q.id)!;
      index.apply({ upserts: [{ source: src, vectors: await embedder.embedPassages(src.paragraphs.map((p) => p.text)), ingestedAt: new Date(0).toISOString() }], removals: [] });
      process.stderr.write(`\r(a) ${part}: ${t[1]['unanswerable refused'] ?? 0}…   `);
    }
    times.forEach((ts, i) => Object.assign(t[i + 1], { p50: percentile(ts, 50), p95: percentile(ts, 95) }));
    tallies.set(part, t);
  }
  return tallies;
}

async function articles(dir: string, embedder: Embedder, answerers: ((index: LocalIndex) => Answerer)[], max: number) {
  const { questions, articlesFor } = loadNews(dir);
  // Only questions whose answer's text is in one of their articles can be scored by it.
  const scorable = questions.filter((q) => (articlesFor.get(q.id) ?? []).some((a) => holdsAnswer(a.text!, q.answer)));
  const tallies = new Map<string, Tally[]>();
  // The held-out part first (the number that counts); RTQA_NEWS_TUNING_MAX caps the tuning part
  // apart, since each question's articles (~300 paragraphs) are embedded the first time.
  const tuningMax = Number(process.env.RTQA_NEWS_TUNING_MAX ?? max);
  for (const part of [...PARTS].reverse()) {
    const qs = questionsOf(scorable, part, part === 'tuning' ? tuningMax : max);
    const t: Tally[] = [{ n: qs.length }, ...answerers.map(() => ({ n: qs.length }))];
    const times: number[][] = answerers.map(() => []);
    for (const [qi, q] of qs.entries()) {
      const index = await indexOf(embedder, articleSources(articlesFor.get(q.id)!));
      const bm = index.lexical(q.question, 4).map((h) => index.paragraph(h.key)!.text);
      add(t[0], 'first', bm.length > 0 && holdsAnswer(bm[0], q.answer));
      add(t[0], 'any', bm.some((p) => holdsAnswer(p, q.answer)));
      for (const [i, make] of answerers.entries()) {
        const t0 = performance.now();
        // Asked on the quiz's date, as the newsroom would have asked it ("this week" is that week).
        const ans: Answer = await make(index).ask(q.question, { asOf: parseAsOf(q.date.replace(/\//g, '-'), 'UTC') });
        times[i].push(performance.now() - t0);
        add(t[i + 1], 'refused', ans.status === 'not_found');
        add(t[i + 1], 'first', ans.excerpts.length > 0 && holdsAnswer(ans.excerpts[0].quote, q.answer));
        add(t[i + 1], 'any', ans.excerpts.some((e) => holdsAnswer(e.quote, q.answer)));
        trustAnswerable(t[i + 1], ans, (e) => holdsAnswer(e.quote, q.answer));
        tallyUnrelated(t[i + 1], q.question, ans);
      }
      process.stderr.write(`\r(b) ${part}: ${qi + 1}/${qs.length}   `);
    }
    times.forEach((ts, i) => Object.assign(t[i + 1], { p50: percentile(ts, 50), p95: percentile(ts, 95) }));
    tallies.set(part, t);
  }
  return { tallies, scorable: scorable.length, total: questions.length };
}

function add(t: Tally, key: string, yes: boolean): void {
  t[key] = (t[key] ?? 0) + (yes ? 1 : 0);
}

// CRAG-style trust score (issue 22): hit rates reward padding, this prices a wrong answer.
// +1 answered with the answer quoted, 0 refused, −1 answered without it; a question whose
// passage is not indexed: +1 not found, −1 answered. Summed per tally; shown as a mean.
function trustAnswerable(t: Tally, ans: Answer, quoted: (e: Answer['excerpts'][number]) => boolean): void {
  if (ans.status === 'not_found') return void add(t, 'trust answerable', false);
  t['trust answerable'] = (t['trust answerable'] ?? 0) + (ans.excerpts.some(quoted) ? 1 : -1);
}

function trustUnanswerable(t: Tally, refused: boolean): void {
  t['trust unanswerable'] = (t['trust unanswerable'] ?? 0) + (refused ? 1 : -1);
}

/**
 * A passage question's answer is quoted when a quote holds the quiz answer's text; when its
 * passage does not hold that text verbatim (a paraphrase), a quote from the passage counts.
 */
function passageQuoted(q: QuizQuestion): (e: Answer['excerpts'][number]) => boolean {
  const verbatim = holdsAnswer(q.evidence, q.answer);
  return (e) => (verbatim ? holdsAnswer(e.quote, q.answer) : e.sourceId === q.id);
}

/** Excerpts shown, and those sharing no content word or name with the question (padding). */
function tallyUnrelated(t: Tally, question: string, ans: Answer): void {
  const wanted = new Set(terms(question).filter((w) => !FRAME_WORDS.has(w)));
  t.shown = (t.shown ?? 0) + ans.excerpts.length;
  t.unrelated = (t.unrelated ?? 0) + ans.excerpts.filter((e) => !terms(e.quote).some((w) => wanted.has(w))).length;
}

function trustCell(t: Tally, key: string): string {
  const both = key === 'trust';
  const sum = both ? (t['trust answerable'] ?? 0) + (t['trust unanswerable'] ?? 0) : t[key];
  const n = both && 'trust unanswerable' in t ? 2 * t.n : t.n;
  return `${(sum / n >= 0 ? '+' : '')}${(sum / n).toFixed(3)} (${sum >= 0 ? '+' : ''}${sum}/${n})`;
}

const pct = (t: Tally, key: string) => {
  if (key.startsWith('trust')) return key in t || (key === 'trust' && 'trust answerable' in t) ? trustCell(t, key) : '—';
  if (!(key in t)) return '—';
  if (key === 'unrelated') return `${((100 * t.unrelated) / Math.max(1, t.shown)).toFixed(1)}% (${t.unrelated}/${t.shown})`;
  if (key === 'p50' || key === 'p95') return `${t[key].toFixed(1)} ms`;
  return `${((100 * t[key]) / t.n).toFixed(1)}% (${t[key]}/${t.n})`;
};

function table(title: string, names: string[], rows: [string, string][], tallies: Map<string, Tally[]>): void {
  console.log(`\n${title}\n`);
  console.log(`| part | measure | ${names.join(' | ')} |`);
  console.log(`|---|---|${names.map(() => '---').join('|')}|`);
  for (const part of PARTS) for (const [key, label] of rows) console.log(`| ${part} | ${label} | ${tallies.get(part)!.map((t) => pct(t, key)).join(' | ')} |`);
}

async function main() {
  const dir = resolve(process.argv[2] ?? '../shared/eval/realtimeqa');
  const { embedder, cache } = await setUp(dir);
  const answerers = SYSTEMS.map((s) => (index: LocalIndex) => createAnswerer({ index: () => index, embedder, ...s.options }));
  const names = ['BM25 (top 1 / top 4 paragraphs)', ...SYSTEMS.map((s) => s.name)];
  const devMax = Number(process.env.RTQA_DEV_MAX ?? Infinity);
  const newsMax = Number(process.env.RTQA_NEWS_MAX ?? Infinity);
  // Issue 20: asked as of each quiz date, beside the plain run (bench/realtimeqa-as-of.ts).
  if (process.argv.includes('--as-of')) {
    const { asOfRun } = await import('./realtimeqa-as-of.js');
    try {
      return await asOfRun(dir, embedder, devMax);
    } finally {
      cache.flush();
    }
  }
  try {
    const a = await passages(dir, embedder, answerers, devMax);
    cache.flush();
    process.stderr.write('\n');
    table(
      '(a) dev-2020-2021: the 1,028 passages as sources; a question is answerable with its passage indexed, unanswerable with it taken out',
      names,
      [
        ['refused', 'answerable refused (lower is better)'],
        ['first', 'own passage cited first'],
        ['any', 'own passage among the excerpts'],
        ['unanswerable refused', 'unanswerable refused (higher is better)'],
        ['unanswerable quoted', 'unanswerable, yet another passage quoted holds the answer’s text'],
        ['trust answerable', 'trust, answerable asks (+1 quoted, 0 refused, −1 not quoted)'],
        ['trust unanswerable', 'trust, unanswerable asks (+1 not found, −1 answered)'],
        ['trust', 'trust score, all asks (mean)'],
        ['unrelated', 'excerpts sharing no content word or name with the question'],
        ['p50', 'ask p50 (embeddings cached)'],
        ['p95', 'ask p95 (embeddings cached)'],
      ],
      a,
    );
    if (newsMax === 0) return;
    const b = await articles(dir, embedder, answerers, newsMax);
    process.stderr.write('\n');
    table(
      `(b) news-2023-2024: each question over its own whole articles; the ${b.scorable} of ${b.total} questions whose answer's text is in one of them`,
      names,
      [
        ['refused', 'refused'],
        ['first', 'answer text in the first quote'],
        ['any', 'answer text in any quote'],
        ['trust answerable', 'trust score (+1 answer quoted, 0 refused, −1 not quoted)'],
        ['unrelated', 'excerpts sharing no content word or name with the question'],
        ['p50', 'ask p50 (embeddings cached; index built per question)'],
        ['p95', 'ask p95 (embeddings cached)'],
      ],
      b.tallies,
    );
  } finally {
    cache.flush();
  }
}

if (process.argv[1]?.endsWith('realtimeqa.js')) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
