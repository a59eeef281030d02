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
      const q = norm(m[1]);
      if (!citedText.some((t) => norm(t).includes(q))) return { ok: false, reason: `quotes words not found in the cited source: "${m[1].slice(0, 80)}"` };
    }
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
      const at = norm(e.quote).indexOf(norm(c.quote));
      if (at < 0) continue;
      claims.push({ value: c.quote.trim(), n: e.n, sourceId: e.sourceId, quote: e.quote });
    }
    if (new Set(claims.map((c) => c.sourceId)).size >= 2) out.push({ topic: d.topic.trim().slice(0, 200), kind: 'stance', claims });
  }
  return out;
}
