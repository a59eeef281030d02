// An update (issue 20) is read newest first: the excerpt of its latest report leads the answer.
// Excerpts are renumbered in their new order, and every citation with them.
import type { Disagreement, Excerpt } from '../types.js';

export function newestQuotedFirst(excerpts: Excerpt[], disagreements: Disagreement[]): { excerpts: Excerpt[]; disagreements: Disagreement[] } {
  const update = disagreements.find((d) => d.kind === 'update');
  const newest = update?.claims[update.claims.length - 1];
  const lead = newest ? excerpts.findIndex((e) => e.n === newest.n) : -1;
  if (lead <= 0) return { excerpts, disagreements };
  const ordered = [excerpts[lead], ...excerpts.filter((_, i) => i !== lead)];
  const renumber = new Map(ordered.map((e, i) => [e.n, i + 1]));
  return {
    excerpts: ordered.map((e) => ({ ...e, n: renumber.get(e.n)! })),
    disagreements: disagreements.map((d) => ({ ...d, claims: d.claims.map((c) => ({ ...c, n: renumber.get(c.n) ?? c.n })) })),
  };
}
