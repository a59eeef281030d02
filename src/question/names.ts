// The names a question is about ("Norland", "Pete Hegseth", "the Federal Reserve"), how a
// sentence mentions them (in full, by surname, title + surname), and the name a "who is /
// what is X" question asks to have introduced.
import { capitalisedRuns, fold, isTitleWord, lastNameKey, personMentions, STOPWORDS } from '../claims/index.js';

export interface QuestionName {
  /** As written in the question, titles taken off ("Pete Hegseth"). */
  text: string;
  /** Folded words of the name. */
  words: string[];
  /** Several words, the last a surname: a sentence naming the surname mentions the person. */
  person: boolean;
}

// Capitalised only because they open the question ("Who", "Did", "What").
const OPENERS = /^(?:who|whom|whose|what|which|when|where|why|how|is|are|was|were|did|does|do|has|have|had|can|could|will|would|should|in|on|at|as|after|before|since|during|according|the|a|an)$/i;

export function questionNames(question: string): QuestionName[] {
  const out: QuestionName[] = [];
  // People as src/claims reads them (titles off, places and organisations not people).
  const people = personMentions(question).filter((p) => p.name.split(/\s+/).length >= 2);
  for (const run of capitalisedRuns(question)) {
    let words = run.text.split(/\s+/);
    while (words.length && (OPENERS.test(words[0]) || isTitleWord(words[0]) || isTitleWord(words[0].split('-').pop()!))) words = words.slice(1);
    words = words.filter((w) => !STOPWORDS.has(w.toLowerCase()));
    if (!words.length || words.every((w) => w.length < 2)) continue;
    const text = words.join(' ');
    // Two or more words none of which is an organisation/place word: a person's name.
    const person = people.find((p) => p.start >= run.start && p.end <= run.end);
    const name = person ? person.name : text;
    out.push({ text: name, words: name.split(/\s+/).map((w) => fold(w).replace(/['’]s$/, '')), person: !!person });
  }
  return out;
}

const DESCRIBES = /^(?:former|chief|founder|ceo|head|leader|star|actor|actress|singer|author|billionaire|rapper|director|coach|player|striker|manager|owner|executive|journalist|host|anchor|businessman|businesswoman|entrepreneur|activist|candidate|lawmaker|judge|commander|champion)$/i;

const wordRe = (w: string) => new RegExp(`(?<![\\p{L}\\p{N}])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u');

/** Whether a text mentions the name: every word of it, or a person's surname. */
export function mentions(name: QuestionName, text: string): boolean {
  const t = fold(text);
  if (name.person) return wordRe(lastNameKey(name.text)).test(t.replace(/(skyy|skyi|skiy|skij|skii|ski|sky)(?![a-z])/g, 'sky'));
  return name.words.every((w) => wordRe(w).test(t));
}

/** Share of the question's names a text mentions (0 when the question names nothing). */
export function nameCoverage(names: QuestionName[], text: string): number {
  return names.length ? names.filter((n) => mentions(n, text)).length / names.length : 0;
}

/** "Who is Pete Hegseth?", "What is the Artemis programme?": the name to introduce, or null. */
export function introducedName(question: string): QuestionName | null {
  const m = /^\s*(?:who|what)\s+(?:is|was|are|were)\s+(?:the\s+)?(.+?)\s*\?*\s*$/i.exec(question);
  if (!m || !/^\p{Lu}/u.test(m[1]) || m[1].split(/\s+/).length > 6) return null;
  const [name] = questionNames(m[1]);
  return name && name.text.split(/\s+/).length === m[1].replace(/['’]s$/, '').split(/\s+/).filter((w) => !isTitleWord(w)).length ? name : null;
}

/**
 * Whether a sentence introduces the name: an apposition ("Pete Hegseth, the defence
 * secretary, …"), a title or description before it ("Defense Chief Pete Hegseth"), a
 * definition ("X is a …", "X, who …") or a naming ("… named X").
 */
export function introduces(name: QuestionName, sentence: string): boolean {
  if (!mentions(name, sentence)) return false;
  const key = name.person ? lastNameKey(name.text) : name.words[name.words.length - 1];
  const t = fold(sentence);
  const at = t.search(wordRe(key));
  if (at < 0) return false;
  const before = sentence.slice(0, at);
  const after = t.slice(at + key.length);
  if (/^(?:['’]s)?\s*(?:,\s*(?:the|a|an|who|which|whose|its|his|her|[\p{Ll}\d]+(?:\s+[\p{Ll}\d-]+){0,3}\s+(?:of|at|for|in))\b|\(|\s+(?:is|was|are|were|has been|had been|serves as|became)\s+(?:a|an|the|one|now)\b)/u.test(after)) return true;
  if (/\b(?:named|called|appointed|nominated|elected|titled|dubbed|known as)\s+(?:\p{Lu}[\p{L}.'’-]*\s+)*$/u.test(before)) return true;
  // A title or description just before: "Defense Chief Pete Hegseth", "billionaire Elon Musk".
  const lead = before.trim().split(/\s+/).slice(-4).filter(Boolean);
  return lead.some((w) => (isTitleWord(w) || DESCRIBES.test(w)) && !OPENERS.test(w));
}

/**
 * The name a question is about: the one a "who is / what is" question asks about, or the person
 * named in full who is its subject ("What did X say …"). A name elsewhere is context.
 */
export function centralName(question: string): QuestionName | null {
  const introduced = introducedName(question);
  if (introduced) return introduced;
  const subject = /^\s*(?:what|when|where|why|how|which)\s+(?:\w+\s+)?(?:did|does|do|has|have|had|is|was|will|would|can|could)\s+(.+)$/i.exec(question)?.[1];
  if (!subject) return null;
  const [first] = questionNames(subject);
  return first?.person && startsWithName(subject, first) ? first : null;
}

/** The subject opens with the name, perhaps behind a title ("Senator Maria Delgado said"). */
function startsWithName(subject: string, name: QuestionName): boolean {
  const at = subject.indexOf(name.text);
  if (at < 0) return false;
  const before = subject.slice(0, at).trim();
  return before === '' || before.split(/\s+/).every((w) => /^\p{Lu}/u.test(w));
}
