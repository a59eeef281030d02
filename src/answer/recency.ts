// The recency prior (issue 20): with no time window in the question, among sentences that
// answer about as well, the newest source's comes first, age counted back from the as-of
// time. Its shape is learned (scripts/train-recency.ts, on the RealTime QA tuning part asked
// as of each quiz date): a logistic model over the relevance model's log-odds and a few
// exponential decays of the source's age, whose score orders the candidate sentences. It
// only reorders: whether anything answers is the relevance model's decision, unchanged.
import { publishedInstant } from '../question/index.js';
import type { ScoredSentence } from './sentences.js';
import model from './recency-model.json' with { type: 'json' };

export interface RecencyPrior {
  /** Decay scales in days: the feature for scale s is exp(-age / s). */
  scales: number[];
  /** Weights of [log-odds of the sentence's relevance, one per scale, undated]. */
  weights: number[];
  bias: number;
  /**
   * The not-found bar (answerable probability) when the search was narrowed by a filter (a time
   * window, outlets, the as-of time): set on the tuning part asked as of each quiz date so that
   * at most the same share of answerable questions is refused as the full bar refuses over the whole index.
   */
  narrowedBar?: number;
  trainedOn?: string;
}

export const RECENCY_PRIOR: RecencyPrior = model;

const DAY = 86_400_000;

/** The prior's inputs for one sentence: [log-odds of relevance, exp(-age/s) per scale, undated]. */
export function recencyFeatures(score: number, published: string | undefined, asOf: Date, scales: number[], timeZone: string): number[] {
  const p = Math.min(1 - 1e-6, Math.max(1e-6, score));
  const at = publishedInstant(published, timeZone);
  const logit = Math.log(p / (1 - p));
  if (at === undefined) return [logit, ...scales.map(() => 0), 1];
  const age = Math.max(0, (asOf.getTime() - at) / DAY);
  return [logit, ...scales.map((s) => Math.exp(-age / s)), 0];
}

/** The sentences in the prior's order (best first); their scores are left as they were. */
export function withRecency(scored: ScoredSentence[], asOf: Date, prior: RecencyPrior, timeZone: string): ScoredSentence[] {
  const key = (s: ScoredSentence) => recencyFeatures(s.score, s.hit.source.published, asOf, prior.scales, timeZone).reduce((sum, x, i) => sum + x * prior.weights[i], 0);
  return scored
    .map((s, i) => ({ s, i, k: key(s) }))
    .sort((a, b) => b.k - a.k || a.i - b.i)
    .map((x) => x.s);
}
