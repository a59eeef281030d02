// The check every LLM text passes before a reader sees it: each sentence cites sources
// that were given, anything in quotation marks is verbatim in a cited excerpt, and the
// sentence's words are mostly found in what it cites (a cited but invented claim fails).
import { splitSentences } from '../corpus/index.js';
import { terms } from '../index/terms.js';
import type { Claim, Disagreement, Excerpt } from '../types.js';

export type Verdict = { ok: true } | { ok: false; reason: string };

const MARKER = /\[(\d{1,2})\]/g;
const QUOTED = /[“"]([^”"]{3,})[”"]/g;

/** Fraction of a sentence's content terms that a cited excerpt must contain. */
export const SUPPORT_MIN = 0.5;

const NUMBER_WORDS =
  'zero|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|dozen|twice';
const NUMBERS = new RegExp(`\\b(?:\\d[\\d,.]*\\d|\\d|${NUMBER_WORDS})\\b`, 'gi');

/** Numbers (in digits or words) a sentence states: each must be in what it cites. */
export function numbersIn(text: string): string[] {
  return [...text.replace(MARKER, ' ').matchAll(NUMBERS)].map((m) => m[0].toLowerCase().replace(/,/g, ''));
}

/** Capitalised words after the first word (names, places): each must be in what it cites. */
export function namesIn(text: string): string[] {
  const words = text.replace(MARKER, ' ').match(/[\p{L}][\p{L}’'-]*/gu) ?? [];
  return words.slice(1).filter((w) => /^\p{Lu}/u.test(w) && w.length > 1 && !/^(?:I|The|A|An|But|And|However|According|Both|Sources?)$/.test(w));
}

/**
 * Text in a source that addresses an AI rather than a reader ("ignore previous
 * instructions…"). Such sentences are not sent to the model.
 */
export function looksLikeInstruction(text: string): boolean {
  return (
    /\b(?:ignore|disregard|forget|override)\b[^.]{0,40}\b(?:previous|prior|above|earlier|all|any|your|the)\b[^.]{0,20}\b(?:instructions?|prompts?|rules|directions|guidelines)\b/i.test(text) ||
    /\b(?:system prompt|you are now|new instructions|(?:AI|language model|LLM) (?:assistants?|models?|systems?)\b[^.]{0,30}\b(?:must|should|shall))\b/i.test(text) ||
    /\b(?:reply|respond|answer|say)\s+only\s+with\b/i.test(text)
  );
}

const norm = (s: string) => s.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();

export function verifySummary(summary: string, excerpts: Excerpt[]): Verdict {
  const byN = new Map(excerpts.map((e) => [e.n, e]));
  const sentences = splitSentences(summary.trim()).map((s) => s.text);
  if (!sentences.length) return { ok: false, reason: 'empty summary' };
  for (const sentence of sentences) {
    const cited = [...sentence.matchAll(MARKER)].map((m) => Number(m[1]));
    if (!cited.length) return { ok: false, reason: `a sentence has no citation: "${sentence.slice(0, 80)}"` };
    const unknown = cited.filter((n) => !byN.has(n));
    if (unknown.length) return { ok: false, reason: `cites [${unknown.join('], [')}], which was not given` };
    const citedText = cited.map((n) => byN.get(n)!.quote);
    for (const m of sentence.matchAll(QUOTED)) {
      // Exact: a quotation shown to a reader is the source's own characters (spacing aside).
      const q = m[1].replace(/\s+/g, ' ').trim();
      if (!citedText.some((t) => t.replace(/\s+/g, ' ').includes(q))) return { ok: false, reason: `quotes words not found in the cited source: "${m[1].slice(0, 80)}"` };
    }
    const citedLower = norm(citedText.join(' ')).toLowerCase();
    const citedNumbers = new Set(numbersIn(citedText.join(' ')));
    const strayNumber = numbersIn(sentence).find((x) => !citedNumbers.has(x));
    if (strayNumber) return { ok: false, reason: `states a number not in what it cites ("${strayNumber}")` };
    const strayName = namesIn(sentence).find((w) => !citedLower.includes(norm(w).toLowerCase()));
    if (strayName) return { ok: false, reason: `names something not in what it cites ("${strayName}")` };
    const words = [...new Set(terms(sentence.replace(MARKER, ' ')))];
    if (words.length >= 3) {
      const available = new Set(citedText.flatMap((t) => terms(t)));
      const supported = words.filter((w) => available.has(w)).length / words.length;
      if (supported < SUPPORT_MIN) return { ok: false, reason: `a sentence is not supported by what it cites (${Math.round(supported * 100)}% of its words): "${sentence.slice(0, 80)}"` };
    }
  }
  return { ok: true };
}

export interface ProposedDisagreement {
  topic?: unknown;
  claims?: { n?: unknown; quote?: unknown }[];
}

/** Keeps the LLM's stance disagreements whose quotes are verbatim in the cited excerpts of two or more sources. */
export function verifyDisagreements(proposed: ProposedDisagreement[], excerpts: Excerpt[]): Disagreement[] {
  const byN = new Map(excerpts.map((e) => [e.n, e]));
  const out: Disagreement[] = [];
  for (const d of proposed) {
    if (typeof d.topic !== 'string' || !d.topic.trim() || !Array.isArray(d.claims)) continue;
    const claims: Claim[] = [];
    for (const c of d.claims) {
      const e = typeof c.n === 'number' ? byN.get(c.n) : undefined;
      if (!e || typeof c.quote !== 'string' || c.quote.trim().length < 3) continue;
      // Shown in quotation marks, so it must be the source's own characters.
      if (!e.quote.includes(c.quote.trim())) continue;
      claims.push({ value: c.quote.trim(), n: e.n, sourceId: e.sourceId, quote: e.quote });
    }
    if (new Set(claims.map((c) => c.sourceId)).size >= 2) out.push({ topic: d.topic.trim().slice(0, 200), kind: 'stance', claims });
  }
  return out;
}
