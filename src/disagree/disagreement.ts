// Offline disagreement detection: do the sources give different values for what was asked?
//
// 1. The question says what kind of value answers it (question-kind.ts); unclear → nothing.
// 2. Each candidate sentence offers values of that kind (values.ts) that sit next to the
//    question's words: the sentence must name what the question is about (subject) and
//    what it asks about it (predicate), and the value must be near a predicate word
//    ("lasted two hours"), or, for counts, right before the counted thing ("140 drones").
// 3. Each source contributes its best such value. Sources whose values are incompatible
//    (normalise.ts) are reported, one claim per source, quoting the sentence verbatim.
//
// 4. Only when steps 2-3 find nothing, a fallback leans on the embedding model instead of
//    word rules: each source's most question-relevant sentence (cosine ≥ FALLBACK_RELEVANCE)
//    that names the question's main subject and holds a value of the asked kind stands for
//    the source; two sources conflict when that sentence's values disagree with every value
//    of the kind the other source offers (so a source that also states the other figure
//    elsewhere is not in conflict).
//
// Step 2 lives in candidate-values.ts; the topic line and the event note in disagreement-wording.ts.
import type { Claim, Disagreement, ValueKind } from '../types.js';
import { analyseQuestion, type QuestionFrame } from '../claims/index.js';
import { compatible } from '../claims/index.js';
import { surnamesIn } from '../claims/index.js';
import { namesMainSubject, plainValuesOf, valuesFor, type Candidate, type Scored } from './candidate-values.js';
import { eventNote, topicOf } from './disagreement-wording.js';
import { differentEvents } from './same-event.js';
import { isOwnClaim, kindOfDim } from '../claims/index.js';
import { asUpdate, attributionOf, countsWhatIsAsked } from './updates.js';

// The input type and the topic line, for callers that import them from here.
export { topicOf, type Candidate };

/** What the detector saw: the question frame and the values it tied to the question, per candidate (for debugging and benchmarks). */
export function explainValues(question: string, candidates: Candidate[]): { frame: QuestionFrame | null; values: { id: number; sourceId: string; value: string; score: number }[] } {
  const frame = analyseQuestion(question);
  if (!frame) return { frame, values: [] };
  const knownSurnames = surnamesIn(candidates.map((c) => c.text));
  const values = candidates.flatMap((c) =>
    valuesFor(frame, c, candidates.filter((o) => o.sourceId === c.sourceId), knownSurnames).map((x) => ({ id: c.id, sourceId: c.sourceId, value: x.shown, score: Number(x.score.toFixed(3)) })),
  );
  return { frame, values };
}

export function detectDisagreements(question: string, given: Candidate[]): Disagreement[] {
  const frame = analyseQuestion(question);
  if (!frame) return [];
  // Questions, debunked rumours and claims the source only hands on are not its account (issue 13 part 4).
  const candidates = given.filter((c) => isOwnClaim(c.text));
  const sources = new Set(candidates.map((c) => c.sourceId));
  if (sources.size < 2) return [];
  const knownSurnames = surnamesIn(candidates.map((c) => c.text));
  const bySource = new Map<string, Candidate[]>();
  for (const c of candidates) bySource.set(c.sourceId, [...(bySource.get(c.sourceId) ?? []), c]);

  const strict = strictDisagreements(frame, candidates, bySource, knownSurnames);
  return strict.length ? strict : relevanceFallback(frame, candidates, knownSurnames);
}

function strictDisagreements(frame: QuestionFrame, candidates: Candidate[], bySource: Map<string, Candidate[]>, knownSurnames: Set<string>): Disagreement[] {
  const perSource = new Map<string, Scored[]>();
  for (const c of candidates) {
    const found = valuesFor(frame, c, bySource.get(c.sourceId) ?? [], knownSurnames).filter((v) => countsWhatIsAsked(frame, v));
    if (found.length) perSource.set(c.sourceId, [...(perSource.get(c.sourceId) ?? []), ...found]);
  }
  if (perSource.size < 2) return [];
  for (const list of perSource.values()) list.sort((a, b) => b.score - a.score);

  // Two sources conflict when each one's best value disagrees with every value the other offers.
  const ids = [...perSource.keys()].sort((a, b) => perSource.get(b)![0].score - perSource.get(a)![0].score);
  const conflict = (a: string, b: string): boolean | null => {
    const A = perSource.get(a)!;
    const B = perSource.get(b)!;
    const x = clashes([A[0]], B);
    const y = clashes([B[0]], A);
    if (x === null || y === null) return null;
    return x && y;
  };
  const groups = sameEventGroups(frame, groupSources(ids, conflict), (id) => perSource.get(id)![0]);
  if (groups.length < 2) return [];

  const claims: Claim[] = [];
  const used: Scored[] = [];
  for (const g of groups) {
    for (const id of g) {
      const best = perSource.get(id)![0];
      used.push(best);
      claims.push({ value: best.shown, n: best.candidate.id, sourceId: id, quote: best.quote });
    }
  }
  return [report(frame, claims, used)];
}

/**
 * Only groups about the same event as the first one stay: values about different events are
 * separate facts, not a dispute (same-event.ts).
 */
function sameEventGroups(frame: QuestionFrame, groups: string[][], rep: (id: string) => Scored): string[][] {
  if (groups.length < 2) return groups;
  const first = rep(groups[0][0]);
  return [groups[0], ...groups.slice(1).filter((g) => !differentEvents(frame, first, rep(g[0])))];
}

/** Group sources that agree; a group is represented by its first (best) source. */
function groupSources(ids: string[], conflict: (a: string, b: string) => boolean | null): string[][] {
  const groups: string[][] = [];
  for (const id of ids) {
    let placed = false;
    for (const g of groups) {
      const c = conflict(g[0], id);
      if (c === false) {
        g.push(id);
        placed = true;
        break;
      }
    }
    if (!placed) {
      // Only start a new group when it conflicts with every existing one (not merely incomparable).
      if (groups.every((g) => conflict(g[0], id) === true)) groups.push([id]);
    }
  }
  return groups;
}

/**
 * Cosine similarity to the question (all-MiniLM-L6-v2) from which a sentence is taken to
 * answer it without the word rules: chosen on the WikiContradict tuning split (bench/wikicontradict.ts;
 * recall flat from 0.5 to 0.55, and 0.4 let a wrong name through on the seeds).
 */
export const FALLBACK_RELEVANCE = 0.5;

/**
 * The fallback (step 4): each source's most relevant sentence that names the question's main
 * subject and holds a value of the asked kind. Only for sentences that come with a relevance.
 */
/**
 * True when no value of `mine` fits any value of `theirs` and at least one pair could be
 * compared; false when one fits; null when nothing was comparable.
 */
function clashes(mine: Scored[], theirs: Scored[]): boolean | null {
  let comparable = false;
  for (const a of mine)
    for (const b of theirs) {
      const c = compatible(a.value, b.value);
      if (c === null) continue;
      comparable = true;
      if (c) return false;
    }
  return comparable ? true : null;
}

function relevanceFallback(frame: QuestionFrame, candidates: Candidate[], knownSurnames: Set<string>): Disagreement[] {
  if (frame.kind === 'yesno' || frame.kind === 'stance') return [];
  const chosen = new Map<string, Scored[]>();
  const offered = new Map<string, Scored[]>();
  const byRelevance = [...candidates].sort((a, b) => (b.relevance ?? -Infinity) - (a.relevance ?? -Infinity) || a.id - b.id);
  for (const c of byRelevance) {
    const values = plainValuesOf(frame, c, knownSurnames).filter((v) => countsWhatIsAsked(frame, v));
    if (!values.length) continue;
    offered.set(c.sourceId, [...(offered.get(c.sourceId) ?? []), ...values]);
    if (chosen.has(c.sourceId) || c.relevance === undefined || c.relevance < FALLBACK_RELEVANCE || !namesMainSubject(frame, c)) continue;
    chosen.set(c.sourceId, values);
  }
  if (chosen.size < 2) return [];
  // A source conflicts with another when no value of its chosen sentence fits any value of the
  // kind the other offers, and some of them can be compared.
  const conflict = (a: string, b: string): boolean | null => {
    const x = clashes(chosen.get(a)!, offered.get(b)!);
    const y = clashes(chosen.get(b)!, offered.get(a)!);
    if (x === null || y === null) return null;
    return x && y;
  };
  const ids = [...chosen.keys()];
  const groups = sameEventGroups(frame, groupSources(ids, conflict), (id) => chosen.get(id)![0]);
  if (groups.length < 2) return [];
  const claims: Claim[] = [];
  const used: Scored[] = [];
  for (const g of groups) {
    for (const id of g) {
      const values = chosen.get(id)!;
      // The value shown: the first one of the sentence that can be compared with the other side.
      const others = groups.filter((h) => h !== g).flatMap((h) => chosen.get(h[0])!);
      const shown = values.find((v) => others.some((o) => compatible(v.value, o.value) !== null)) ?? values[0];
      used.push(shown);
      claims.push({ value: shown.shown, n: shown.candidate.id, sourceId: id, quote: shown.quote });
    }
  }
  return [report(frame, claims, used)];
}

function report(frame: QuestionFrame, claims: Claim[], used: Scored[]): Disagreement {
  const topic = topicOf(frame, used.map((u) => u.quote));
  // Issue 20: values that changed from one report to a later one are an update, oldest first.
  const timeline = asUpdate(claims, used);
  if (timeline) return { topic, kind: 'update', claims: timeline };
  claims.forEach((c, i) => {
    const by = attributionOf(used[i].quote);
    if (by) c.by = by;
  });
  // Citation order reads best.
  claims.sort((a, b) => a.n - b.n);
  const kind = reportedKind(frame, used);
  const note = eventNote(frame, used);
  return { topic, kind, claims, ...(note ? { note } : {}) };
}

function reportedKind(frame: QuestionFrame, used: Scored[]): ValueKind {
  const v = used[0].value;
  if (v.type === 'quantity') return kindOfDim(v.dim);
  return frame.kind;
}
