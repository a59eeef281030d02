// Fits the recency prior (src/answer/recency-model.json) from the RealTime QA tuning part asked
// as of each quiz date (scripts/data/recency-tuning.csv.gz, written by bench/recency-data.ts):
// an L2-regularised logistic regression, fitted by Newton's method (deterministic), of "this
// candidate sentence is from the question's own passage" on the relevance model's log-odds, a
// few exponential decays of the source's age and an undated flag. Only its weights are used:
// they order the candidates (answer/recency.ts).
//   npm run build:bench && node dist-bench/scripts/train-recency.js
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { RecencyPrior } from '../src/answer/recency.js';

export const DATA = 'scripts/data/recency-tuning.csv.gz';
/** Answerable probabilities of tuning questions asked as of their quiz date (bench/as-of-bar-data.ts). */
export const BAR_DATA = 'scripts/data/as-of-bar.json';
/** Share of answerable tuning questions the narrowed bar may refuse (as for the full bar, scripts/train-relevance.ts). */
export const MAX_REFUSED = 0.06;
export const MODEL = 'src/answer/recency-model.json';
const L2 = 1e-2;

export interface Rows {
  features: string[];
  question: string[];
  y: number[];
  x: number[][];
}

export function readData(path = DATA): Rows {
  const [head, ...lines] = gunzipSync(readFileSync(path)).toString('utf8').trim().split('\n');
  const out: Rows = { features: head.split(',').slice(2), question: [], y: [], x: [] };
  for (const l of lines) {
    const [q, label, ...x] = l.split(',');
    out.question.push(q);
    out.y.push(Number(label));
    out.x.push(x.map(Number));
  }
  return out;
}

/** Newton's method on the L2-penalised log-loss (the bias is not penalised). */
export function fitLogistic(xs: number[][], ys: number[], l2 = L2, iterations = 40): { weights: number[]; bias: number } {
  const d = xs[0].length + 1;
  const beta = new Array<number>(d).fill(0);
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(d).fill(0);
    const hess = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    xs.forEach((x, i) => {
      const row = [...x, 1];
      const z = row.reduce((s, v, j) => s + v * beta[j], 0);
      const p = 1 / (1 + Math.exp(-z));
      const w = p * (1 - p);
      for (let j = 0; j < d; j++) {
        grad[j] += (p - ys[i]) * row[j];
        for (let k = 0; k < d; k++) hess[j][k] += w * row[j] * row[k];
      }
    });
    for (let j = 0; j < d - 1; j++) {
      grad[j] += l2 * xs.length * beta[j];
      hess[j][j] += l2 * xs.length;
    }
    const step = solve(hess, grad);
    let moved = 0;
    for (let j = 0; j < d; j++) {
      beta[j] -= step[j];
      moved = Math.max(moved, Math.abs(step[j]));
    }
    if (moved < 1e-10) break;
  }
  const round = (v: number) => Number(v.toFixed(6));
  return { weights: beta.slice(0, -1).map(round), bias: round(beta[d - 1]) };
}

function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c || m[c][c] === 0) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => (row[i] === 0 ? 0 : row[n] / row[i]));
}

export interface BarRow {
  id: string;
  answerable: number;
  unanswerable: number;
}

export function readBarData(path = BAR_DATA): BarRow[] {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** The highest bar (to 0.001) that refuses at most MAX_REFUSED of the answerable questions. */
export function narrowedBar(rows: BarRow[]): number {
  const probs = rows.map((r) => r.answerable).sort((a, b) => a - b);
  return Math.floor(probs[Math.floor(MAX_REFUSED * probs.length)] * 1000) / 1000;
}

/** The scales are read from the data's column names (decay<days>). */
export function train(rows: Rows, bars: BarRow[] = readBarData()): RecencyPrior {
  const scales = rows.features.filter((f) => f.startsWith('decay')).map((f) => Number(f.slice(5)));
  const { weights, bias } = fitLogistic(rows.x, rows.y);
  const bar = narrowedBar(bars);
  return {
    scales,
    weights,
    bias,
    narrowedBar: bar,
    trainedOn: `RealTime QA dev 2020-2021, tuning part asked as of each quiz date: ${new Set(rows.question).size} questions, ${rows.y.length} candidate sentences (${DATA}); narrowed bar from ${bars.length} questions (${BAR_DATA})`,
  };
}

/** Share of questions whose best-ordered candidate is from the own passage, by relevance alone and with the prior. */
export function topOne(rows: Rows, weights: number[]): { relevance: number; prior: number } {
  const byQ = new Map<string, number[]>();
  rows.question.forEach((q, i) => byQ.set(q, [...(byQ.get(q) ?? []), i]));
  let rel = 0;
  let pri = 0;
  for (const idx of byQ.values()) {
    const best = (key: (i: number) => number) => idx.reduce((b, i) => (key(i) > key(b) ? i : b), idx[0]);
    rel += rows.y[best((i) => rows.x[i][0])];
    pri += rows.y[best((i) => rows.x[i].reduce((s, v, j) => s + v * weights[j], 0))];
  }
  return { relevance: rel / byQ.size, prior: pri / byQ.size };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows = readData();
  const model = train(rows);
  writeFileSync(MODEL, JSON.stringify(model, null, 2) + '\n');
  const top = topOne(rows, model.weights);
  console.log(`${MODEL}: weights ${JSON.stringify(model.weights)} (features ${rows.features.join(', ')})`);
  console.log(`tuning part, own passage's sentence first: relevance alone ${(100 * top.relevance).toFixed(1)}%, with the prior ${(100 * top.prior).toFixed(1)}%`);
  const bars = readBarData();
  const refused = (key: 'answerable' | 'unanswerable', bar: number) => bars.filter((r) => r[key] < bar).length;
  console.log(`narrowed bar ${model.narrowedBar}: tuning answerable refused ${refused('answerable', model.narrowedBar!)}/${bars.length}, unanswerable refused ${refused('unanswerable', model.narrowedBar!)}/${bars.length}`);
}
