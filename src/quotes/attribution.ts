// Who said what: statements attributed to named people, found with plain patterns.
//
//   "Zelenskyy said …", "Leavitt noted, “…”", "…, Peskov noted", "“…,” said Peskov",
//   "according to Leavitt, …", "Trump told reporters …", "JD Vance, the U.S. Vice President,
//   mentioned …", "“I hope it’s fast,” he remarked" and "He expressed that, “…”".
//
// A pronoun ("he", "she") is resolved to the subject of the nearest earlier sentence of the
// same paragraph that names someone, and only when that sentence has a clear subject (its
// first-named person, not after a preposition). There is no gender check. A sentence that is
// nothing but a quotation, right after a statement, continues that statement.
//
// Organisations are not speakers: "The White House indicated …", "The Kremlin says …",
// "Reuters reported …" give no statement, because a `Statement` is attributed to a person
// and `quotes <name>` looks people up. A single word counts as a person's name only when
// the same last name appears somewhere in the material with a first name ("Peskov" after
// "Dmitry Peskov"), which keeps "Moscow said" or "Hamas said" out.
//
// A title may be several capitalised words, not all of them title words: "Fire Chief Maria
// Lopez", "Treasury Secretary Scott Bessent", "Pine Ridge Mayor Tom Becker" name Maria Lopez,
// Scott Bessent and Tom Becker (names.ts takes the name after the last title word).
//
// "X called it/them/the plan “…”" with a quotation is a statement by X; "called for",
// "called on" and "called it" with no quotation are not. "X said nothing" is no statement.
import type { Statement } from '../types.js';
import { canonicalFromCounts, canonicalNear, isTitleWord, personFromRun, personMentions, surnamesIn, type NameMention } from '../claims/index.js';
import { lastNameKey, samePerson } from '../claims/index.js';
import { splitSentences } from '../claims/index.js';
import { fold } from '../claims/index.js';

export { canonicalSpeakers } from '../claims/index.js';

const SPEECH_VERBS = [
  'said', 'says', 'say', 'stated', 'states', 'remarked', 'remarks', 'noted', 'notes', 'added', 'adds', 'warned', 'warns',
  'told', 'tells', 'claimed', 'claims', 'stressed', 'stresses', 'emphasized', 'emphasised', 'emphasizes', 'emphasises',
  'announced', 'announces', 'confirmed', 'confirms', 'accused', 'accuses', 'acknowledged', 'acknowledges', 'urged', 'urges',
  'praised', 'praises', 'mentioned', 'mentions', 'indicated', 'indicates', 'expressed', 'expresses', 'asserted', 'asserts',
  'insisted', 'insists', 'argued', 'argues', 'explained', 'explains', 'declared', 'declares', 'suggested', 'suggests',
  'wrote', 'writes', 'tweeted', 'posted', 'reiterated', 'reiterates', 'described', 'describes', 'articulated', 'affirmed',
  'affirms', 'concluded', 'conveyed', 'responded', 'replied', 'denied', 'denies', 'admitted', 'admits', 'echoed', 'hailed',
  'criticised', 'criticized', 'predicted', 'promised', 'vowed', 'pledged', 'reported', 'revealed', 'recalled', 'observed',
  'commented', 'countered', 'cautioned', 'conceded', 'contended', 'boasted', 'complained', 'joked', 'testified',
  'welcomed', 'condemned', 'characterized', 'characterised', 'believes', 'thinks',
  'saying', 'stating', 'noting', 'adding', 'warning', 'insisting', 'arguing', 'emphasizing', 'emphasising', 'stressing',
  'affirming', 'asserting', 'explaining', 'declaring', 'suggesting', 'claiming', 'telling', 'acknowledging', 'urging',
  'describing', 'characterizing', 'characterising', 'remarking', 'expressing',
];
/** "said nothing", "noted little about …": the verb gives no statement (but "said nothing would stop them" does). */
const NOTHING = String.raw`(?!\s+(?:nothing|little|not\s+a\s+word)(?:\s*(?:[.,;:!?)]|$)|\s+(?:about|of|on|regarding|concerning|to|more|else|further|publicly|at|in|during|when|while|after|before|as|and|but|except)\b))`;
const VERB = `(?:(?:${SPEECH_VERBS.join('|')})\\b${NOTHING})`;
/**
 * What "called" names before a quotation: a pronoun, a determiner and one noun, or a name
 * ("called it “…”", "called the plan a “…”", "calls Becker “…”"). A longer object is someone
 * phoned, not something named: "called the families of “missing” residents", "called
 * residents who were “trapped”".
 */
// (The patterns run case-insensitively, so the particles are excluded by name.)
const CALLED_OBJECT = String.raw`(?!(?:for|on|upon|in|into|off|out|up|back|to|at|with|by|from|about|over|away|down|after|as|and|or|but)\b)(?:it|them|this|that|him|her|(?:the|this|that|his|her|their|its|our|my|your)\s+[\p{Ll}][\p{L}\p{M}'’]*|(?!(?:the|an?|this|that|his|her|their|its|our|my|your)\b)\p{Lu}[\p{L}\p{M}'’.-]*(?:\s+\p{Lu}[\p{L}\p{M}'’.-]*)?)`;
/** "called it “…”", "called the plan a “…”", "calls Becker “…”": naming something with a quotation. */
const CALLED = String.raw`(?:call|calls|called|calling)\s+${CALLED_OBJECT}\s+(?:(?:an?|the)\s+)?(?=[“"‘])`;
const SPEECH = `(?:${VERB}|${CALLED})`;
/** Words allowed between a name and its verb: "has", "also", "later", "firmly", … */
const ADVERBS = String.raw`(?:(?:has|had|have|also|later|then|further|again|previously|publicly|repeatedly|reportedly|recently|firmly|finally|initially|once|quickly|strongly|earlier|separately|privately|openly|directly|explicitly|simply|just|already|often|frequently|has\s+also|had\s+also|would|will|could|has\s+been|had\s+been)\s+)*`;
/** An appositive or relative clause between commas: ", the U.S. Vice President," / ", who …,". */
const APPOSITIVE = String.raw`(?:\s*,\s*(?:[^,.;“”"]|(?<=\p{Lu})\.){2,120}?,)?`;

const AFTER_NAME = new RegExp(`^${APPOSITIVE}\\s+${ADVERBS}${SPEECH}`, 'iu');
const PRONOUN_VERB = new RegExp(`(?:^|[\\s,“”"])(he|she)\\s+${ADVERBS}${SPEECH}`, 'iu');
const INVERTED = new RegExp(`[,”"’]\\s*${VERB}\\s+$`, 'iu');
const ACCORDING = /\baccording to\s+$/i;

/** Words of an office in "Secretary of State …", "Secretary of Homeland Security …" (not a person's title). */
const OFFICES = new Set(['state', 'defense', 'defence', 'security', 'intelligence', 'national', 'foreign', 'homeland', 'the', 'u.s.', 'us', 'uk', 'u.k.']);
const TITLE_OF = /(?:^|\s)(\p{Lu}[\p{L}\p{M}.]*)\s+of\s+(?:the\s+)?$/u;

const PREPOSITIONS = /\b(with|to|by|of|for|from|about|against|on|at|in|into|toward|towards|between|among|than|like|as|and)\s*$/i;

interface Attribution {
  speaker: string;
  sentence: { text: string; start: number; end: number };
}

export function extractStatements(
  paragraphs: { sourceId: string; index: number; text: string }[],
  meta: (sourceId: string) => { title: string; url?: string; published?: string },
): Statement[] {
  const batch = attributeStatements(paragraphs, meta);
  return canonicaliseStatements(batch.statements, batch.people.values());
}

/** The last-name keys attributeStatements learns from these paragraphs themselves. */
export function surnamesNamedIn(paragraphs: { text: string }[]): Set<string> {
  const known = surnamesIn(paragraphs.map((p) => p.text));
  for (const p of paragraphs) for (const n of singleNameSpeakers(p.text)) known.add(n);
  return known;
}

/** Statements with speakers as written, and per source the people it names (name → mentions, speakers included). */
export interface AttributedBatch {
  statements: Statement[];
  people: Map<string, Record<string, number>>;
}

/**
 * The statements of these paragraphs, each speaker as written (`speaker` is set by
 * canonicaliseStatements), and the people each source names. `knownSurnames`: last-name keys
 * of people named elsewhere in the corpus (see surnamesOf), so a new source is attributed as
 * if it had been read with the rest, without reading the rest again.
 */
export function attributeStatements(
  paragraphs: { sourceId: string; index: number; text: string }[],
  meta: (sourceId: string) => { title: string; url?: string; published?: string },
  knownElsewhere: Iterable<string> = [],
): AttributedBatch {
  const knownSurnames = surnamesIn(paragraphs.map((p) => p.text));
  for (const k of knownElsewhere) knownSurnames.add(k);
  // A single name that is itself the subject of a speech verb ("Peskov noted", "Trump told
  // reporters") is a person even when no first name is given anywhere.
  for (const p of paragraphs) for (const n of singleNameSpeakers(p.text)) knownSurnames.add(n);
  const raw: { p: { sourceId: string; index: number; text: string }; a: Attribution }[] = [];
  for (const p of paragraphs) {
    for (const a of attributeParagraph(p.text, knownSurnames)) raw.push({ p, a });
  }
  // Canonical names come from every person named in the material, not only the speakers.
  const people = new Map<string, Record<string, number>>();
  const count = (sourceId: string, name: string) => {
    let rec = people.get(sourceId);
    if (!rec) people.set(sourceId, (rec = {}));
    rec[name] = (rec[name] ?? 0) + 1;
  };
  for (const p of paragraphs) {
    if (!people.has(p.sourceId)) people.set(p.sourceId, {});
    for (const m of personMentions(p.text, { knownSurnames })) count(p.sourceId, m.name);
  }
  for (const r of raw) count(r.p.sourceId, r.a.speaker);
  const seen = new Set<string>();
  const statements: Statement[] = [];
  for (const { p, a } of raw) {
    const key = `${p.sourceId}#${p.index}#${a.sentence.start}#${a.speaker}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const m = meta(p.sourceId);
    statements.push({
      speaker: a.speaker,
      speakerAsWritten: a.speaker,
      sourceId: p.sourceId,
      title: m.title,
      paragraph: p.index,
      quote: a.sentence.text,
      ...(m.url ? { url: m.url } : {}),
      ...(m.published ? { published: m.published } : {}),
    });
  }
  return { statements, people };
}

/**
 * Every statement with the canonical form of its speaker, merged over all the people named in
 * `people` (one record per source: the whole corpus, so that the same person has one name
 * whichever run indexed the source). `changed`: when the statements' speakers are already
 * canonical for the corpus as it was, the names whose counts changed since (the people records
 * of the sources added, removed or replaced, before and after): only the speakers of the names
 * linked to them are merged again (canonicalNear), the same result without clustering the corpus.
 */
export function canonicaliseStatements(statements: Statement[], people: Iterable<Record<string, number>>, changed?: Iterable<string>): Statement[] {
  // Most names are written plainly: the regular expression only for those that are not.
  const norm = (n: string) => (/^\S+(?: \S+)*$/.test(n) ? n : n.trim().replace(/\s+/g, ' '));
  const counts = new Map<string, number>();
  for (const rec of people) {
    for (const [name, n] of Object.entries(rec)) {
      const t = norm(name);
      if (t) counts.set(t, (counts.get(t) ?? 0) + n);
    }
  }
  if (!changed) {
    const canon = canonicalFromCounts(counts);
    return statements.map((s) => withSpeaker(s, canon.get(norm(s.speakerAsWritten)) ?? s.speakerAsWritten));
  }
  const touched = new Set<string>();
  for (const n of changed) if (norm(n)) touched.add(norm(n));
  const canon = canonicalNear(counts, touched);
  return statements.map((s) => {
    const t = norm(s.speakerAsWritten);
    // A name outside the groups merged again keeps the speaker it had; one that was changed but is
    // counted nowhere now gets itself, as the whole run would give it.
    if (!canon.has(t) && !touched.has(t)) return s;
    return withSpeaker(s, canon.get(t) ?? s.speakerAsWritten);
  });
}

function withSpeaker(s: Statement, speaker: string): Statement {
  return speaker === s.speaker ? s : { ...s, speaker };
}

/** Last-name keys of the people named in these sources (what attributeStatements may take as known). */
export function surnamesOf(people: Iterable<Record<string, number>>): Set<string> {
  const out = new Set<string>();
  for (const rec of people) for (const name of Object.keys(rec)) out.add(lastNameKey(name));
  return out;
}

/** The statements of one paragraph: speaker as written and the sentence (verbatim). */
export function attributeParagraph(text: string, knownSurnames: Set<string> = surnamesIn([text])): Attribution[] {
  const sentences = splitSentences(text);
  const out: Attribution[] = [];
  let lastSpeakers: string[] = [];
  let lastWasStatement = false;
  const history: NameMention[][] = [];
  for (const s of sentences) {
    const people = personMentions(s.text, { knownSurnames });
    const speakers = speakersIn(s.text, people, knownSurnames);
    const pronoun = PRONOUN_VERB.exec(s.text);
    if (speakers.length === 0 && pronoun) {
      // "he remarked": someone named earlier in this sentence, else the subject of the last sentence that names someone.
      const before = people.filter((m) => m.end <= pronoun.index + 1);
      const antecedent = before.length ? subjectOf(s.text, before) : lastSubject(history, sentences);
      if (antecedent) speakers.push(antecedent);
    }
    if (speakers.length === 0 && lastWasStatement && isWholeQuotation(s.text)) speakers.push(...lastSpeakers);
    for (const sp of speakers) out.push({ speaker: sp, sentence: s });
    lastWasStatement = speakers.length > 0;
    if (speakers.length) lastSpeakers = speakers;
    history.push(people);
  }
  return out;
}

function singleNameSpeakers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?<![\p{L}\p{M}'’-])(\p{Lu}[\p{Ll}\p{M}]+(?:['’-]\p{Lu}?[\p{Ll}\p{M}]+)?)(?=[\s,])/gu)) {
    const word = m[1];
    const at = (m.index ?? 0) + m[0].length;
    if (!AFTER_NAME.test(text.slice(at))) continue;
    const p = personFromRun(word, m.index ?? 0, false, { allowSingle: true });
    if (!p) continue;
    // Not the last word of a longer capitalised run ("White House indicated").
    if (/\p{Lu}[\p{L}\p{M}.]*\s+$/u.test(text.slice(0, m.index ?? 0))) continue;
    out.push(lastNameKey(word));
  }
  return out;
}

function isWholeQuotation(t: string): boolean {
  return /^[“"][^“”"]+[”"]$/.test(t.trim());
}

/** People who are the subject of a speech verb in this sentence. */
function speakersIn(text: string, people: NameMention[], knownSurnames: Set<string>): string[] {
  const out: string[] = [];
  const add = (n: string) => {
    if (!out.some((o) => samePerson(o, n))) out.push(n);
  };
  for (let i = 0; i < people.length; i++) {
    const m = people[i];
    const after = text.slice(m.end);
    const before = text.slice(0, m.runStart);
    if (AFTER_NAME.test(after)) {
      // "NAME and (titles) NAME said": both speak; "talks with NAME said" is not the subject.
      if (afterPreposition(text, m) && !/\band\s*$/i.test(before)) continue;
      add(m.name);
      // "Steve Witkoff and White House press secretary Karoline Leavitt indicated": walk back
      // over "and" and title words to earlier names.
      let k = i - 1;
      let at = m.runStart;
      while (k >= 0) {
        const between = text.slice(people[k].end, at);
        const words = /^\s*(?:,\s*)?(?:and|,)\s+(.*)$/su.exec(between);
        if (!words || !words[1].split(/\s+/).filter(Boolean).every((w) => isTitleWord(w))) break;
        add(people[k].name);
        at = people[k].runStart;
        k--;
      }
      continue;
    }
    if (INVERTED.test(before.slice(-40)) || ACCORDING.test(before.slice(-20))) add(m.name);
  }
  // "…, said Peskov": the run right after the verb may be a single known name.
  for (const mm of text.matchAll(new RegExp(`[,”"’]\\s*${VERB}\\s+((?:\\p{Lu}[\\p{L}\\p{M}.'’-]*\\s+){0,4}\\p{Lu}[\\p{L}\\p{M}'’-]*)`, 'gu'))) {
    const run = mm[1];
    const p = personFromRun(run, (mm.index ?? 0) + mm[0].length - run.length, false, { knownSurnames });
    if (p) add(p.name);
  }
  return out;
}

/**
 * Whether a name follows a preposition ("talks with NAME", "according to NAME"), so it is not
 * the subject. The "of" of a title is not one: "Secretary of State Marco Rubio", "President of
 * Ukraine Volodymyr Zelensky" (but "the wife of President Putin" and "a spokesman of Putin" are).
 */
function afterPreposition(text: string, m: NameMention): boolean {
  const before = text.slice(0, m.runStart);
  if (!PREPOSITIONS.test(before)) return false;
  const of = TITLE_OF.exec(before);
  if (!of || !isTitleWord(of[1]) || m.start === m.runStart) return true;
  // The title must open the clause ("Secretary of State Marco Rubio said", "On Monday, U.S.
  // Secretary of State …"), not follow a verb or a preposition ("After meeting Secretary of State …, he said").
  let head = before.slice(0, of.index + of[0].indexOf(of[1])).trimEnd();
  for (let w = /(\S+)$/.exec(head); w && isTitleWord(w[1]); w = /(\S+)$/.exec(head)) head = head.slice(0, w.index).trimEnd();
  if (head && !/(?:[.!?;:,“"(]|\band)$/i.test(head)) return true;
  // What stands between "of" and the name is an office or a place, not a person's own title.
  const prefix = text.slice(m.runStart, m.start).split(/\s+/).filter(Boolean);
  return !prefix.every((w) => OFFICES.has(fold(w)) || !isTitleWord(w));
}

/** The grammatical subject among the people named in a sentence: the first, if not after a preposition. */
function subjectOf(text: string, people: NameMention[]): string | undefined {
  if (people.length === 0) return undefined;
  const first = people[0];
  if (afterPreposition(text, first)) return undefined;
  return first.name;
}

function lastSubject(history: NameMention[][], sentences: { text: string }[]): string | undefined {
  for (let k = history.length - 1; k >= 0; k--) {
    if (history[k].length === 0) continue;
    return subjectOf(sentences[k].text, history[k]);
  }
  return undefined;
}

/**
 * Statements by one person, however the name is written: "Zelensky", "zelenskyy" and
 * "Volodymyr Zelenskyy" find the same statements.
 */
export function findStatements(statements: Statement[], name: string): Statement[] {
  const q = name.trim().replace(/\s+/g, ' ');
  if (!q) return [];
  const fq = fold(q);
  return statements.filter((s) => samePerson(s.speaker, q) || samePerson(s.speakerAsWritten, q) || fold(s.speaker) === fq);
}
