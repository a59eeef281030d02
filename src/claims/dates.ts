// Dates in a sentence (chrono-node, plus bare years, decades and centuries), each as an interval of
// day ordinals, with "before"/"after" qualifiers, life spans "(1838 – 1881)" and spans of dates.
import type * as Chrono from 'chrono-node';
import { chrono } from '../chrono.js';
import { dayOrdinal, yearInterval, type DateValue } from './normalise.js';
import { contentAround, tokenIndexAt, type ExtractOptions, type ValueMention } from './value-mention.js';
import { tokenize, STOPWORDS } from './words.js';

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
  let results: Chrono.ParsedResult[] = [];
  try {
    results = chrono().parse(text, ref ?? new Date(Date.UTC(2000, 0, 1)));
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
    const mk = (c: Chrono.ParsedComponents): DateValue | null => {
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

export { MONTHS };
