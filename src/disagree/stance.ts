// Stance disagreement: for the claim a yes/no (or statement-like) question is about, where does
// each source stand? One source supporting the claim and another refuting it is a disagreement,
// both quoted and cited. A source that only reports the claim is said to report it, and is not
// counted as a side.
import type { Claim, Disagreement } from '../types.js';
import { claimOfQuestion, readStance, type Stance } from '../claims/index.js';

export interface StanceSentence {
  /** Returned as the claim's `n`; the caller maps it to an excerpt. */
  id: number;
  sourceId: string;
  text: string;
}

export interface SourceStance {
  sourceId: string;
  stance: Stance;
  /** The sentence that shows it (id as given), or undefined when the source says nothing on the claim. */
  sentence?: StanceSentence;
  /** Whose refutation it is ("the Kremlin"), when the source attributes it. */
  attribution?: string;
}

/** Each source's stance on the claim, in the order sources first appear. */
export function sourceStances(claim: string, sentences: StanceSentence[]): SourceStance[] {
  const bySource = new Map<string, StanceSentence[]>();
  for (const s of sentences) bySource.set(s.sourceId, [...(bySource.get(s.sourceId) ?? []), s]);
  return [...bySource.entries()].map(([sourceId, list]) => {
    const r = readStance(claim, list.map((s) => s.text));
    return { sourceId, stance: r.stance, ...(r.quote >= 0 ? { sentence: list[r.quote] } : {}), ...(r.attribution ? { attribution: r.attribution } : {}) };
  });
}

const SHOWN: Partial<Record<Stance, string>> = { supports: 'yes', leans: 'yes, in part', refutes: 'no' };

/** "no", or "no, according to the Kremlin" for a refutation the source attributes to a party. */
function shownValue(s: SourceStance): string {
  const party = s.attribution?.replace(/^The\b/, 'the');
  return s.stance === 'refutes' && party ? `${SHOWN.refutes}, according to ${party}` : SHOWN[s.stance]!;
}

/**
 * A source refuting the claim and another supporting it, or leaning towards it ("acknowledged the
 * idea of a ceasefire but raised questions" beside "Putin rejected it"), are shown side by side.
 */
export function detectStanceDisagreements(question: string, sentences: StanceSentence[]): Disagreement[] {
  const claim = claimOfQuestion(question);
  if (!claim) return [];
  const stances = sourceStances(claim, sentences);
  const sides = stances.filter((s) => SHOWN[s.stance] && s.sentence);
  if (!sides.some((s) => s.stance === 'supports' || s.stance === 'leans') || !sides.some((s) => s.stance === 'refutes')) return [];
  const claims: Claim[] = sides.map((s) => ({
    value: shownValue(s),
    n: s.sentence!.id,
    sourceId: s.sourceId,
    quote: s.sentence!.text,
  }));
  claims.sort((a, b) => a.n - b.n);
  const reporting = stances.filter((s) => s.stance === 'reports').length;
  const note = reporting ? `${reporting} other source${reporting === 1 ? ' only reports' : 's only report'} the claim without taking a side.` : undefined;
  return [{ topic: `whether ${claim}`, kind: 'stance', claims, ...(note ? { note } : {}) }];
}
