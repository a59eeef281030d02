// The check every LLM text passes before a reader sees it: each sentence cites sources
// that were given, anything in quotation marks is verbatim in a cited excerpt, the numbers,
// names and negations it states are in what it cites, and its words are mostly found there
// (a cited but invented claim fails). The word-level checks are in verify-checks.ts.
import { splitSentences } from '../corpus/index.js';
import { terms } from '../index/terms.js';
import type { Claim, Disagreement, Excerpt } from '../types.js';
import {
  findVerbatim,
  MARKER,
  midSentenceCapitals,
  nameIn,
  namesIn,
  negationsIn,
  normaliseCitations,
  normaliseQuoteText,
  numbersIn,
  quotationsIn,
  quotedIn,
} from './verify-checks.js';
import { FRAME_WORDS, injectedSentences, isInstruction, STOPWORDS } from '../claims/index.js';

export { namesIn, normaliseCitations, numbersIn, quotationsIn } from './verify-checks.js';

export type Verdict = { ok: true } | { ok: false; reason: string };

/** Fraction of a sentence's content terms that a cited excerpt must contain. */
export const SUPPORT_MIN = 0.5;
/** Below this many content terms, a sentence's every term must be in what it cites. */
export const SHORT_SENTENCE_TERMS = 4;
/** Fewest words a disagreement's quote may have (one word says nothing about a stance). */
export const MIN_QUOTE_WORDS = 3;

/** Checks one sentence against the excerpts it cites; returns why it fails, or null. */
function checkSentence(sentence: string, byN: Map<number, Excerpt>, all: string[], capitals: Set<string>): string | null {
  const cited = [...sentence.matchAll(MARKER)].map((m) => Number(m[1]));
  if (!cited.length) return `a sentence has no citation: "${sentence.slice(0, 80)}"`;
  const unknown = cited.filter((n) => !byN.has(n));
  if (unknown.length) return `cites [${unknown.join('], [')}], which was not given`;
  const citedText = cited.map((n) => byN.get(n)!.quote);
  const joined = citedText.join(' ');
  // Exact: a quotation shown to a reader is the source's own words (quote marks and spacing aside).
  const badQuote = quotationsIn(sentence).find((q) => !quotedIn(q, citedText));
  if (badQuote !== undefined) return `quotes words not found in the cited source: "${badQuote.slice(0, 80)}"`;
  const citedNumbers = new Set(numbersIn(joined).map((x) => x.value));
  const strayNumber = numbersIn(sentence).find((x) => !citedNumbers.has(x.value));
  if (strayNumber) return `states a number not in what it cites ("${strayNumber.text}")`;
  const strayName = namesIn(sentence, all, capitals).find((w) => !nameIn(w, joined));
  if (strayName) return `names something not in what it cites ("${strayName}")`;
  const citedNegations = new Set(negationsIn(joined));
  const strayNegation = negationsIn(sentence.replace(MARKER, ' ')).find((k) => !citedNegations.has(k));
  if (strayNegation) return `negates (“${strayNegation}”) where what it cites does not: "${sentence.slice(0, 80)}"`;
  const words = [...new Set(terms(normaliseQuoteText(sentence.replace(MARKER, ' '))))];
  if (!words.length) return null;
  const available = new Set(citedText.flatMap((t) => terms(normaliseQuoteText(t))));
  const supported = words.filter((w) => available.has(w)).length / words.length;
  const needed = words.length < SHORT_SENTENCE_TERMS ? 1 : SUPPORT_MIN;
  if (supported < needed) return `a sentence is not supported by what it cites (${Math.round(supported * 100)}% of its words): "${sentence.slice(0, 80)}"`;
  return null;
}

export function verifySummary(summary: string, excerpts: Excerpt[]): Verdict {
  const byN = new Map(excerpts.map((e) => [e.n, e]));
  const sentences = splitSentences(normaliseCitations(summary.trim())).map((s) => s.text);
  if (!sentences.length) return { ok: false, reason: 'empty summary' };
  const all = excerpts.map((e) => e.quote);
  const capitals = midSentenceCapitals(all);
  // The same excerpts cut down to what their source asserts: no instructions, no claims it only reports.
  const assertedBy = (attributes: boolean) => new Map(excerpts.map((e) => [e.n, { ...e, quote: assertedText(e.quote, attributes) }]));
  for (const sentence of sentences) {
    const reason = checkSentence(sentence, byN, all, capitals);
    if (reason) return { ok: false, reason };
    // Containing the words is not enough: the cited source must assert what the sentence says.
    if (checkSentence(sentence, assertedBy(ATTRIBUTES.test(sentence)), all, capitals))
      return { ok: false, reason: `rests on text the cited source does not assert (an instruction, or a claim it only reports): "${sentence.slice(0, 80)}"` };
  }
  return { ok: true };
}

/** A summary sentence that itself says the claim is only claimed or reported. */
const ATTRIBUTES = /\b(?:claim(?:s|ed|ing)?|alleg(?:e|es|ed|edly|ation|ations)|rumou?r(?:s|ed)?|reportedly|according to|said|says|say|told|posts?|unverified|unconfirmed|purported(?:ly)?|falsely)\b/i;
/** A claim the source only reports, at a distance, rather than asserts. */
const DISTANCED = /\b(?:claim(?:s|ed|ing)?|alleg(?:e|es|ed|edly)|rumou?r(?:s|ed)?|purported(?:ly)?|falsely|unverified|unconfirmed|hoax)\b/i;

/**
 * The sentences of an excerpt its source asserts: instructions and meta-text never count;
 * claims it reports at a distance ("posts claimed …") count only for a sentence that
 * attributes them too.
 */
export function assertedText(quote: string, attributes: boolean): string {
  const sentences = splitSentences(quote);
  const injected = injectedSentences(sentences.map((s) => s.text)); // judged with their neighbours
  return sentences
    .filter((s, i) => !injected.has(i) && (attributes || !DISTANCED.test(s.text)))
    .map((s) => s.text)
    .join(' ');
}

/**
 * Text in a source that addresses an AI or a reader rather than stating anything ("ignore
 * previous instructions…", "Note for automated summaries: …"): any sentence of it that the
 * recogniser in claims/instruction.ts reads as an instruction. Such text is not sent to the model.
 */
export function looksLikeInstruction(text: string): boolean {
  return splitSentences(text).some((s) => isInstruction(s.text));
}

export interface ProposedDisagreement {
  topic?: unknown;
  claims?: { n?: unknown; quote?: unknown }[];
}

/** Content words of a disagreement's topic (not "how long", "the number of"): each must be in what its claims cite. */
function topicSupported(topic: string, cited: string[]): boolean {
  const available = new Set(cited.flatMap((t) => terms(normaliseQuoteText(t))));
  const lowerCited = cited.join(' ').toLowerCase();
  for (const word of normaliseQuoteText(topic).toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []) {
    if (STOPWORDS.has(word) || FRAME_WORDS.has(word)) continue;
    const ts = terms(word);
    if (ts.length && !ts.every((t) => available.has(t)) && !lowerCited.includes(word)) return false;
  }
  return true;
}

/**
 * Keeps the LLM's stance disagreements whose quotes are verbatim in the cited excerpts of two
 * or more sources, each quote at least MIN_QUOTE_WORDS words, and whose topic is about what
 * those excerpts say.
 */
export function verifyDisagreements(proposed: ProposedDisagreement[], excerpts: Excerpt[]): Disagreement[] {
  const byN = new Map(excerpts.map((e) => [e.n, e]));
  const out: Disagreement[] = [];
  for (const d of proposed) {
    if (!d || typeof d.topic !== 'string' || !d.topic.trim() || !Array.isArray(d.claims)) continue;
    const claims: Claim[] = [];
    for (const c of d.claims) {
      const e = c && typeof c.n === 'number' ? byN.get(c.n) : undefined;
      if (!e || typeof c.quote !== 'string') continue;
      const quote = c.quote.trim().replace(/\s+/g, ' ');
      if ((quote.match(/[\p{L}\p{N}]+/gu) ?? []).length < MIN_QUOTE_WORDS) continue;
      // Shown in quotation marks, so it must be the source's own words (and is shown as the source writes them).
      const verbatim = findVerbatim(quote, e.quote);
      if (verbatim === null || looksLikeInstruction(verbatim)) continue;
      claims.push({ value: verbatim, n: e.n, sourceId: e.sourceId, quote: e.quote });
    }
    if (new Set(claims.map((c) => c.sourceId)).size < 2) continue;
    if (!topicSupported(d.topic, claims.map((c) => c.quote))) continue;
    out.push({ topic: d.topic.trim().slice(0, 200), kind: 'stance', claims });
  }
  return out;
}
