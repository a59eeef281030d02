// FNC-1 through the whole answer pipeline: does the bot flag a disagreement, citing both
// sources, when an article refutes a headline, and stay quiet when it agrees, only discusses
// the claim, or is about something else?
//
//   npm run build:bench
//   nice -n 10 node dist-bench/bench/fnc1.js ../shared/eval/fnc1 [--model] [--sample N] [--part held|tune] [--show disagree|agree|discuss]
//
// Per pair (13,305 development pairs), a fresh in-memory index holds two sources: the headline as
// a one-sentence article ("H") and the body, one paragraph per blank-line block ("B"). The
// question "Is it true that <headline>?" goes through `createAnswerer` (hybrid search, sentence
// scoring, not-found bar, value detector, stance detector). A flag is a disagreement whose
// claims cite both sources. --model skips the pipeline: the stance model alone on the whole
// body (what scripts/train-stance.ts optimises). --sample N keeps every disagree pair and the
// first N pairs (file order) of each other class per part; --part keeps one part only.
// The split is bench/fnc1-data.ts isHeldOut (by Body ID, fixed before tuning); the stance model
// and its thresholds were fitted on the tuning part only.
// Embeddings: the bundled all-MiniLM-L6-v2 (q4), every text embedded once and cached in .bench-cache/.
import { resolve } from 'node:path';
import { createAnswerer, QuestionRefused } from '../src/answer/answerer.js';
import { splitSentences } from '../src/corpus/index.js';
import type { Embedder } from '../src/embed/embedder.js';
import { createLocalEmbedder } from '../src/embed/local.js';
import { embeddingText } from '../src/index/ingest.js';
import { readStance } from '../src/claims/stance.js';
import { sourceVerdict } from '../src/claims/sentence-stance.js';
import type { Answer, Source } from '../src/types.js';
import { bodyParagraphs, isHeldOut, loadFnc1, type FncPair, type FncStance } from './fnc1-data.js';
import { cachedEmbed, indexOfSources } from './scifact-data.js';
import { lookupEmbedder } from './vector-cache.js';
import { bodySentences } from '../scripts/train-stance.js';

const STANCES: FncStance[] = ['disagree', 'agree', 'discuss', 'unrelated'];

function sourcesOf(pair: FncPair, body: string): Source[] {
  const h: Source = { id: 'H', title: 'Headline', paragraphs: [{ sourceId: 'H', index: 1, text: pair.headline.replace(/\s+/g, ' ').trim() }] };
  const b: Source = { id: 'B', title: 'Article', paragraphs: bodyParagraphs(body).map((text, i) => ({ sourceId: 'B', index: i + 1, text })) };
  return [h, b];
}

const questionOf = (p: FncPair) => `Is it true that ${p.headline.replace(/\s+/g, ' ').trim().replace(/[?.!]+$/, '')}?`;

function sample(pairs: FncPair[], n: number): FncPair[] {
  if (!n) return pairs;
  const out: FncPair[] = [];
  const seen = new Map<string, number>();
  for (const p of pairs) {
    const key = `${isHeldOut(p.bodyId)}:${p.stance}`;
    const k = seen.get(key) ?? 0;
    if (p.stance === 'disagree' || k < n) out.push(p);
    seen.set(key, k + 1);
  }
  return out;
}

type Table = Record<'tune' | 'held', Record<FncStance, [number, number]>>;
const emptyTable = (): Table => ({
  tune: { disagree: [0, 0], agree: [0, 0], discuss: [0, 0], unrelated: [0, 0] },
  held: { disagree: [0, 0], agree: [0, 0], discuss: [0, 0], unrelated: [0, 0] },
});

function print(title: string, t: Table): void {
  const pct = ([a, b]: [number, number]) => (b ? `${((100 * a) / b).toFixed(1)}% (${a}/${b})` : '-');
  console.log(`\n${title}\n| part | disagree flagged | agree (false alarm) | discuss (false alarm) | unrelated (false alarm) |\n|---|---|---|---|---|`);
  for (const part of ['tune', 'held'] as const) console.log(`| ${part === 'tune' ? 'tuning' : 'held-out'} | ${STANCES.map((s) => pct(t[part][s])).join(' | ')} |`);
}

async function main(): Promise<void> {
  const dir = resolve(process.argv[2] ?? '../shared/eval/fnc1');
  const arg = (f: string) => {
    const i = process.argv.indexOf(f);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const { pairs: all, bodies } = loadFnc1(dir);
  const part = arg('--part');
  const pairs = sample(all, Number(arg('--sample') ?? 0)).filter((p) => !part || (part === 'held') === isHeldOut(p.bodyId));
  const show = arg('--show');
  const table = emptyTable();
  const t0 = Date.now();
  if (process.argv.includes('--model')) {
    const cache = new Map<number, string[]>();
    const judge = emptyTable();
    for (const p of pairs) {
      if (!cache.has(p.bodyId)) cache.set(p.bodyId, bodySentences(bodies.get(p.bodyId) ?? ''));
      const part = isHeldOut(p.bodyId) ? 'held' : 'tune';
      table[part][p.stance][1]++;
      judge[part][p.stance][1]++;
      if (readStance(p.headline, cache.get(p.bodyId)!).stance === 'refutes') table[part][p.stance][0]++;
      if (sourceVerdict(p.headline, cache.get(p.bodyId)!).stance === 'refutes') judge[part][p.stance][0]++;
    }
    print(`Stance reading (model + sentence judge) on whole bodies (${pairs.length} pairs, ${((Date.now() - t0) / 1000).toFixed(0)} s)`, table);
    print('Sentence judge alone (src/claims/sentence-stance.ts, no model)', judge);
    return;
  }

  const model = await createLocalEmbedder({ modelDir: process.env.EMBED_MODEL_DIR ?? 'models/onnx-community/all-MiniLM-L6-v2-ONNX' });
  // Every pair's texts, whatever the sample, so that one cache file serves every run.
  const texts = new Set<string>();
  for (const p of all) {
    texts.add(questionOf(p));
    for (const s of sourcesOf(p, bodies.get(p.bodyId) ?? ''))
      for (const para of s.paragraphs) {
        texts.add(embeddingText(s, para.text, para.section));
        for (const x of splitSentences(para.text)) texts.add(x.text);
      }
  }
  const list = [...texts];
  const vecs = await cachedEmbed(model, list, '.bench-cache', 'fnc1-texts', (n) => process.stderr.write(`\rembedding ${n}/${list.length}`));
  process.stderr.write(`\r${list.length} texts embedded (or read from cache) in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  const embedder = lookupEmbedder(model, new Map(list.map((t, i) => [t, vecs[i]])));

  let notFound = 0;
  const t1 = Date.now();
  for (const [i, p] of pairs.entries()) {
    const sources = sourcesOf(p, bodies.get(p.bodyId) ?? '');
    const vectors = await embedder.embedPassages(sources.flatMap((s) => s.paragraphs.map((x) => embeddingText(s, x.text, x.section))));
    const index = indexOfSources(embedder, sources, vectors, 64);
    const answerer = createAnswerer({ index: () => index, embedder });
    let answer: Answer;
    try {
      answer = await answerer.ask(questionOf(p));
    } catch (err) {
      if (!(err instanceof QuestionRefused)) throw err;
      answer = { question: questionOf(p), status: 'not_found', excerpts: [], disagreements: [], text: '' };
    }
    if (answer.status === 'not_found') notFound++;
    const flagged = answer.disagreements.some((d) => d.claims.some((c) => c.sourceId === 'H') && d.claims.some((c) => c.sourceId === 'B'));
    const cell = table[isHeldOut(p.bodyId) ? 'held' : 'tune'][p.stance];
    cell[1]++;
    if (flagged) cell[0]++;
    if (show === p.stance && flagged !== (p.stance === 'disagree')) console.log(`\n#${i} ${p.stance} body ${p.bodyId}: ${p.headline}\n${answer.text}`);
    if (i % 500 === 0) process.stderr.write(`\r${i}/${pairs.length}`);
  }
  print(`Whole pipeline, "Is it true that <headline>?" (${pairs.length} pairs, ${notFound} not found, ${((Date.now() - t1) / 1000).toFixed(0)} s)`, table);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
