// A source that says the claim's predicate turned around ("Putin rejected it" for "Putin
// accepted the ceasefire", "did not accept", "failed to agree") refutes it. The opposites come
// from WordNet (antonyms.ts through claim-core.ts) and the negation scope from
// negation-scope.ts; this is the sentence judge (sentence-stance.ts) asked for that one act.
import { judgeSentences } from './sentence-stance.js';

/** Index of the first sentence asserting the opposite of the claim about its core, or -1. */
export function oppositeStatement(claim: string, sentences: string[]): number {
  return judgeSentences(claim, sentences).find((j) => j.act === 'opposite')?.i ?? -1;
}
