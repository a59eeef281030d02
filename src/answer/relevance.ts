// How likely a sentence answers the question: a logistic regression over cheap signals of
// the sentence, its neighbours, its paragraph and its source. The weights are learned
// (scripts/train-relevance.ts, from the tuning part of ../shared/eval/realtimeqa) and
// live in relevance-model.json; nothing here is set by hand but the choice of features.
import { dot } from '../embed/embedder.js';
import { terms } from '../index/terms.js';
import { splitSentences } from '../corpus/index.js';
import type { ValueKind } from '../types.js';
import { FRAME_WORDS } from '../claims/index.js';
import { introduces, nameCoverage, type QuestionName } from '../question/index.js';
import model from './relevance-model.json' with { type: 'json' };

export const FEATURES = [
  'sentenceCosine',
  'paragraphCosine',
  'behindBestCosine',
  'lexical',
  'fused',
  'rank',
  'sentenceTerms',
  'neighbourTerms',
  'paragraphTerms',
  'titleTerms',
  'keyTerms',
  'noKeyTerms',
  'otherTerms',
  'answerKind',
  'nextAnswerKind',
  'kindKnown',
  'length',
  // Issue 22: the question's names in the sentence (surname, title + surname), a sentence that
  // introduces the name a "who is X" asks about, where the sentence stands in its article,
  // and the late-interaction score from the model's token vectors (when the embedder has them).
  'nameShare',
  'contextNameShare',
  'introduces',
  'leadParagraph',
  'firstSentence',
  'lateInteraction',
  'questionNamed',
] as const;

export type Feature = (typeof FEATURES)[number];

/** The question-level signals of the not-found decision, from the scored sentences. */
export const ANSWERABLE_FEATURES = ['bestSentenceCosine', 'bestParagraphCosine', 'bestSentenceTerms'] as const;
/**
 * Issue 22's question-level signal: the question names someone or something and no candidate
 * (with its title and the sentence before) names all of it: 1 − the best such share.
 */
export const NAME_GAP = 'nameGap';

export interface Logistic {
  features: string[];
  weights: number[];
  bias: number;
}

export interface RelevanceModel {
  /** P(this sentence answers the question), used to order and choose excerpts. */
  sentence: Logistic;
  /** P(the sources answer the question at all); not found below `bar`. */
  answerable: Logistic & { bar: number };
  note?: string;
}

export const RELEVANCE_MODEL: RelevanceModel = model;

/** What is known about the question once, for all its sentences. */
export interface QuestionContext {
  terms: string[];
  /** Terms of the question's names and numbers (capitalised words after the first, digits). */
  keyTerms: string[];
  /** Its other terms (otherTermsOf). */
  otherTerms: string[];
  kind: ValueKind | null;
  /** Whether a text holds a value of the asked kind that the question does not name. */
  holdsKind: (text: string) => boolean;
  /** The names the question is about (src/question). */
  names?: QuestionName[];
  /** "Who is X?": X. */
  introduced?: QuestionName | null;
}

export function keyTermsOf(question: string): string[] {
  const out = new Set<string>();
  let first = true;
  for (const m of question.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu)) {
    const w = m[0];
    if ((!first && /^\p{Lu}/u.test(w)) || /\d/.test(w)) for (const t of terms(w)) out.add(t);
    first = false;
  }
  return [...out];
}

/** The signals of one sentence, in FEATURES order. */
export interface SentenceSignals {
  text: string;
  start: number;
  end: number;
  rank: number;
  paragraph: { text: string; section?: string; index?: number };
  title: string;
  cosine: number;
  paragraphCosine: number;
  bestCosine: number;
  /** BM25 of the paragraph over the best BM25 among the paragraphs considered (0 when not matched). */
  lexical: number;
  /** The paragraph's fused search score (min-max normalised, 0..1). */
  fused: number;
  /** Late-interaction score (each question token's best match in the sentence, averaged); 0 when not computed. */
  lateInteraction?: number;
}

/** The question's words that are neither names, numbers nor its frame ("how much", "what year"). */
export function otherTermsOf(question: string, keyTerms: string[]): string[] {
  const out = new Set<string>();
  for (const m of question.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu)) {
    if (FRAME_WORDS.has(m[0].toLowerCase())) continue;
    for (const t of terms(m[0])) if (!keyTerms.includes(t)) out.add(t);
  }
  return [...out];
}

export function share(wanted: string[], text: string): number {
  if (!wanted.length) return 0;
  const have = new Set(terms(text));
  return wanted.filter((t) => have.has(t)).length / wanted.length;
}

export function relevanceFeatures(q: QuestionContext, s: SentenceSignals): number[] {
  const para = s.paragraph.text;
  const spans = splitSentences(para);
  const prev = spans.filter((x) => x.end <= s.start).pop();
  const next = spans.find((x) => x.start >= s.end);
  const words = s.text.split(/\s+/).length;
  const kindKnown = q.kind !== null && q.kind !== 'yesno' && q.kind !== 'stance';
  return [
    s.cosine,
    s.paragraphCosine,
    s.cosine - s.bestCosine,
    s.lexical,
    s.fused,
    Math.min(s.rank, 10) / 10,
    share(q.terms, s.text),
    share(q.terms, `${prev?.text ?? ''} ${s.text} ${next?.text ?? ''}`),
    share(q.terms, `${s.paragraph.section ?? ''} ${para}`),
    share(q.terms, s.title),
    share(q.keyTerms, s.text),
    q.keyTerms.length ? 0 : 1,
    // The question's other words (its predicate: "pay", "rejected") tell the sale price from a break-up fee.
    share(q.otherTerms, s.text),
    kindKnown && q.holdsKind(s.text) ? 1 : 0,
    kindKnown && next && q.holdsKind(next.text) ? 1 : 0,
    kindKnown ? 1 : 0,
    Math.log(Math.max(words, 1)) / Math.log(80),
    nameCoverage(q.names ?? [], s.text),
    nameCoverage(q.names ?? [], `${s.title} ${s.paragraph.section ?? ''} ${prev?.text ?? ''} ${s.text}`),
    q.introduced && introduces(q.introduced, s.text) ? 1 : 0,
    // Inverted pyramid: the lede and the first paragraphs carry the key facts.
    1 / Math.max(1, s.paragraph.index ?? 1),
    s.start === 0 ? 1 : 0,
    s.lateInteraction ?? 0,
    (q.names ?? []).length ? 1 : 0,
  ];
}

/** A model's inputs out of all the features (a model may use a subset, by name). */
export function modelInput(m: Logistic, x: number[]): number[] {
  if (m.features.length === x.length && m.features.every((f, i) => f === FEATURES[i])) return x;
  return m.features.map((f) => x[FEATURES.indexOf(f as Feature)] ?? 0);
}

export function probability(m: Logistic, x: number[]): number {
  let z = m.bias;
  for (let i = 0; i < x.length; i++) z += m.weights[i] * x[i];
  return 1 / (1 + Math.exp(-z));
}

export function paragraphCosine(queryVector: Float32Array, stored: Float32Array | undefined, fallback = 0): number {
  return stored ? dot(queryVector, stored) : fallback;
}

/**
 * The not-found model's inputs: the best sentence cosine, paragraph cosine and share of the
 * question's terms in a sentence among the candidates. Absolute signals only: the sentence
 * model also reads signals relative to the other candidates (rank, share of the best BM25),
 * which say which sentence answers best, not whether any does.
 */
export function answerableFeatures(scored: { features?: number[] }[]): number[] {
  const best = (name: (typeof FEATURES)[number]) => Math.max(0, ...scored.map((s) => s.features?.[FEATURES.indexOf(name)] ?? 0));
  return [best('sentenceCosine'), best('paragraphCosine'), best('sentenceTerms')];
}

/** The not-found model's inputs by name: ANSWERABLE_FEATURES, and NAME_GAP when the model reads it. */
export function answerableInput(m: Logistic, scored: { features?: number[] }[]): number[] {
  const base = answerableFeatures(scored);
  if (!m.features.includes(NAME_GAP)) return base;
  const best = (name: Feature) => Math.max(0, ...scored.map((s) => s.features?.[FEATURES.indexOf(name)] ?? 0));
  const gap = best('questionNamed') ? 1 - best('contextNameShare') : 0;
  return m.features.map((f) => (f === NAME_GAP ? gap : base[ANSWERABLE_FEATURES.indexOf(f as (typeof ANSWERABLE_FEATURES)[number])]));
}
