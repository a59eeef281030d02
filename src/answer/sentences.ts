// Picking the sentences that answer a question out of the top paragraphs.
import { splitSentences } from '../corpus/index.js';
import { dot } from '../embed/embedder.js';
import { terms } from '../index/terms.js';
import type { RankedParagraph } from '../search/search.js';
import { questionKind } from '../claims/index.js';
import { extractValues } from '../claims/index.js';

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
  score: number;
}

export function candidateSentences(hits: RankedParagraph[], maxWords = 80): Omit<ScoredSentence, 'cosine' | 'coverage' | 'score'>[] {
  const out: Omit<ScoredSentence, 'cosine' | 'coverage' | 'score'>[] = [];
  hits.forEach((hit, rank) => {
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
 * Score = cosine to the question, nudged by lexical coverage (names and numbers the
 * model blurs) and by the paragraph's rank. The weights were set on the seeds'
 * questions and checked on SciFact (see bench/calibrate-not-found.ts).
 */
export function scoreSentences(
  question: string,
  queryVector: Float32Array | null,
  sentences: Omit<ScoredSentence, 'cosine' | 'coverage' | 'score'>[],
  vectors: Float32Array[] | null,
): ScoredSentence[] {
  const qTerms = [...new Set(terms(question))];
  const kind = questionKind(question);
  return sentences
    .map((s, i) => {
      const cosine = queryVector && vectors ? dot(queryVector, vectors[i]) : 0;
      const coverage = termCoverage(qTerms, `${s.hit.paragraph.section ?? ''} ${s.text}`);
      const typed = kind && holdsAnswerOfKind(question, s.text, kind) ? ANSWER_TYPE_BONUS : 0;
      // Without a query vector the score is the share of question terms held (see LEXICAL_THRESHOLD).
      const score = queryVector ? cosine + 0.12 * coverage + typed - 0.01 * s.rank : coverage + typed / 2 - 0.01 * s.rank;
      return { ...s, cosine, coverage, score };
    })
    .sort((a, b) => b.score - a.score);
}
