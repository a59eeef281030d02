// question → excerpts, citations and disagreements. The extractive answer needs no LLM;
// an optional synthesiser adds a summary that is checked before it is shown.
import { LRUCache } from 'lru-cache';
import type { Embedder } from '../embed/embedder.js';
import type { ParagraphIndex } from '../index/paragraph-index.js';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import { hybridSearch, type SearchOptions } from '../search/search.js';
import type { Answer, Disagreement, Excerpt } from '../types.js';
import { detectDisagreements, type Candidate } from '../disagree/index.js';
import { chooseSentences, DEFAULT_CHOICE, excerptOf, toExcerpts, type ExcerptChoice } from './excerpts.js';
import { splitSentences } from '../corpus/index.js';
import { checkQuestion } from './question.js';
import { renderAnswerText } from './render-text.js';
import type { Synthesiser } from '../llm/index.js';

export type { Synthesiser };
import { candidateSentences, scoreSentences, type ScoredSentence } from './sentences.js';
import { assertedShortlist } from './asserted.js';
import { isInstruction } from '../claims/index.js';

/**
 * Below this score the best sentence does not answer the question. The optimum of
 * bench/calibrate-not-found.ts (answerable vs unanswerable questions over the seeds and
 * over SciFact; BENCHMARKS.md) for the bundled all-MiniLM-L6-v2 (q4). Other embedders
 * have other score scales: set NOT_FOUND_THRESHOLD after running that benchmark.
 */
export const DEFAULT_NOT_FOUND_THRESHOLD = 0.575;

export interface AnswererOptions {
  index: () => ParagraphIndex;
  embedder: Embedder | null;
  threshold?: number;
  maxQuestionChars?: number;
  search?: SearchOptions;
  /** Paragraphs whose sentences are considered. */
  paragraphs?: number;
  choice?: ExcerptChoice;
  synthesiser?: Synthesiser;
  logger?: Logger;
}

export class QuestionRefused extends Error {}

export interface Answerer {
  ask(question: string, options?: { k?: number }): Promise<Answer>;
  /** The refusal `ask` would give before any work (empty, too long, no words), or null. */
  refusal?(question: string): string | null;
}

/** With no query vector (embedding service down): at least half the question's terms must appear. */
export const LEXICAL_THRESHOLD = 0.5;

export function createAnswerer(options: AnswererOptions): Answerer {
  const logger = options.logger ?? silentLogger;
  // Sentences of popular paragraphs come back question after question.
  const cache = new LRUCache<string, Float32Array>({ max: 5000 });
  const threshold = options.threshold ?? DEFAULT_NOT_FOUND_THRESHOLD;
  return {
    refusal(raw) {
      const check = checkQuestion(raw, options.maxQuestionChars);
      return check.ok ? null : check.reason;
    },
    async ask(raw, { k } = {}) {
      const check = checkQuestion(raw, options.maxQuestionChars);
      if (!check.ok) throw new QuestionRefused(check.reason);
      const question = check.question;
      const index = options.index();
      const notes: string[] = [];

      let queryVector: Float32Array | null = null;
      if (options.embedder) {
        try {
          queryVector = await options.embedder.embedQuery(question);
        } catch (err) {
          logger.warn({ err: (err as Error).message }, 'query embedding failed; searching by keywords only');
          notes.push('The embedding service did not answer, so this answer comes from keyword search only and may miss paraphrases.');
        }
      }
      const hits = hybridSearch(index, question, queryVector, { ...options.search, k: options.paragraphs ?? 6 });
      const sentences = assertedShortlist(question, candidateSentences(hits));
      let vectors: Float32Array[] | null = null;
      if (queryVector && sentences.length) {
        try {
          vectors = await sentenceVectors(index, options.embedder!, sentences, cache);
        } catch (err) {
          logger.warn({ err: (err as Error).message }, 'sentence embedding failed');
          queryVector = null;
        }
      }
      const scored = scoreSentences(question, queryVector, sentences, vectors);
      // Keyword-only scores are the share of the question's terms a sentence holds.
      const bar = queryVector ? threshold : LEXICAL_THRESHOLD;
      const choice = { ...DEFAULT_CHOICE, ...options.choice, ...(k ? { max: k, min: Math.min(k, DEFAULT_CHOICE.min) } : {}) };
      const chosen = chooseSentences(scored, bar, choice);
      if (!chosen.length) {
        const answer = { question, status: 'not_found' as const, excerpts: [], disagreements: [], ...(notes.length ? { notes } : {}) };
        return { ...answer, text: renderAnswerText(answer, index.sources().length) };
      }
      const excerpts = toExcerpts(chosen);
      const disagreements = findDisagreements(question, scored, bar, excerpts);

      const answer: Omit<Answer, 'text'> = { question, status: 'answered', excerpts, disagreements };
      if (options.synthesiser) {
        const extra = await options.synthesiser.synthesise(question, excerpts);
        if (extra.summary) answer.summary = extra.summary;
        if (extra.disagreements?.length) answer.disagreements = [...disagreements, ...extra.disagreements];
      }
      if (notes.length) answer.notes = notes;
      return { ...answer, text: renderAnswerText(answer) };
    },
  };
}

/**
 * Vectors for the candidate sentences. A sentence that is its whole paragraph has its
 * paragraph's stored vector; others are embedded once and kept in the cache.
 */
async function sentenceVectors(
  index: ParagraphIndex,
  embedder: Embedder,
  sentences: { hit: { paragraph: { key: number; text: string } }; text: string; start: number; end: number }[],
  cache: LRUCache<string, Float32Array>,
): Promise<Float32Array[]> {
  const out: (Float32Array | undefined)[] = sentences.map((s) =>
    s.start === 0 && s.end === s.hit.paragraph.text.length ? index.vector(s.hit.paragraph.key) : cache.get(s.text),
  );
  const missing = [...new Set(sentences.filter((_, i) => !out[i]).map((s) => s.text))];
  if (missing.length) {
    const fresh = await embedder.embedPassages(missing);
    missing.forEach((text, i) => cache.set(text, fresh[i]));
  }
  return sentences.map((s, i) => out[i] ?? cache.get(s.text)!);
}

/**
 * Runs the disagreement detector over the relevant sentences of different sources. Each
 * sentence comes with the text before it in its paragraph (what a sentence opening with
 * "He" or "The missile" is about) and the sentence after it (which may finish its
 * statement: "… by two monks. They are the only ones to know the recipe."). A claim whose
 * sentence is not shown yet is added as an excerpt, so every citation in a disagreement
 * points at a quote the reader can see.
 */
function findDisagreements(question: string, scored: ScoredSentence[], bar: number, excerpts: Excerpt[]): Disagreement[] {
  // The detector reads sentences a little under the answer bar too, and further under it those
  // holding half the question's words: the model blurs a long sentence ("A wildfire swept through
  // …, destroying 12 homes before …") that states the other side. Its own word rules decide.
  const relevant = scored.filter((s) => s.score >= bar - 0.1 || (s.coverage >= 0.5 && s.score >= bar - 0.2)).slice(0, 24);
  const candidates: Candidate[] = relevant.map((s, id) => {
    const text = s.hit.paragraph.text;
    const next = splitSentences(text).find((x) => x.start >= s.end);
    return {
      id,
      sourceId: s.hit.source.id,
      text: s.text,
      published: s.hit.source.published,
      // Cosine to the question; 0 means the question was not embedded (keyword search only).
      ...(s.cosine !== 0 ? { relevance: s.cosine } : {}),
      ...(s.start > 0 ? { before: text.slice(0, s.start) } : {}),
      ...(next && !isInstruction(next.text) ? { next: text.slice(s.end, next.end) } : {}),
    };
  });
  const found = detectDisagreements(question, candidates);
  if (!found.length) return [];
  const nFor = (s: ScoredSentence, quote: string): number => {
    const end = s.start + quote.length;
    const existing = excerpts.find((e) => e.sourceId === s.hit.source.id && e.paragraph === s.hit.paragraph.index && e.quote.includes(quote));
    if (existing) return existing.n;
    const e = excerptOf(s, s.start, end, s.score, excerpts.length + 1);
    excerpts.push(e);
    return e.n;
  };
  return found.map((d) => ({
    ...d,
    claims: d.claims.map((c) => {
      const s = relevant[c.n];
      return { ...c, n: nFor(s, c.quote) };
    }),
  }));
}
