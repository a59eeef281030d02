// A follow-up read with its conversation: "What did he say about the borders?" after "Who is
// Pete Hegseth?" becomes a question that stands alone. Pure text work; the names come from
// compromise (a part-of-speech tagger), never from a list kept here.
import nlp from 'compromise';

/** What a later turn needs of an earlier one. */
export interface EarlierTurn {
  /** As asked. */
  question: string;
  /** As read (the resolved question; the question itself when it stood alone). */
  resolved: string;
  /** Sources the answer quoted (a boost for the follow-up's search, never a filter). */
  sourceIds: readonly string[];
  /** People the answer's first quotes name ("Who won the Masters?" → Jon Rahm): what a later "he" may stand for. */
  answerPeople?: readonly string[];
}

export interface ReadFollowUp {
  /** The question as the asker typed it (trimmed). */
  question: string;
  /** The question that stands alone: what is searched and shown as "Reading this as". */
  resolved: string;
  /** True when earlier turns changed or inform the reading. */
  followUp: boolean;
  /**
   * A subject the follow-up brings in that the earlier turns did not name ("And the EU?"): only
   * passages naming it may answer, so an absent subject is not found instead of the earlier topic.
   */
  newSubject?: string;
  /** How a passage may name the new subject: the whole name, or a person's surname alone. */
  subjectNames?: string[];
  /** Earlier answers' sources, to boost (empty when the question is answered fresh). */
  boostSources: string[];
}

type Kind = 'person' | 'thing';
interface Name {
  text: string;
  kind: Kind;
  /** Not known to compromise as a person, but written like one: two or three capitalised words, no organisation, place or plural among them ("Damar Hamlin"). */
  personLike?: boolean;
}

const SHORT_FORM = /^(?:and|but|also|or|what about|how about|and what about|what of|and how about)\s+(.+?)[\s?.!]*$/i;
const BARE_ASK = /^(why|how|when|where|who|how so|how come|since when|what then|and then|really|says who)[\s?.!]*$/i;
const PERSON_PRONOUN = /\b(he|she|him|her|his|hers|himself|herself)\b/gi;
const THING_PRONOUN = /\b(it|its|they|them|their|theirs)\b/gi;
// "that" and "this" only as a pronoun at the end ("Why did that happen" is left alone: "that" there reads fine).
const NOT_A_NOUN = new Set(['and', 'or', 'but', 'about', 'to', 'in', 'on', 'at', 'for', 'with', 'after', 'before', 'from', 'by', 'the', 'a', 'an', 'that', 'this', 'if', 'when', 'so', 'again', 'today', 'yesterday', 'now', 'then']);
const DEMONSTRATIVE_END = /\b(about|of|on|with|for|to|after|before|against|behind|cause[ds]?|mean[st]?|approve[ds]?|happen(?:ed)?)\s+(that|this)(?=[\s?.!]*$)/i;

function clean(text: string): string {
  return text
    .replace(/[?.!,;:]+$/g, '')
    .replace(/['’]s$/i, '')
    .trim();
}

/** Proper names in a text, in order, with whether compromise reads each as a person. */
export function namesIn(text: string): Name[] {
  const doc = nlp(text);
  const people = new Set((doc.people().out('array') as string[]).map(clean));
  const out: Name[] = [];
  // "Trump–Putin call": two names joined by a dash are two names.
  for (const raw of (doc.match('#ProperNoun+').out('array') as string[]).flatMap((n) => n.split(/\s*[–—]\s*/))) {
    const name = clean(raw);
    if (!name || out.some((n) => n.text === name)) continue;
    const person = [...people].some((p) => p && (name.includes(p) || p.includes(name)));
    out.push({ text: name, kind: person ? 'person' : 'thing', ...(!person && personLike(name) ? { personLike: true } : {}) });
  }
  // An acronym at the start of a question ("EU leaders…") is tagged as a noun, not a name.
  for (const m of text.matchAll(/\b[A-Z][A-Z0-9]{1,6}\b/g)) {
    if (!out.some((n) => n.text.includes(m[0]))) out.push({ text: m[0], kind: 'thing' });
  }
  return out;
}

function personLike(name: string): boolean {
  const words = name.split(/\s+/);
  if (words.length < 2 || words.length > 3 || !words.every((w) => /^\p{Lu}[\p{Ll}'’.-]+$/u.test(w))) return false;
  return !nlp(name).has('(#Organization|#Place|#Plural|#Date|#Value)');
}

/** People named in text (an earlier answer's quotes), as compromise reads them. */
export function peopleIn(text: string): string[] {
  return [...new Set((nlp(text).people().out('array') as string[]).map(clean).filter((p) => p.includes(' ')))];
}

/** Names of earlier turns, newest turn first (each turn's names in order). */
function earlierNames(earlier: readonly EarlierTurn[]): Name[] {
  return [...earlier].reverse().flatMap((t) => namesIn(t.resolved));
}

const mentions = (text: string, name: string) => text.toLowerCase().includes(name.toLowerCase());

/** Replaces `old` in `question` with `name`, without doubling an article ("the the EU"). */
function substitute(question: string, old: string, name: string): string {
  const at = question.indexOf(old);
  const before = question.slice(0, at);
  // "the White House" → "the Kremlin" (typed "And the Kremlin?") or "Russia" (typed "What about Russia?").
  if (!/\bthe\s+$/i.test(before)) return before + name + question.slice(at + old.length);
  return /^the\s+/i.test(name) ? before + name.replace(/^the\s+/i, '') + question.slice(at + old.length) : before.replace(/\bthe\s+$/i, '') + name + question.slice(at + old.length);
}

/** The ways a passage names `subject`: "Pete Hegseth" or "Hegseth"; "the EU" as "EU". */
export function namingForms(subject: string): string[] {
  const bare = subject.replace(/^the\s+/i, '').trim();
  const words = bare.split(/\s+/);
  return kindOf(bare) === 'person' && words.length > 1 ? [bare, words[words.length - 1]] : [bare];
}

function kindOf(name: string): Kind {
  return namesIn(`What did ${name} say?`).some((n) => n.kind === 'person') ? 'person' : 'thing';
}

/** "And the EU?" / "What about Russia?": the earlier question asked about the new subject. */
function readShortForm(rest: string, earlier: readonly EarlierTurn[], last: EarlierTurn): { resolved: string; newSubject?: string } {
  // Read in a sentence: a lone word ("Narnia") is only tagged a name where a question frames it.
  const named = namesIn(`What about ${rest}?`).length ? namesIn(`What about ${rest}?`) : /\b\p{Lu}/u.test(rest) ? [{ text: clean(rest), kind: 'thing' as Kind }] : [];
  if (!named.length) {
    // "And the borders?": another side of the same subject.
    const subject = earlierNames(earlier)[0]?.text;
    const aspect = resolvePronouns(rest, earlier);
    return { resolved: subject && !mentions(aspect, subject) ? `What about ${aspect}, regarding ${subject}?` : `What about ${aspect}?` };
  }
  const subject = clean(rest);
  const kind = kindOf(subject);
  const before = namesIn(last.resolved);
  const replaced = before.find((n) => n.kind === kind) ?? before[0];
  const stem = last.resolved.trim();
  const resolved = replaced ? substitute(stem, replaced.text, subject) : `${stem.replace(/[?.!\s]+$/, '')}: what about ${subject}?`;
  return { resolved, newSubject: subject };
}

/** Pronouns replaced by the names they stand for (the newest person for he/she, the newest other name for it/they). */
function resolvePronouns(question: string, earlier: readonly EarlierTurn[]): string {
  const names = earlierNames(earlier);
  // He / she: a person the questions named; after a "who" question, the person its answer named;
  // else a name written like a person's, else a person the last answer named.
  const last = earlier[earlier.length - 1];
  const answered = last && /^\s*who\b/i.test(last.resolved) ? last.answerPeople?.[0] : undefined;
  const person = names.find((n) => n.kind === 'person')?.text ?? answered ?? names.find((n) => n.personLike)?.text ?? last?.answerPeople?.[0];
  // "it" and "they" never stand for a person here ("they" for people is left as it is).
  const thing = names.find((n) => n.kind === 'thing')?.text;
  let out = question;
  if (person) {
    out = out.replace(PERSON_PRONOUN, (w, _p, at: number, all: string) => {
      const lower = w.toLowerCase();
      const next = /^\s+([a-z]+)/.exec(all.slice(at + w.length))?.[1];
      // "her" is an object ("ask her") or, before a noun ("her husband"), a possessive.
      const possessive = lower === 'his' || lower === 'hers' || (lower === 'her' && !!next && !NOT_A_NOUN.has(next));
      return possessive ? `${person}’s` : person;
    });
  }
  if (thing) {
    out = out.replace(THING_PRONOUN, (w) => (/^(its|their|theirs)$/i.test(w) ? `${thing}’s` : thing));
    out = out.replace(DEMONSTRATIVE_END, (_m, verb: string) => `${verb} ${thing}`);
  }
  return out;
}

function subjectOf(subject: string | undefined): Pick<ReadFollowUp, 'newSubject' | 'subjectNames'> {
  return subject ? { newSubject: subject, subjectNames: namingForms(subject) } : {};
}

/**
 * Reads `question` with the conversation's earlier turns (oldest first). A question that names
 * a subject the conversation has not named, with no pronoun standing for an earlier one, is
 * answered fresh.
 */
export function readFollowUp(raw: string, earlier: readonly EarlierTurn[]): ReadFollowUp {
  const question = raw.replace(/\s+/g, ' ').trim();
  const last = earlier[earlier.length - 1];
  if (!last) return { question, resolved: question, followUp: false, boostSources: [] };
  const boost = [...new Set(earlier.slice(-2).flatMap((t) => t.sourceIds))];

  const bare = BARE_ASK.exec(question);
  if (bare) {
    const stem = last.resolved.trim().replace(/[?.!\s]+$/, '');
    const ask = bare[1][0].toUpperCase() + bare[1].slice(1).toLowerCase();
    return { question, resolved: `${ask}? (${stem})`, followUp: true, boostSources: boost };
  }
  const short = SHORT_FORM.exec(question);
  if (short) {
    const read = readShortForm(short[1], earlier, last);
    return { question, resolved: read.resolved, followUp: true, boostSources: read.newSubject ? [] : boost, ...subjectOf(read.newSubject) };
  }
  const resolved = resolvePronouns(question, earlier);
  const known = earlierNames(earlier);
  const fresh = namesIn(question).filter((n) => !known.some((k) => mentions(k.text, n.text) || mentions(n.text, k.text)));
  if (resolved !== question) {
    return { question, resolved, followUp: true, boostSources: boost, ...subjectOf(fresh[0]?.text) };
  }
  // A new name and no pronoun: a new subject, answered fresh.
  if (fresh.length) return { question, resolved: question, followUp: false, boostSources: [] };
  // Same subject in other words ("How long did the call last?"): earlier sources help rank.
  return { question, resolved: question, followUp: true, boostSources: boost };
}
