// Same event or not (issue 13 part 2): two values are a dispute only when the claims are about
// the same thing. "Two gunmen died" (a shooting), "more than 200 people" (an earthquake) and
// "two people" (a crash) answer "How many people were killed?" with three different events.
//
// Two claims are about different events when
//   - the things counted differ ("gunmen" vs "people" is not decisive; "gunmen" vs "hostages" is),
//     unless the question names the counted thing itself;
// and, when the question names no subject (the digest's neutral questions, "How many people
// were killed?"), when
//   - the dates their sentences give (with a year) differ,
//   - the names (people, places) of one appear nowhere in the other, in any case: two wholly
//     different stories. Places alone do not decide: "near Brest" and "in Brittany" are one storm.
import type { QuestionFrame } from '../claims/index.js';
import { compatible, extractDates, fold, stem, tokenize } from '../claims/index.js';
import { properNameMentions } from '../claims/names.js';
import { parseDay, type Scored } from './candidate-values.js';

/** Nouns that can stand for any counted people: they do not tell events apart. */
const GENERIC = new Set(['peopl', 'person', 'individual', 'other', 'more', 'total', 'civilian', 'resid', 'citizen', 'men', 'man', 'women', 'woman']);

function context(s: Scored): string {
  return `${s.candidate.before ?? ''} ${s.candidate.text}`;
}

function nameKeys(text: string): Set<string> {
  const names = properNameMentions(text).map((m) => m.name);
  return new Set(names.flatMap((n) => n.split(/\s+/)).map((w) => stem(fold(w))).filter((w) => w.length > 2));
}

/** Neither text's names appear anywhere (in any case) in the other: "Dallas" police vs a "Nepal" quake. */
function unrelatedNames(a: string, b: string): boolean {
  const words = (t: string) => new Set(tokenize(t).map((x) => stem(x.text)));
  const na = nameKeys(a);
  const nb = nameKeys(b);
  if (!na.size || !nb.size) return false;
  const wa = words(a);
  const wb = words(b);
  return ![...na].some((x) => wb.has(x)) && ![...nb].some((x) => wa.has(x));
}

function countedThing(s: Scored): string | undefined {
  if (s.value.type !== 'quantity' || s.value.dim !== 'count') return undefined;
  const noun = s.mention.after[0];
  return noun && !GENERIC.has(noun) ? noun : undefined;
}

function claimDate(s: Scored) {
  const ref = s.candidate.published ? parseDay(s.candidate.published) : undefined;
  return extractDates(s.candidate.text, { reference: ref }).find((d) => !d.asOf && d.value.type === 'date' && d.value.hasYear)?.value;
}

/** Why two claims are about different events, or null when nothing says they are. */
export function differentEvents(frame: QuestionFrame, a: Scored, b: Scored): string | null {
  // A question that names its own thing counted ("How many drones …") tied both values to it already.
  if (!frame.countNoun || frame.genericCount) {
    const ta = countedThing(a);
    const tb = countedThing(b);
    if (ta && tb && ta !== tb && !ta.startsWith(tb) && !tb.startsWith(ta)) return 'different things counted';
  }
  // A question that names what it is about ("How long did the Trump-Putin call last?") tied both
  // claims to that subject; passages about one subject name other places and dates in passing, and
  // the note (disagreement-wording.ts) points out differing dates. A neutral question ("How many
  // people were killed?", the digest's) has only the sentences to tell events apart.
  if (frame.subject.length > 0 || frame.subjectPhrases.length > 0) return null;
  if (frame.kind !== 'date') {
    const da = claimDate(a);
    const db = claimDate(b);
    if (da && db && compatible(da, db) === false) return 'different dates';
  }
  if (unrelatedNames(context(a), context(b))) return 'different subjects';
  return null;
}
