// A source that says the claim's verb turned around ("Putin rejected it" for "Putin accepted the
// ceasefire", "she denied it" for "she confirmed it") refutes it. FNC-1 is too small to learn verb
// opposites, so the common ones of news are listed; compromise finds the verbs and their roots.
import { assertionOf } from './assertion.js';
import { claimStems } from './stance-features.js';
import { stem, tokenize } from './words.js';
import nlp from 'compromise';

const PAIRS: [string[], string[]][] = [
  [['accept', 'agree', 'approve', 'endorse', 'back', 'embrace', 'sign'], ['reject', 'refuse', 'decline', 'veto', 'rebuff', 'dismiss', 'spurn', 'oppose']],
  [['confirm', 'admit', 'acknowledge'], ['deny', 'refute', 'dispute']],
  [['win'], ['lose']],
  [['support'], ['oppose']],
  [['attend'], ['skip', 'boycott']],
  [['resign', 'quit'], ['stay', 'remain']],
  [['survive'], ['die']],
];

function opposites(root: string): string[] {
  for (const [a, b] of PAIRS) {
    if (a.includes(root)) return b;
    if (b.includes(root)) return a;
  }
  return [];
}

/** Root forms of the claim's verbs, auxiliaries left out. */
export function claimVerbs(claim: string): string[] {
  const verbs = nlp(claim).verbs().json() as { verb?: { infinitive?: string } }[];
  return verbs.map((v) => v.verb?.infinitive?.toLowerCase().split(/\s+/)[0] ?? '').filter((r) => r && !/^(be|have|do)$/.test(r));
}

/**
 * Index of a sentence that says the opposite of the claim's verb about the claim's subject: the
 * sentence (or the one before it, for "However, Putin rejected it") shares the claim's other
 * words. -1 when none does.
 */
export function oppositeStatement(claim: string, sentences: string[]): number {
  const verbs = claimVerbs(claim);
  const against = new Set(verbs.flatMap(opposites));
  if (!against.size) return -1;
  const verbStems = new Set(verbs.map((v) => stem(v)));
  const words = claimStems(claim).filter((s) => !verbStems.has(s));
  if (!words.length) return -1;
  const coverage = (text: string) => {
    const stems = new Set(tokenize(text).map((t) => stem(t.text)));
    return words.filter((w) => stems.has(w)).length / words.length;
  };
  // The claim's subject (its first content word: "Putin") must be in the sentence itself:
  // "…, which Ukraine had already accepted" is not Putin accepting.
  const subject = claimStems(claim)[0];
  for (let i = 0; i < sentences.length; i++) {
    const view = assertionOf(sentences[i]);
    if (view.negated || view.kind !== 'asserts' || !view.verbs.some((v) => against.has(v))) continue;
    if (!tokenize(sentences[i]).some((t) => stem(t.text) === subject) || !statesVerb(sentences[i], against)) continue;
    const here = coverage(sentences[i]);
    const before = i > 0 ? coverage(sentences[i - 1]) : 0;
    if (here >= 0.5 || (here > 0 && here + before >= 0.8)) return i;
  }
  return -1;
}

/** One of the verbs is stated as done, not as possible ("could endorse", "would reject"). */
function statesVerb(sentence: string, verbs: Set<string>): boolean {
  const found = nlp(sentence).verbs().json() as { text: string; verb?: { infinitive?: string; negative?: boolean } }[];
  return found.some((v) => {
    const root = v.verb?.infinitive?.toLowerCase().split(/\s+/)[0] ?? '';
    if (!verbs.has(root) || v.verb?.negative || /\b(could|would|should|might|may|will|can|must)\b/i.test(v.text)) return false;
    // "urged Putin to agree": a wish, not a deed.
    const at = sentence.indexOf(v.text);
    return !(at >= 0 && /\bto\s+$/i.test(sentence.slice(0, at))) && !/^to\b/i.test(v.text);
  });
}
