// Trains the instruction recogniser's logistic regression (src/claims/instruction.ts) on the
// tuning half of test/claims/instruction-cases.json and writes its weights:
//   npm run build:bench && node dist-bench/scripts/train-instruction.js [--write]
// Deterministic (zero start, full-batch gradient descent, fixed steps), so a test can check
// that the committed weights are what this script produces.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { INSTRUCTION_FEATURES, injectedSentences, instructionFeatures, type InstructionFeatures, type InstructionModel } from '../src/claims/instruction.js';

export interface InstructionCase {
  text: string;
  instruction: boolean;
  split: 'tune' | 'held-out';
  /** The sentences before `text` in its paragraph: the case is judged with them (injectedSentences). */
  context?: string[];
}

/** The verdict on a case: its sentence judged with the paragraph's earlier sentences. */
export function judgeCase(c: InstructionCase): boolean {
  const before = c.context ?? [];
  return injectedSentences([...before, c.text]).has(before.length);
}

/**
 * The sentences a case trains on. A paragraph case's earlier sentences carry its label (the
 * cases were written so: an injection's are the meta-text that addresses a model, an ordinary
 * paragraph's are news). An injection's last sentence is the neighbour rule's to catch: as a
 * row of its own it would teach that plain news ("The bridge collapsed.") is an instruction
 * (tried: the bias rose and service text such as "Read our full coverage here." was flagged).
 */
export function trainingRows(c: InstructionCase): { text: string; y: number }[] {
  const y = c.instruction ? 1 : 0;
  const rows = (c.context ?? []).map((text) => ({ text, y }));
  if (!(c.context?.length && c.instruction)) rows.push({ text: c.text, y });
  return rows;
}

export const CASES_FILE = fileURLToPath(new URL('../test/claims/instruction-cases.json', import.meta.url).href.replace('/dist-bench/', '/'));
export const WEIGHTS_FILE = fileURLToPath(new URL('../src/claims/instruction-weights.json', import.meta.url).href.replace('/dist-bench/', '/'));

export function loadCases(file = CASES_FILE): InstructionCase[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { cases: InstructionCase[] }).cases;
}

/** L2-regularised logistic regression by gradient descent. */
export function train(rows: { x: InstructionFeatures; y: number }[], steps = 4000, rate = 0.5, l2 = 0.001): InstructionModel {
  const w = Object.fromEntries(INSTRUCTION_FEATURES.map((k) => [k, 0])) as Record<(typeof INSTRUCTION_FEATURES)[number], number>;
  let b = 0;
  for (let step = 0; step < steps; step++) {
    const g = Object.fromEntries(INSTRUCTION_FEATURES.map((k) => [k, 0])) as typeof w;
    let gb = 0;
    for (const { x, y } of rows) {
      let z = b;
      for (const k of INSTRUCTION_FEATURES) z += w[k] * x[k];
      const err = 1 / (1 + Math.exp(-z)) - y;
      gb += err;
      for (const k of INSTRUCTION_FEATURES) g[k] += err * x[k];
    }
    b -= (rate * gb) / rows.length;
    for (const k of INSTRUCTION_FEATURES) w[k] -= rate * (g[k] / rows.length + l2 * w[k]);
  }
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  return { bias: round(b), weights: Object.fromEntries(INSTRUCTION_FEATURES.map((k) => [k, round(w[k])])) as typeof w };
}

export function trainOnTuningHalf(cases = loadCases()): InstructionModel {
  const rows = cases.filter((c) => c.split === 'tune').flatMap(trainingRows).map((r) => ({ x: instructionFeatures(r.text), y: r.y }));
  return train(rows);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const model = trainOnTuningHalf();
  const json = JSON.stringify(model, null, 2) + '\n';
  if (process.argv.includes('--write')) writeFileSync(WEIGHTS_FILE, json);
  process.stdout.write(json);
}
