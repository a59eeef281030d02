// The values a candidate sentence offers for the question: a value counts when the sentence names
// what the question is about (subject) and what it asks about it (predicate), and the value sits next
// to a predicate word ("lasted two hours"), or, for counts, right before the counted thing ("140
// drones"). Yes/no and either/or questions get a polarity or a choice instead.
import type { ValueKind } from '../types.js';
import type { QuestionFrame } from '../claims/index.js';
import { dimClass, type Normalised } from '../claims/index.js';
import { extractDates, extractQuantities, extractValues, kindOfDim, type ValueMention } from '../claims/index.js';
import { fold, levenshtein, stem, stemTokens, stemsMatch, tokenize, STOPWORDS, type Token } from '../claims/index.js';
import { samePerson } from '../claims/index.js';
import { tokenIndexAt } from '../claims/index.js';

export interface Candidate {
  /** Citation number; becomes `Claim.n`. */
  id: number;
  sourceId: string;
  /** One verbatim sentence. */
  text: string;
  /** ISO date of the source, used to place relative dates and to spot different events. */
  published?: string;
  /**
   * The text before the sentence in its paragraph. Read only to find what a sentence that
   * opens with a pronoun or a bare "the …" is about ("He is the tallest actor …" after
   * "Tayler Mane played …"); never quoted.
   */
  before?: string;
  /**
   * The sentence after it in its paragraph, with the spacing between them, so that
   * `text + next` is verbatim. Used when it finishes this sentence's statement ("… prepared
   * by two monks at Grande Chartreuse. They are the only ones to know the secret recipe."):
   * the claim then quotes both.
   */
  next?: string;
  /** Cosine similarity of the sentence to the question, when the question was embedded (read by the relevance fallback). */
  relevance?: number;
}

export interface Scored {
  candidate: Candidate;
  mention: ValueMention;
  value: Normalised;
  /** Text shown to the reader as the value. */
  shown: string;
  score: number;
  /** The verbatim text the claim quotes: the sentence, or the sentence and the next one. */
  quote: string;
}

const PRONOUN_START = /^(?:\W*)(he|she|it|they|his|her|its|their|this|the (?:\w+ ){0,2}(?:was|were|is|are))\b/i;
const NEGATION = new Set(['not', 'never', 'no', 'neither', 'nor', 'without', 'none', 'cannot', 'nobody', 'nothing']);

/** Window (in tokens) around a value in which a predicate word must appear. */
const WINDOW = 8;
const NAME_WINDOW = 20;
// Words in names that say what kind of thing it is, not which one.
const GENERIC_NAME_WORDS = new Set(
  ['languag', 'river', 'lak', 'citi', 'battl', 'universiti', 'church', 'parti', 'club', 'counti', 'stat', 'provinc', 'kingdom', 'empir', 'war', 'act', 'street', 'bridg', 'island', 'mount', 'north', 'south', 'east', 'west', 'new', 'saint', 'st', 'great', 'unit', 'nation', 'nacional', 'royal', 'gaa', 'fc'],
);
const GENERIC_HUMAN = ['individual', 'peopl', 'person', 'man', 'woman', 'resident', 'inhabit', 'citizen'];

// ------------------------------------------------------------------ tying values to the question

interface SentenceView {
  tokens: Token[];
  stems: string[];
  /**
   * Word distance position of each token: a run of capitalised words with its initials
   * ("the Arland D. Williams Jr. Memorial Bridge") counts as one word, so that a long name
   * does not push a value out of reach of its verb.
   */
  pos: number[];
}

const INITIAL = /^\p{Lu}[\p{L}]{0,2}$/u;

function view(text: string): SentenceView {
  const tokens = tokenize(text);
  const pos: number[] = [];
  let p = -1;
  let inName = false;
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    const capital = t.type === 'word' && /^\p{Lu}/u.test(t.text);
    const initialDot = t.text === '.' && prev?.type === 'word' && INITIAL.test(prev.text) && prev.end === t.start;
    const continues = inName && (capital || initialDot);
    if (!continues) p++;
    pos.push(p);
    inName = capital || (inName && initialDot);
  });
  return { tokens, stems: stemTokens(tokens), pos };
}

function has(stems: string[], s: string): boolean {
  return stems.some((x) => x !== '' && stemsMatch(x, s));
}

/** Names: also one letter off ("Tayler"/"Tyler"), for names of five letters or more. */
function hasName(stems: string[], s: string): boolean {
  return stems.some((x) => x !== '' && (stemsMatch(x, s) || (s.length >= 5 && x.length >= 5 && levenshtein(x, s) <= 1)));
}

/** A word of a name and a word of the question's subject: the same, or one letter off ("Marx"/"Mark"). */
function nameWordMatch(a: string, b: string): boolean {
  return stemsMatch(a, b) || (Math.min(a.length, b.length) >= 4 && levenshtein(a, b) <= 1);
}

function positionsOf(v: SentenceView, s: string): number[] {
  const out: number[] = [];
  v.stems.forEach((x, i) => {
    if (x && !STOPWORDS.has(v.tokens[i].lower) && stemsMatch(x, s)) out.push(i);
  });
  return out;
}

function needSubject(n: number): number {
  return Math.ceil(0.4 * n);
}

function need(n: number, share: number): number {
  return n <= 2 ? n : Math.ceil(share * n);
}

// A next sentence that says what is asked about the value of this one:
// - for figures, it opens with a pronoun standing for the thing counted or measured
//   ("… prepared by two monks. They are the only ones to know the secret recipe.");
// - for dates, it opens by placing itself in the same moment ("During the Battle of
//   Monterrey in 1846, she brought food …. While tending to a soldier, she was struck …").
// "He moved to Paris in 1920. He died there." is neither: the second may be years later.
const CONTINUES_FIGURE = /^\W*(?:they|these|those|it|this|each|all of them|both)\b/i;
const CONTINUES_MOMENT = /^\W*(?:while|as|when|during|at the time|at that time|then|that (?:day|night|morning|evening|year)|the same (?:day|night|year))\b/i;

function continues(next: string, kind: ValueKind): boolean {
  const t = next.trim();
  if (kind === 'date') return CONTINUES_MOMENT.test(t) && /\b(?:he|she|they|it|his|her|their|its)\b/i.test(t);
  if (kind === 'count' || kind === 'duration' || kind === 'amount' || kind === 'percentage') return CONTINUES_FIGURE.test(t);
  return false;
}

export function valuesFor(frame: QuestionFrame, c: Candidate, sameSource: Candidate[], knownSurnames: Set<string>): Scored[] {
  if (namesAnotherNumbered(frame.question, c.text)) return [];
  const alone = valuesIn(frame, c, c.text, sameSource, knownSurnames);
  if (alone.length || !c.next || !continues(c.next, frame.kind)) return alone;
  // The answer spread over two sentences: the value in this one, what is asked about it in
  // the next.
  return valuesIn(frame, c, c.text + c.next, sameSource, knownSurnames, c.text.length);
}

/**
 * The values of a candidate tied to the question. With `joinedAt`, `text` is the sentence
 * and the next one joined at that offset: a value must come from the first, be the only
 * one of its kind there, the next must hold none, and the question's predicate must be
 * found only with the next one's words.
 */
function valuesIn(frame: QuestionFrame, c: Candidate, text: string, sameSource: Candidate[], knownSurnames: Set<string>, joinedAt?: number): Scored[] {
  const v = view(text);
  // Subject: the names of the question (a name counts when its last or longest word is
  // there, spelling slips aside); a sentence that starts with a pronoun may lean on the
  // text before it in its paragraph and on the other sentences of its source. Numbers in
  // the question only add to the score.
  const phraseHit = (stems: string[], p: string[]) => {
    const distinctive = p.filter((w) => !GENERIC_NAME_WORDS.has(w));
    const key = [p[p.length - 1], [...(distinctive.length ? distinctive : p)].sort((a, b) => b.length - a.length)[0]];
    return key.some((k) => hasName(stems, k));
  };
  const phrases = frame.subjectPhrases;
  let subjCount = phrases.filter((p) => phraseHit(v.stems, p)).length;
  const fragment = c.text.split(/\s+/).length <= 6;
  if (subjCount < needSubject(phrases.length) && (PRONOUN_START.test(c.text) || fragment)) {
    const ctx = sameSource
      .filter((o) => o !== c)
      .map((o) => o.text)
      .concat(c.before ? [c.before] : [])
      .flatMap((t) => view(t).stems);
    subjCount = phrases.filter((p) => phraseHit(v.stems, p) || phraseHit(ctx, p)).length;
  }
  if (subjCount < needSubject(phrases.length)) return [];
  const subjHit = frame.subject.filter((s) => hasName(v.stems, s));
  const reference = c.published ? parseDay(c.published) : undefined;
  // "Production …: May 1993 – August 2002" says when production began and when it ended.
  const spanEnd = frame.kind === 'date' ? spanEndAsked(frame) : undefined;
  const spans = spanEnd !== undefined && extractDates(text, { reference }).some((d) => d.span);
  const predHit = frame.predicate.filter((s) => has(v.stems, s) || (spans && (spanEnd === 'start' ? START_WORDS : END_WORDS).some((w) => stemsMatch(s, w))));
  // A life span "(1838 – 1881)" answers "when was … born / did … die" without the verb.
  const lifespan = frame.role !== undefined && extractDates(text, { reference }).some((d) => d.role === frame.role);
  if (frame.kind === 'stance' && frame.options) return choiceValue(frame, c);
  if (frame.kind === 'yesno') return polarityValue(frame, c, v);
  const predNeed = need(frame.predicate.length, 0.5);
  if (predHit.length < predNeed && !(lifespan && predHit.length >= predNeed - 1)) return [];
  if (frame.countNoun && !has(v.stems, frame.countNoun) && !(frame.genericCount || GENERIC_HUMAN.some((g) => v.stems.includes(g)))) return [];
  // Joined sentences: the first must lack the predicate, which the second supplies.
  if (joinedAt !== undefined) {
    const firstStems = v.stems.filter((_, i) => v.tokens[i].start < joinedAt);
    if (frame.predicate.filter((s) => has(firstStems, s)).length >= predNeed) return [];
  }

  const mentions = mentionsOfKind(frame, text, reference, knownSurnames);
  if (joinedAt !== undefined) {
    if (mentions.some((m) => m.end > joinedAt)) return [];
  }
  const qFold = fold(frame.question);
  const predPositions = frame.predicate.concat(frame.hints).flatMap((s) => positionsOf(v, s));
  const subjPositions = frame.subject.flatMap((s) => positionsOf(v, s));
  const out: Scored[] = [];
  const quote = text;
  const pointEvent = frame.predicate.some((p) => POINT_EVENTS.some((e) => stemsMatch(p, e)));
  for (const found of mentions) {
    if (found.asOf) continue;
    // A span answers "when did … begin / end" with one of its ends.
    const m: ValueMention =
      found.span && spanEnd
        ? spanEnd === 'start'
          ? { ...found, value: found.span.start, text: found.span.startText, end: found.start + found.text.indexOf(found.span.startText) + found.span.startText.length }
          : { ...found, value: found.span.end, text: found.span.endText, start: found.end - found.span.endText.length }
        : found;
    // Values written in the question identify its subject ("the 1920 Volta") and are not
    // answers, unless a yes/no question puts them forward ("Did he die on 2 March 1881?").
    const putForward = frame.given.some((g) => fold(g).includes(fold(m.text).replace(/^(in|on|by|before|after)\s+/, '')));
    if (!putForward && m.kind !== 'person' && m.kind !== 'place' && m.kind !== 'organisation' && new RegExp(`(^|[^\\d])${escapeRe(fold(m.text).replace(/^(in|on|by|before|after)\s+/, ''))}([^\\d]|$)`).test(qFold)) continue;
    const first = tokenIndexAt(v.tokens, m.start);
    const last = tokenIndexAt(v.tokens, m.end - 1);
    // Names are reached in words as written; other values with long names counted as one word.
    const at = (i: number) => (m.value.type === 'names' ? i : v.pos[i]);
    const [pFirst, pLast] = [at(first), at(last)];
    const dist = (ps: number[]) => ps.map(at).reduce((best, p) => Math.min(best, p < pFirst ? pFirst - p : p > pLast ? p - pLast : 0), Infinity);
    let anchor = Infinity;
    let bonus = 0;
    if (m.kind === 'count' || (m.value.type === 'quantity' && m.value.dim === 'count')) {
      if (m.partitive) continue;
      if (frame.countNoun) {
        const nounAfter = m.after.some((s) => stemsMatch(s, frame.countNoun!));
        const nounBefore =
          m.before.slice(0, 2).some((s) => stemsMatch(s, frame.countNoun!)) &&
          (/[:]\s*$|\bof\s*$|\bwas\s*$|\bwere\s*$|\bis\s*$|\bare\s*$/i.test(text.slice(Math.max(0, m.start - 12), m.start)) || /^\W*$/.test(text.slice(m.end)));
        const genericOk = frame.genericCount && m.after.some((s) => frame.predicate.some((p) => stemsMatch(s, p)));
        // "spoken … by two elderly individuals" answers "how many speakers".
        const humanOk = !frame.genericCount && m.after.some((s) => GENERIC_HUMAN.includes(s)) && has(v.stems, frame.countNoun);
        if (!nounAfter && !nounBefore && !genericOk && !humanOk) continue;
        if (m.yearLike && !nounAfter) continue;
        anchor = 0;
        // "two live albums": a predicate word among the counted thing's modifiers.
        if (m.after.some((s) => frame.predicate.some((p) => stemsMatch(s, p)))) bonus += 0.5;
      } else if (m.yearLike) continue;
    }
    if (m.value.type === 'date' && frame.kind === 'date') {
      // A span of years ("during the conflict in 1969-1998") does not date a one-off event.
      if (!m.role && !spanEnd && pointEvent && YEAR_SPAN.test(m.text)) continue;
      if (m.role && frame.role && m.role !== frame.role) continue;
      if (m.role && !frame.role) continue;
      if (m.role && frame.role === m.role) anchor = 0;
    }
    if (m.value.type === 'names') {
      // The question's own names are not the answer.
      const inQuestion = m.value.names.some((n) => fold(frame.question).includes(fold(n)) || n.split(/\s+/).every((w) => frame.subject.some((s) => nameWordMatch(stem(w), s))));
      if (inQuestion) continue;
      if (m.kind === 'person' && frame.subject.length && m.value.names.some((n) => subjectNames(frame).some((s) => samePerson(s, n)))) continue;
    }
    if (joinedAt !== undefined) {
      // The predicate reaches the value through the next sentence's pronoun, not through
      // the verb or the words around it here.
      out.push({ candidate: c, mention: m, value: m.value, shown: shownText(text, m, frame), score: predHit.length / Math.max(1, frame.subject.length + frame.predicate.length) + 1 / (1 + WINDOW), quote });
      continue;
    }
    // The verb that governs the value: "shot down 85 drones" is not "launched 85 drones".
    // "the nearly three-year conflict": a value that modifies a predicate noun needs no verb.
    const modifiesPredicate =
      m.value.type === 'quantity' && m.value.dim !== 'count' && m.after.length > 0 && frame.predicate.some((p) => stemsMatch(m.after[0], p));
    if (modifiesPredicate) anchor = 0;
    const governing = modifiesPredicate ? -1 : governingVerb(v, first, frame.predicate);
    const verbWords = frame.predicate.concat(frame.hints);
    if (governing >= 0 && frame.predicate.length && !verbWords.some((p) => stemsMatch(v.stems[governing], p))) continue;
    if (governing >= 0 && verbWords.some((p) => stemsMatch(v.stems[governing], p))) anchor = Math.min(anchor, first - governing - 1);
    // "In 1969, …" / "On 25 February at the Battle of Dioubouldy, …": a date that opens the
    // sentence, set off by a comma, dates its main clause wherever the predicate stands in it.
    const opening =
      m.value.type === 'date' && predPositions.length > 0 && /^\W*(?:(?:in|on|by|during|since|from|around|after|before)\s+)?(?:the\s+)?$/i.test(text.slice(0, m.start)) && /^[^,.;:]{0,60},/.test(text.slice(m.end));
    if (opening) anchor = Math.min(anchor, 1);
    // "Distance: 630km", "Production of the A80 Supra: May 1993": a value right after a label
    // that names what is asked.
    const label = /([^:;.!?]*):\s*$/.exec(text.slice(0, found.start));
    if (label && frame.predicate.concat(frame.hints).some((p) => has(view(label[1]).stems, p))) anchor = 0;
    if (anchor > 0 && !opening) {
      const d = predPositions.length ? dist(predPositions) : subjPositions.length ? dist(subjPositions) : PRONOUN_START.test(text) ? first : Infinity;
      if (d > (m.value.type === 'names' ? NAME_WINDOW : WINDOW)) continue;
      anchor = d;
    }
    const score = (subjHit.length + predHit.length) / Math.max(1, frame.subject.length + frame.predicate.length) + 1 / (1 + anchor) + bonus;
    out.push({ candidate: c, mention: m, value: m.value, shown: shownText(text, m, frame), score, quote });
  }
  // Joined sentences: only when the first holds exactly one value of the kind.
  if (joinedAt !== undefined && out.length !== 1) return [];
  if (out.length && (frame.kind === 'person' || frame.kind === 'place' || frame.kind === 'organisation')) {
    // All the names next to the predicate, as one answer ("Barry Meehan and Eddie Brennan").
    const names = [...new Set(out.flatMap((o) => (o.value.type === 'names' ? o.value.names : [])))];
    const best = out.sort((a, b) => b.score - a.score)[0];
    const merged: Normalised = { type: 'names', entity: frame.kind, names };
    return [{ ...best, value: merged, shown: names.join(' and ') }];
  }
  return out;
}

// ------------------------------------------------------------------ the relevance fallback

/**
 * Whether a sentence (or, for one opening with a pronoun, the text before it) names the
 * question's main subject: one of its names (its last or most distinctive word, spelling slips
 * aside), or, for a question without names, its longest content word (the rarest, as a rule).
 */
export function namesMainSubject(frame: QuestionFrame, c: Candidate): boolean {
  const stems = view(c.text).stems;
  const ctx = c.before && PRONOUN_START.test(c.text) ? view(c.before).stems : [];
  if (frame.subjectPhrases.length) {
    return frame.subjectPhrases.some((p) => {
      const distinctive = p.filter((w) => !GENERIC_NAME_WORDS.has(w));
      const key = [p[p.length - 1], [...(distinctive.length ? distinctive : p)].sort((a, b) => b.length - a.length)[0]];
      return key.some((k) => hasName(stems, k) || hasName(ctx, k));
    });
  }
  const words = frame.predicate.filter((w) => w.length >= 4 && !STOPWORDS.has(w));
  if (!words.length) return false;
  const rarest = [...words].sort((a, b) => b.length - a.length)[0];
  return has(stems, rarest) || has(ctx, rarest);
}

/**
 * The values of the asked kind a sentence holds, without tying them to the question's words:
 * values written in the question, "as of" dates, bare year-like numbers, partitives and the
 * other end of a life span are left out. For the relevance fallback of the detector.
 */
/** The values of the asked kind in a text (a count inside a date, "2 March", is not a count). */
function mentionsOfKind(frame: QuestionFrame, text: string, reference: Date | undefined, knownSurnames: Set<string>): ValueMention[] {
  const isQuantity = frame.kind === 'duration' || frame.kind === 'count' || frame.kind === 'percentage' || frame.kind === 'amount';
  if (!isQuantity) return extractValues(text, frame.kind, { reference, knownSurnames });
  const dates = extractDates(text, { reference });
  return extractQuantities(text)
    .filter((q) => !(q.value.dim === 'count' && dates.some((d) => q.start < d.end && d.start < q.end)))
    .map((q) => ({ ...q, kind: kindOfDim(q.value.dim) }))
    .filter((q) => (frame.dims ? frame.dims.includes(dimClass(q.value.dim)) : q.kind === frame.kind));
}

export function plainValuesOf(frame: QuestionFrame, c: Candidate, knownSurnames: Set<string>): Scored[] {
  if (frame.kind === 'yesno' || frame.kind === 'stance') return [];
  if (namesAnotherNumbered(frame.question, c.text)) return [];
  const text = c.text;
  const reference = c.published ? parseDay(c.published) : undefined;
  const mentions = mentionsOfKind(frame, text, reference, knownSurnames);
  const qFold = fold(frame.question);
  const out: Scored[] = [];
  for (const m of mentions) {
    if (m.asOf || m.partitive) continue;
    const bare = fold(m.text).replace(/^(in|on|by|before|after)\s+/, '');
    if (m.value.type !== 'names' && new RegExp(`(^|[^\\d])${escapeRe(bare)}([^\\d]|$)`).test(qFold)) continue;
    if (m.value.type === 'quantity' && m.value.dim === 'count') {
      if (m.yearLike) continue;
      // A count must count the asked thing ("140 drones").
      if (frame.countNoun && !frame.genericCount && !m.after.some((s) => stemsMatch(s, frame.countNoun!))) continue;
    }
    if (m.value.type === 'date' && m.role && m.role !== frame.role) continue;
    // "the first call since early 2022": a date the statement is measured from, not when it happened.
    if (m.value.type === 'date' && (/\b(?:since|until|till|before|after|from|by)\s+(?:(?:early|mid|late|the end of|the start of)[\s-]+)?$/i.test(text.slice(Math.max(0, m.start - 24), m.start)) || /^(?:since|until|till|before|after|from|by)\b/i.test(m.text))) continue;
    if (m.value.type === 'names') {
      const inQuestion = m.value.names.some((n) => qFold.includes(fold(n)) || n.split(/\s+/).every((w) => frame.subject.some((s) => nameWordMatch(stem(w), s))));
      if (inQuestion) continue;
    }
    out.push({ candidate: c, mention: m, value: m.value, shown: shownText(text, m, frame), score: c.relevance ?? 0, quote: text });
  }
  return out;
}

// Words that ask when something began or ended: a span of dates answers with that end.
// (Founding, opening and the like are one-off events: a span does not say when they happened.)
const START_WORDS = ['begin', 'start', 'commenc'];
const END_WORDS = ['end', 'finish', 'ceas', 'stop', 'conclud', 'discontinu'];

function spanEndAsked(frame: QuestionFrame): 'start' | 'end' | undefined {
  if (frame.predicate.some((p) => START_WORDS.some((w) => stemsMatch(p, w)))) return 'start';
  if (frame.predicate.some((p) => END_WORDS.some((w) => stemsMatch(p, w)))) return 'end';
  return undefined;
}

// Things that happen on one day: a span of years is not when they happened.
const POINT_EVENTS = ['born', 'die', 'found', 'establish', 'releas', 'publish', 'renam', 'marri', 'elect', 'appoint', 'sign', 'join', 'launch', 'open', 'execut', 'crown', 'assassin'];
const YEAR_SPAN = /\d{3,4}\s*(?:[–—-]|\bto\b|\band\b)\s*\d{2,4}\b/;

const IRREGULAR_PAST_FORMS = new Set(
  'shot took met won sold built laid held led made paid lost sent spent fought brought hit struck began left fell sank ran grew rose killed gave got saw came knew bought drew threw wore'.split(' '),
);
// Verbs that report or restate a figure rather than say what it counts.
const TRANSPARENT_VERBS = /^(said|says|saying|reported|reporting|estimated|estimating|stated|noted|corresponding|amounting|totalling|totaling|totalled|totaled|representing|reaching|reached|equalling|equaling|accounting|numbering|numbered|recorded|listed|counted|confirmed|included|including|involving|involved|comprising|comprised)$/;
const NOT_VERBS_ING = new Set(
  'during including according morning evening spring king thing ring building meeting wedding bring nothing something anything everything string wing ceiling following remaining ruling beginning opening ending warning being among concerning regarding amazing outstanding'.split(' '),
);

/**
 * A past participle or -ing verb shortly before the value in the same clause, if any. A
 * predicate word on the way is nearer than any verb ("a tramping track with a length of 65 km").
 */
function governingVerb(v: SentenceView, first: number, predicate: string[] = []): number {
  for (let i = first - 1; i >= 0 && i >= first - 6; i--) {
    const t = v.tokens[i];
    if (t.type === 'punct' && t.text !== '-' && t.text !== '–') return -1;
    if (t.type === 'word' && predicate.some((p) => stemsMatch(v.stems[i], p))) return -1;
    if (t.type !== 'word' || t.text !== t.lower) continue;
    const w = t.lower;
    if (TRANSPARENT_VERBS.test(w)) return -1;
    if (IRREGULAR_PAST_FORMS.has(w)) return i;
    if (w.length >= 5 && /[^e]ed$/.test(w) && !/^(hundred|kindred|sacred|naked|wicked|beloved|aged)$/.test(w)) return i;
    if (w.length >= 6 && w.endsWith('ing') && !NOT_VERBS_ING.has(w)) return i;
  }
  return -1;
}

/** The value as a reader would say it; for counts, with the thing counted ("140 drones"). */
function shownText(text: string, m: ValueMention, frame: QuestionFrame): string {
  if (m.value.type === 'quantity' && m.value.dim === 'count' && frame.countNoun) {
    const rest = text.slice(m.end);
    const words = /^(?:[\s-]+[\p{L}\p{M}'’-]+){1,3}/u.exec(rest);
    if (words) {
      const parts = [...words[0].matchAll(/[\p{L}\p{M}'’-]+/gu)];
      for (const p of parts) {
        if (stemsMatch(stem(p[0]), frame.countNoun) || (frame.genericCount && frame.predicate.some((q) => stemsMatch(stem(p[0]), q)))) {
          return text.slice(m.start, m.end + (p.index ?? 0) + p[0].length);
        }
      }
    }
  }
  return m.text;
}

function subjectNames(frame: QuestionFrame): string[] {
  const out: string[] = [];
  for (const m of frame.question.matchAll(/\p{Lu}[\p{L}\p{M}'’-]+(?:\s+\p{Lu}[\p{L}\p{M}'’-]+)*/gu)) out.push(m[0]);
  return out;
}

// Two ends of one scale: a sentence that puts the question's word at the other end answers
// it "no" ("very light on … civilian casualties" to "a large number of civilian casualties?").
const SCALE_HIGH = ['larg', 'big', 'high', 'heavi', 'great', 'huge', 'massiv', 'vast', 'numer', 'substanti'];
const SCALE_LOW = ['small', 'littl', 'low', 'light', 'tini', 'slight', 'minor', 'minim', 'modest'];
// Words that exclude what follows them from the statement ("B cells, excluding plasma cells").
const EXCLUSION = new Set(['excluding', 'except', 'excepting']);

/** Whether a stem of the sentence says the question's word: the same, at the other end of its scale, or not at all. */
function polarMatch(stems: string[], q: string): 'same' | 'opposite' | null {
  if (stems.some((x) => x && stemsMatch(x, q))) return 'same';
  const side = SCALE_HIGH.includes(q) ? SCALE_HIGH : SCALE_LOW.includes(q) ? SCALE_LOW : null;
  if (!side) return null;
  const other = side === SCALE_HIGH ? SCALE_LOW : SCALE_HIGH;
  if (stems.some((x) => side.includes(x))) return 'same';
  if (stems.some((x) => other.includes(x))) return 'opposite';
  return null;
}

function polarityValue(frame: QuestionFrame, c: Candidate, v: SentenceView): Scored[] {
  // Most predicate words must be there; the clause holding most of them decides: a negation
  // in it ("is not a mediterranean sea", "will not be a breeding spot", "excluding plasma
  // cells") makes it a "no", and so does a word at the other end of a scale ("light" for "large").
  if (frame.predicate.length === 0) return [];
  const hit = frame.predicate.filter((s) => polarMatch(v.stems, s) !== null);
  if (hit.length < Math.max(1, frame.predicate.length - 1) || hit.length < need(frame.predicate.length, 0.6)) return [];
  const clauses: [number, number][] = [];
  let from = 0;
  v.tokens.forEach((t, i) => {
    if ((t.type === 'punct' && /[,;:()]/.test(t.text)) || /^(but|so|because|although|though|whereas|while)$/.test(t.lower)) {
      if (i > from) clauses.push([from, i - 1]);
      from = i + 1;
    }
  });
  if (from < v.tokens.length) clauses.push([from, v.tokens.length - 1]);
  let best: [number, number] | undefined;
  let bestCount = 0;
  for (const [a, b] of clauses) {
    const n = frame.predicate.filter((s) => polarMatch(v.stems.slice(a, b + 1), s) !== null).length;
    if (n > bestCount) {
      bestCount = n;
      best = [a, b];
    }
  }
  if (!best) return [];
  let negated = false;
  for (let i = best[0]; i <= best[1]; i++) {
    const t = v.tokens[i];
    if (NEGATION.has(t.lower) || EXCLUSION.has(t.lower) || /n['’]t$/.test(t.lower)) negated = true;
  }
  const clauseStems = v.stems.slice(best[0], best[1] + 1);
  if (frame.predicate.some((s) => polarMatch(clauseStems, s) === 'opposite')) negated = !negated;
  const qNeg = tokenize(frame.question).some((t) => NEGATION.has(t.lower) || /n['’]t$/.test(t.lower));
  const positive = negated === qNeg;
  const shown = positive ? 'yes' : 'no';
  return [{ candidate: c, mention: { kind: 'yesno', text: shown, start: 0, end: 0, value: { type: 'polarity', positive }, after: [], before: [] }, value: { type: 'polarity', positive }, shown, score: bestCount / frame.predicate.length, quote: c.text }];
}

function choiceValue(frame: QuestionFrame, c: Candidate): Scored[] {
  const t = fold(c.text);
  const hits = frame.options!.filter((o) => new RegExp(`(^|[^\\p{L}])${escapeRe(fold(o))}([^\\p{L}]|$)`, 'u').test(t));
  if (hits.length !== 1) return [];
  const idx = t.search(new RegExp(escapeRe(fold(hits[0]))));
  const shown = c.text.slice(idx, idx + hits[0].length);
  return [{ candidate: c, mention: { kind: 'stance', text: shown, start: idx, end: idx + shown.length, value: { type: 'choice', option: hits[0] }, after: [], before: [] }, value: { type: 'choice', option: hits[0] }, shown, score: 1, quote: c.text }];
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// "district 7", "Flight 90", "Route 66": a noun and the number that says which one.
const NUMBERED = /\b(\p{L}{3,})\s+(?:No\.?\s*|#)?(\d{1,4}[A-Za-z]?)\b/gu;
const NOT_IDENTIFYING = /^(?:in|on|at|by|of|for|to|from|since|until|before|after|than|about|around|over|under|and|or|the|was|were|is|are|has|have|had|with|between|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|saturday|sunday|page|chapter|top|last|first|only|nearly|almost|some|all|least|most|just|more|less|her|his|their|its|our|my|your|age|aged)$/i;

/**
 * Whether a sentence is about another member of a numbered series than the question
 * ("district 14" when the question asks about "district 7"): its values answer a
 * different question, however alike the sentences are.
 */
export function namesAnotherNumbered(question: string, text: string): boolean {
  const asked = [...question.matchAll(NUMBERED)].filter((m) => !NOT_IDENTIFYING.test(m[1]));
  if (!asked.length) return false;
  for (const m of text.matchAll(NUMBERED)) {
    if (NOT_IDENTIFYING.test(m[1])) continue;
    for (const q of asked) if (stemsMatch(stem(m[1].toLowerCase()), stem(q[1].toLowerCase())) && m[2].toLowerCase() !== q[2].toLowerCase()) return true;
  }
  return false;
}

export function parseDay(iso: string): Date | undefined {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00Z` : iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
