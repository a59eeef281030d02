// The questions a story's own sentences answer: one per thing they count and the verb that
// counts it ("destroying 12 homes", "15 homes were destroyed" → "How many homes were destroyed?").
//
// A count is taken only when a verb plainly governs it: a past participle, a past form or an
// -ing form right before it, with at most a particle or a qualifier in between ("shot down
// more than 85 drones"), or a passive right after its noun ("15 homes were destroyed"). A count
// with no such verb ("a budget of $48 million", "drones launched by Russia" after "shot down
// 85") says nothing a question could pin down, and is left out. A question is asked only when
// at least two sources count the same noun (stem) with the same verb (stem or synonym), so a
// story's "140 drones launched" and "85 drones shot down" never meet: they answer different
// questions, and the detector, which ties each value to its own verb, keeps them apart.
//
// Counts only: durations have their own fixed question, and amounts and percentages need a
// subject ("the budget", "the turnout") that a bare verb does not give.
import type { Candidate } from '../answer/disagreement.js';
import { extractQuantities } from '../answer/values.js';
import { stem, stemsMatch, STOPWORDS, tokenize, type Token } from '../answer/words.js';

export interface DerivedQuestion {
  question: string;
  /** The sentences to ask it of: those that count the noun and hold the verb. */
  asked: Candidate[];
}

/** A count in a sentence and what governs it. */
interface CountMention {
  candidate: Candidate;
  /** Stem of the counted noun ("hom"). */
  noun: string;
  /** The noun as written ("homes"). */
  nounText: string;
  /** Stem of the governing verb ("destroi"), the verb as written ("destroying") and its particle ("down"). */
  verb: string;
  verbText: string;
  particle?: string;
}

// Words that may stand between a verb and its count: particles and qualifiers.
const PARTICLES = new Set(['down', 'up', 'off', 'out', 'away', 'back']);
const GAP_WORDS = new Set([...PARTICLES, 'a', 'an', 'the', 'total', 'of', 'another', 'some', 'about', 'around', 'nearly', 'almost', 'roughly', 'approximately', 'more', 'than', 'over', 'at', 'least', 'just', 'under', 'fewer', 'less', 'as', 'many', 'estimated', 'further', 'additional', 'only']);
// Verbs that report, restate or contain a figure rather than say what it counts.
const NOT_GOVERNING = /^(said|says|saying|reported|reporting|estimated|estimating|stated|noted|corresponding|amounting|totalling|totaling|totalled|totaled|representing|reaching|reached|equalling|equaling|accounting|numbering|numbered|recorded|listed|counted|confirmed|included|including|involving|involved|comprising|comprised|compared|exceeded|exceeding|ranging|ranged|aged|according|following|during|being|having|had|has|have|been|was|were|did|got|getting|made|making|rose|rising|fell|falling|increased|increasing|decreased|decreasing|dropped|dropping|grew|growing)$/;
const NOT_VERBS = new Set(
  'during including according morning evening spring king thing ring building meeting wedding bring nothing something anything everything string wing ceiling following remaining ruling beginning opening ending warning being among concerning regarding amazing outstanding hundred kindred sacred naked wicked beloved aged red bed shed need speed seed feed breed weed deed hatred'.split(' '),
);
// Past forms that do not end in -ed, with the participle a question uses.
const IRREGULAR = new Map<string, string>([
  ['shot', 'shot'], ['took', 'taken'], ['taken', 'taken'], ['met', 'met'], ['won', 'won'], ['sold', 'sold'], ['built', 'built'], ['laid', 'laid'],
  ['held', 'held'], ['led', 'led'], ['paid', 'paid'], ['lost', 'lost'], ['sent', 'sent'], ['spent', 'spent'], ['fought', 'fought'],
  ['brought', 'brought'], ['hit', 'hit'], ['struck', 'struck'], ['left', 'left'], ['sank', 'sunk'], ['sunk', 'sunk'], ['ran', 'run'],
  ['gave', 'given'], ['given', 'given'], ['saw', 'seen'], ['seen', 'seen'], ['drew', 'drawn'], ['drawn', 'drawn'], ['threw', 'thrown'],
  ['thrown', 'thrown'], ['bought', 'bought'], ['caught', 'caught'], ['kept', 'kept'], ['found', 'found'], ['freed', 'freed'], ['hurt', 'hurt'],
  ['cut', 'cut'], ['burnt', 'burnt'], ['stole', 'stolen'], ['stolen', 'stolen'], ['broke', 'broken'], ['broken', 'broken'], ['wrote', 'written'],
  ['written', 'written'], ['chose', 'chosen'], ['chosen', 'chosen'], ['drove', 'driven'], ['driven', 'driven'], ['flew', 'flown'],
  ['flown', 'flown'], ['tore', 'torn'], ['torn', 'torn'], ['swept', 'swept'], ['fed', 'fed'], ['bred', 'bred'], ['slain', 'slain'],
  ['slew', 'slain'], ['told', 'told'],
]);
// -ing forms whose participle is irregular ("leaving" → "left").
const IRREGULAR_ING = new Map<string, string>([
  ['shooting', 'shot'], ['taking', 'taken'], ['meeting', 'met'], ['winning', 'won'], ['selling', 'sold'], ['building', 'built'], ['laying', 'laid'],
  ['holding', 'held'], ['leading', 'led'], ['paying', 'paid'], ['losing', 'lost'], ['sending', 'sent'], ['spending', 'spent'],
  ['fighting', 'fought'], ['bringing', 'brought'], ['hitting', 'hit'], ['striking', 'struck'], ['leaving', 'left'], ['sinking', 'sunk'],
  ['running', 'run'], ['giving', 'given'], ['seeing', 'seen'], ['drawing', 'drawn'], ['throwing', 'thrown'], ['buying', 'bought'],
  ['catching', 'caught'], ['keeping', 'kept'], ['finding', 'found'], ['hurting', 'hurt'], ['cutting', 'cut'], ['stealing', 'stolen'],
  ['breaking', 'broken'], ['writing', 'written'], ['choosing', 'chosen'], ['driving', 'driven'], ['flying', 'flown'], ['tearing', 'torn'],
  ['sweeping', 'swept'], ['feeding', 'fed'], ['telling', 'told'], ['putting', 'put'], ['setting', 'set'], ['freeing', 'freed'],
]);
const PASSIVE_AUX = /^(?:were|was|are|is|be|been|being|have been|has been|had been|will be|would be)$/;
// Things that are not counted nouns: time words, months, units and the like.
const NOT_NOUNS = new Set(
  ('percent per cent times time year years month months week weeks day days hour hours minute minutes second seconds decade decades century centuries ' +
    'january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday ' +
    'am pm gmt utc bst cet km kilometres kilometers miles metres meters feet inches kg tonnes tons pounds dollars euros cents points degrees mph').split(' '),
);

// A cheap first look at a sentence, so that most sentences with numbers in them (a scientific
// abstract is full of them) never reach the quantity extractor: a number, then either a verb
// before a number with only gap words between, or a number a few words before a passive
// ("were destroyed"). Regular expressions that start with a word or a space run several times
// faster than ones that start with a number; the order of the tests is for speed too.
const SPELLED = 'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|dozens?|scores?';
const NUMBER = String.raw`(?:\d|(?:${SPELLED}|${SPELLED.replace(/\b\w/g, (c) => c.toUpperCase())})\b)`;
const PARTICIPLE = String.raw`(?:[a-z]{2,}ed|${[...IRREGULAR.keys()].join('|')})\b`;
const AUX = 'were|was|are|is|be|been|being|have|has|had|will|would';
const HAS_NUMBER = new RegExp(String.raw`\d|\b(?:${SPELLED})\b`, 'i');
const VERB_THEN_NUMBER = new RegExp(String.raw`\b(?:[a-z]{2,}(?:ed|ing)|${[...IRREGULAR.keys()].join('|')})\s+(?:(?:${[...GAP_WORDS, 'to', 'close'].join('|')})\s+){0,4}${NUMBER}[\d,.]*(?:\s*[-–]\s*|\s+)(?:[A-Za-z’'-]+\s+){0,2}[a-z]{3,}`);
const HAS_PASSIVE = new RegExp(String.raw`\s(?:${AUX})\s+(?:been\s+|be\s+)?(?:[a-z]+ly\s+)?${PARTICIPLE}`);
const NUMBER_THEN_PASSIVE = new RegExp(String.raw`${NUMBER}[\d,.]*\s+(?:[A-Za-z'’-]+\s+){1,3}(?:${AUX})\s+(?:been\s+|be\s+)?(?:[a-z]+ly\s+)?${PARTICIPLE}`);

function looksCounted(text: string): boolean {
  return HAS_NUMBER.test(text) && (VERB_THEN_NUMBER.test(text) || (HAS_PASSIVE.test(text) && NUMBER_THEN_PASSIVE.test(text)));
}

function isPlural(w: string): boolean {
  const l = w.toLowerCase();
  return (/s$/.test(l) && !/(ss|us|is)$/.test(l) && l.length > 3) || /^(people|men|women|children|police|personnel|staff|cattle|sheep|troops|crew|aircraft|dead|wounded|injured)$/.test(l);
}

/** A word that reads as a verb governing a following count. */
function verbLike(t: Token): boolean {
  if (t.type !== 'word' || t.text !== t.lower) return false;
  const w = t.lower;
  if (NOT_VERBS.has(w) || NOT_GOVERNING.test(w)) return false;
  if (IRREGULAR.has(w)) return true;
  if (w.length >= 5 && /[^e]ed$/.test(w)) return true;
  return w.length >= 6 && w.endsWith('ing');
}

/** The counts in a sentence with the noun they count and the verb that governs them. */
function countMentions(c: Candidate): CountMention[] {
  if (!looksCounted(c.text)) return [];
  const quantities = extractQuantities(c.text).filter((q) => q.value.dim === 'count' && !q.partitive && !q.yearLike && q.after.length > 0);
  if (!quantities.length) return [];
  const tokens = tokenize(c.text);
  const out: CountMention[] = [];
  for (const q of quantities) {
    const first = tokens.findIndex((t) => t.start >= q.start);
    let last = tokens.findIndex((t) => t.start >= q.end);
    if (first < 0) continue;
    if (last < 0) last = tokens.length;
    // The counted noun: the first plural among up to three words after the count, else the
    // last; lower-case ("eight Ukrainian children" → children, not "200,000 Odesa").
    const words: Token[] = [];
    for (let j = last; j < tokens.length && words.length < 3; j++) {
      const t = tokens[j];
      if (t.type === 'punct' && (t.text === '-' || t.text === '–') && words.length === 0) continue;
      if (t.type !== 'word' || STOPWORDS.has(t.lower)) break;
      words.push(t);
      if (isPlural(t.text) && t.text === t.lower) break;
    }
    const lower = words.filter((t) => t.text === t.lower);
    const noun = lower.find((t) => isPlural(t.text)) ?? lower[lower.length - 1];
    if (!noun || NOT_NOUNS.has(noun.lower) || noun.lower.length < 3) continue;
    const nounAt = tokens.indexOf(noun);
    const gov = verbBefore(tokens, first) ?? passiveAfter(tokens, nounAt);
    if (!gov) continue;
    out.push({ candidate: c, noun: stem(noun.text), nounText: noun.text, verb: stem(gov.verb.text), verbText: gov.verb.lower, ...(gov.particle ? { particle: gov.particle } : {}) });
  }
  return out;
}

/** "destroying 12 homes", "shot down more than 85 drones": a verb with at most particles and qualifiers before the count. */
function verbBefore(tokens: Token[], first: number): { verb: Token; particle?: string } | undefined {
  for (let i = first - 1; i >= 0 && i >= first - 5; i--) {
    const t = tokens[i];
    if (t.type !== 'word') return undefined;
    if (verbLike(t)) {
      // "shot down 85", not "killed up to 12".
      const next = tokens[i + 1];
      const particle = next && PARTICLES.has(next.lower) && tokens[i + 2]?.lower !== 'to' ? next.lower : undefined;
      return { verb: t, ...(particle ? { particle } : {}) };
    }
    // "up to 12", "close to 12"; not "power to 200,000".
    if (t.lower === 'to' && /^(up|close)$/.test(tokens[i - 1]?.lower ?? '')) continue;
    if (!GAP_WORDS.has(t.lower)) return undefined;
  }
  return undefined;
}

/** "15 homes were destroyed", "two workers were badly injured": a passive right after the noun. */
function passiveAfter(tokens: Token[], nounAt: number): { verb: Token; particle?: string } | undefined {
  let i = nounAt + 1;
  const aux: string[] = [];
  while (i < tokens.length && aux.length < 2 && /^(were|was|are|is|be|been|being|have|has|had|will|would)$/.test(tokens[i].lower)) aux.push(tokens[i++].lower);
  if (!aux.length || !PASSIVE_AUX.test(aux.join(' '))) return undefined;
  if (tokens[i]?.type === 'word' && /ly$/.test(tokens[i].lower) && tokens[i].lower.length > 4) i++;
  const t = tokens[i];
  if (!t || t.type !== 'word' || t.text !== t.lower || t.lower.endsWith('ing') || !verbLike(t)) return undefined;
  const next = tokens[i + 1];
  return { verb: t, ...(next && PARTICLES.has(next.lower) ? { particle: next.lower } : {}) };
}

/** The participle a question uses for a verb as written ("destroying" → "destroyed", "took" → "taken"). */
function participle(verbText: string): string {
  const irregular = IRREGULAR.get(verbText) ?? IRREGULAR_ING.get(verbText);
  if (irregular) return irregular;
  if (verbText.endsWith('ed')) return verbText;
  // "destroying" → "destroyed", "injuring" → "injured", "stopping" → "stopped".
  if (verbText.endsWith('ing')) return `${verbText.slice(0, -3)}ed`;
  return verbText;
}

/**
 * The count questions a story's sentences answer, each with the sentences to ask it of;
 * only those that at least two sources answer with the same noun and verb.
 */
export function derivedQuestions(candidates: Candidate[]): DerivedQuestion[] {
  const mentions = candidates.flatMap(countMentions);
  // Group by counted noun, then by verb (stems, synonyms together).
  const groups: { noun: string; verb: string; list: CountMention[] }[] = [];
  for (const m of mentions) {
    const g = groups.find((x) => x.noun === m.noun && stemsMatch(x.verb, m.verb));
    if (g) g.list.push(m);
    else groups.push({ noun: m.noun, verb: m.verb, list: [m] });
  }
  const out: DerivedQuestion[] = [];
  const asked = new Set<string>();
  for (const g of groups) {
    if (new Set(g.list.map((m) => m.candidate.sourceId)).size < 2) continue;
    // Wording: the noun as a plural where a source writes one; the verb as a participle that
    // stems to what the sources wrote (else as written).
    const nounText = (g.list.find((m) => isPlural(m.nounText)) ?? g.list[0]).nounText.toLowerCase();
    const plural = isPlural(nounText) ? nounText : `${nounText}s`;
    const byForm = [...g.list].sort((a, b) => Number(b.verbText.endsWith('ed')) - Number(a.verbText.endsWith('ed')));
    const m = byForm[0];
    let verb = participle(m.verbText);
    if (!stemsMatch(stem(verb), m.verb)) verb = m.verbText;
    const question = `How many ${plural} were ${verb}${m.particle ? ` ${m.particle}` : ''}?`;
    if (asked.has(question)) continue;
    asked.add(question);
    // Every sentence that counts the noun with this verb, also one this source states the
    // other figure in: the detector then sees that the source agrees.
    const ids = new Set(mentions.filter((x) => x.noun === g.noun && stemsMatch(x.verb, g.verb)).map((x) => x.candidate.id));
    out.push({ question, asked: candidates.filter((c) => ids.has(c.id)) });
  }
  return out;
}
