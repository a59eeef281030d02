// question → excerpts, citations and disagreements. The extractive answer needs no LLM;
// an optional synthesiser adds a summary that is checked before it is shown.
import { LRUCache } from 'lru-cache';
import type { Embedder, TokenVectors } from '../embed/embedder.js';
import { lateInteractionScores } from './late-interaction.js';
import { missingName } from './missing-name.js';
import { showable, SHOWN_RULES, type ShownRules } from './shown.js';
import type { ParagraphIndex } from '../index/paragraph-index.js';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import { prepared } from '../index/prepare.js';
import type { SearchFilter } from '../search/filter.js';
import { DEFAULT_SEARCH, hybridSearch, type RankedParagraph, type SearchOptions } from '../search/search.js';
import type { Answer, Disagreement, Excerpt } from '../types.js';
import { detectDisagreements, detectStanceDisagreements, type Candidate } from '../disagree/index.js';
import { chooseSentences, DEFAULT_CHOICE, LEARNED_CHOICE, excerptOf, toExcerpts, type ExcerptChoice } from './excerpts.js';
import { splitSentences } from '../corpus/index.js';
import { claimOfQuestion } from '../claims/index.js';
import { checkQuestion } from './question.js';
import { oneCopyPerStory, withAlsoPublishedBy } from './syndication.js';
import { wireCopiesOf } from '../index/syndication.js';
import { renderAnswerText } from './render-text.js';
import type { Synthesiser } from '../llm/index.js';

export type { Synthesiser };
import { candidateSentences, scoreSentences, type ScoredSentence } from './sentences.js';
import { answerableInput, paragraphCosine, probability, RELEVANCE_MODEL, type RelevanceModel } from './relevance.js';
import { assertedShortlist } from './asserted.js';
import { injectedWithin } from '../claims/index.js';
import { askWithFilters } from './filtered-ask.js';
import { newestQuotedFirst } from './newest-first.js';
import { RECENCY_PRIOR, withRecency, type RecencyPrior } from './recency.js';

/**
 * The bar on the hand-set similarity (cosine nudged by coverage) used before issue 12: the
 * optimum of bench/calibrate-not-found.ts for the bundled all-MiniLM-L6-v2 (q4). Still the
 * not-found bar with `relevance: 'similarity'`, and the disagreement detector's relevance bar.
 */
export const SIMILARITY_BAR = 0.575;
/** @deprecated the similarity bar; the default not-found bar is RELEVANCE_MODEL.bar (a probability). */
export const DEFAULT_NOT_FOUND_THRESHOLD = SIMILARITY_BAR;

export interface AnswererOptions {
  index: () => ParagraphIndex;
  embedder: Embedder | null;
  /**
   * Not found under this: with the relevance model, the probability that the sources answer
   * (default RELEVANCE_MODEL.answerable.bar); with `relevance: 'similarity'`, the best sentence's similarity.
   */
  threshold?: number;
  /** The learned relevance model (default), or 'similarity': the hand-set score used before issue 12. */
  relevance?: RelevanceModel | 'similarity';
  /** Sentences embedded and scored per question. */
  shortlist?: number;
  /**
   * Score the shortlisted sentences by late interaction over the model's token vectors (issue
   * 22). Default: when the relevance model reads that signal and the embedder has token vectors.
   */
  lateInteraction?: boolean;
  /** Sees every question's scored sentences (benches and the relevance model's training data). */
  inspect?: (question: string, scored: ScoredSentence[]) => void;
  maxQuestionChars?: number;
  search?: SearchOptions;
  /** Paragraphs whose sentences are considered. */
  paragraphs?: number;
  choice?: ExcerptChoice;
  /** What may be shown beside the best excerpt (issue 22; src/answer/shown.ts). */
  shown?: Partial<ShownRules>;
  synthesiser?: Synthesiser;
  logger?: Logger;
  /** The newsroom's zone ("today", "this week"; default UTC) and clock (default: the system's). */
  timeZone?: string;
  now?: () => Date;
  /** The recency prior (answer/recency.ts; default RECENCY_PRIOR), or false for none. */
  recency?: RecencyPrior | false;
  /** Score multiplier for a conversation's earlier sources (default CONVERSATION_BOOST; 1: none). */
  conversationBoost?: number;
}

export class QuestionRefused extends Error {}

/** What a conversation (issue 21) adds to one question. */
export interface AskContext {
  /** Sources of earlier answers in the conversation: ranked a little higher, never required. */
  boostSources?: readonly string[];
  /** A subject the follow-up brought in, as passages may name it: only passages naming it may answer (else not found). */
  mustMention?: readonly string[];
  /** The conversation's earlier questions (as read): context for the LLM summary, under the same citation check. */
  earlier?: readonly string[];
  /** A desk's sources (issue 21): only these are searched, excerpts and disagreements alike. */
  filter?: SearchFilter;
}

export interface Answerer {
  /** `asOf`: the time the question is asked as of (default: now); its relative dates are read against it. */
  ask(question: string, options?: { k?: number; asOf?: Date } & AskContext): Promise<Answer>;
  /** The refusal `ask` would give before any work (empty, too long, no words), or null. */
  refusal?(question: string): string | null;
}

/**
 * Score multiplier for paragraphs of the sources earlier answers in the conversation quoted
 * (bench/conversations.ts, tuning part).
 */
export const CONVERSATION_BOOST = 1.15;

/** A follow-up's new subject must be named where the answer comes from (paragraph, section or headline). */
function namingSubject(index: ParagraphIndex, hits: RankedParagraph[], names: readonly string[] | undefined): RankedParagraph[] {
  const forms = (names ?? []).map((n) => n.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')).filter(Boolean);
  if (!forms.length) return hits;
  // At a word start: "Russia" names "Russian" too.
  const named = new RegExp(`(?<![\\p{L}\\p{N}])(?:${forms.join('|')})`, 'iu');
  return hits.filter((h) => named.test(h.paragraph.text) || named.test(h.paragraph.section ?? '') || named.test(index.source(h.source.id)?.title ?? h.source.title));
}

/** Both filters at once: the sources in each. */
function narrower(a: SearchFilter | undefined, b: SearchFilter): SearchFilter {
  if (!a?.sourceIds || !b.sourceIds) return { ...a, ...b, sourceIds: a?.sourceIds ?? b.sourceIds };
  const other = a.sourceIds;
  return { ...a, ...b, sourceIds: new Set([...b.sourceIds].filter((id) => other.has(id))) };
}

/** Paragraphs searched for the sources whose stance on a yes/no question's claim is read. */
const STANCE_PARAGRAPHS = 12;

/** With no query vector (embedding service down): at least half the question's terms must appear. */
export const LEXICAL_THRESHOLD = 0.5;

export function createAnswerer(options: AnswererOptions): Answerer {
  const logger = options.logger ?? silentLogger;
  // Sentences of popular paragraphs come back question after question.
  const cache = new LRUCache<string, Float32Array>({ max: 5000 });
  const tokenCache = new LRUCache<string, TokenVectors>({ max: 2000 });
  const model = options.relevance === 'similarity' ? undefined : (options.relevance ?? RELEVANCE_MODEL);
  const fullThreshold = options.threshold ?? model?.answerable.bar ?? SIMILARITY_BAR;
  const baseChoice = model ? LEARNED_CHOICE : DEFAULT_CHOICE;
  const recency = options.recency === false ? undefined : (options.recency ?? RECENCY_PRIOR);
  // Issue 20: a search narrowed by a filter reads maxima over fewer sources; its learned bar (recency.ts).
  const narrowedBar = options.threshold === undefined && model ? recency?.narrowedBar : undefined;
  return {
    refusal(raw) {
      const check = checkQuestion(raw, options.maxQuestionChars);
      return check.ok ? null : check.reason;
    },
    async ask(raw, { k, asOf, boostSources, mustMention, filter, earlier } = {}) {
      const deskFilter = filter ? narrower(options.search?.filter, filter) : options.search?.filter;
      const check = checkQuestion(raw, options.maxQuestionChars);
      if (!check.ok) throw new QuestionRefused(check.reason);
      const now = options.now?.() ?? new Date();
      const at = asOf ?? now;
      // The reply names the as-of time when it is not about now (a chat message's time is now).
      const asOfGiven = Math.abs(at.getTime() - now.getTime()) > 12 * 3_600_000;
      return askWithFilters(check.question, { asOf: at, timeZone: options.timeZone ?? 'UTC', index: options.index(), deskFilter, asOfGiven }, (scope) =>
        answerWithin(scope.text, k, scope.filter, scope.recencyAt, { boostSources, mustMention, earlier }),
      );
    },
  };

  // ── The answer to a question's search text within a filter (issue 20 wraps it: askWithFilters). ──
  async function answerWithin(
    question: string,
    k: number | undefined,
    filter: SearchFilter | undefined,
    recencyAt: Date | undefined,
    { boostSources, mustMention, earlier }: Omit<AskContext, 'filter'>,
  ): Promise<Answer> {
    const search: SearchOptions = { ...options.search, ...(filter ? { filter } : {}) };
    const threshold = filter?.sourceIds && narrowedBar !== undefined ? Math.min(fullThreshold, narrowedBar) : fullThreshold;
    // The body as it was inside `ask` (a block, so its lines stay as they were for concurrent branches).
    {
      const base = options.index();
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
      // A database backend fetches the candidates here; the in-memory index is used as it is.
      const index = await prepared(base, {
        question,
        vector: queryVector,
        candidates: search.candidates ?? DEFAULT_SEARCH.candidates,
        ...(search.filter ? { filter: search.filter } : {}),
      });
      // A question about a name no source mentions is not found, and says which name (issue 22).
      const absent = model ? await missingName(question, base) : null;
      if (absent) return notFound(question, [...notes, `No source mentions “${absent}”.`], index.sources().length);
      const qv = queryVector;
      // One copy of a wire story: the others would fill the slots with the same text.
      const want = options.paragraphs ?? 6;
      const boost = boostSources?.length ? { sources: new Set(boostSources), factor: options.conversationBoost ?? CONVERSATION_BOOST } : undefined;
      const wide = (wireCopiesOf(index).size ? want * 2 : want) * (mustMention?.length ? 3 : 1);
      const hits = namingSubject(index, oneCopyPerStory(index, hybridSearch(index, question, qv, { ...search, k: wide, ...(boost ? { boost } : {}) })), mustMention)
        .slice(0, want)
        .map((h) => (h.dense !== undefined || !qv ? h : { ...h, dense: paragraphCosine(qv, index.vector(h.paragraph.key)) }));
      // Instruction-like sentences never become answers or sides (issue 11).
      const sentences = assertedShortlist(question, candidateSentences(hits), options.shortlist);
      let vectors: Float32Array[] | null = null;
      if (queryVector && sentences.length) {
        try {
          vectors = await sentenceVectors(index, options.embedder!, sentences, cache);
        } catch (err) {
          logger.warn({ err: (err as Error).message }, 'sentence embedding failed');
          queryVector = null;
        }
      }
      const late = vectors && useLateInteraction(options, model) ? await lateScores(options.embedder!, question, sentences, tokenCache, logger) : undefined;
      const scored = scoreSentences(question, queryVector, sentences, vectors, model, late);
      options.inspect?.(question, scored);
      // Issue 20: among sources that answer about as well, the newest (relative to the as-of time) first.
      const ordered = recencyAt && recency ? withRecency(scored, recencyAt, recency, options.timeZone ?? 'UTC') : scored;
      // Keyword-only scores are the share of the question's terms a sentence holds.
      const learned = !!model && !!queryVector;
      const bar = queryVector ? threshold : LEXICAL_THRESHOLD;
      const choice = { ...(learned ? baseChoice : DEFAULT_CHOICE), ...options.choice, ...(k ? { max: k, min: Math.min(k, DEFAULT_CHOICE.min) } : {}) };
      // Learned: one calibrated probability that the sources answer decides not found; the
      // sentences' own probabilities only order and choose the excerpts.
      const chosen = learned
        ? probability(model.answerable, answerableInput(model.answerable, scored)) >= threshold && scored.length
          ? chooseSentences(showable(question, ordered, { ...SHOWN_RULES, ...options.shown }), 0, choice)
          : []
        : chooseSentences(scored, bar, choice);
      if (!chosen.length) return notFound(question, notes, index.sources().length);
      const excerpts = toExcerpts(chosen);
      const found = findDisagreements(question, scored, learned ? SIMILARITY_BAR : bar, excerpts);
      // Where the sources stand on the claim a yes/no question is about, when no values clash.
      // Its sources come from a wider search: a source may state its side in a paragraph that ranks low.
      const disagreements = found.length
        ? found
        : findStanceDisagreements(question, index, claimOfQuestion(question) ? hybridSearch(index, question, queryVector, { ...search, k: STANCE_PARAGRAPHS }) : [], scored, excerpts);
      excerpts.splice(0, excerpts.length, ...withAlsoPublishedBy(index, excerpts));
      // Issue 20: an update's latest report is quoted first.
      const latest = newestQuotedFirst(excerpts, disagreements);

      const answer: Omit<Answer, 'text'> = { question, status: 'answered', excerpts: latest.excerpts, disagreements: latest.disagreements };
      if (options.synthesiser) {
        const extra = await options.synthesiser.synthesise(question, latest.excerpts, earlier);
        if (extra.summary) answer.summary = extra.summary;
        if (extra.disagreements?.length) answer.disagreements = [...latest.disagreements, ...extra.disagreements];
      }
      if (notes.length) answer.notes = notes;
      return { ...answer, text: renderAnswerText(answer) };
    }
  }
}

function notFound(question: string, notes: string[], sources: number): Answer {
  const answer = { question, status: 'not_found' as const, excerpts: [], disagreements: [], ...(notes.length ? { notes } : {}) };
  return { ...answer, text: renderAnswerText(answer, sources) };
}

function useLateInteraction(options: AnswererOptions, model: RelevanceModel | undefined): boolean {
  if (!model || !options.embedder?.embedTokens) return false;
  return options.lateInteraction ?? model.sentence.features.includes('lateInteraction');
}

/** Late-interaction scores of the shortlisted sentences; none when the token run fails (the rest of the answer stands). */
async function lateScores(embedder: Embedder, question: string, sentences: { text: string }[], cache: LRUCache<string, TokenVectors>, logger: Logger): Promise<number[] | undefined> {
  try {
    return (await lateInteractionScores(embedder, question, sentences.map((s) => s.text), cache)) ?? undefined;
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'token vectors failed; answering without late interaction');
    return undefined;
  }
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
  // It reads the similarity (not the learned probability): its rules were set on that scale.
  const relevant = [...scored]
    .sort((a, b) => b.similarity - a.similarity)
    .filter((s) => s.similarity >= bar - 0.1 || (s.coverage >= 0.5 && s.similarity >= bar - 0.2))
    .slice(0, 24);
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
      ...(next && !injectedWithin(text, next.start, next.end, splitSentences) ? { next: text.slice(s.end, next.end) } : {}),
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

/**
 * Stance disagreements: each source among the hits is read whole (a refutation often shares few
 * words with the question: "The story turned out to be a hoax"). Claims cite excerpts, added
 * when the sentence is not shown yet.
 */
function findStanceDisagreements(question: string, index: ParagraphIndex, hits: RankedParagraph[], scored: ScoredSentence[], excerpts: Excerpt[]): Disagreement[] {
  const sources = [...new Map(hits.map((h) => [h.source.id, h.source])).values()];
  const sentences = sources.flatMap((source) =>
    candidateSentences(index.paragraphsOf(source.id).map((paragraph) => ({ paragraph, source }) as RankedParagraph)),
  );
  const found = detectStanceDisagreements(question, sentences.map((s, id) => ({ id, sourceId: s.hit.source.id, text: s.text })));
  return found.map((d) => ({
    ...d,
    claims: d.claims.map((c) => {
      const s = sentences[c.n];
      const shown = excerpts.find((e) => e.sourceId === s.hit.source.id && e.paragraph === s.hit.paragraph.index && e.quote.includes(c.quote));
      if (shown) return { ...c, n: shown.n };
      const score = scored.find((x) => x.hit.paragraph.key === s.hit.paragraph.key && x.start === s.start)?.score ?? 0;
      const e = excerptOf({ ...s, cosine: 0, coverage: 0, similarity: score, score }, s.start, s.end, score, excerpts.length + 1);
      excerpts.push(e);
      return { ...c, n: e.n };
    }),
  }));
}
