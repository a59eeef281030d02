// Where a source stands on a claim: supports it, refutes it, only reports it (discusses it
// without taking a side), or says nothing about it. A multinomial logistic regression over
// stance-features.ts, trained on FNC-1 by scripts/train-stance.ts; the weights are in
// stance-model.json.
import model from './stance-model.json' with { type: 'json' };
import { claimStems, focusSentences, negatedNearClaim, stanceFeatures, cueStems } from './stance-features.js';
import { assertionOf } from './assertion.js';
import { sourceVerdict, statesClaimWords } from './sentence-stance.js';

export type StanceClass = 'agree' | 'disagree' | 'discuss' | 'unrelated';
/** 'leans': takes the claim up favourably without stating it (P(agree) above one half and above P(disagree)). */
export type Stance = 'supports' | 'leans' | 'refutes' | 'reports' | 'unrelated';

/** P(agree) from which a source that does not quite support a claim leans towards it. */
const LEANS_AT = 0.5;

export interface StanceModel {
  classes: StanceClass[];
  dense: string[];
  vocabulary: string[];
  /** One row per class: bias, then one weight per feature (dense, vocabulary in the source, vocabulary in the claim). */
  weights: number[][];
  /** P(disagree) from which a source is taken to refute the claim (chosen on the tuning part). */
  refuteAt: number;
  /** …provided P(unrelated) is at most this. */
  relatedAt: number;
  /** P(agree) from which a source is taken to support it. */
  supportAt: number;
}

export const STANCE_MODEL = model as StanceModel;

export interface StanceReading {
  stance: Stance;
  /** Class probabilities, in the model's class order. */
  p: Record<StanceClass, number>;
  /** Index (into the sentences given) of the sentence that best shows the stance, or -1. */
  quote: number;
  /** The party a refutation is attributed to ("the Kremlin"), when the source gives one. */
  attribution?: string;
}

/** Class probabilities of a feature vector. */
export function stanceProbabilities(x: number[], m: StanceModel = STANCE_MODEL): Record<StanceClass, number> {
  const z = m.weights.map((w) => w[0] + x.reduce((a, v, i) => (v ? a + v * w[i + 1] : a), 0));
  const top = Math.max(...z);
  const e = z.map((v) => Math.exp(v - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return Object.fromEntries(m.classes.map((c, i) => [c, e[i] / sum])) as Record<StanceClass, number>;
}

/**
 * The stance of one source (its sentences, in order) on a claim. A source that states the claim
 * itself, nearly word for word, as its own and not negated, supports it.
 */
export function readStance(claim: string, sentences: string[], m: StanceModel = STANCE_MODEL): StanceReading {
  const p = stanceProbabilities(stanceFeatures(claim, sentences, m.vocabulary), m);
  const focus = focusSentences(claim, sentences);
  const c = claimStems(claim);
  const states = focus.find((f) => f.coverage >= 0.8 && assertionOf(f.text).kind === 'asserts' && !negatedNearClaim(f.text, c) && !assertionOf(f.text).negated);
  // A sentence about the claim's core asserting its opposite ("rejected" for "accepted") or
  // calling it false refutes it, unless the source also asserts it; a source giving both sides
  // reports them.
  const verdict = focus.length ? sourceVerdict(claim, sentences) : null;
  if (verdict?.stance === 'refutes') return { stance: 'refutes', p, quote: verdict.quote, ...(verdict.attribution ? { attribution: verdict.attribution } : {}) };
  if (verdict && verdict.asserting && verdict.against) return { stance: 'reports', p, quote: verdict.quote };
  let stance: Stance;
  if (!focus.length) stance = 'unrelated';
  else if (p.disagree >= m.refuteAt && p.unrelated <= m.relatedAt) stance = 'refutes';
  else if (states || p.agree >= m.supportAt) stance = 'supports';
  else if (p.unrelated >= Math.max(p.agree, p.disagree, p.discuss)) stance = 'unrelated';
  else if (p.agree >= LEANS_AT && p.agree > p.disagree) stance = 'leans';
  else stance = 'reports';
  if ((stance === 'supports' || stance === 'leans') && !states) {
    // A side needs a sentence to show it: one naming the claim's subject and most of the rest.
    const subject = c[0];
    const witnesses = focus.filter((f) => f.stems.has(subject) && f.coverage >= WITNESS_COVERAGE && assertionOf(f.text).kind === 'asserts' && !negatedNearClaim(f.text, c) && statesClaimWords(claim, f.text));
    if (!witnesses.length) return { stance: 'reports', p, quote: quoteFor('reports', claim, focus, m) };
    return { stance, p, quote: quoteFor(stance, claim, witnesses, m) };
  }
  return { stance, p, quote: quoteFor(stance, claim, focus, m, states?.i) };
}

/** Share of the claim's words a sentence must hold to show a source's side. */
const WITNESS_COVERAGE = 0.4;

/** The focus sentence carrying most of the evidence for the stance found. */
function quoteFor(stance: Stance, claim: string, focus: ReturnType<typeof focusSentences>, m: StanceModel, stated?: number): number {
  if (!focus.length) return -1;
  if (stance === 'supports' && stated !== undefined) return stated;
  const k = m.classes.indexOf(stance === 'refutes' ? 'disagree' : stance === 'supports' || stance === 'leans' ? 'agree' : 'discuss');
  const c = claimStems(claim);
  const vocab = new Map(m.vocabulary.map((w, i) => [w, i]));
  let best = focus[0];
  let bestScore = -Infinity;
  for (const f of focus) {
    let s = f.coverage;
    for (const w of cueStems(f.text)) {
      const at = vocab.get(w);
      if (at !== undefined) s += m.weights[k][1 + m.dense.length + at];
    }
    if (stance === 'refutes' && negatedNearClaim(f.text, c)) s += m.weights[k][1 + m.dense.indexOf('negNearClaim')];
    if (s > bestScore) {
      bestScore = s;
      best = f;
    }
  }
  return best.i;
}
