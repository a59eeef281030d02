// Finds values of one kind in a sentence, with their exact span and the words around them:
// durations ("over an hour", "nearly three years"), counts ("140 drones", "eighty-five"),
// percentages ("2.5%", "2.5 percent"), amounts ("$5 billion", "€2bn", "43 miles (69 km)"),
// dates (chrono-node, plus bare years, decades and centuries) and names.
import * as chrono from 'chrono-node';
import type { ValueKind } from '../types.js';
import { numberAt, type NumberSpan } from './numbers.js';
import {
  CURRENCIES,
  dayOrdinal,
  unitDef,
  yearInterval,
  type DateValue,
  type Dim,
  type Normalised,
  type Quantity,
  type Qualifier,
} from './normalise.js';
import { looksLikeOrganisation, personMentions, properNameMentions, type PersonOptions } from './names.js';
import { stem, tokenize, STOPWORDS, type Token } from './words.js';

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

type Quant = Omit<ValueMention, 'kind'> & { value: Quantity };

const QUALIFIERS: [RegExp, Qualifier][] = [
  [/\b(?:just|well|slightly)\s+(?:over|above)\s*$/i, 'above'],
  [/\b(?:just|slightly)\s+(?:under|below|short of)\s*$/i, 'below-approx'],
  [/\b(?:more than|over|above|upwards of|in excess of|at least|no fewer than|no less than|exceeding|beyond)\s*$/i, 'above'],
  [/\b(?:nearly|almost|close to|nigh on|approaching)\s*$/i, 'below-approx'],
  [/\b(?:less than|fewer than|under|below|at most|up to|no more than|not more than|within)\s*$/i, 'below'],
  [/(?:\b(?:about|around|roughly|approximately|approx\.?|some|circa|an estimated|estimated|reportedly|an average of|on average|averaging)|~|\bc\.)\s*$/i, 'approx'],
];

const TIME_VERBS = /\b(?:last(?:ed|s|ing)?|took|takes?|taking|for|spent|spend|within|after|lasting|running|ran|run)\s+$/i;

function qualifierBefore(text: string, start: number): { q: Qualifier; at: number } {
  const before = text.slice(Math.max(0, start - 40), start);
  for (const [re, q] of QUALIFIERS) {
    const m = re.exec(before);
    if (m) {
      const qStart = start - before.length + m.index;
      const lead = /^\s*/.exec(before.slice(m.index))![0].length;
      return { q, at: qStart + lead };
    }
  }
  return { q: 'exact', at: start };
}

function contentAround(tokens: Token[], first: number, last: number): { after: string[]; before: string[]; partitive: boolean } {
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

/** Every number in the text with its unit, as a quantity of some dimension. */
export function extractQuantities(text: string): Quant[] {
  const tokens = tokenize(text);
  const out: Quant[] = [];
  const used = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    if (used.has(i)) continue;
    const q = quantityAt(text, tokens, i);
    if (!q) continue;
    for (let j = q.first; j <= q.last; j++) used.add(j);
    out.push(q.mention);
  }
  return out;
}

interface Found {
  first: number;
  last: number;
  mention: Quant;
}

function quantityAt(text: string, tokens: Token[], i: number): Found | null {
  const t = tokens[i];
  // Currency before the number: "$5 billion", "€2bn", "US$ 3", "USD 40".
  let currency: string | undefined;
  let numIdx = i;
  if (t.type === 'punct' && (t.text === '$' || t.text === '€' || t.text === '£' || t.text === '¥')) {
    currency = CURRENCIES[t.text];
    numIdx = i + 1;
    if (tokens[i - 1]?.lower === 'us' && tokens[i - 1].end === t.start) currency = 'USD';
  } else if (t.type === 'word' && (t.lower === 'usd' || t.lower === 'eur' || t.lower === 'gbp') && tokens[i + 1]?.type === 'num') {
    currency = CURRENCIES[t.lower];
    numIdx = i + 1;
  }
  let n: NumberSpan | null = numberAt(tokens, numIdx);
  let article = false;
  if (!n && !currency) {
    // "an hour", "a year", "half an hour": a unit with an article after a qualifier or a time verb.
    const w = tokens[numIdx];
    if (w && (w.lower === 'a' || w.lower === 'an' || w.lower === 'half') && numIdx + 1 < tokens.length) {
      let k = numIdx + 1;
      let value = 1;
      if (w.lower === 'half' && (tokens[k]?.lower === 'a' || tokens[k]?.lower === 'an')) {
        value = 0.5;
        k++;
      } else if (w.lower === 'half') return null;
      const u = tokens[k] && unitDef(tokens[k].lower);
      if (u && u.dim === 'time') {
        const before = text.slice(0, w.start);
        const { q } = qualifierBefore(text, w.start);
        if (q !== 'exact' || TIME_VERBS.test(before)) {
          n = { value, first: numIdx, last: k - 1, digits: false, yearLike: false };
          article = true;
        }
      }
    }
  }
  if (!n) return null;
  // Digits glued to letters are names of things ("CD19", "αVβ5", "A80", "c2014"), not quantities.
  const glued = tokens[numIdx - 1];
  if (n.digits && glued && glued.type === 'word' && glued.end === tokens[numIdx].start) return null;
  // Skip ordinals ("8th"), clock times ("05:25") and parts of identifiers ("U-20", "Class 153" is left to the tie check).
  const next = tokens[n.last + 1];
  if (next && next.type === 'word' && next.start === tokens[n.last].end && /^(st|nd|rd|th)$/.test(next.lower)) return null;
  if (next && next.text === ':' && tokens[n.last + 2]?.type === 'num' && next.start === tokens[n.last].end) return null;
  const prev = tokens[numIdx - 1];
  if (prev && prev.text === ':' && prev.start === tokens[numIdx].start - 1 && tokens[numIdx - 2]?.type === 'num') return null;
  if (prev && prev.text === '-' && prev.end === tokens[numIdx].start && tokens[numIdx - 2]?.type === 'word' && tokens[numIdx - 2].end === prev.start && !article) {
    // "U-20", "pre-2014", "F-16"
    return null;
  }

  let lo = n.value;
  let hi = n.value;
  let last = n.last;
  // Ranges: "57–58", "0.2-0.3", "between 1.5 and 3.8", "10 to 12".
  const sep = tokens[last + 1];
  if (sep && (sep.text === '–' || sep.text === '-' || sep.text === '—' || sep.lower === 'to' || (sep.lower === 'and' && /\bbetween\s+\S*\s*$/i.test(text.slice(Math.max(0, tokens[numIdx].start - 20), tokens[numIdx].start))))) {
    const m = numberAt(tokens, last + 2);
    if (m && m.value >= n.value && !(n.yearLike && m.yearLike)) {
      hi = m.value;
      last = m.last;
    }
  }
  const startTok = currency ? i : numIdx;
  // A currency sign can also sit before the second number only; fine either way.
  let dim: Dim = 'count';
  let factor = 1;
  let u = tokens[last + 1];
  let hyphenated = false;
  if (u && (u.text === '-' || u.text === '–') && tokens[last + 2]?.type === 'word' && u.start === tokens[last].end) {
    // "three-year", "5-metre", "90-minute"
    const cand = tokens[last + 2];
    if (unitDef(cand.lower) || unitDef(cand.lower + 's')) {
      u = cand;
      hyphenated = true;
    }
  }
  let unitEnd = last;
  let converted = false;
  if (!currency && u) {
    let def = unitDef(u.lower) ?? (hyphenated ? unitDef(u.lower + 's') : undefined);
    let k = tokens.indexOf(u);
    if (u.lower === 'per' && tokens[k + 1]?.lower === 'cent') {
      def = unitDef('percent');
      k++;
    } else if (u.lower === 'square' || u.lower === 'sq') {
      const v = tokens[k + 1];
      const base = v && unitDef(v.lower);
      if (base && base.dim === 'length') {
        def = { dim: 'area', factor: base.factor * base.factor };
        k++;
      }
    } else if ((u.lower === 'km' || u.lower === 'kilometres' || u.lower === 'kilometers' || u.lower === 'miles') && tokens[k + 1]?.text === '/' && tokens[k + 2]?.lower === 'h') {
      def = { dim: 'speed', factor: u.lower === 'miles' ? 1.609344 : 1 };
      k += 2;
    } else if ((u.lower === 'km' || u.lower === 'm') && tokens[k + 1]?.type === 'num' && tokens[k + 1].text === '2' && tokens[k + 1].start === u.end) {
      def = unitDef(u.lower + '2');
      k++;
    } else if ((u.lower === 'miles' || u.lower === 'kilometres' || u.lower === 'kilometers') && tokens[k + 1]?.lower === 'per' && tokens[k + 2]?.lower === 'hour') {
      def = { dim: 'speed', factor: u.lower === 'miles' ? 1.609344 : 1 };
      k += 2;
    } else if (u.text === '′' || (u.text === "'" && u.start === tokens[last].end)) {
      def = unitDef('ft');
    } else if (u.text === '″' || (u.text === '"' && u.start === tokens[last].end)) {
      def = unitDef('inch');
    } else if (u.lower === 'in' && tokens[startTok - 1] && /^(ft|feet|foot|'|′)$/.test(tokens[startTok - 1].lower)) {
      def = unitDef('inch');
    }
    // "m" is metres only after digits, glued or spaced; "in" alone is a preposition.
    if (def && u.lower === 'in' && def.dim === 'length' && !(tokens[startTok - 1] && /^(ft|feet|foot|'|′)$/.test(tokens[startTok - 1].lower))) def = undefined;
    if (def && (u.lower === 'm' || u.lower === 'g') && !n.digits) def = undefined;
    if (def) {
      dim = def.dim;
      factor = def.factor;
      unitEnd = k;
    } else {
      const cur = CURRENCIES[u.lower];
      if (cur && !(u.lower === 'pound' || u.lower === 'pounds')) {
        currency = cur;
        unitEnd = k;
      } else if (cur && (u.lower === 'pound' || u.lower === 'pounds')) {
        // "10 pounds" after a verb of weighing is mass; otherwise money.
        const ctx = text.slice(Math.max(0, u.start - 60), u.start).toLowerCase();
        if (/weigh|heavy|mass/.test(ctx)) {
          dim = 'mass';
          factor = 0.4536;
        } else currency = cur;
        unitEnd = k;
      }
    }
  }
  if (currency) {
    dim = `money:${currency}`;
    // Scale after the currency word ("5 million dollars" is handled by numberAt already).
  }
  // Mixed durations and heights: "two hours and ten minutes", "an hour and a half", "6 ft 9 in".
  let addLo = 0;
  if (dim === 'time' || dim === 'length') {
    const a = tokens[unitEnd + 1];
    const b = tokens[unitEnd + 2];
    const c = tokens[unitEnd + 3];
    if (a?.lower === 'and' && b && (b.lower === 'a' || b.lower === 'an') && c?.lower === 'half') {
      addLo = 0.5 * factor;
      unitEnd += 3;
    } else if (a?.lower === 'and' && b) {
      const m = numberAt(tokens, unitEnd + 2);
      const uu = m && tokens[m.last + 1] && unitDef(tokens[m.last + 1].lower);
      if (m && uu && uu.dim === dim && uu.factor < factor) {
        addLo = m.value * uu.factor;
        unitEnd = m.last + 1;
      }
    } else if (dim === 'length' && a?.type === 'num') {
      const m = numberAt(tokens, unitEnd + 1);
      const v = m && tokens[m.last + 1];
      if (m && v && (v.lower === 'in' || v.lower === 'inches' || v.text === '"' || v.text === '″')) {
        addLo = m.value * 0.0254;
        unitEnd = m.last + 1;
      }
    }
  }
  // "one and a half hours"
  if (dim === 'count' && tokens[last + 1]?.lower === 'and' && tokens[last + 2]?.lower === 'a' && tokens[last + 3]?.lower === 'half') {
    const uu = tokens[last + 4] && unitDef(tokens[last + 4].lower);
    if (uu) {
      dim = uu.dim;
      factor = uu.factor;
      lo += 0.5;
      hi += 0.5;
      unitEnd = last + 4;
    }
  }
  if (dim === 'time') {
    // "three years ago" is a date; "-year-old" and "aged" are ages.
    const after = tokens[unitEnd + 1];
    if (after && (after.lower === 'ago' || after.lower === 'old' || after.lower === 'older' || after.lower === 'younger')) return null;
    if (/\baged?\s*$/i.test(text.slice(Math.max(0, tokens[startTok].start - 8), tokens[startTok].start))) return null;
  }
  const qual = qualifierBefore(text, tokens[startTok].start);
  let innerStated: { factor: number; lo: number; hi: number }[] = [];
  // A parenthetical conversion: "43 miles (69 km)", "20 acres (81,000 m2)", "5-metre (16 ft)".
  const open = tokens[unitEnd + 1];
  if (open?.text === '(' && dim !== 'count') {
    const inner = quantityAt(text, tokens, unitEnd + 2);
    const close = inner && tokens[inner.last + 1];
    if (inner && close?.text === ')' && inner.mention.value.dim === dim) {
      unitEnd = inner.last + 1;
      converted = true;
      innerStated = inner.mention.value.stated ?? [];
    }
  }
  if (dim === 'count' && (text[tokens[last].end] === '%' || tokens[last + 1]?.text === '%')) {
    dim = 'percent';
    unitEnd = last + 1;
  }
  const startChar = qual.q !== 'exact' ? qual.at : tokens[startTok].start;
  const endChar = tokens[unitEnd].end;
  const around = contentAround(tokens, startTok, unitEnd);
  const value: Quantity = {
    type: 'quantity',
    dim,
    lo: lo * factor + addLo,
    hi: hi * factor + addLo,
    qualifier: qual.q,
    ...(converted ? { converted } : {}),
  };
  if (dim !== 'count' && dim !== 'percent' && !dim.startsWith('money:')) {
    value.stated = [{ factor, lo: value.lo / factor, hi: value.hi / factor }, ...innerStated];
  }
  const mention: Quant = {
    text: text.slice(startChar, endChar),
    start: startChar,
    end: endChar,
    value,
    after: around.after,
    before: around.before,
    ...(n.yearLike && dim === 'count' && hi === lo ? { yearLike: true } : {}),
    ...(around.partitive && dim === 'count' ? { partitive: true } : {}),
  };
  return { first: Math.min(i, startTok), last: unitEnd, mention };
}

export function kindOfDim(dim: Dim): ValueKind {
  if (dim === 'time') return 'duration';
  if (dim === 'count') return 'count';
  if (dim === 'percent') return 'percentage';
  return 'amount';
}

// ---------------------------------------------------------------- dates

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const ANCHORED = /\d{4}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b\d{1,2}[/.-]\d{1,2}\b|\b(?:today|yesterday|tomorrow|tonight|last|next|this)\b/i;
const RELATIVE = /\b(today|yesterday|tomorrow|tonight|last|next|this|ago|week|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday|earlier|later|now|recently|morning|evening|night)\b/i;

/** Dates in a sentence, each as an interval of day ordinals. */
export function extractDates(text: string, opts: ExtractOptions = {}): ValueMention[] {
  const out: ValueMention[] = [];
  const taken: [number, number][] = [];
  const tokens = tokenize(text);
  const overlaps = (s: number, e: number) => taken.some(([a, b]) => s < b && a < e);
  const push = (m: ValueMention) => {
    if (overlaps(m.start, m.end)) return;
    taken.push([m.start, m.end]);
    out.push(m);
  };
  const ref = opts.reference;
  let results: chrono.ParsedResult[] = [];
  try {
    results = chrono.parse(text, ref ?? new Date(Date.UTC(2000, 0, 1)));
  } catch {
    results = [];
  }
  for (const r of results) {
    const s = r.start;
    const hasDate = s.isCertain('year') || s.isCertain('month') || s.isCertain('day') || s.isCertain('weekday');
    if (!hasDate) continue;
    // Only expressions anchored to the calendar: "three years after" is not a date.
    if (!ANCHORED.test(r.text)) continue;
    const relative = !/\b\d{4}\b/.test(r.text) && RELATIVE.test(r.text);
    if (relative && !ref) continue;
    // "may" as a verb: chrono reads "may 9" fine, but "May" alone after a modal context is risky.
    if (/^may$/i.test(r.text.trim())) continue;
    const startIdx = r.index;
    const endIdx = r.index + r.text.length;
    // A match that ends inside a word ("1846, Mar" of "1846, María") is not a date as written.
    if (/[\p{L}\p{M}]/u.test(text[endIdx] ?? '') || /[\p{L}\p{M}]/u.test(text[startIdx - 1] ?? '')) continue;
    const mk = (c: chrono.ParsedComponents): DateValue | null => {
      const yCertain = c.isCertain('year');
      const mCertain = c.isCertain('month');
      const dCertain = c.isCertain('day');
      const y = c.get('year') ?? undefined;
      const mo = c.get('month') ?? undefined;
      const d = c.get('day') ?? undefined;
      if (relative) {
        if (y === undefined || mo === undefined || d === undefined) return null;
        const o = dayOrdinal(y, mo, d);
        const week = /\bweek/i.test(r.text);
        return { type: 'date', lo: o - (week ? 3 : 0), hi: o + (week ? 3 : 0), hasYear: true, month: week ? undefined : mo, day: week ? undefined : d };
      }
      const hasYear = yCertain || (ref !== undefined && mCertain);
      if (!hasYear) {
        if (!mCertain) return null;
        return { type: 'date', lo: -Infinity, hi: Infinity, hasYear: false, month: mo, day: dCertain ? d : undefined };
      }
      if (y === undefined) return null;
      if (dCertain && mo !== undefined && d !== undefined) return { type: 'date', lo: dayOrdinal(y, mo, d), hi: dayOrdinal(y, mo, d), hasYear: true, month: mo, day: d };
      if (mCertain && mo !== undefined) return { type: 'date', lo: dayOrdinal(y, mo, 1), hi: dayOrdinal(y, mo, 31), hasYear: true, month: mo };
      return { type: 'date', ...yearInterval(y), hasYear: true };
    };
    const a = mk(s);
    if (!a) continue;
    const around = contentAround(tokens, tokenIndexAt(tokens, startIdx), tokenIndexAt(tokens, endIdx - 1));
    const qual = dateQualifier(text, startIdx);
    if (r.end) {
      const b = mk(r.end);
      const lifespan = isLifespan(text, startIdx, endIdx);
      if (b && lifespan) {
        const dash = /\s*[–—-]\s*|\s+to\s+/.exec(r.text);
        const cut = dash ? dash.index : r.text.length;
        push({ kind: 'date', text: r.text.slice(0, cut), start: startIdx, end: startIdx + cut, value: a, after: around.after, before: around.before, role: 'birth' });
        taken.pop();
        const tail = dash ? r.text.slice(dash.index + dash[0].length) : r.text;
        const tailStart = endIdx - tail.length;
        out.push({ kind: 'date', text: tail, start: tailStart, end: endIdx, value: b, after: around.after, before: around.before, role: 'death' });
        taken.push([startIdx, endIdx]);
        continue;
      }
      if (b && a.hasYear && b.hasYear) {
        const dash = /\s*[–—-]\s*|\s+(?:to|until|till)\s+/.exec(r.text);
        const span = dash ? { start: a, end: b, startText: r.text.slice(0, dash.index), endText: r.text.slice(dash.index + dash[0].length) } : undefined;
        push({ kind: 'date', text: text.slice(qual.at, endIdx), start: qual.at, end: endIdx, value: { ...a, lo: a.lo, hi: b.hi, month: undefined, day: undefined }, after: around.after, before: around.before, ...(qual.asOf ? { asOf: true } : {}), ...(span ? { span } : {}) });
        continue;
      }
    }
    push({ kind: 'date', text: text.slice(qual.at, endIdx), start: qual.at, end: endIdx, value: applyDateQualifier(a, qual.q), after: around.after, before: around.before, ...(qual.asOf ? { asOf: true } : {}) });
  }
  // Bare years, year ranges, decades, centuries, BC.
  const YEARISH = /\b(?:(?<mod>early|mid|late)[\s-]+)?(?<decade>\d{3,4})s\b|\b(?<century>\d{1,2})(?:st|nd|rd|th)[\s-]+century\b|\b(?<bc>\d{1,4})\s*(?:BC|BCE|B\.C\.)|\b(?<y0>1\d{3}|20\d{2})(?:\s*[–—-]\s*(?<y1>1\d{3}|20\d{2}|\d{2}))?\b(?!\s*(?:%|percent|per cent))/gi;
  for (const m of text.matchAll(YEARISH)) {
    const at = m.index ?? 0;
    const endAt = at + m[0].length;
    if (overlaps(at, endAt)) continue;
    const g = m.groups ?? {};
    if (g.y0) {
      // "1500 troops" is a count; "in 1746 but" is a year.
      const next = /^\s*([a-z]+)/.exec(text.slice(endAt));
      if (next && !STOPWORDS.has(next[1]) && !/^(bc|bce|ad|ce)$/.test(next[1])) continue;
    }
    // Not a count ("1,266 passengers" never matches; "1500 troops" is excluded by the lookahead).
    const prevChar = text[at - 1] ?? '';
    if (/[\d,.$€£]/.test(prevChar)) continue;
    let v: DateValue | null = null;
    let span: ValueMention['span'];
    if (g.decade) {
      const base = Number(g.decade);
      if (base % 10 !== 0) continue;
      let y0 = base;
      let y1 = base + 9;
      const mod = g.mod?.toLowerCase();
      if (mod === 'early') y1 = base + 3;
      else if (mod === 'mid') {
        y0 = base + 3;
        y1 = base + 6;
      } else if (mod === 'late') y0 = base + 6;
      v = { type: 'date', ...yearInterval(y0, y1), hasYear: true };
    } else if (g.century) {
      const c = Number(g.century);
      v = { type: 'date', ...yearInterval((c - 1) * 100 + 1, c * 100), hasYear: true };
    } else if (g.bc) {
      const y = -Number(g.bc);
      const approx = /\bc(?:a|irca)?\.?\s*$/i.test(text.slice(Math.max(0, at - 8), at));
      v = { type: 'date', ...yearInterval(y - (approx ? 50 : 0), y + (approx ? 50 : 0)), hasYear: true };
    } else if (g.y0) {
      const y0 = Number(g.y0);
      let y1 = y0;
      if (g.y1) {
        y1 = g.y1.length === 2 ? Math.floor(y0 / 100) * 100 + Number(g.y1) : Number(g.y1);
        if (y1 < y0) continue;
      }
      if (g.y1 && isLifespan(text, at, endAt)) {
        const dash = /\s*[–—-]\s*/.exec(m[0])!;
        push({ kind: 'date', text: g.y0, start: at, end: at + g.y0.length, value: { type: 'date', ...yearInterval(y0), hasYear: true }, after: [], before: [], role: 'birth' });
        taken.pop();
        const ds = at + dash.index + dash[0].length;
        out.push({ kind: 'date', text: text.slice(ds, endAt), start: ds, end: endAt, value: { type: 'date', ...yearInterval(y1), hasYear: true }, after: [], before: [], role: 'death' });
        taken.push([at, endAt]);
        continue;
      }
      v = { type: 'date', ...yearInterval(y0, y1), hasYear: true };
      if (g.y1) {
        const dash = /\s*[–—-]\s*/.exec(m[0])!;
        span = {
          start: { type: 'date', ...yearInterval(y0), hasYear: true },
          end: { type: 'date', ...yearInterval(y1), hasYear: true },
          startText: g.y0,
          endText: m[0].slice(dash.index + dash[0].length),
        };
      }
    }
    if (!v) continue;
    const qual = dateQualifier(text, at);
    const around = contentAround(tokens, tokenIndexAt(tokens, at), tokenIndexAt(tokens, endAt - 1));
    push({ kind: 'date', text: text.slice(qual.at, endAt), start: qual.at, end: endAt, value: applyDateQualifier(v, qual.q), after: around.after, before: around.before, ...(qual.asOf ? { asOf: true } : {}), ...(span ? { span } : {}) });
  }
  return out.sort((a, b) => a.start - b.start);
}

function tokenIndexAt(tokens: Token[], char: number): number {
  let best = 0;
  for (let i = 0; i < tokens.length; i++) if (tokens[i].start <= char) best = i;
  return best;
}

type DateQual = 'exact' | 'before' | 'after';

function dateQualifier(text: string, start: number): { q: DateQual; at: number; asOf: boolean } {
  const before = text.slice(Math.max(0, start - 30), start);
  const asOf = /\b(?:as of|as at|by|until|through|in)\s+(?:the\s+)?$/i.test(before) && /\bas\s+(?:of|at)\s+(?:the\s+)?$/i.test(before);
  const m = /\b(before|prior to|by|until|till|no later than|after|later than|not before)\s+(?:the\s+)?$/i.exec(before);
  if (!m) return { q: 'exact', at: start, asOf };
  const w = m[1].toLowerCase();
  const q: DateQual = w === 'after' || w === 'later than' || w === 'not before' ? 'after' : 'before';
  return { q, at: start - before.length + m.index, asOf };
}

function applyDateQualifier(v: DateValue, q: DateQual): DateValue {
  if (q === 'before') return { ...v, lo: -Infinity, month: undefined, day: undefined };
  if (q === 'after') return { ...v, hi: Infinity, month: undefined, day: undefined };
  return v;
}

/** "(8 September 1838 – 2 March 1881)" or "(1211–1255)" right after a name. */
function isLifespan(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 60), start);
  const after = text.slice(end, end + 3);
  return /\(\s*(?:[^()]*;\s*)?(?:born\s+|b\.\s*)?$/i.test(before) && /^\s*[);,]/.test(after);
}

// ---------------------------------------------------------------- names

export function extractNames(text: string, kind: 'person' | 'place' | 'organisation', opts: ExtractOptions = {}): ValueMention[] {
  const tokens = tokenize(text);
  const mk = (name: string, start: number, end: number): ValueMention => {
    const around = contentAround(tokens, tokenIndexAt(tokens, start), tokenIndexAt(tokens, end - 1));
    return { kind, text: name, start, end, value: { type: 'names', entity: kind, names: [name] }, after: around.after, before: around.before };
  };
  if (kind === 'person') {
    const popts: PersonOptions = { knownSurnames: opts.knownSurnames };
    return personMentions(text, popts).map((p) => mk(p.name, p.start, p.end));
  }
  const people = personMentions(text, { knownSurnames: opts.knownSurnames });
  const out: ValueMention[] = [];
  for (const p of properNameMentions(text)) {
    if (people.some((q) => q.start <= p.start && p.end <= q.end + 0 && q.name === p.name)) continue;
    if (kind === 'organisation') {
      out.push(mk(p.name, p.start, p.end));
      continue;
    }
    // Places: after a locative preposition, or a known organisation word is absent.
    const before = text.slice(Math.max(0, p.start - 12), p.start);
    if (/\b(?:in|at|near|from|to|into|outside|across|within|toward|towards)\s+(?:the\s+)?$/i.test(before) && !looksLikeOrganisation(p.name)) {
      // "Taichung, Taiwan": take the following ", Region" along.
      const more = /^,\s*(\p{Lu}[\p{L}\p{M}'’-]*(?:\s+\p{Lu}[\p{L}\p{M}'’-]*)*)/u.exec(text.slice(p.end));
      const end = more ? p.end + more[0].length : p.end;
      out.push(mk(text.slice(p.start, end), p.start, end));
    }
  }
  return out;
}

/** Values of one kind in a sentence. */
export function extractValues(text: string, kind: ValueKind, opts: ExtractOptions = {}): ValueMention[] {
  switch (kind) {
    case 'date':
      return extractDates(text, opts);
    case 'person':
    case 'place':
    case 'organisation':
      return extractNames(text, kind, opts);
    case 'duration':
    case 'count':
    case 'percentage':
    case 'amount': {
      const dates = extractDates(text, opts);
      return extractQuantities(text)
        .filter((q) => !dates.some((d) => q.start < d.end && d.start < q.end && q.value.dim === 'count'))
        .map((q) => ({ ...q, kind: kindOfDim(q.value.dim) }))
        .filter((q) => kind === 'amount' ? q.kind === 'amount' : q.kind === kind);
    }
    default:
      return [];
  }
}

export { MONTHS };
