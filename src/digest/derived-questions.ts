// The questions a story's own sentences answer: one per thing they count and the verb that
// counts it ("destroying 12 homes", "15 homes were destroyed" → "How many homes were destroyed?").
//
// A count is taken only when a verb plainly governs it: a verb in a past, participle or -ing
// form right before it, with at most a particle or a qualifier in between ("shot down more than
// 85 drones"), or a passive right after its noun ("15 homes were destroyed"). A count with no
// such verb ("a budget of $48 million", "drones launched by Russia" after "shot down 85") says
// nothing a question could pin down, and is left out. A question is asked only when at least two
// sources count the same noun (stem) with the same verb (infinitive, stem or synonym), so a
// story's "140 drones launched" and "85 drones shot down" never meet: they answer different
// questions, and the detector, which ties each value to its own verb, keeps them apart.
//
// The English is compromise's (a part-of-speech tagger): whether a word is a verb in its sentence
// ("building 5 schools", not "the building 12 floors high"), its infinitive ("destroying",
// "destroyed" → destroy), the participle a question uses ("took" → taken), a noun's plural. Here
// stays policy: verbs that only report or restate a figure ("said", "totalling"), the particles
// and qualifiers between a verb and its count, what is not a counted thing. compromise loads on
// first use (a digest only). Tagging a sentence takes a millisecond or two, so words are first
// read alone (remembered), and only sentences that count with a verb another source counts with
// too are tagged whole.
//
// Counts only: durations have their own fixed question, and amounts and percentages need a
// subject ("the budget", "the turnout") that a bare verb does not give.
import { createRequire } from 'node:module';
import { LRUCache } from 'lru-cache';
import type { Candidate } from '../disagree/index.js';
import { extractQuantities } from '../claims/index.js';
import { stem, stemsMatch, STOPWORDS, tokenize, type Token } from '../claims/index.js';

export interface DerivedQuestion {
  question: string;
  /** The sentences to ask it of: those that count the noun and hold the verb. */
  asked: Candidate[];
}

/** A count: the noun's stem ("hom") and plural ("homes"); the verb's infinitive ("destroy"), as written if a past form, its particle. */
interface CountMention {
  candidate: Candidate;
  noun: string;
  plural: string;
  verb: string;
  past?: string;
  particle?: string;
}

type Nlp = typeof import('compromise').default;
let loaded: Nlp | undefined;
const nlp = (): Nlp => (loaded ??= createRequire(import.meta.url)('compromise') as Nlp);

// Words that may stand between a verb and its count: particles and qualifiers.
const PARTICLES = new Set(['down', 'up', 'off', 'out', 'away', 'back']);
const GAP_WORDS = new Set([...PARTICLES, 'a', 'an', 'the', 'total', 'of', 'another', 'some', 'about', 'around', 'nearly', 'almost', 'roughly', 'approximately', 'more', 'than', 'over', 'at', 'least', 'just', 'under', 'fewer', 'less', 'as', 'many', 'estimated', 'further', 'additional', 'only']);
// Verbs (infinitives) that report, restate or contain a figure rather than say what it counts.
const NOT_GOVERNING = new Set('say report estimate state note correspond amount total represent reach equal account number record list count confirm include involve comprise compare exceed range age accord follow be have do get make rise fall increase decrease drop grow'.split(' '));
// Things that are not counted nouns: time words, months, units and the like.
const NOT_NOUNS = new Set(
  ('percent per cent times time year years month months week weeks day days hour hours minute minutes second seconds decade decades century centuries ' +
    'january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday ' +
    'am pm gmt utc bst cet km kilometres kilometers miles metres meters feet inches kg tonnes tons pounds dollars euros cents points degrees mph').split(' '),
);

// A cheap look first, so that most sentences with numbers (a scientific abstract is full of them)
// never reach the quantity extractor: a number with a word a few gap words before it, or a
// passive a few words after it. Regular expressions that start with a word or a space run
// several times faster than ones that start with a number; the order of the tests is for speed.
const SPELLED = 'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|dozens?|scores?';
const NUMBER = String.raw`(?:\d|(?:${SPELLED}|${SPELLED.replace(/\b\w/g, (c) => c.toUpperCase())})\b)`;
const AUX = 'were|was|are|is|be|been|being|have|has|had|will|would';
const IS_AUX = new RegExp(`^(?:${AUX})$`);
const PASSIVE_AUX = /^(?:were|was|are|is|be|been|being|have been|has been|had been|will be|would be)$/;
const HAS_NUMBER = new RegExp(String.raw`\d|\b(?:${SPELLED})\b`, 'i');
const WORD_THEN_NUMBER = new RegExp(String.raw`\b[a-z]{3,}\s+(?:(?:${[...GAP_WORDS, 'to', 'close'].join('|')})\s+){0,4}${NUMBER}[\d,.]*(?:\s*[-–]\s*|\s+)(?:[A-Za-z’'-]+\s+){0,2}[a-z]{3,}`);
const HAS_PASSIVE = new RegExp(String.raw`\s(?:${AUX})\s+(?:been\s+|be\s+)?[a-z]{3,}`);
const NUMBER_THEN_PASSIVE = new RegExp(String.raw`${NUMBER}[\d,.]*\s+(?:[A-Za-z'’-]+\s+){1,3}(?:${AUX})\s+(?:been\s+|be\s+)?[a-z]{3,}`);

function looksCounted(text: string): boolean {
  return HAS_NUMBER.test(text) && (WORD_THEN_NUMBER.test(text) || (HAS_PASSIVE.test(text) && NUMBER_THEN_PASSIVE.test(text)));
}

/** compromise's reading of a word: its tags and, for a verb, its infinitive; where it stands in the text read. */
type Reading = { start: number; end: number; tags: Set<string>; root?: string };
type Read = (t: Token) => Reading | undefined;
type Governed = { verb: string; past?: string; particle?: string };
type Governs = (t: Token | undefined, passive: boolean) => Governed | undefined;

function read(text: string): Reading[] {
  const json = nlp()(text).compute('root').json({ offset: true }) as { terms: { offset: { start: number; length: number }; tags: string[]; root?: string }[] }[];
  return json.flatMap((s) => s.terms.map((t) => ({ start: t.offset.start, end: t.offset.start + t.offset.length, tags: new Set(t.tags), ...(t.root ? { root: t.root } : {}) })));
}
const inContext = (text: string, readings = read(text)): Read => (t) => readings.find((r) => r.start <= t.start && t.start < r.end);
// Words read on their own, conjugations and plurals, remembered (boxed: a miss can be undefined).
const memo = new LRUCache<string, { value: unknown }>({ max: 20_000 });
const memoized = <T>(key: string, f: () => T): T => (memo.get(key) ?? memo.set(key, { value: f() }).get(key)!).value as T;
/** A word read on its own: enough to rule most words out before a whole sentence is tagged. */
const alone: Read = (t) => memoized(`w:${t.lower}`, () => read(t.lower)[0]);

/** compromise's verb reading of a lone word, told which form it is. */
const asVerb = (word: string, form: 'Infinitive' | 'PastTense', doc = nlp()(word)) => (doc.tag(form), doc.verbs());
const conjugate = (infinitive: string) => memoized(`v:${infinitive}`, () => asVerb(infinitive, 'Infinitive').conjugate()[0] as { PastTense?: string; Participle?: string } | undefined);
// "damaged" → damage: compromise tags some participles as adjectives ("badly damaged 20 homes"),
// some past forms read alone as nouns ("stole"); such a word is the verb's if it conjugates back
// to itself and, but for the first rough look, is not its own infinitive ("dead", "red").
const infinitiveOfPast = (word: string, rough: boolean) =>
  memoized(`p:${rough}:${word}`, () => {
    const inf = asVerb(word, 'PastTense').toInfinitive().text();
    const f = inf && (rough || inf !== word) ? conjugate(inf) : undefined;
    return f && (f.PastTense === word || f.Participle === word) ? inf : undefined;
  });

/** The infinitive of a word that governs a count: a past, participle or (before the count) -ing verb that does not only report a figure. */
function governing(t: Token | undefined, readOf: Read, passive: boolean): Governed | undefined {
  const r = t?.type === 'word' && t.text === t.lower ? readOf(t) : undefined;
  if (!t || !r) return undefined;
  let past = r.tags.has('PastTense') || r.tags.has('Participle');
  let inf: string | undefined;
  if (r.tags.has('Verb') && !r.tags.has('Copula') && (past || (!passive && r.tags.has('Gerund')))) inf = r.root ?? infinitiveOfPast(t.lower, true) ?? t.lower; // "were stolen" has no root
  else if (r.tags.has('Adjective') || (readOf === alone && r.tags.has('Noun'))) past = !!(inf = infinitiveOfPast(t.lower, readOf === alone));
  return inf && !NOT_GOVERNING.has(inf) ? { verb: inf, ...(past ? { past: t.lower } : {}) } : undefined;
}

/** The counts in a sentence with the noun they count and the verb that governs them, each word read by `readOf`. */
function countMentions(c: Candidate, readOf: Read): CountMention[] {
  if (!looksCounted(c.text)) return [];
  const quantities = extractQuantities(c.text).filter((q) => q.value.dim === 'count' && !q.partitive && !q.yearLike && q.after.length > 0);
  if (!quantities.length) return [];
  const tokens = tokenize(c.text);
  // A first look (words read alone) pairs sentences by verb only: it needs the noun's place, not the noun.
  const rough = readOf === alone;
  const isPlural = (t: Token) => !rough && (!!readOf(t)?.tags.has('Plural') || !!readOf(t)?.tags.has('Uncountable'));
  const governs: Governs = (t, passive) => governing(t, readOf, passive);
  const out: CountMention[] = [];
  for (const q of quantities) {
    const [first, end] = [tokens.findIndex((t) => t.start >= q.start), tokens.findIndex((t) => t.start >= q.end)];
    if (first < 0) continue;
    const last = end < 0 ? tokens.length : end;
    // The counted noun: the first plural among up to three words after the count, else the
    // last; lower-case ("eight Ukrainian children" → children, not "200,000 Odesa").
    const words: Token[] = [];
    for (let j = last; j < tokens.length && words.length < 3; j++) {
      const t = tokens[j];
      if (t.type === 'punct' && (t.text === '-' || t.text === '–') && words.length === 0) continue;
      if (t.type !== 'word' || STOPWORDS.has(t.lower)) break;
      words.push(t);
      if (t.text === t.lower && isPlural(t)) break;
    }
    const lower = words.filter((t) => t.text === t.lower);
    const noun = lower.find(isPlural) ?? lower[lower.length - 1];
    if (!noun || (!rough && (NOT_NOUNS.has(noun.lower) || noun.lower.length < 3))) continue;
    // Read alone, a word before the count may pass for a verb that the sentence shows is not one: keep both then.
    const before = verbBefore(tokens, first, governs);
    const govs = before && !rough ? [before] : [before, passiveAfter(tokens, tokens.indexOf(noun), governs)];
    const plural = rough || isPlural(noun) ? noun.lower : pluralOf(noun.lower);
    for (const gov of govs) if (gov) out.push({ candidate: c, noun: stem(noun.text), plural, ...gov });
  }
  return out;
}

/** "destroying 12 homes", "shot down more than 85 drones": a verb with at most particles and qualifiers before the count. */
function verbBefore(tokens: Token[], first: number, governs: Governs): Governed | undefined {
  for (let i = first - 1; i >= 0 && i >= first - 5; i--) {
    const t = tokens[i];
    if (t.type !== 'word') return undefined;
    const gov = governs(t, false);
    if (gov) {
      // "shot down 85", not "killed up to 12".
      const next = tokens[i + 1];
      const particle = next && PARTICLES.has(next.lower) && tokens[i + 2]?.lower !== 'to' ? next.lower : undefined;
      return { ...gov, ...(particle ? { particle } : {}) };
    }
    // "up to 12", "close to 12"; not "power to 200,000".
    if (t.lower === 'to' && /^(up|close)$/.test(tokens[i - 1]?.lower ?? '')) continue;
    if (!GAP_WORDS.has(t.lower)) return undefined;
  }
  return undefined;
}

/** "15 homes were destroyed", "two workers were badly injured": a passive right after the noun. */
function passiveAfter(tokens: Token[], nounAt: number, governs: Governs): Governed | undefined {
  let i = nounAt + 1;
  const aux: string[] = [];
  while (i < tokens.length && aux.length < 2 && IS_AUX.test(tokens[i].lower)) aux.push(tokens[i++].lower);
  if (!aux.length || !PASSIVE_AUX.test(aux.join(' '))) return undefined;
  const gov = governs(tokens[i], true) ?? governs(tokens[++i], true); // "were badly injured"
  const next = tokens[i + 1];
  return gov ? { ...gov, ...(next && PARTICLES.has(next.lower) ? { particle: next.lower } : {}) } : undefined;
}

/** The participle a question uses ("take" → "taken"; else a past form a source wrote, "gutted"; else "destroy" → "destroyed"), and a noun's plural. */
const participle = (infinitive: string, written?: string) => conjugate(infinitive)?.Participle ?? written ?? conjugate(infinitive)?.PastTense ?? infinitive;
const pluralOf = (noun: string) => memoized(`n:${noun}`, () => nlp()(noun).nouns().toPlural().text() || noun);

const sameVerb = (a: string, b: string) => a === b || stemsMatch(stem(a), stem(b));
const sameCount = (a: { noun: string; verb: string }, b: { noun: string; verb: string }) => a.noun === b.noun && sameVerb(a.verb, b.verb);

/**
 * The count questions a story's sentences answer, each with the sentences to ask it of;
 * only those that at least two sources answer with the same noun and verb.
 */
export function derivedQuestions(candidates: Candidate[]): DerivedQuestion[] {
  // First with each word read on its own (cheap, remembered); then only the sentences that
  // count with a verb another source counts with are tagged whole and read again in context.
  const rough = candidates.flatMap((c) => countMentions(c, alone));
  const maybe = new Set(rough.filter((m) => rough.some((x) => x.candidate.sourceId !== m.candidate.sourceId && sameVerb(x.verb, m.verb))).map((m) => m.candidate));
  const mentions = candidates.filter((c) => maybe.has(c)).flatMap((c) => countMentions(c, inContext(c.text)));
  // Group by counted noun, then by verb (infinitives, their stems, synonyms together).
  const groups: CountMention[][] = [];
  for (const m of mentions) {
    const g = groups.find((x) => sameCount(x[0], m));
    if (g) g.push(m);
    else groups.push([m]);
  }
  const out: DerivedQuestion[] = [];
  const asked = new Set<string>();
  for (const g of groups) {
    if (new Set(g.map((m) => m.candidate.sourceId)).size < 2) continue;
    const m = g[0];
    const question = `How many ${m.plural} were ${participle(m.verb, g.find((x) => x.past && x.verb === m.verb)?.past)}${m.particle ? ` ${m.particle}` : ''}?`;
    if (asked.has(question)) continue;
    asked.add(question);
    // Every sentence that counts the noun with this verb, also one this source states the
    // other figure in: the detector then sees that the source agrees.
    const ids = new Set(mentions.filter((x) => sameCount(g[0], x)).map((x) => x.candidate.id));
    out.push({ question, asked: candidates.filter((c) => ids.has(c.id)) });
  }
  return out;
}
