// Picking the sentences that answer a question out of the top paragraphs.
import { splitSentences } from '../corpus/index.js';
import { dot } from '../embed/embedder.js';
import { terms } from '../index/terms.js';
import type { RankedParagraph } from '../search/search.js';
import { questionKind } from '../claims/index.js';
import { extractValues } from '../claims/index.js';
import { keyTermsOf, modelInput, otherTermsOf, probability, relevanceFeatures, type QuestionContext, type RelevanceModel } from './relevance.js';
import { answerTypeOf, holdsAnswerType, introducedName, questionNames } from '../question/index.js';

export interface ScoredSentence {
  /** Index into the ranked paragraphs it came from. */
  rank: number;
  hit: RankedParagraph;
  text: string;
  start: number;
  end: number;
  /** Cosine similarity to the question (0 when the question could not be embedded). */
  cosine: number;
  /** Share of the question's terms the sentence (or its paragraph's heading) contains. */
  coverage: number;
  /** Cosine nudged by coverage, answer kind and rank: the score before issue 12 (the disagreement detector's relevance). */
  similarity: number;
  /** With a relevance model: the probability that the sentence answers; otherwise `similarity`. */
  score: number;
  /** The relevance model's inputs (only when it was used). */
  features?: number[];
}

type Unscored = Omit<ScoredSentence, 'cosine' | 'coverage' | 'similarity' | 'score' | 'features'>;

export function candidateSentences(hits: RankedParagraph[], maxWords = 80): Unscored[] {
  const out: Unscored[] = [];
  hits.forEach((hit, rank) => {
    if (hit.paragraph.table) {
      out.push(...tableRows(hit, rank));
      return;
    }
    for (const s of splitSentences(hit.paragraph.text)) {
      const wordCount = s.text.split(/\s+/).length;
      // Fragments and list lead-ins ending in ":" quote badly on their own.
      if (wordCount < 4 || wordCount > maxWords || /:\s*$/.test(s.text)) continue;
      out.push({ rank, hit, text: s.text, start: s.start, end: s.end });
    }
  });
  return out;
}

/**
 * A table's data rows, each read with the header row before it ("Country | Target — United
 * Kingdom | 2.5% of GDP"): a row alone rarely holds the question's words. The quote is still
 * the row as written (start/end); the header row on its own answers nothing.
 */
function tableRows(hit: RankedParagraph, rank: number): Unscored[] {
  const text = hit.paragraph.text;
  const rows: { start: number; end: number }[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    const start = at + (line.length - line.trimStart().length);
    const end = at + line.trimEnd().length;
    at += line.length + 1;
    if (end > start) rows.push({ start, end });
  }
  if (rows.length < 2) return [];
  const header = text.slice(rows[0].start, rows[0].end);
  return rows.slice(1).map((r) => ({ rank, hit, text: `${header} — ${text.slice(r.start, r.end)}`, start: r.start, end: r.end }));
}

/**
 * Embedding sentences is most of an answer's time (about 9 ms a sentence on 2 cores), so
 * only the most promising ones are embedded: those sharing the most terms with the
 * question, from the best-ranked paragraphs.
 */
export function shortlist<T extends { rank: number; text: string }>(question: string, sentences: T[], max = 12): T[] {
  if (sentences.length <= max) return sentences;
  const qTerms = [...new Set(terms(question))];
  return sentences
    .map((s, i) => ({ s, i, key: termCoverage(qTerms, s.text) - 0.08 * s.rank }))
    .sort((a, b) => b.key - a.key || a.i - b.i)
    .slice(0, max)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.s);
}

/** Added when a sentence holds a value of the kind the question asks for (a name for "who"). */
export const ANSWER_TYPE_BONUS = 0.08;

/** Whether the sentence holds a value of the asked kind that the question does not already name. */
export function holdsAnswerOfKind(question: string, sentence: string, kind: NonNullable<ReturnType<typeof questionKind>>): boolean {
  if (kind === 'yesno' || kind === 'stance') return false;
  const q = question.toLowerCase();
  return extractValues(sentence, kind).some((v) => !q.includes(v.text.toLowerCase()));
}

export function termCoverage(questionTerms: string[], text: string): number {
  if (questionTerms.length === 0) return 0;
  const have = new Set(terms(text));
  return questionTerms.filter((t) => have.has(t)).length / questionTerms.length;
}

/**
 * Similarity = cosine to the question, nudged by lexical coverage (names and numbers the
 * model blurs) and by the paragraph's rank (set by hand on the seeds before issue 12). With
 * a relevance model and a query vector, the score is the model's probability that the
 * sentence answers (relevance.ts); without a query vector it is the share of the
 * question's terms held (see LEXICAL_THRESHOLD).
 */
export function scoreSentences(
  question: string,
  queryVector: Float32Array | null,
  sentences: Unscored[],
  vectors: Float32Array[] | null,
  model?: RelevanceModel,
  /** Late-interaction scores of the sentences (same order), when the embedder gives token vectors. */
  late?: (number | undefined)[],
): ScoredSentence[] {
  const qTerms = [...new Set(terms(question))];
  const kind = questionKind(question);
  const cosines = sentences.map((_, i) => (queryVector && vectors ? dot(queryVector, vectors[i]) : 0));
  const learned = model && queryVector && vectors ? contextOf(question, qTerms, kind) : null;
  const bestCosine = Math.max(0, ...cosines);
  const bestLexical = Math.max(0, ...sentences.map((s) => s.hit.lexical ?? 0));
  return sentences
    .map((s, i) => {
      const cosine = cosines[i];
      const coverage = termCoverage(qTerms, `${s.hit.paragraph.section ?? ''} ${s.text}`);
      const typed = kind && holdsAnswerOfKind(question, s.text, kind) ? ANSWER_TYPE_BONUS : 0;
      const similarity = queryVector ? cosine + 0.12 * coverage + typed - 0.01 * s.rank : coverage + typed / 2 - 0.01 * s.rank;
      if (!learned) return { ...s, cosine, coverage, similarity, score: similarity };
      const features = relevanceFeatures(learned, {
        ...s,
        paragraph: s.hit.paragraph,
        title: s.hit.source.title,
        cosine,
        paragraphCosine: s.hit.dense ?? cosine,
        bestCosine,
        lexical: bestLexical > 0 ? (s.hit.lexical ?? 0) / bestLexical : 0,
        fused: s.hit.score,
        lateInteraction: late?.[i],
      });
      return { ...s, cosine, coverage, similarity, score: probability(model!.sentence, modelInput(model!.sentence, features)), features };
    })
    .sort((a, b) => b.score - a.score);
}

function contextOf(question: string, qTerms: string[], kind: ReturnType<typeof questionKind>): QuestionContext {
  const keyTerms = keyTermsOf(question);
  // The answer type of src/question: money for "how much … pay", a count of the thing asked about.
  const type = answerTypeOf(question);
  return {
    terms: qTerms,
    keyTerms,
    otherTerms: otherTermsOf(question, keyTerms),
    kind,
    holdsKind: (text) => holdsAnswerType(type, question, text),
    names: questionNames(question),
    introduced: introducedName(question),
  };
}
