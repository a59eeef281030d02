// Turning scored sentences into numbered, verbatim excerpts.
import { splitSentences } from '../corpus/index.js';
import type { Excerpt } from '../types.js';
import type { ScoredSentence } from './sentences.js';

export interface ExcerptChoice {
  /** Most excerpts shown. */
  max: number;
  /** Fewest shown when that many clear the threshold. */
  min: number;
  /** Most excerpts from one source. */
  perSource: number;
  /** Sentences scoring more than this below the best are left out. */
  margin: number;
  /** Once the best sentence clears the threshold, others may score this much below it. */
  slack: number;
}

/** For the similarity score (before issue 12; also keyword-only answers). */
export const DEFAULT_CHOICE: ExcerptChoice = { max: 4, min: 2, perSource: 2, margin: 0.12, slack: 0.1 };
/**
 * For the learned probability that a sentence answers. Whether anything answers is decided
 * before (the answerable model), so the threshold passed is 0 and the excerpts are the most
 * probable sentences in order, up to two per source (two next to each other become one
 * quote), up to four. Issue 12 chose one per source on "own passage among the excerpts"
 * (84.5% against 80.2% with margin 0.5 and two). Issue 22 (bench/realtimeqa.ts
 * RTQA_PER_SOURCE=2, session 6; BENCHMARKS.md): on whole articles two raise the trust score
 * (−0.098 → −0.024 tuning, +0.099 → +0.127 held-out) and the answer in the first quote (tuning
 * 20.7 → 25.6%); on the passages, all 1,028 questions, trust is unchanged (±2 asks) with fewer,
 * longer quotes and the own passage among the excerpts 84.7 → 83.9% held-out.
 */
export const LEARNED_CHOICE: ExcerptChoice = { max: 4, min: 2, perSource: 2, margin: 1, slack: 0 };

/**
 * Chooses the sentences to quote. The threshold decides whether anything answers at all
 * (the best sentence); the others are the next best, a few per source, close to the best
 * and not far below the threshold.
 */
export function chooseSentences(scored: ScoredSentence[], threshold: number, choice: ExcerptChoice = DEFAULT_CHOICE): ScoredSentence[] {
  if (!scored.length || scored[0].score < threshold) return [];
  const best = scored[0].score;
  const chosen: ScoredSentence[] = [];
  const perSource = new Map<string, number>();
  const seenText = new Set<string>();
  for (const s of scored) {
    if (chosen.length >= choice.max) break;
    if (s.score < threshold - choice.slack) break;
    if (s.score < best - choice.margin && chosen.length >= choice.min) break;
    const src = s.hit.source.id;
    if ((perSource.get(src) ?? 0) >= choice.perSource) continue;
    const norm = s.text.toLowerCase().replace(/\W+/g, ' ').trim();
    if (seenText.has(norm)) continue; // the same sentence syndicated in two outlets is shown once
    seenText.add(norm);
    chosen.push(s);
    perSource.set(src, (perSource.get(src) ?? 0) + 1);
  }
  return chosen;
}

/**
 * Builds excerpts in reading order of relevance. Two chosen sentences that stand next to
 * each other in one paragraph become one quote.
 */
export function toExcerpts(chosen: ScoredSentence[]): Excerpt[] {
  const merged: { s: ScoredSentence; start: number; end: number; score: number }[] = [];
  for (const s of chosen) {
    const neighbour = merged.find(
      (m) => m.s.hit.paragraph.key === s.hit.paragraph.key && (textBetween(m.s, m.end, s.start) || textBetween(m.s, s.end, m.start)),
    );
    if (neighbour) {
      neighbour.start = Math.min(neighbour.start, s.start);
      neighbour.end = Math.max(neighbour.end, s.end);
      neighbour.score = Math.max(neighbour.score, s.score);
    } else merged.push({ s, start: s.start, end: s.end, score: s.score });
  }
  return merged.map((m, i) => excerptOf(m.s, m.start, continuationEnd(m.s.hit.paragraph.text, m.end), m.score, i + 1));
}

// A next sentence that opens with a pronoun or a contrast usually finishes the thought ("JD
// Vance … mentioned that …. He expressed that, “it takes two to tango,” …"; "… which Ukraine
// had already accepted. However, Putin rejected it."): quote both, whole.
const CONTINUES = /^(?:He|She|His|Her|It|Its|They|Their|This|That|These|Those|However|But|Yet|Instead|Still)\b/;
const MAX_QUOTE_WORDS = 70;

export function continuationEnd(paragraph: string, end: number): number {
  const next = splitSentences(paragraph).find((x) => x.start >= end);
  if (!next || !CONTINUES.test(next.text) || !/^\s*$/.test(paragraph.slice(end, next.start))) return end;
  const words = paragraph.slice(0, next.end).split(/\s+/).length - paragraph.slice(0, end).split(/\s+/).length;
  return words <= MAX_QUOTE_WORDS / 2 ? next.end : end;
}

function textBetween(s: ScoredSentence, from: number, to: number): boolean {
  return from <= to && /^\s*$/.test(s.hit.paragraph.text.slice(from, to));
}

export function excerptOf(s: ScoredSentence, start: number, end: number, score: number, n: number): Excerpt {
  const { paragraph, source } = s.hit;
  return {
    n,
    sourceId: source.id,
    title: source.title,
    ...(source.url ? { url: source.url } : {}),
    ...(source.published ? { published: source.published } : {}),
    ...(source.outlet ? { outlet: source.outlet } : {}),
    paragraph: paragraph.index,
    quote: paragraph.text.slice(start, end),
    ...(paragraph.table ? { table: true as const } : {}),
    score: Math.round(score * 1000) / 1000,
    ...(source.updated ? { updated: source.updated } : {}),
    ...(source.summaryOnly ? { summaryOnly: true } : {}),
  };
}
