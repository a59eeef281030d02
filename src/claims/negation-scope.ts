// Is a word of a sentence stated, negated or only possible? "did not accept", "never agreed",
// "failed to accept", "refused to sign" negate it; "could accept", "urged him to accept" leave
// it undecided; "accepted" states it. The scope is the few words before it, up to a comma or
// a conjunction: "The Kremlin did not comment, but Putin accepted" states "accepted".
import type { Token } from './words.js';
import { stem } from './words.js';

export type Scope = 'stated' | 'negated' | 'possible';

/** Words before the predicate within which a negation or a modal counts. */
const WINDOW = 4;
const NEGATORS = new Set(['not', 'no', 'never', 'nobody', 'neither', 'nor', 'none', 'without', 'hardly']);
/** Verbs that, followed by "to", say the act did not happen ("failed to", "refused to"). */
const NOT_DONE = new Set(['fail', 'refus', 'refuse', 'declin', 'decline', 'reject', 'stop', 'cease', 'avoid']);
/** "will" states a plan as news does ("Apple will release"); these leave the act open. */
const MODALS = new Set(['could', 'would', 'should', 'might', 'may', 'can', 'must', 'if', 'whether']);
const PASSIVE = /^(?:was|were|been|being|is|are|be|get|got) \\w+ed$/;
const BREAKS = new Set(['but', 'and', 'while', 'although', 'though', 'however', 'which', 'who', 'that']);

function isNegator(t: Token): boolean {
  return NEGATORS.has(t.lower) || /n['’]t$/.test(t.lower);
}

/** How the word at tokens[i] is put by the words before it. */
export function scopeAt(tokens: Token[], i: number): Scope {
  // A passive ("was attacked by a bear") has another subject than the claim's.
  if (/ed$/.test(tokens[i].lower) && i > 0 && PASSIVE.test(tokens[i - 1].lower + ' ' + tokens[i].lower)) return 'possible';
  let possible = false;
  for (let j = i - 1; j >= Math.max(0, i - WINDOW); j--) {
    const t = tokens[j];
    if (t.type === 'punct' || BREAKS.has(t.lower)) break;
    // "not only" adds, it does not negate.
    if (isNegator(t) && tokens[j + 1]?.lower !== 'only') return 'negated';
    if (t.lower === 'to') {
      const before = tokens[j - 1];
      if (before && NOT_DONE.has(stem(before.text))) return 'negated';
      possible = true;
    }
    if (MODALS.has(t.lower)) possible = true;
  }
  return possible ? 'possible' : 'stated';
}
