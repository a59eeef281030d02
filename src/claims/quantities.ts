// Quantities in a sentence: durations ("over an hour", "nearly three years"), counts ("140 drones",
// "eighty-five"), percentages ("2.5%", "2.5 percent") and amounts ("$5 billion", "€2bn",
// "43 miles (69 km)"), each with its qualifier, unit and dimension.
import type { ValueKind } from '../types.js';
import { numberAt, type NumberSpan } from './numbers.js';
import { CURRENCIES, unitDef, type Dim, type Quantity, type Qualifier } from './normalise.js';
import { contentAround, type ValueMention } from './value-mention.js';
import { tokenize, type Token } from './words.js';

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
