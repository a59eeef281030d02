// WikiContradict benchmark for the offline disagreement detector (src/disagree/disagreement.ts).
//
//   npx tsc -p tsconfig.bench.json
//   node dist-bench/bench/wikicontradict-detector.js /work/shared/eval/wikicontradict [--misses] [--alarms]
//
// Each instance has a question and two Wikipedia passages that answer it differently. The
// passages are split into sentences, the sentences most related to the question (word
// overlap) are kept, and the detector runs with the two passages as two sources.
//   recall: a disagreement whose claims cite both passages (Explicit and Implicit separately)
//   false alarms: (a) the same passage as both sources; (b) the passage beside the passage
//   of an unrelated instance (the question of the first); (c) the passage beside the
//   dataset's rewritten "self-contained" version of it (same facts, other words): the
//   closest thing here to two sources that agree.
// The first 60% of instances (file order) were used to tune the detector; the other 40% are
// reported separately as held-out numbers.
import { detectDisagreements, explainValues, type Candidate } from '../src/disagree/disagreement.js';
import { analyseQuestion } from '../src/claims/question-kind.js';
import { contentStems, stemsMatch } from '../src/claims/words.js';
import { splitSentences } from '../src/claims/sentence-split.js';
import { loadWikiContradict, type Instance } from './wikicontradict-data.js';

const KEEP = 4;

/** Sentences (src/claims/sentence-split.ts), with table rows (" | ") as separate units. */
export function splitSimple(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/\s+\|\s+/)
    .flatMap((part) => splitSentences(part).map((s) => s.text))
    .filter((s) => s.length > 0);
}

function related(question: string, context: string): string[] {
  const q = [...new Set(contentStems(question))];
  const scored = splitSimple(context).map((s, i) => {
    const st = contentStems(s);
    const overlap = q.filter((w) => st.some((x) => stemsMatch(x, w))).length;
    return { s, i, overlap };
  });
  return scored
    .filter((x) => x.overlap > 0)
    .sort((a, b) => b.overlap - a.overlap || a.i - b.i)
    .slice(0, KEEP)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.s);
}

function candidates(question: string, a: string, b: string, idA = 'c1', idB = 'c2'): Candidate[] {
  const out: Candidate[] = [];
  let n = 1;
  for (const s of related(question, a)) out.push({ id: n++, sourceId: idA, text: s });
  for (const s of related(question, b)) out.push({ id: n++, sourceId: idB, text: s });
  return out;
}

function detects(question: string, cands: Candidate[], a: string, b: string): boolean {
  return detectDisagreements(question, cands).some((d) => d.claims.some((c) => c.sourceId === a) && d.claims.some((c) => c.sourceId === b));
}

interface Row {
  explicitHit: number;
  explicitN: number;
  /** Explicit instances whose two passages differ (40 of 161 are the same text twice). */
  differHit: number;
  differN: number;
  implicitHit: number;
  implicitN: number;
  sameAlarm: number;
  sameN: number;
  unrelatedAlarm: number;
  unrelatedN: number;
  paraphraseAlarm: number;
  paraphraseN: number;
  covered: number;
}

function pct(a: number, b: number): string {
  return b === 0 ? '   -  ' : `${((100 * a) / b).toFixed(1).padStart(5)}%`;
}

function run(all: Instance[], range: [number, number], log: { misses: boolean; alarms: boolean; hits?: boolean }): Row {
  const row: Row = { differHit: 0, differN: 0, explicitHit: 0, explicitN: 0, implicitHit: 0, implicitN: 0, sameAlarm: 0, sameN: 0, unrelatedAlarm: 0, unrelatedN: 0, paraphraseAlarm: 0, paraphraseN: 0, covered: 0 };
  for (let i = range[0]; i < range[1]; i++) {
    const x = all[i];
    const explicit = x.contradiction_type.startsWith('Explicit');
    const frame = analyseQuestion(x.question);
    if (frame) row.covered++;
    const hit = detects(x.question, candidates(x.question, x.context1, x.context2), 'c1', 'c2');
    if (explicit) {
      row.explicitN++;
      if (hit) row.explicitHit++;
      if (x.context1.trim() !== x.context2.trim()) {
        row.differN++;
        if (hit) row.differHit++;
      }
    } else {
      row.implicitN++;
      if (hit) row.implicitHit++;
    }
    if (!hit && log.misses && explicit) console.log(`MISS #${i} [${frame?.kind ?? 'null'}] ${x.question} | ${x.answer1} | ${x.answer2}`);
    if (hit && log.hits) console.log(`HIT #${i} [${frame?.kind ?? 'null'}] ${x.question}`);
    // (a) the same passage as two sources, for each passage.
    for (const ctx of [x.context1, x.context2]) {
      row.sameN++;
      const c = candidates(x.question, ctx, ctx, 's1', 's2');
      if (detects(x.question, c, 's1', 's2')) {
        row.sameAlarm++;
        if (log.alarms) console.log(`ALARM(same) #${i} ${x.question}\n   ${JSON.stringify(detectDisagreements(x.question, c))}`);
      }
    }
    // (c) the passage beside its rewritten, self-contained version (same facts, other words).
    for (const [ctx, para] of [[x.context1, x.context1_self_contained], [x.context2, x.context2_self_contained]] as const) {
      if (!para) continue;
      row.paraphraseN++;
      const c = candidates(x.question, ctx, para, 'p1', 'p2');
      if (detects(x.question, c, 'p1', 'p2')) {
        row.paraphraseAlarm++;
        if (log.alarms) console.log(`ALARM(paraphrase) #${i} ${x.question}\n   ${JSON.stringify(detectDisagreements(x.question, c))}`);
      }
    }
    // (b) the passage beside a passage of an unrelated instance.
    const j = unrelated(all, i);
    for (const [ctx, other] of [[x.context1, all[j].context2], [x.context2, all[j].context1]] as const) {
      row.unrelatedN++;
      const c = candidates(x.question, ctx, other, 'u1', 'u2');
      if (detects(x.question, c, 'u1', 'u2')) {
        row.unrelatedAlarm++;
        if (log.alarms) console.log(`ALARM(unrelated) #${i}/${j} ${x.question}\n   ${JSON.stringify(detectDisagreements(x.question, c))}`);
      }
    }
  }
  return row;
}

/** An instance about something else: a fixed offset, skipping neighbours that share question words. */
function unrelated(all: Instance[], i: number): number {
  const q = new Set(contentStems(all[i].question));
  for (let k = 0; k < all.length; k++) {
    const j = (i + 37 + k) % all.length;
    if (j === i) continue;
    const shared = contentStems(all[j].question).filter((w) => q.has(w)).length;
    if (shared <= 1) return j;
  }
  return (i + 1) % all.length;
}

function main(): void {
  const dir = process.argv[2] ?? '/work/shared/eval/wikicontradict';
  const log = { misses: process.argv.includes('--misses'), alarms: process.argv.includes('--alarms'), hits: process.argv.includes('--hits') };
  const all: Instance[] = loadWikiContradict(dir);
  const dbg = process.argv.indexOf('--debug');
  if (dbg > 0) {
    for (const i of process.argv[dbg + 1].split(',').map(Number)) {
      const x = all[i];
      const c = candidates(x.question, x.context1, x.context2);
      const e = explainValues(x.question, c);
      console.log(`#${i} ${x.question}\n  frame: ${JSON.stringify(e.frame)}`);
      for (const cand of c) console.log(`  [${cand.id} ${cand.sourceId}] ${cand.text}`);
      console.log(`  values: ${JSON.stringify(e.values)}\n  result: ${JSON.stringify(detectDisagreements(x.question, c))}`);
    }
    return;
  }
  const cut = Math.floor(all.length * 0.6);
  const splits: [string, [number, number]][] = [
    [`tune (1-${cut})`, [0, cut]],
    [`held-out (${cut + 1}-${all.length})`, [cut, all.length]],
    [`whole set (${all.length})`, [0, all.length]],
  ];
  console.log('split                | Explicit recall     | Explicit, passages differ | Implicit recall     | FA same passage     | FA unrelated        | FA paraphrase       | kind known');
  console.log('---------------------|---------------------|---------------------------|---------------------|---------------------|---------------------|---------------------|-----------');
  for (const [name, range] of splits) {
    const r = run(all, range, name.startsWith('tune') ? log : { misses: false, alarms: false });
    const cell = (a: number, b: number) => `${pct(a, b)} (${a}/${b})`.padEnd(20);
    console.log(
      `${name.padEnd(21)}| ${cell(r.explicitHit, r.explicitN)}| ${cell(r.differHit, r.differN).padEnd(26)}| ${cell(r.implicitHit, r.implicitN)}| ${cell(r.sameAlarm, r.sameN)}| ${cell(r.unrelatedAlarm, r.unrelatedN)}| ${cell(r.paraphraseAlarm, r.paraphraseN)}| ${r.covered}/${range[1] - range[0]}`,
    );
  }
}

main();
