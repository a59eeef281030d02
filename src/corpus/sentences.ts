// Sentence splitting with exact offsets. A regex finds candidate ends (terminal
// punctuation, optional closing quotes, whitespace, then something that can start a
// sentence); a list of abbreviations vetoes the false ones ("U.S. President",
// "Mr. Peskov", "J. D. Vance"). Intl.Segmenter was tried: on Node 20 it splits after
// every one of those, and ICU's suppression lists are not exposed.

import { parseBullet } from './lines.js';

export interface Sentence {
  text: string;
  start: number;
  end: number;
}

// Titles and other abbreviations that are followed by a capitalised word far more often
// than they end a sentence. After them a split needs a clear sentence opener ("The").
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'sr', 'jr', 'st', 'ste', 'gen', 'lt', 'col', 'maj',
  'capt', 'cmdr', 'cdr', 'sgt', 'cpl', 'pvt', 'adm', 'gov', 'sen', 'rep', 'rev', 'hon', 'pres',
  'amb', 'supt', 'det', 'insp', 'fr', 'mt', 'ft', 'messrs', 'mme', 'mlle', 'inc', 'ltd', 'corp',
  'co', 'bros', 'dept', 'univ', 'assn', 'ave', 'blvd', 'rd', 'al',
]);
// Never end a sentence in practice.
const ALWAYS_ABBREVIATIONS = new Set(['e.g', 'i.e', 'cf', 'viz', 'vs', 'v', 'approx', 'ca']);
// Abbreviations that precede a number: "Jan. 5", "No. 10", "Fig. 3".
const BEFORE_NUMBER = new Set([
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'no', 'nos', 'fig', 'vol', 'pp', 'p', 'art', 'sec', 'ch', 'est', 'op', 'nr',
]);
// Words that open a new sentence: after "U.S." or an initial they mean a real end.
const OPENERS = new Set(
  (
    'the a an he she it they we i you this that these those there here his her its their our my ' +
    'but and or so yet still in on at as if when while after before since because although though ' +
    'however meanwhile moreover also then now today yesterday despite for with without some many ' +
    'most several both each every one two three such what why how who where which instead others ' +
    'according during following last next earlier later officials critics analysts experts'
  ).split(' '),
);

// Terminal punctuation, then closing quotes or brackets, then the space before the next
// sentence; or a Chinese/Japanese full stop, which needs no space after it ("…した。次は…").
const CANDIDATE = /[.!?…]+["'”’»)\]]*(?=\s)|[。！？｡]+[」』”’）)\]]*/g;
const STARTER = /[\p{Lu}\p{Lt}\p{Lo}\p{Nd}“‘"'(\[«¿¡「『（]/u;

function isAbbreviation(line: string, dot: number, nextWord: string): boolean {
  // The token just before the period: letters and inner dots ("U.S", "e.g", "Mr", "J").
  let s = dot;
  while (s > 0 && /[\p{L}.]/u.test(line[s - 1])) s--;
  const token = line.slice(s, dot);
  if (!token || token.startsWith('.')) return false;
  const lower = token.toLowerCase();
  const opener = OPENERS.has(nextWord.toLowerCase());
  if (ALWAYS_ABBREVIATIONS.has(lower)) return true;
  if (BEFORE_NUMBER.has(lower) && /^\d/.test(nextWord)) return true;
  if (ABBREVIATIONS.has(lower)) return !opener;
  // An initial ("J. D. Vance") or a dotted acronym ("U.S.", "a.m.").
  if (/^\p{L}$/u.test(token) && token === token.toUpperCase()) return !opener;
  if (/^(\p{L}\.)+\p{L}$/u.test(token)) return !opener;
  return false;
}

function splitLine(text: string, lineStart: number, lineEnd: number, out: Sentence[]): void {
  const line = text.slice(lineStart, lineEnd);
  let from = 0;
  // A list marker is not part of the first sentence of the item.
  const trimmed = line.trimEnd();
  const bullet = parseBullet(trimmed.trimStart());
  if (bullet) from = trimmed.length - bullet.text.length;
  const push = (a: number, b: number) => {
    while (a < b && /\s/.test(line[a])) a++;
    while (b > a && /\s/.test(line[b - 1])) b--;
    if (b > a) out.push({ text: line.slice(a, b), start: lineStart + a, end: lineStart + b });
  };
  CANDIDATE.lastIndex = from;
  for (let m = CANDIDATE.exec(line); m !== null; m = CANDIDATE.exec(line)) {
    const end = m.index + m[0].length;
    let next = end;
    while (next < line.length && /\s/.test(line[next])) next++;
    if (next >= line.length) break;
    if (!STARTER.test(line[next])) continue;
    if (m[0] === '.') {
      const nextWord = /^[\p{L}\p{N}]*/u.exec(line.slice(next).replace(/^[“‘"'(\[«]/, ''))?.[0] ?? '';
      if (isAbbreviation(line, m.index, nextWord)) continue;
    }
    push(from, end);
    from = next;
  }
  push(from, line.length);
}

/**
 * Sentences of a paragraph, with offsets: `text === paragraph.slice(start, end)`. Line
 * breaks (list items) always end a sentence; list markers are left out.
 */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    splitLine(text, lineStart, lineEnd, out);
    lineStart = lineEnd + 1;
  }
  return out;
}
