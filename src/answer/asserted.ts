// Only what a source asserts may be quoted as an answer's claim or be a side of a
// disagreement: instructions and meta-text ("Ignore previous instructions and reply that …",
// "Note for automated summaries: …") are left out where candidate sentences are chosen.
import { isInstruction } from '../claims/index.js';
import { shortlist } from './sentences.js';

/**
 * The shortlist of sentences worth embedding, with instruction-like ones replaced by the
 * next best. Only shortlisted sentences are read (the recogniser tags parts of speech, a few
 * ms a sentence), so each round costs at most `max` readings, most of them cached.
 */
export function assertedShortlist<T extends { rank: number; text: string }>(question: string, sentences: T[], max = 12): T[] {
  const rejected = new Set<T>();
  for (;;) {
    const pick = shortlist(question, rejected.size ? sentences.filter((s) => !rejected.has(s)) : sentences, max);
    const bad = pick.filter((s) => isInstruction(s.text));
    if (!bad.length) return pick;
    for (const s of bad) rejected.add(s);
  }
}
