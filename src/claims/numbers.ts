// Numbers as written in news and encyclopedia prose: "140", "1,266", "2.5", "eighty-five",
// "one hundred and twenty", "a dozen", "5bn", "two million".
import type { Token } from './words.js';

const SMALL: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const SCALE: Record<string, number> = {
  hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12,
  k: 1e3, m: 1e6, mn: 1e6, mln: 1e6, bn: 1e9, b: 1e9, tn: 1e12,
  // German: "1,2 Mio.", "3 Mrd.", "2 Millionen", "5 Milliarden" (the comma there is a decimal point).
  mio: 1e6, mrd: 1e9, millionen: 1e6, milliarden: 1e9, milliarde: 1e9,
};
const GERMAN_SCALES = new Set(['mio', 'mrd', 'millionen', 'milliarden', 'milliarde']);
const CURRENCY_SIGNS = new Set(['$', '€', '£', '¥']);
const WORD_SCALES = new Set(['hundred', 'thousand', 'million', 'billion', 'trillion']);

export function isNumberWord(lower: string): boolean {
  return lower in SMALL || WORD_SCALES.has(lower) || lower === 'dozen';
}

export interface NumberSpan {
  value: number;
  /** First and last token (inclusive) of the number. */
  first: number;
  last: number;
  /** Written with digits (as opposed to words). */
  digits: boolean;
  /** Four digits, no comma, 1000–2099, no scale word: probably a year. */
  yearLike: boolean;
}

/** Parses the number that starts at token i, or returns null. */
export function numberAt(tokens: Token[], i: number): NumberSpan | null {
  const t = tokens[i];
  if (!t) return null;
  if (t.type === 'num') {
    const raw = t.text;
    const next = tokens[i + 1];
    const germanScale = !!next && next.type === 'word' && GERMAN_SCALES.has(next.lower);
    // "1,266" and "17,943,000" use commas for thousands; "2,5" (European decimal) is rare in English
    // news, so a comma is a decimal point only before a German scale word ("1,2 Mio.").
    const value = germanScale && /^\d+,\d+$/.test(raw) && !/^\d{1,3}(,\d{3})+$/.test(raw) ? Number(raw.replace(',', '.')) : Number(raw.replace(/,/g, ''));
    if (!Number.isFinite(value)) return null;
    let last = i;
    let v = value;
    // A scale right after the digits: "5 billion", "5bn", "2.5 million", "1,2 Mio.".
    if (next && next.type === 'word' && next.lower in SCALE && (WORD_SCALES.has(next.lower) || germanScale || next.start === t.end)) {
      // "5 m" and "5m" are more often metres than millions; after a currency sign ("$1M", "$5B") they are scales.
      const money = CURRENCY_SIGNS.has(tokens[i - 1]?.text ?? '') && tokens[i - 1].end === t.start;
      if (!(next.lower === 'm' || next.lower === 'b') || (money && next.start === t.end)) {
        v *= SCALE[next.lower];
        last = i + 1;
        // The abbreviation's full stop belongs to it ("Mio.").
        const dot = tokens[i + 2];
        if ((next.lower === 'mio' || next.lower === 'mrd') && dot?.text === '.' && dot.start === next.end) last = i + 2;
      }
    }
    const yearLike = last === i && /^\d{4}$/.test(raw) && value >= 1000 && value <= 2099;
    return { value: v, first: i, last, digits: true, yearLike };
  }
  if (t.type !== 'word') return null;
  if (t.lower === 'dozen' && tokens[i - 1]?.lower !== 'a') return null;
  if (!(t.lower in SMALL) && !WORD_SCALES.has(t.lower)) {
    if (t.lower === 'a' && tokens[i + 1]?.lower === 'dozen') return { value: 12, first: i, last: i + 1, digits: false, yearLike: false };
    return null;
  }
  if (WORD_SCALES.has(t.lower) && t.lower !== 'hundred') return null; // "million people" without a number
  let total = 0;
  let current = 0;
  let last = i - 1;
  let j = i;
  let any = false;
  while (j < tokens.length) {
    const w = tokens[j];
    if (w.type === 'word' && w.lower in SMALL) {
      current += SMALL[w.lower];
      any = true;
      last = j;
      j++;
    } else if (w.type === 'word' && WORD_SCALES.has(w.lower) && any) {
      const s = SCALE[w.lower];
      if (s === 100) current = (current || 1) * 100;
      else {
        total += (current || 1) * s;
        current = 0;
      }
      last = j;
      j++;
    } else if (any && (w.text === '-' || w.lower === 'and') && tokens[j + 1]?.type === 'word' && tokens[j + 1].lower in SMALL) {
      // "eighty-five", "one hundred and twenty"; but not "two and three" (a list).
      if (w.lower === 'and' && !WORD_SCALES.has(tokens[j - 1].lower)) break;
      if (w.text === '-' && (w.start !== tokens[j - 1].end || tokens[j + 1].start !== w.end)) break;
      j++;
    } else break;
  }
  if (!any) return null;
  return { value: total + current, first: i, last, digits: false, yearLike: false };
}
