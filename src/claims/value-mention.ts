// A value found in a sentence (ValueMention), the options extraction takes, and the helpers
// every extractor shares: the content words around a value and the token at a character.
import type { ValueKind } from '../types.js';
import type { DateValue, Normalised } from './normalise.js';
import { stem, STOPWORDS, type Token } from './words.js';

export interface ValueMention {
  kind: ValueKind;
  /** Verbatim text of the value, qualifier included ("over an hour"). */
  text: string;
  start: number;
  end: number;
  value: Normalised;
  /** Stems of up to three content words right after the value (the counted thing for counts). */
  after: string[];
  /** Stems of up to three content words right before it. */
  before: string[];
  /** A bare number that reads like a year ("1934"); only counts when a noun follows. */
  yearLike?: boolean;
  /** "one of the …": a partitive, not a count of the noun. */
  partitive?: boolean;
  /** For a life span "(1838 – 1881)" next to a name: which end this is. */
  role?: 'birth' | 'death';
  /** "as of 2018": the time a statement holds at, not an answer. */
  asOf?: boolean;
  /** A span of dates ("May 1993 – August 2002", "1969-1998"): its two ends as written. */
  span?: { start: DateValue; end: DateValue; startText: string; endText: string };
}

export interface ExtractOptions {
  /** Reference date for relative dates ("on Tuesday"); without one they are skipped. */
  reference?: Date;
  /** People known by full name in the material (lets a bare "Kallas" count). */
  knownSurnames?: Set<string>;
}

export function contentAround(tokens: Token[], first: number, last: number): { after: string[]; before: string[]; partitive: boolean } {
  const after: string[] = [];
  let partitive = false;
  for (let j = last + 1; j < tokens.length && after.length < 3; j++) {
    const t = tokens[j];
    if (t.type === 'punct') {
      if (t.text === '-' || t.text === '–') continue;
      break;
    }
    if (j === last + 1 && t.lower === 'of') {
      partitive = true;
      break;
    }
    if (t.type === 'num') break;
    if (STOPWORDS.has(t.lower)) {
      if (after.length === 0 && (t.lower === 'more' || t.lower === 'other' || t.lower === 'such')) continue;
      break;
    }
    after.push(stem(t.text));
  }
  const before: string[] = [];
  for (let j = first - 1; j >= 0 && before.length < 3; j--) {
    const t = tokens[j];
    if (t.type === 'punct') {
      if (t.text === ':' || t.text === '-') continue;
      break;
    }
    if (t.type === 'num') break;
    if (STOPWORDS.has(t.lower)) continue;
    before.push(stem(t.text));
  }
  return { after, before, partitive };
}

export function tokenIndexAt(tokens: Token[], char: number): number {
  let best = 0;
  for (let i = 0; i < tokens.length; i++) if (tokens[i].start <= char) best = i;
  return best;
}
