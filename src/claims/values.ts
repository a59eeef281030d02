// Finds values of one kind in a sentence, with their exact span and the words around them:
// durations ("over an hour", "nearly three years"), counts ("140 drones", "eighty-five"),
// percentages ("2.5%", "2.5 percent"), amounts ("$5 billion", "€2bn", "43 miles (69 km)"),
// dates (chrono-node, plus bare years, decades and centuries) and names.
// Quantities are found in quantities.ts, dates in dates.ts; names here.
import type { ValueKind } from '../types.js';
import { extractDates, MONTHS } from './dates.js';
import { looksLikeOrganisation, personMentions, properNameMentions, type PersonOptions } from './names.js';
import { extractQuantities, kindOfDim } from './quantities.js';
import { contentAround, tokenIndexAt, type ExtractOptions, type ValueMention } from './value-mention.js';
import { tokenize } from './words.js';

// Extractors and types that callers import from here.
export { extractDates, extractQuantities, kindOfDim, type ExtractOptions, type ValueMention };

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
