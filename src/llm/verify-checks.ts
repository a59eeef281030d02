// The word-level checks behind verify.ts: the numbers, names, negations and quotations a
// sentence states, each compared with the excerpts it cites.
import { splitSentences } from '../corpus/index.js';
import { STOP_WORDS } from '../index/terms.js';
import { numberAt } from '../claims/index.js';
import { STOPWORDS, tokenize } from '../claims/index.js';

export const MARKER = /\[(\d{1,2})\]/g;

/** "[1, 2]" and "[1; 2]" as "[1][2]". */
export function normaliseCitations(text: string): string {
  return text.replace(/\[(\d{1,2}(?:\s*[,;]\s*\d{1,2})+)\]/g, (_, list: string) => list.split(/\s*[,;]\s*/).map((n) => `[${n}]`).join(''));
}

/** Apostrophes and quotation marks folded to ' and ", spacing collapsed; letters and words untouched. */
export function normaliseQuoteText(s: string): string {
  return s
    .replace(/[‘’‚‛`´ʼ′]/g, "'")
    .replace(/[“”„‟«»‹›″]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

// Quotations in any of the common styles. Straight and curly single quotes open only after
// a non-letter and close only before one, so apostrophes ("don’t", "players’") are not quotes.
const QUOTE_STYLES = [
  /“([^”]+)”/g,
  /"([^"]+)"/g,
  /„([^“”]+)[“”]/g,
  /«\s?([^»]+?)\s?»/g,
  /‹\s?([^›]+?)\s?›/g,
  /(?<![\p{L}\p{N}])‘(.+?)’(?![\p{L}\p{N}])/gu,
  /(?<![\p{L}\p{N}])'(?=\S)(.+?)(?<=\S)'(?![\p{L}\p{N}])/gu,
];

/** The texts a sentence puts in quotation marks, whatever the style. */
export function quotationsIn(text: string): string[] {
  return QUOTE_STYLES.flatMap((re) => [...text.matchAll(re)].map((m) => m[1].trim())).filter(Boolean);
}

/** A character class for each apostrophe or quotation mark, so a quotation is found whichever is used. */
function quotePattern(quote: string): RegExp {
  const q = normaliseQuoteText(quote);
  const body = [...q]
    .map((ch) => (ch === "'" ? "[‘’‚‛`´ʼ′']" : ch === '"' ? '[“”„‟«»‹›″"]' : ch === ' ' ? '\\s+' : escape(ch)))
    .join('');
  return new RegExp(body, 'u');
}

/** The source's own text of a quotation (quote marks, apostrophes and spacing aside), or null. */
export function findVerbatim(quote: string, text: string): string | null {
  if (!quote.trim()) return null;
  return quotePattern(quote).exec(text)?.[0] ?? null;
}

/** Whether a quotation is the source's own words in one of the texts. */
export function quotedIn(quote: string, sources: string[]): boolean {
  return sources.some((t) => findVerbatim(quote, t) !== null);
}

export interface NumberMention {
  text: string;
  value: number | string;
}

// "one source says", "one of them": a way of speaking, not a count the source must state.
const FIGURATIVE_ONE = /^(?:sources?|reports?|accounts?|outlets?|articles?|versions?|side|of|another)$/i;

const SCALE_WORDS: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };

/** Numbers a text states, in digits or words, as values ("two" and "2" are both 2). */
export function numbersIn(text: string): NumberMention[] {
  const tokens = tokenize(text.replace(MARKER, ' '));
  const out: NumberMention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'word' && (t.lower === 'twice' || t.lower === 'dozens' || t.lower === 'hundreds' || t.lower === 'thousands' || t.lower === 'millions')) {
      out.push({ text: t.text, value: t.lower });
      continue;
    }
    if (t.type === 'word' && tokens[i - 1]?.lower === 'a' && t.lower in SCALE_WORDS) {
      out.push({ text: `a ${t.text}`, value: SCALE_WORDS[t.lower] }); // "a million", "a thousand"
      continue;
    }
    const span = numberAt(tokens, i);
    if (!span) continue;
    const text = tokens.slice(span.first, span.last + 1).map((x) => x.text).join(' ');
    i = span.last;
    if (span.value === 1 && !span.digits && FIGURATIVE_ONE.test(tokens[span.last + 1]?.text ?? '')) continue;
    out.push({ text, value: span.value });
  }
  return out;
}

/** Kinds of negation: a sentence may state one only if what it cites does too. */
const NEGATIONS: [kind: string, re: RegExp][] = [
  ['not', /\b(?:not|no|none|nobody|nothing|neither|nor|cannot)\b|n['’]t\b/i],
  ['never', /\bnever\b/i],
  ['deny', /\b(?:deny|denies|denied|denying|denial)\b/i],
];

export function negationsIn(text: string): string[] {
  return NEGATIONS.filter(([, re]) => re.test(text)).map(([kind]) => kind);
}

/** Capitalised words that are not names wherever they stand. */
const NEVER_NAMES = new Set(['I', 'The', 'A', 'An', 'But', 'And', 'However', 'According', 'Both', 'Source', 'Sources']);

/** Ordinary words that often open a sentence in a summary (a name is anything else capitalised there). */
const SENTENCE_STARTERS = new Set(
  (
    'accounts reports report officials official sources witnesses police authorities critics analysts experts residents observers ' +
    'investigators prosecutors lawmakers leaders ministers protesters voters survivors researchers scientists studies data figures ' +
    'estimates details coverage descriptions versions claims statements news media articles outlets several multiple various ' +
    'separately earlier later initially originally eventually ultimately overall together instead similarly likewise nevertheless ' +
    'nonetheless therefore thus hence accordingly consequently reportedly apparently allegedly meanwhile moreover furthermore ' +
    'additionally despite unlike like among around nearly almost roughly approximately fewer less one two three four five six seven ' +
    'eight nine ten someone everyone anyone nobody somebody others another citing asked speaking describing writing neither either ' +
    'none within without yesterday today tomorrow last next recent recently since once whereas'
  ).split(/\s+/),
);

const WORD = /[\p{L}][\p{L}’'-]*/gu;

/** Capitalised words that stand after the first word of a sentence somewhere in the excerpts. */
export function midSentenceCapitals(excerpts: string[]): Set<string> {
  const out = new Set<string>();
  for (const text of excerpts)
    for (const s of splitSentences(text)) for (const w of (s.text.match(WORD) ?? []).slice(1)) if (/^\p{Lu}/u.test(w)) out.add(bare(w));
  return out;
}

/** A word without a possessive ending. */
const bare = (w: string) => w.replace(/['’]s$/u, '').replace(/['’-]+$/u, '');

/**
 * Capitalised words a sentence uses as names (people, places, days): each must be in what
 * it cites. A sentence's first word is a name if the excerpts capitalise it mid-sentence, or
 * if it is not an ordinary word ("The", "Officials", a word the excerpts use in lower case).
 */
export function namesIn(text: string, excerpts: string[], capitals = midSentenceCapitals(excerpts)): string[] {
  const words = (text.replace(MARKER, ' ').match(WORD) ?? []).map(bare);
  const lowerExcerpts = ` ${excerpts.join(' ')} `;
  const ordinary = (w: string) => {
    const lower = w.toLowerCase();
    if (STOP_WORDS.has(lower) || STOPWORDS.has(lower) || SENTENCE_STARTERS.has(lower)) return true;
    return new RegExp(`(?<![\\p{L}])${escape(lower)}(?![\\p{L}])`, 'u').test(lowerExcerpts);
  };
  return words.filter((w, i) => {
    if (!/^\p{Lu}/u.test(w) || w.length < 2 || NEVER_NAMES.has(w)) return false;
    if (i > 0) return true;
    return capitals.has(w) || !ordinary(w);
  });
}

export const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether a name is in a text, as a whole word (case and apostrophes aside). */
export function nameIn(name: string, text: string): boolean {
  return new RegExp(`(?<![\\p{L}])${escape(normaliseQuoteText(name).toLowerCase())}(?![\\p{L}])`, 'u').test(normaliseQuoteText(text).toLowerCase());
}
