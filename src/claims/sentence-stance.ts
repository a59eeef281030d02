// What one sentence does with a claim, and what a source's sentences add up to (issue 23).
//
// A sentence about the claim's core (its entities and its predicate, or most of its words)
// either asserts the claim, asserts its opposite (a WordNet antonym of the predicate stated, or
// the predicate negated: "rejected", "did not accept", "failed to agree"), calls it false
// ("a hoax", "denied", "no evidence"), reports it (hedged, "according to", "claimed that"), or
// only mentions it. Polarity is relative: for a negative claim ("X is a hoax", "Apple denies
// …") a debunking sentence asserts the claim and a sentence stating the event opposes it.
import { assertionOf } from './assertion.js';
import { DEBUNK_WORDS, claimCore, type ClaimCore } from './claim-core.js';
import { scopeAt } from './negation-scope.js';
import { attributionOf } from './stance-attribution.js';
import { negatedNearClaim } from './stance-features.js';
import { stem, tokenize } from './words.js';

export type SentenceAct = 'asserts' | 'opposite' | 'calls-false' | 'reports' | 'mentions';

export interface SentenceJudgement {
  /** Position in the sentences given. */
  i: number;
  act: SentenceAct;
  /** Share of the claim's content words the sentence holds. */
  coverage: number;
  /** The party the sentence is attributed to ("the Kremlin"), when it is not the source's own voice. */
  attribution: string | null;
}

/** Share of the claim's words a sentence needs to state the claim itself. */
const ASSERT_COVERAGE = 0.6;
/** …to be about it at all (with an entity of the claim, when it names any). */
const ABOUT_COVERAGE = 0.4;

/** Longest sentence judged. */
const MAX_WORDS = 80;

/** The sentence's polarity toward the claim's predicate, before the claim's own polarity is applied. */
type Polarity = 'positive' | 'negative' | 'debunk' | 'none';

interface Reading {
  stems: string[];
  tokens: ReturnType<typeof tokenize>;
  coverage: number;
  /** Coverage of the claim's words other than its predicate (for "Putin rejected it"). */
  restCoverage: number;
}

function read(core: ClaimCore, sentence: string): Reading {
  const tokens = tokenize(sentence).filter((t) => t.type !== 'punct' || /[,;:]/.test(t.text));
  const stems = tokens.map((t) => stem(t.text));
  const set = new Set(stems);
  const share = (words: string[]) => (words.length ? words.filter((w) => set.has(w)).length / words.length : 0);
  const pred = new Set(core.predicate);
  return { stems, tokens, coverage: share(core.stems), restCoverage: share(core.stems.filter((s) => !pred.has(s))) };
}

/** A sentence is about the claim when it names one of its entities (if any) and enough of its words. */
function about(core: ClaimCore, r: Reading, previous: Reading | null): boolean {
  const has = new Set(r.stems);
  if (core.entities.length && !core.entities.some((e) => has.has(e))) return false;
  const carried = previous ? Math.max(r.restCoverage, Math.min(1, r.restCoverage + previous.restCoverage)) : r.restCoverage;
  return r.coverage >= ABOUT_COVERAGE || (r.restCoverage > 0 && carried >= 0.8);
}

/** Where the predicate or its opposite stands in the sentence. */
function polarityOf(core: ClaimCore, r: Reading, sentence: string): Polarity {
  let positive = false;
  let negative = false;
  let seen = false;
  r.stems.forEach((s, i) => {
    const isPred = core.predicate.includes(s);
    const isOpp = core.opposites.includes(s);
    if (!isPred && !isOpp) return;
    seen = true;
    const scope = scopeAt(r.tokens, i);
    if (scope === 'possible') return;
    // A negated opposite ("did not reject") is no clear statement either way.
    if (isPred && scope === 'stated') positive = true;
    if ((isPred && scope === 'negated') || (isOpp && scope === 'stated')) negative = true;
  });
  if (negative && !positive) return 'negative';
  if (debunks(sentence)) return 'debunk';
  if (positive && !negative) return 'positive';
  // A claim with no predicate compromise or WordNet knows ("Third breast surgery a hoax"):
  // most of its words in a plain statement state it; negated near them, its opposite.
  if (!seen && !core.predicate.length && r.coverage >= ASSERT_COVERAGE) return negatedNearClaim(sentence, core.stems) ? 'negative' : 'positive';
  return 'none';
}

/** "were denied" (a request refused) is no denial of a claim; "denied the report" is. */
const PASSIVE_DENIAL = /\b(?:was|were|been|be|being|is|are|get|got)\s+(?:\w+ly\s+)?denied\b/i;
/** "It is reported that …": the claim handed over without a source. */
const IMPERSONAL_REPORT = /\b(?:it|this)\s+(?:is|was|has been|had been)\s+(?:widely\s+)?(?:reported|said|claimed|alleged|rumou?red|suggested)\b/i;

/** The sentence calls something false: a debunking word, not negated ("has not denied", "not a hoax"), not a refused request. */
export function debunks(sentence: string): boolean {
  if (!DEBUNK_WORDS.test(sentence)) return false;
  const tokens = tokenize(sentence);
  for (const m of sentence.matchAll(new RegExp(DEBUNK_WORDS.source, 'gi'))) {
    if (/\s/.test(m[0])) return true;
    if (/^den/i.test(m[0]) && PASSIVE_DENIAL.test(sentence.slice(Math.max(0, (m.index ?? 0) - 30), (m.index ?? 0) + m[0].length))) continue;
    const at = tokens.findIndex((t) => t.start === m.index);
    if (at >= 0 && scopeAt(tokens, at) === 'negated') continue;
    return true;
  }
  return false;
}

/** The act of a sentence relative to the claim: its polarity turned by the claim's own. */
function actOf(core: ClaimCore, polarity: Polarity, coverage: number, kind: string, handedOver: boolean): SentenceAct {
  if (kind === 'question' || polarity === 'none') return kind === 'reports' ? 'reports' : 'mentions';
  if (polarity === 'positive' && coverage < ASSERT_COVERAGE) return 'mentions';
  if (kind === 'rumour') return core.negative ? 'asserts' : 'calls-false';
  if (polarity === 'positive' && (kind === 'reports' || handedOver)) return 'reports';
  if (!core.negative) return polarity === 'positive' ? 'asserts' : polarity === 'negative' ? 'opposite' : 'calls-false';
  return polarity === 'positive' ? 'opposite' : 'asserts';
}

/** Each sentence about the claim's core, judged. Sentences not about it are left out. */
export function judgeSentences(claim: string | ClaimCore, sentences: string[]): SentenceJudgement[] {
  const core = typeof claim === 'string' ? claimCore(claim) : claim;
  if (!core.stems.length) return [];
  const readings = sentences.map((s) => read(core, s));
  const sourceDebunks = sentences.some(debunks);
  const out: SentenceJudgement[] = [];
  readings.forEach((r, i) => {
    // A "sentence" of a hundred words is a paragraph the splitter could not cut: no one statement.
    if (r.tokens.length > MAX_WORDS || !about(core, r, i > 0 ? readings[i - 1] : null)) return;
    const view = assertionOf(sentences[i]);
    // A source debunking something and stating a negative claim's event is quoting the rumour.
    const handedOver = view.via === 'claim-verb' || view.via === 'named-claim' || view.via === 'hedge' || IMPERSONAL_REPORT.test(sentences[i]) || (core.negative && sourceDebunks);
    const act = actOf(core, polarityOf(core, r, sentences[i]), r.coverage, view.kind, handedOver);
    const attributed = act !== 'mentions' && (act !== 'opposite' || view.via === 'according');
    out.push({ i, act, coverage: r.coverage, attribution: attributed ? attributionOf(sentences[i]) : null });
  });
  return out;
}

export interface SourceVerdict {
  stance: 'supports' | 'refutes' | 'reports' | null;
  /** The sentence that shows it, or -1. */
  quote: number;
  /** Whose refutation it is, when the source attributes it. */
  attribution: string | null;
  /** Sentences asserting the claim, and sentences refuting it (opposite or calling it false). */
  asserting: number;
  against: number;
}

const refuting = (j: SentenceJudgement) => j.act === 'opposite' || j.act === 'calls-false';

/**
 * What a source's sentences add up to. It refutes when a sentence asserts the opposite or calls
 * the claim false and no sentence of its own asserts the claim; a source giving both sides, each
 * in someone else's words, reports; one asserting the claim in its own voice supports it.
 */
export function sourceVerdict(claim: string | ClaimCore, sentences: string[]): SourceVerdict {
  return verdictOf(judgeSentences(claim, sentences));
}

/** sourceVerdict from sentences already judged. */
export function verdictOf(judged: SentenceJudgement[]): SourceVerdict {
  const against = judged.filter(refuting);
  const asserting = judged.filter((j) => j.act === 'asserts');
  const own = asserting.filter((j) => !j.attribution);
  const reporting = judged.filter((j) => j.act === 'reports');
  const counts = { asserting: asserting.length, against: against.length };
  if (against.length && !asserting.length) {
    // A rumour told and its denial quoted, neither in the source's own voice: both sides reported.
    if (reporting.length && against.every((j) => j.attribution)) return { stance: 'reports', quote: reporting[0].i, attribution: null, ...counts };
    const best = against.find((j) => !j.attribution) ?? against[0];
    return { stance: 'refutes', quote: best.i, attribution: best.attribution, ...counts };
  }
  if (own.length && !against.length) return { stance: 'supports', quote: own[0].i, attribution: null, ...counts };
  if (asserting.length || reporting.length) return { stance: 'reports', quote: (asserting[0] ?? reporting[0]).i, attribution: null, ...counts };
  return { stance: null, quote: -1, attribution: null, ...counts };
}

/**
 * The claim's words (other than its entities) stand in the sentence as stated, not only as a
 * wish or a possibility: "urged Putin to agree to a ceasefire" shows no side; "acknowledged the
 * idea of a ceasefire" does.
 */
export function statesClaimWords(claim: string | ClaimCore, sentence: string): boolean {
  const core = typeof claim === 'string' ? claimCore(claim) : claim;
  const words = new Set(core.stems.filter((w) => !core.entities.includes(w)));
  const tokens = tokenize(sentence).filter((t) => t.type !== 'punct' || /[,;:“”"]/.test(t.text));
  return tokens.some((t, i) => words.has(stem(t.text)) && scopeAt(tokens, i) === 'stated');
}
