// Is a sentence the source's own assertion? (issue 13 part 4)
//
// A question ("Did he resign?"), a claim the article only reports ("The original story claimed
// that …", "according to the Daily Mail …", "he reportedly …") and a rumour the article quotes
// to debunk it ("Reports that he died turned out to be false") are not what the source says
// happened. Instructions ("reply that …") are recognised in instruction.ts.
//
// English structure comes from compromise (verb roots, negation), not from word patterns.
import nlp from 'compromise';

export type Assertion = 'asserts' | 'question' | 'reports' | 'rumour';

export interface AssertionView {
  kind: Assertion;
  /** A verb of the sentence is negated ("did not file", "never said"). */
  negated: boolean;
  /** Root forms of the sentence's verbs ("rejected" → "reject"). */
  verbs: string[];
  /**
   * How a reported claim is handed over: a verb of claiming ("claimed that", "alleged"), a claim
   * named as such ("reports that …", "the story claiming …"), "according to", or a hedge
   * ("reportedly"). Null for a plain statement.
   */
  via: 'claim-verb' | 'named-claim' | 'according' | 'hedge' | null;
}

/** Verbs that hand a claim to someone else: what follows them is reported, not asserted. */
const REPORTING = new Set(['claim', 'allege', 'report', 'rumor', 'rumour', 'suggest', 'speculate', 'say', 'tell', 'write', 'state', 'insist', 'purport', 'tweet', 'post']);
/** Words that call a claim false: a sentence holding one and a reported claim is a debunked rumour. */
const DEBUNK = /\b(hoax|false|fake|untrue|not true|myth|debunk\w*|baseless|fabricat\w*|bogus|satir\w*|no evidence|misinformation|rumou?rs?)\b/i;
const HEDGES = /\b(reportedly|allegedly|purportedly|supposedly|rumou?red|unconfirmed|unverified)\b/i;

const cache = new Map<string, AssertionView>();

/** How a sentence stands to its claims; cached (compromise costs a few milliseconds a sentence). */
export function assertionOf(sentence: string): AssertionView {
  const hit = cache.get(sentence);
  if (hit) return hit;
  const view = analyse(sentence);
  if (cache.size > 20_000) cache.clear();
  cache.set(sentence, view);
  return view;
}

function analyse(sentence: string): AssertionView {
  const text = sentence.trim();
  const doc = nlp(text);
  const verbs = doc.verbs().json() as { text: string; verb?: { infinitive?: string; negative?: boolean } }[];
  const roots = verbs.map((v) => (v.verb?.infinitive ?? v.text).toLowerCase().split(/\s+/)[0]);
  const negated = verbs.some((v) => v.verb?.negative) || /\b(never|no longer)\b/i.test(text);
  const kind = kindOf(text, doc, roots);
  return { kind, negated, verbs: roots, via: via(text, doc, roots) };
}

function via(text: string, doc: ReturnType<typeof nlp>, roots: string[]): AssertionView['via'] {
  if (doc.has('(report|reports|rumor|rumors|rumour|rumours|claim|claims|story|stories|allegation|allegations|speculation) (that|claiming|saying|suggesting)')) return 'named-claim';
  // "X claimed that …", "it is alleged that …": the claim is what follows. A claim verb in a side
  // clause ("…, alleged to be the largest …") leaves the sentence the source's own.
  if (roots.some((r) => r === 'claim' || r === 'allege' || r === 'rumor' || r === 'rumour' || r === 'purport') && doc.has('(claim|claims|claimed|claiming|allege|alleges|alleged|alleging|rumored|rumoured|purported|purports) that')) return 'claim-verb';
  if (doc.has('according to')) return 'according';
  if (HEDGES.test(text)) return 'hedge';
  return null;
}

function kindOf(text: string, doc: ReturnType<typeof nlp>, roots: string[]): Assertion {
  if (/\?\s*["”’)]*\s*$/.test(text) && !/^["“]/.test(text)) return 'question';
  // "Reports that …", "rumours that …", "the claim that …": a claim named as such.
  const namedClaim = doc.has('(report|reports|rumor|rumors|rumour|rumours|claim|claims|story|stories|allegation|allegations|speculation) (that|claiming|saying|suggesting)');
  const reportingVerb = roots.some((r) => REPORTING.has(r)) && doc.has('that');
  const claimVerb = roots.some((r) => r === 'claim' || r === 'allege' || r === 'rumor' || r === 'rumour' || r === 'purport');
  const reported = namedClaim || reportingVerb || claimVerb || doc.has('according to') || HEDGES.test(text);
  if (reported && DEBUNK.test(text)) return 'rumour';
  if (namedClaim || doc.has('according to') || HEDGES.test(text)) return 'reports';
  if (reportingVerb && doc.has('(claimed|alleged|rumored|rumoured|purported|speculated) that')) return 'reports';
  return 'asserts';
}

/** True for sentences that state something as the source's own (not a question, a report or a rumour). */
export function isAssertion(sentence: string): boolean {
  return assertionOf(sentence).kind === 'asserts';
}

/**
 * Whether the values of a sentence can stand for the source's own account: not a question, not
 * a rumour it debunks, not a claim it hands to someone who "claimed" or "alleged" it ("the
 * original story claimed that …"). Attributed facts ("according to police", "officials said")
 * and hedged ones ("reportedly") are how news states facts, and stay.
 */
export function isOwnClaim(sentence: string): boolean {
  const v = assertionOf(sentence);
  if (v.kind === 'question' || v.kind === 'rumour') return false;
  return v.via !== 'claim-verb' && v.via !== 'named-claim';
}
