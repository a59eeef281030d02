// Names in running text: capitalised runs, with titles and nationality words taken off,
// sorted into people, places and organisations by simple cues, and merged into one
// canonical form per person ("Zelensky", "Zelenskyy", "Volodymyr Zelenskyy" → the last).
import { samePerson, lastNameKey } from './normalise.js';
import { fold } from './words.js';

/** Words that may precede a name as a title or role; they are not part of the name. */
const TITLE_WORDS = new Set(
  (
    'president presidents vice prime minister ministers secretary press spokesman spokeswoman spokesperson envoy special chief foreign policy ' +
    'defense defence head advisor adviser official officials ambassador senator sen rep representative governor gov chancellor general gen ' +
    'colonel col captain capt lieutenant lt sergeant sgt admiral major king queen prince princess pope bishop cardinal archbishop ' +
    'sir dame lord lady dr mr mrs ms miss prof professor judge justice mayor deputy commander leader chairman chairwoman chair director ' +
    'ceo founder executive coach manager editor correspondent reporter analyst attorney lawyer premier emir sheikh crown state national ' +
    'security intelligence former late then acting interim first hauptmann oberleutnant leutnant kapitanleutnant field marshal ' +
    'rabbi imam reverend pastor ' +
    'white house kremlin pentagon envoy of the and us u.s. u.s uk u.k. eu un nato'
  ).split(/\s+/),
);

/** Capitalised adjectives of nationality and region that precede titles ("Ukrainian President …"). */
const NATIONALITIES = new Set(
  (
    'american russian ukrainian french british german chinese european israeli iranian italian spanish polish turkish indian ' +
    'japanese korean north south canadian australian irish scottish welsh english dutch belgian swedish norwegian danish finnish ' +
    'hungarian czech slovak romanian bulgarian greek serbian croatian georgian belarusian moldovan estonian latvian lithuanian ' +
    'saudi emirati qatari egyptian syrian iraqi afghan pakistani brazilian mexican argentine cuban venezuelan palestinian lebanese ' +
    'austrian swiss portuguese african asian western eastern soviet jewish ashkenazi sephardic arab catholic protestant muslim christian hindu buddhist'
  ).split(/\s+/),
);

/** Capitalised words that are never (part of) a person's name. */
const NON_PERSON = new Set(
  (
    // places
    'ukraine russia china taiwan moscow kyiv kiev washington london paris berlin brussels beijing europe asia africa america ' +
    'america’s states kingdom republic crimea donbas donetsk luhansk kherson zaporizhzhia odesa odessa kursk kharkiv mariupol ' +
    'saudi arabia emirates qatar iran iraq israel gaza syria turkey india pakistan japan korea canada mexico brazil germany france ' +
    'britain england scotland wales ireland italy spain poland hungary moldova belarus georgia finland sweden norway denmark ' +
    'netherlands belgium austria switzerland greece romania bulgaria serbia estonia latvia lithuania vatican istanbul ' +
    'geneva riyadh munich minsk warsaw rome madrid tokyo seoul delhi cairo tehran jerusalem ankara bali ' +
    'city county province region oblast district island islands river lake sea ocean bay gulf mount mountains valley street road ' +
    'square bridge airport port station park hall palace castle tower base fort plant reserve cemetery dockyard harbour harbor ' +
    // organisations and institutions
    'house office union commission court council committee ministry department agency bank institute museum hotel stadium ' +
    'company inc ltd corporation corp group army navy force forces air guard party club university college school church ' +
    'cathedral league association federation organization organisation foundation society centre center assembly parliament ' +
    'congress senate government administration network media news post times journal gazette review reuters tass cnn bbc ' +
    'nato eu un ap afp kremlin pentagon fc gaa social truth ' +
    // events, things, documents
    'war revolution agreement treaty plan summit conference games olympics prize award festival series show film album book ' +
    'act law constitution day week month year dynasty empire championship cup final election elections ' +
    // months and days
    'january february march april may june july august september october november december ' +
    'monday tuesday wednesday thursday friday saturday sunday easter christmas ' +
    // words that start sentences or headings
    'the a an in on at but and or if when while after before during despite however this that these those it he she they we ' +
    'i you his her their our my as for from with by to of both some many most all each every no not yet still even just only ' +
    'also then now here there today yesterday last next such other another key recent historically interestingly unfortunately ' +
    'currently meanwhile moreover furthermore additionally according although though since until whether where who what why how ' +
    'which question answer see share search tags related posts get subscribe similar leave reply source links video topic details ' +
    'conclusion summary faq frequently asked questions future global international implications reaction reactions context ' +
    'prospects legacy stakes diplomatic domestic relations talks peace ceasefire conflict ukrainians russians europeans ' +
    'experts reports officials stakeholders leaders world good bad new old great dear sources source hours days months years ' +
    'police authorities analysts critics witnesses residents observers researchers scientists investigators prosecutors ' +
    'lawmakers diplomats negotiators voters people everyone someone nobody many several others'
  ).split(/\s+/),
);

const CONNECTORS = new Set(['de', 'da', 'del', 'della', 'di', 'du', 'van', 'von', 'der', 'den', 'bin', 'ben', 'ibn', 'al', 'el', 'la', 'le', 'ter', 'dos', 'das', 'mac']);

export interface NameMention {
  /** The name without titles ("Volodymyr Zelenskyy"). */
  name: string;
  start: number;
  end: number;
  /** The whole capitalised run it came from, titles included ("Ukrainian President Volodymyr Zelenskyy"). */
  run: string;
  runStart: number;
}

// A capitalised word: "Zelenskyy", "D'Oyly", "Albert-Birot", "J.", "U.S.", "JD".
const CAP = String.raw`(?:\p{Lu}\.(?:\p{Lu}\.)*|\p{Lu}[\p{L}\p{M}]*(?:['’\-–][\p{Lu}\p{Ll}][\p{L}\p{M}]*)*)`;
const RUN_RE = new RegExp(String.raw`${CAP}(?:\s+(?:(?:de|da|del|della|di|du|van|von|der|den|bin|ben|ibn|al|el|la|le|ter|dos|das)\s+)?${CAP})*`, 'gu');

export function isTitleWord(w: string): boolean {
  const f = fold(w).replace(/['’]s$/, '');
  return TITLE_WORDS.has(f) || TITLE_WORDS.has(f.replace(/\.$/, '')) || NATIONALITIES.has(f);
}

function isNonPerson(w: string): boolean {
  const f = fold(w).replace(/['’]s$/, '').replace(/\.$/, '');
  return NON_PERSON.has(f) || NATIONALITIES.has(f);
}

/** Every run of capitalised words, with its offsets. */
export function capitalisedRuns(text: string): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(RUN_RE)) {
    let t = m[0];
    let start = m.index ?? 0;
    // A possessive ends the name ("Trump’s plans").
    const poss = /['’]s$/.exec(t);
    if (poss) t = t.slice(0, poss.index);
    // "J." at the very end belongs to the name only when more follows; a lone trailing "U.S." is kept.
    out.push({ text: t, start, end: start + t.length });
  }
  return out;
}

/** Splits a run into words (keeping connectors with the following word). */
function runWords(run: string): { w: string; at: number }[] {
  const out: { w: string; at: number }[] = [];
  for (const m of run.matchAll(/\S+/g)) out.push({ w: m[0], at: m.index ?? 0 });
  return out;
}

export interface PersonOptions {
  /** Folded last names of people named in full elsewhere: lets "Kallas" alone count as a person. */
  knownSurnames?: Set<string>;
  /** Accept a single unknown capitalised word as a person (used right before a speech verb). */
  allowSingle?: boolean;
}

/**
 * Takes titles off the front of a run and says whether what is left looks like a person's
 * name. Returns null for places, organisations and sentence-initial words.
 */
export function personFromRun(run: string, runStart: number, sentenceStart: boolean, opts: PersonOptions = {}): NameMention | null {
  const words = runWords(run);
  let i = 0;
  while (i < words.length && (isTitleWord(words[i].w) || (i === 0 && sentenceStart && isNonPerson(words[i].w)))) i++;
  // "US Defense Chief Pete Hegseth": title words can be capitalised; drop the leading
  // ones as long as a name remains.
  while (i < words.length - 1 && isNonPerson(words[i].w) && !CONNECTORS.has(words[i].w)) i++;
  let rest = words.slice(i);
  // "Fire Chief Maria Lopez", "Bank of England Governor Andrew Bailey": a role ending in a title
  // word stands before the name; what follows the last title word is the name when it is two words or more.
  let lastTitle = -1;
  rest.forEach((x, j) => {
    if (isTitleWord(x.w) && !/^\p{Lu}\.$/u.test(x.w) && !/^\p{Lu}{2}$/u.test(x.w) && !CONNECTORS.has(x.w)) lastTitle = j;
  });
  // Not in Title Case headlines ("Governor Signs State Budget Amid Protests"), whose
  // capitalised small words give them away.
  const titleCase = rest.some((x) => /^(?:Amid|In|On|At|For|With|To|Over|After|Before|From|By|As|And|Or|But|The|An?|Into|Against|Despite|Signs?|Says?|Backs?|Wins?)$/.test(x.w));
  if (lastTitle >= 0 && rest.length - lastTitle - 1 >= 2 && !titleCase) rest = rest.slice(lastTitle + 1);
  if (rest.length === 0) return null;
  if (rest.length > 4) return null;
  if (rest.some((x) => isNonPerson(x.w) && !CONNECTORS.has(x.w))) return null;
  if (rest.some((x) => isTitleWord(x.w) && !/^\p{Lu}\.$/u.test(x.w) && !/^\p{Lu}{2}$/u.test(x.w))) return null;
  // All-capital words longer than 3 letters are acronyms or shouting, not names.
  if (rest.some((x) => /^\p{Lu}{4,}$/u.test(x.w))) return null;
  const first = rest[0];
  const last = rest[rest.length - 1];
  if (/^\p{Lu}\.?$/u.test(last.w)) return null; // ends with an initial
  const name = run.slice(first.at, last.at + last.w.length);
  if (rest.length === 1) {
    const known = opts.knownSurnames?.has(lastNameKey(name));
    if (!known && !opts.allowSingle) return null;
    if (/^\p{Lu}{2,}$/u.test(name)) return null;
  }
  return { name, start: runStart + first.at, end: runStart + last.at + last.w.length, run, runStart };
}

/** The people named in a text. */
export function personMentions(text: string, opts: PersonOptions = {}): NameMention[] {
  const out: NameMention[] = [];
  for (const r of capitalisedRuns(text)) {
    const before = text.slice(0, r.start);
    const sentenceStart = /(^|[.!?:]\s+|["“‘(]\s*|\n\s*|[-–—•]\s+)$/.test(before);
    const p = personFromRun(r.text, r.start, sentenceStart, opts);
    if (p) out.push(p);
  }
  return out;
}

/** Folded last names of the multi-word person names in these texts. */
export function surnamesIn(texts: string[]): Set<string> {
  const out = new Set<string>();
  for (const t of texts) for (const p of personMentions(t)) if (p.name.split(/\s+/).length >= 2) out.add(lastNameKey(p.name));
  return out;
}

const ORG_WORDS = new Set(
  (
    'club fc united university college school party company corporation corp inc ltd group ministry department agency council committee ' +
    'commission association federation union church bank institute foundation society league army navy court parliament assembly ' +
    'government team band orchestra museum hospital airline airlines railway railways network news times post journal gazette'
  ).split(/\s+/),
);

export function looksLikeOrganisation(name: string): boolean {
  return name.split(/\s+/).some((w) => ORG_WORDS.has(fold(w)));
}

/** Capitalised runs that are not people, not sentence-initial function words, titles taken off. */
export function properNameMentions(text: string): NameMention[] {
  const out: NameMention[] = [];
  for (const r of capitalisedRuns(text)) {
    const words = runWords(r.text);
    let i = 0;
    const before = text.slice(0, r.start);
    const sentenceStart = /(^|[.!?:]\s+|["“‘(]\s*|\n\s*)$/.test(before);
    while (i < words.length && (isTitleWord(words[i].w) || (sentenceStart && i === 0 && NON_PERSON.has(fold(words[i].w)) && words.length > 1 && !looksLikeOrganisation(r.text)))) i++;
    if (i >= words.length) continue;
    if (i === 0 && sentenceStart && words.length === 1 && NON_PERSON.has(fold(words[0].w))) continue;
    const first = words[i];
    const last = words[words.length - 1];
    const name = r.text.slice(first.at, last.at + last.w.length);
    if (/^(January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$/.test(name)) continue;
    out.push({ name, start: r.start + first.at, end: r.start + last.at + last.w.length, run: r.text, runStart: r.start });
  }
  return out;
}

/**
 * Maps each name as written to one canonical form per person. Names are the same person
 * when their last names match (case, accents and transliteration endings aside, or one
 * edit apart) and their first names do not contradict ("Paul Seadlund" ≠ "Peter Seadlund").
 * The canonical form is the fullest one seen (most words, then longest). A bare last name
 * shared by several people goes to the one named most often.
 */
export function canonicalSpeakers(names: string[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const n of names) {
    const t = n.trim().replace(/\s+/g, ' ');
    if (t) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const canon = canonicalFromCounts(counts);
  for (const n of names) if (!canon.has(n)) canon.set(n, canon.get(n.trim().replace(/\s+/g, ' ')) ?? n);
  return canon;
}

interface Cluster {
  order: number;
  canonical: string;
  members: string[];
  weight: number;
}

/**
 * canonicalSpeakers from names already counted. Near-linear: a name is compared only with the
 * clusters that hold a name whose last-name key is within one edit of its own (found through
 * the keys with one letter deleted: two keys one edit apart share such a form), never with
 * every other person of the corpus. The result is the same as comparing with every cluster.
 */
export function canonicalFromCounts(counts: Map<string, number>): Map<string, string> {
  const words = new Map<string, number>();
  for (const n of counts.keys()) words.set(n, wordCount(n));
  const distinct = [...counts.keys()].sort((a, b) => words.get(b)! - words.get(a)! || b.length - a.length || a.localeCompare(b));
  const clusters: Cluster[] = [];
  const byForm = new Map<string, Set<Cluster>>();
  const file = (c: Cluster, forms: string[]) => {
    for (const f of forms) {
      const set = byForm.get(f);
      if (set) set.add(c);
      else byForm.set(f, new Set([c]));
    }
  };
  for (const n of distinct) {
    const forms = keyForms(lastNameKey(n));
    const near = new Set<Cluster>();
    for (const f of forms) for (const c of byForm.get(f) ?? []) near.add(c);
    // In creation order, as a scan of every cluster would meet them (ties in weight go to the first).
    const candidates = [...near].sort((x, y) => x.order - y.order);
    const single = words.get(n) === 1;
    const fits = candidates.filter((c) => c.members.every((m) => samePerson(m, n)) || (single && samePerson(c.canonical, n)));
    if (fits.length === 0) {
      const c: Cluster = { order: clusters.length, canonical: n, members: [n], weight: counts.get(n)! };
      clusters.push(c);
      file(c, forms);
      continue;
    }
    const best = fits.sort((x, y) => y.weight - x.weight)[0];
    best.members.push(n);
    best.weight += counts.get(n)!;
    file(best, forms);
  }
  const out = new Map<string, string>();
  for (const c of clusters) for (const m of c.members) out.set(m, c.canonical);
  return out;
}

/**
 * canonicalFromCounts for the names near `changed` only: names whose count changed (added,
 * removed or recounted). A name only ever meets clusters holding a name that shares one of its
 * key forms, so the groups of names linked by shared forms are clustered independently; the
 * groups that hold a changed name, or a form of a removed one, are clustered again in the same
 * order as the whole run would, and every other group's result is what it was before the
 * change. Returns the canonical form of each name of those groups (the others are absent).
 */
export function canonicalNear(counts: Map<string, number>, changed: Iterable<string>): Map<string, string> {
  const formsOf = new Map<string, string[]>();
  const byForm = new Map<string, string[]>();
  for (const n of counts.keys()) {
    const forms = keyForms(lastNameKey(n));
    formsOf.set(n, forms);
    for (const f of forms) {
      const list = byForm.get(f);
      if (list) list.push(n);
      else byForm.set(f, [n]);
    }
  }
  const near = new Set<string>();
  const queue: string[] = [];
  const reach = (forms: string[]) => {
    for (const f of forms) {
      for (const m of byForm.get(f) ?? []) {
        if (near.has(m)) continue;
        near.add(m);
        queue.push(m);
      }
    }
  };
  for (const c of changed) reach(formsOf.get(c) ?? keyForms(lastNameKey(c)));
  while (queue.length) reach(formsOf.get(queue.pop()!)!);
  // In the corpus's own order, so that ties sort as in the whole run.
  const sub = new Map<string, number>();
  for (const [n, k] of counts) if (near.has(n)) sub.set(n, k);
  return canonicalFromCounts(sub);
}

/** The key and, for keys long enough to match with one edit (lastNamesMatch), the key with each letter deleted. */
function keyForms(key: string): string[] {
  const forms = [key];
  if (key.length >= 6) for (let i = 0; i < key.length; i++) forms.push(key.slice(0, i) + key.slice(i + 1));
  return forms;
}

function wordCount(s: string): number {
  return s.split(/\s+/).filter(Boolean).length;
}
