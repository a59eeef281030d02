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
// Step 2 lives in candidate-values.ts; the topic line and the event note in disagreement-wording.ts.
import type { Claim, Disagreement, ValueKind } from '../types.js';
import { analyseQuestion, type QuestionFrame } from './question-kind.js';
import { compatible } from './normalise.js';
import { surnamesIn } from './names.js';
import { valuesFor, type Candidate, type Scored } from './candidate-values.js';
import { eventNote, topicOf } from './disagreement-wording.js';
import { kindOfDim } from './values.js';

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

export function detectDisagreements(question: string, candidates: Candidate[]): Disagreement[] {
  const frame = analyseQuestion(question);
  if (!frame) return [];
  const sources = new Set(candidates.map((c) => c.sourceId));
  if (sources.size < 2) return [];
  const knownSurnames = surnamesIn(candidates.map((c) => c.text));
  const bySource = new Map<string, Candidate[]>();
  for (const c of candidates) bySource.set(c.sourceId, [...(bySource.get(c.sourceId) ?? []), c]);

  const perSource = new Map<string, Scored[]>();
  for (const c of candidates) {
    const found = valuesFor(frame, c, bySource.get(c.sourceId) ?? [], knownSurnames);
    if (found.length) perSource.set(c.sourceId, [...(perSource.get(c.sourceId) ?? []), ...found]);
  }
  if (perSource.size < 2) return [];
  for (const list of perSource.values()) list.sort((a, b) => b.score - a.score);

  // Two sources conflict when each one's best value disagrees with every value the other offers.
  const ids = [...perSource.keys()].sort((a, b) => perSource.get(b)![0].score - perSource.get(a)![0].score);
  const conflict = (a: string, b: string): boolean | null => {
    const A = perSource.get(a)!;
    const B = perSource.get(b)!;
    const side = (best: Scored, others: Scored[]): boolean | null => {
      let comparable = false;
      for (const o of others) {
        const c = compatible(best.value, o.value);
        if (c === null) continue;
        comparable = true;
        if (c) return false;
      }
      return comparable ? true : null;
    };
    const x = side(A[0], B);
    const y = side(B[0], A);
    if (x === null || y === null) return null;
    return x && y;
  };
  // Group sources that agree; a group is represented by its first (best-scoring) source.
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
  // Citation order reads best.
  claims.sort((a, b) => a.n - b.n);
  const kind = reportedKind(frame, used);
  const note = eventNote(frame, used);
  return [{ topic: topicOf(frame, used.map((u) => u.quote)), kind, claims, ...(note ? { note } : {}) }];
}

function reportedKind(frame: QuestionFrame, used: Scored[]): ValueKind {
  const v = used[0].value;
  if (v.type === 'quantity') return kindOfDim(v.dim);
  return frame.kind;
}
