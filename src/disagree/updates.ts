// Updates are not disputes (issue 20). The same quantity about the same event reported with
// different values at different times (a later publication, or change wording: "rose",
// "climbed", "now", "updated", "revised") is news being updated: kind `update`, its claims in
// time order. Different values at the same time from different sources stay a dispute, with
// who says which when the sentence attributes it. And what a count counts must be what the
// question counts: a magnitude or a count of something else is no death toll.
import type { QuestionFrame } from '../claims/index.js';
import { compatible } from '../claims/index.js';
import type { Claim } from '../types.js';
import type { Scored } from './candidate-values.js';

/** Reports further apart than this are about one developing story no more (a new event, or an old one recalled). */
const UPDATE_SPAN_DAYS = 14;

/** Words that say a figure has changed since an earlier report. */
const CHANGE = /\b(?:rose|risen|rising|rises|climbed|climbing|climbs|increased|grew|grown|jumped|soared|now|updated|revised|raised|reached|fell|dropped|dipped|lowered)\b/i;

/** Nouns that stand for people, whatever the question calls them ("people", "workers"). */
const HUMAN = /^(?:peopl|person|individu|man|men|woman|women|child|resid|inhabit|citizen|civilian|worker|employe|victim|passeng|student|soldier|troop|migrant|refuge|patient|member|voter|protest|hostag|prison|fan|staff|crew|adult|teen|boy|girl|famili|villag|miner|survivor)/;

/**
 * Whether a count answers the question's count: a whole number, and when the sentence says
 * what it counts, the same kind of thing ("12 people" for "how many people died", not a
 * "6.8 earthquake"). Values of other kinds, and counts with nothing after them ("rose to 31"), pass.
 */
export function countsWhatIsAsked(frame: QuestionFrame, s: Scored): boolean {
  if (frame.kind !== 'count' || s.value.type !== 'quantity' || s.value.dim !== 'count') return true;
  if (!Number.isInteger(s.value.lo) || !Number.isInteger(s.value.hi)) return false;
  // The counted noun may follow a modifier: "3,000 dock workers".
  const counted = s.mention.after.slice(0, 2);
  const asked = frame.countNoun;
  if (!counted.length || !asked) return true;
  if (counted.some((c) => c === asked || c.startsWith(asked) || asked.startsWith(c))) return true;
  // A question about people takes any word for people; about drones, only drones.
  return (HUMAN.test(asked) || !!frame.genericCount) && counted.some((c) => HUMAN.test(c));
}

interface Timed {
  claim: Claim;
  used: Scored;
  day: string;
  at: number;
  hasTime: boolean;
}

function timed(claim: Claim, used: Scored): Timed | undefined {
  const p = used.candidate.published?.trim();
  if (!p) return undefined;
  const day = p.slice(0, 10);
  const at = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(p) ? `${p}T00:00:00Z` : p);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(at)) return undefined;
  return { claim, used, day, at, hasTime: p.length > 10 };
}

/**
 * The claims as an update, oldest first, or null when they are a dispute: every two claims
 * whose values differ must be from different days, or from the same day at different times
 * with the later one saying the figure changed; all within two weeks; and the figure one that
 * moves as a story develops (a count, a size), or a later report says it changed. Undated
 * claims make it a dispute.
 */
export function asUpdate(claims: Claim[], used: Scored[]): Claim[] | null {
  const list: Timed[] = [];
  for (let i = 0; i < claims.length; i++) {
    const t = timed(claims[i], used[i]);
    if (!t) return null;
    list.push(t);
  }
  list.sort((a, b) => a.at - b.at || a.claim.n - b.claim.n);
  let changes = 0;
  for (let i = 0; i < list.length; i++)
    for (let j = i + 1; j < list.length; j++) {
      const [a, b] = [list[i], list[j]];
      if (compatible(a.used.value, b.used.value) !== false) continue;
      changes++;
      if (a.day !== b.day) continue;
      const later = b.at >= a.at ? b : a;
      if (!(a.hasTime && b.hasTime && a.at !== b.at && CHANGE.test(later.used.candidate.text))) return null;
    }
  if (!changes || (list[list.length - 1].at - list[0].at) / 86_400_000 > UPDATE_SPAN_DAYS) return null;
  // A toll or a size moves as a story develops; how long something lasted only when a report says it changed.
  const evolving = list.every((t) => t.used.value.type === 'quantity' && t.used.value.dim !== 'time') || list.slice(1).some((t) => CHANGE.test(t.used.candidate.text));
  return evolving ? list.map((t) => ({ ...t.claim, published: t.used.candidate.published! })) : null;
}

/**
 * Who a sentence says gives its figure: "…, the union said", "according to the port
 * authority", "officials said". Undefined when it names no one.
 */
export function attributionOf(quote: string): string | undefined {
  const patterns = [
    /\baccording to ((?:the )?[\w'’ -]{2,40}?)(?=[,.;]|$)/i,
    /[,;]\s+((?:the )?[\w'’ -]{2,40}?) (?:said|says|reported|announced|estimated|claimed|told)\b/i,
    /^((?:the )?[A-Z][\w'’ -]{1,40}?) (?:said|says|reported|announced|estimated|claimed)\b/,
  ];
  for (const re of patterns) {
    const m = re.exec(quote.trim());
    if (m && !/^(?:it|he|she|they|this|that|which|who)$/i.test(m[1].trim())) return m[1].trim().replace(/^The /, 'the ');
  }
  return undefined;
}

/**
 * A dispute whose note says its sources may describe different events: not one event's
 * figures in conflict, so the digest does not show it (a caveat does not make a false alarm right).
 */
export function mayBeDifferentEvents(d: { kind: string; note?: string }): boolean {
  return d.kind !== 'update' && /may describe different events/.test(d.note ?? '');
}
