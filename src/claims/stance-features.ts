// Features of one source's sentences for one claim: what the stance model (stance.ts) reads.
// Pure text; the same function serves training (scripts/train-stance.ts) and answering.
//
// The sentences that matter are those sharing the most of the claim's content words (the
// "focus"); the model looks at them for cue words learned from FNC-1 (the vocabulary is part
// of the committed model), at negation close to the claim's words, at attribution and hedges,
// and at how much of the claim they cover.
import { assertionOf } from './assertion.js';
import { contentStems, stem, tokenize } from './words.js';
import { RELATIVE_FEATURES, relativeFeatures } from './stance-relative-features.js';

/** Sentences looked at per source: the ones sharing most of the claim's words. */
export const FOCUS = 6;
/** Words either side of a claim word within which a negation counts as negating it. */
const NEG_WINDOW = 4;
const NEGATORS = new Set(['not', 'no', 'never', 'nobody', 'nothing', 'neither', 'nor', 'none', 'without']);

export const DENSE_FEATURES = [
  'maxCoverage',
  'meanCoverage',
  'unionCoverage',
  'negNearClaim',
  'negatedVerb',
  'claimNegated',
  'claimNegatedXnegNear',
  'questionShare',
  'reportsShare',
  'rumourShare',
  'quoted',
  'focusCount',
  'refutingWords',
  'refutingInFocus',
  'refutingInClaim',
  ...RELATIVE_FEATURES,
] as const;

/**
 * The FNC-1 baseline's refuting words (FakeNewsChallenge/fnc-1-baseline, feature_engineering.py),
 * stemmed as cueStems does; how often a source uses them is one feature, weighed by the model.
 */
const REFUTING = new Set(['fake', 'fraud', 'hoax', 'false', 'deny', 'denies', 'not', 'despite', 'nope', 'doubt', 'doubts', 'bogus', 'debunk', 'pranks', 'retract'].map((w) => (w === 'not' ? 'not' : stem(w))));

export interface FocusSentence {
  /** Position in the list given. */
  i: number;
  text: string;
  coverage: number;
  stems: Set<string>;
}

/** Content stems of the claim, minus words that only frame the question. */
export function claimStems(claim: string): string[] {
  return [...new Set(contentStems(claim))];
}

function isNegator(lower: string): boolean {
  return NEGATORS.has(lower) || /n['’]t$/.test(lower);
}

/** The sentences sharing most of the claim's words (at least one), best first. */
export function focusSentences(claim: string, sentences: string[], k = FOCUS): FocusSentence[] {
  const c = claimStems(claim);
  if (!c.length) return [];
  const all = sentences.map((text, i) => {
    const stems = new Set(tokenize(text).filter((t) => t.type !== 'punct').map((t) => stem(t.text)));
    const coverage = c.filter((s) => stems.has(s)).length / c.length;
    return { i, text, coverage, stems };
  });
  return all
    .filter((s) => s.coverage > 0)
    .sort((a, b) => b.coverage - a.coverage || a.i - b.i)
    .slice(0, k);
}

/** Cue words of a sentence as the vocabulary holds them: folded stems of its words, numbers left out. */
export function cueStems(text: string): Set<string> {
  return new Set(
    tokenize(text)
      .filter((t) => t.type === 'word')
      .map((t) => (isNegator(t.lower) ? 'not' : stem(t.text))),
  );
}

/** Cue words of a sentence, each as often as it occurs. */
export function cueWords(text: string): string[] {
  return tokenize(text)
    .filter((t) => t.type === 'word')
    .map((t) => (isNegator(t.lower) ? 'not' : stem(t.text)));
}

/** A negation within a few words of a claim word. */
export function negatedNearClaim(text: string, claim: string[]): boolean {
  const tokens = tokenize(text).filter((t) => t.type !== 'punct');
  const set = new Set(claim);
  for (let i = 0; i < tokens.length; i++) {
    if (!isNegator(tokens[i].lower)) continue;
    for (let j = Math.max(0, i - NEG_WINDOW); j <= Math.min(tokens.length - 1, i + NEG_WINDOW); j++) if (j !== i && set.has(stem(tokens[j].text))) return true;
  }
  return false;
}

/** Dense features, then per vocabulary word: log(1 + times the source says it, when the claim does not); then: in the claim. */
export function stanceFeatures(claim: string, sentences: string[], vocabulary: string[]): number[] {
  const c = claimStems(claim);
  const focus = focusSentences(claim, sentences);
  const dense: number[] = new Array(DENSE_FEATURES.length).fill(0);
  const cues = new Array(vocabulary.length).fill(0);
  if (!focus.length || !c.length) return [...dense, ...cues];
  const union = new Set<string>();
  for (const f of focus) for (const s of c) if (f.stems.has(s)) union.add(s);
  const views = focus.map((f) => assertionOf(f.text));
  const negNear = focus.some((f) => negatedNearClaim(f.text, c));
  const claimNeg = tokenize(claim).some((t) => isNegator(t.lower));
  const share = (k: string) => views.filter((v) => v.kind === k).length / focus.length;
  dense[0] = focus[0].coverage;
  dense[1] = focus.reduce((a, f) => a + f.coverage, 0) / focus.length;
  dense[2] = union.size / c.length;
  dense[3] = negNear ? 1 : 0;
  dense[4] = views.some((v) => v.negated) ? 1 : 0;
  dense[5] = claimNeg ? 1 : 0;
  dense[6] = claimNeg && negNear ? 1 : 0;
  dense[7] = share('question');
  dense[8] = share('reports');
  dense[9] = share('rumour');
  dense[10] = focus.some((f) => /["“”‘’']/.test(f.text)) ? 1 : 0;
  dense[11] = focus.length / FOCUS;
  const inClaimWords = cueStems(claim);
  const refuting = (text: string) => cueWords(text).filter((w) => REFUTING.has(w) && !inClaimWords.has(w)).length;
  dense[12] = Math.log1p(sentences.reduce((a, t) => a + refuting(t), 0));
  dense[13] = Math.log1p(focus.reduce((a, f) => a + refuting(f.text), 0));
  dense[14] = [...inClaimWords].some((w) => REFUTING.has(w)) ? 1 : 0;
  const at = DENSE_FEATURES.indexOf(RELATIVE_FEATURES[0]);
  relativeFeatures(claim, sentences).forEach((v, k) => (dense[at + k] = v));
  // Per cue word: said by the source and not by the claim; said by the claim ("X is a hoax"
  // agrees with a body calling X a hoax, and disagrees with one saying X happened).
  // Counted over the whole source, not only the focus: an article calling a story a hoax five
  // times is about a hoax, whichever sentences share the claim's words.
  const index = new Map(vocabulary.map((w, i) => [w, i]));
  const inClaim = cueStems(claim);
  for (const text of sentences)
    for (const w of cueWords(text)) {
      const at = index.get(w);
      if (at !== undefined && !inClaim.has(w)) cues[at]++;
    }
  for (let i = 0; i < cues.length; i++) cues[i] = Math.log1p(cues[i]);
  const claimCues = new Array(vocabulary.length).fill(0);
  for (const w of inClaim) {
    const at = index.get(w);
    if (at !== undefined) claimCues[at] = 1;
  }
  return [...dense, ...cues, ...claimCues];
}
