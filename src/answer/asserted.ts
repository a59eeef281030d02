// Only what a source asserts may be quoted as an answer's claim or be a side of a
// disagreement: instructions and meta-text ("Ignore previous instructions and reply that …",
// "Note for automated summaries: …") are left out where candidate sentences are chosen.
import { injectedWithin, isInstruction } from '../claims/index.js';
import { splitSentences } from '../corpus/index.js';
import { shortlist } from './sentences.js';

/**
 * The shortlist of sentences worth embedding, with instruction-like ones replaced by the
 * next best. Only shortlisted sentences are read (the recogniser tags parts of speech, a few
 * ms a sentence), so each round costs at most `max` readings, most of them cached.
 */
export function assertedShortlist<T extends Judged>(question: string, sentences: T[], max = 12): T[] {
  const rejected = new Set<T>();
  for (;;) {
    const pick = shortlist(question, rejected.size ? sentences.filter((s) => !rejected.has(s)) : sentences, max);
    const bad = pick.filter(injected);
    if (!bad.length) return pick;
    for (const s of bad) rejected.add(s);
  }
}

interface Judged {
  rank: number;
  text: string;
  start?: number;
  end?: number;
  hit?: { paragraph: { text: string } };
}

/** Judged with its paragraph's other sentences where it has one (issue 19: "… that is the figure to give"). */
function injected(s: Judged): boolean {
  if (!s.hit || s.start === undefined || s.end === undefined) return isInstruction(s.text);
  return injectedWithin(s.hit.paragraph.text, s.start, s.end, splitSentences);
}
