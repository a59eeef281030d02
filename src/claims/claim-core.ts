// The core of a claim, as the stance path reads it: who it is about (named entities), what it
// says they did or are (its predicate: verb and adjective roots), WordNet's opposites of that
// predicate, and the claim's own polarity: "X happened" is an event claim; "X is a hoax",
// "Apple denies …" and "Putin did not accept …" are negative claims, and a sentence calling
// X false agrees with them (sentence-stance.ts turns this into agree / refute).
import nlp from 'compromise';
import { antonymsOf, oppositeVerbsWithStem } from './antonyms.js';
import { contentStems, stem, tokenize } from './words.js';

/** Wording that calls a claim false or denies it; a sentence holding one is a debunking sentence. */
export const DEBUNK_WORDS =
  /\b(hoax(?:es|ers?)?|fakes?|faked|false(?:ly)?|untrue|not true|myths?|debunk\w*|baseless|unfounded|fabricat\w*|bogus|satire|misinformation|disinformation|no evidence|no truth|never happened|den(?:y|ies|ied|ying|ial|ials)|dismiss(?:es|ed|ing)?|refut(?:e|es|ed|ing)|retract\w*|rubbish|nonsense)\b/i;

/** Roots that only frame a claim ("denies that …", "is"): not its predicate. */
const FRAME_VERBS = /^(be|have|do|say|report|claim|deny|dismiss|refute|debunk|reveal|show|appear|seem|get|make)$/;

export interface ClaimCore {
  text: string;
  /** Content stems of the claim (as stance-features.ts claimStems). */
  stems: string[];
  /** Stems of the named entities (people, places, organisations); empty when none is recognised. */
  entities: string[];
  /** Stems of the predicate: the verb roots and adjectives the claim turns on. */
  predicate: string[];
  /** Stems of WordNet's opposites of the predicate ("reject", "refuse" for "accept"). */
  opposites: string[];
  /** The claim itself says something is false or did not happen. */
  negative: boolean;
}

/** Verb roots and adjectives of the claim, with WordNet's part of speech for each. */
function predicateWords(doc: ReturnType<typeof nlp>): { word: string; pos: 'verb' | 'adj' }[] {
  const verbs = doc.verbs().json() as { verb?: { infinitive?: string } }[];
  const out: { word: string; pos: 'verb' | 'adj' }[] = [];
  for (const v of verbs) {
    const root = v.verb?.infinitive?.toLowerCase().split(/\s+/)[0] ?? '';
    if (root && /^[a-z]+$/.test(root) && !FRAME_VERBS.test(root)) out.push({ word: root, pos: 'verb' });
  }
  // compromise misses some verbs ("Stocks rose on Monday" reads as nouns): a word whose stem is
  // that of a WordNet verb with an opposite is taken as the predicate.
  if (!out.length)
    for (const t of tokenize(doc.text()).filter((x) => x.type === 'word'))
      for (const root of oppositeVerbsWithStem(stem(t.text), stem)) if (!FRAME_VERBS.test(root)) out.push({ word: root, pos: 'verb' });
  // Only adjectives said of the subject ("the bridge is closed"), not those inside a noun
  // phrase ("new Apple gold", "from the dead"): the latter are no claim of their own.
  for (const a of doc.match('(#Copula|remain|remains|remained|stay|stays|stayed|found|turned|turns) #Adverb? [#Adjective]', 0).out('array') as string[]) {
    const w = a.toLowerCase().replace(/[^a-z-]/g, '');
    if (w && !DEBUNK_WORDS.test(w)) out.push({ word: w, pos: 'adj' });
  }
  return out;
}

/** Stems of the entities compromise recognises (works on title-case headlines too). */
function entityStems(doc: ReturnType<typeof nlp>): string[] {
  const names = [...(doc.people().out('array') as string[]), ...(doc.organizations().out('array') as string[]), ...(doc.places().out('array') as string[])];
  const acronyms = (doc.acronyms().out('array') as string[]).map((a) => a.replace(/\./g, ''));
  const stems = [...names, ...acronyms].flatMap((n) => tokenize(n).filter((t) => t.type === 'word' && t.text.length > 1).map((t) => stem(t.text)));
  return [...new Set(stems)];
}

const cores = new Map<string, ClaimCore>();

export function claimCore(claim: string): ClaimCore {
  const hit = cores.get(claim);
  if (hit) return hit;
  const doc = nlp(claim);
  const words = predicateWords(doc);
  const opposites = words.flatMap((w) => antonymsOf(w.word, w.pos)).filter((w) => !w.includes(' '));
  const negated = (doc.verbs().json() as { verb?: { negative?: boolean } }[]).some((v) => v.verb?.negative);
  const core: ClaimCore = {
    text: claim,
    stems: [...new Set(contentStems(claim))],
    entities: entityStems(doc),
    predicate: [...new Set(words.map((w) => stem(w.word)))],
    opposites: [...new Set(opposites.map((w) => stem(w)))],
    negative: negated || DEBUNK_WORDS.test(claim),
  };
  if (cores.size > 5000) cores.clear();
  cores.set(claim, core);
  return core;
}
