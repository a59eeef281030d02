// Fits the answerer's relevance model (src/answer/relevance-model.json) from the tuning part
// of RealTime QA (scripts/data/relevance-tuning.csv.gz, written by bench/relevance-data.ts):
// two L2-regularised logistic regressions fitted by Newton's method (deterministic): which
// sentence answers, and do the sources answer at all (from the best candidates); and the
// not-found bar: the highest probability at which at most MAX_REFUSED of the tuning part's
// answerable questions would be refused.
//   npm run build:bench && node dist-bench/scripts/train-relevance.js
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { ANSWERABLE_FEATURES, answerableFeatures, NAME_GAP, probability, type Logistic, type RelevanceModel } from '../src/answer/relevance.js';

export const DATA = 'scripts/data/relevance-tuning.csv.gz';
/**
 * Issue 22's signals (names, who-is introductions, position, late interaction), written by
 * bench/relevance-data.ts on the tuning part: RTQA_DEV_MAX=200 passage questions (asked with and
 * without their passage) and all 82 whole-article questions of 2023-24, where position in the
 * article varies. They are fitted on top of the issue-12 sentence model: its log-odds is one
 * input, so the few new weights need little data.
 */
export const DATA_22 = 'scripts/data/relevance-tuning-22.csv.gz';
/**
 * Whether the sentence model stacks issue 22's signals. Measured (BENCHMARKS.md "Issue 22",
 * session 5): on 300 + 300 RealTime QA 2020-21 questions trust +0.105 → +0.142 tuning, +0.172 →
 * +0.188 held-out (first excerpt −1 question held-out); on 2023-24 whole articles, answer in the
 * first quote 33.8 → 36.6% held-out. The not-found model does not stack the name gap: fitted on
 * passages it raised refusals on tuning but not on held-out (session 4), so STACK_ANSWERABLE_22
 * stays off.
 */
export const STACK_ISSUE_22 = true;
export const STACK_ANSWERABLE_22 = false;
export const NEW_FEATURES = ['nameShare', 'contextNameShare', 'introduces', 'leadParagraph', 'firstSentence', 'lateInteraction'];
export const MODEL = 'src/answer/relevance-model.json';
/** Share of answerable tuning questions the bar may refuse (the held-out target is 8%). */
export const MAX_REFUSED = 0.06;
const L2 = 1e-2;

interface Row {
  set: string;
  question: string;
  answerable: boolean;
  label: number;
  x: number[];
}

export function parseRows(csv: string): { features: string[]; rows: Row[] } {
  const [head, ...lines] = csv.trim().split('\n');
  const features = head.split(',').slice(4);
  const rows = lines.map((l) => {
    const [set, question, answerable, label, ...x] = l.split(',');
    return { set, question, answerable: answerable === '1', label: Number(label), x: x.map(Number) };
  });
  return { features, rows };
}

/** Newton's method on the weighted, L2-penalised log-loss (the bias is not penalised). */
export function fitLogistic(xs: number[][], ys: number[], ws: number[], l2 = L2, iterations = 30): { weights: number[]; bias: number } {
  const d = xs[0].length + 1;
  const beta = new Array<number>(d).fill(0);
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(d).fill(0);
    const hess = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (let i = 0; i < xs.length; i++) {
      const x = [...xs[i], 1];
      const p = 1 / (1 + Math.exp(-x.reduce((s, v, j) => s + v * beta[j], 0)));
      for (let j = 0; j < d; j++) {
        grad[j] += ws[i] * (p - ys[i]) * x[j];
        for (let k = 0; k <= j; k++) hess[j][k] += ws[i] * p * (1 - p) * x[j] * x[k];
      }
    }
    for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) hess[k][j] = hess[j][k];
    for (let j = 0; j < d - 1; j++) {
      grad[j] += l2 * beta[j];
      hess[j][j] += l2;
    }
    const step = solve(hess, grad);
    let change = 0;
    for (let j = 0; j < d; j++) {
      beta[j] -= step[j];
      change = Math.max(change, Math.abs(step[j]));
    }
    if (change < 1e-10) break;
  }
  return { weights: beta.slice(0, d - 1), bias: beta[d - 1] };
}

/** Gaussian elimination with partial pivoting (the matrix is small and positive definite). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let k = r + 1; k < n; k++) s -= m[r][k] * x[k];
    x[r] = s / m[r][r];
  }
  return x;
}

/** Each question as asked (answerable or not), with the not-found model's features. */
function questionsOf(rows: Row[]): { set: string; answerable: boolean; x: number[] }[] {
  const groups = new Map<string, { set: string; answerable: boolean; scored: { features: number[] }[] }>();
  for (const r of rows) {
    const key = `${r.set}\0${r.question}\0${r.answerable}`;
    const g = groups.get(key) ?? { set: r.set, answerable: r.answerable, scored: [] };
    g.scored.push({ features: r.x });
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({ set: g.set, answerable: g.answerable, x: answerableFeatures(g.scored) }));
}

export function train(csv: string, csv22?: string, stackAnswerable = true): RelevanceModel {
  const { features, rows } = parseRows(csv);
  const round = (v: number) => Number(v.toFixed(6));
  const rounded = (l: Logistic): Logistic => ({ features: l.features, weights: l.weights.map(round), bias: round(l.bias) });
  // 1. Which sentence answers? The candidate sentences of the questions asked with their
  // answer in the sources (whether any sentence answers is step 2's question).
  const answerableRows = rows.filter((r) => r.answerable);
  // A column that never varies (late interaction when the data was written without token
  // vectors) carries nothing: the model leaves it out and reads its features by name.
  const used = features.map((_, j) => answerableRows.some((r) => r.x[j] !== answerableRows[0].x[j]));
  const pick = (x: number[]) => x.filter((_, j) => used[j]);
  const sentenceFit = fitLogistic(
    answerableRows.map((r) => pick(r.x)),
    answerableRows.map((r) => r.label),
    answerableRows.map(() => 1),
  );
  const base = rounded({ features: features.filter((_, j) => used[j]), ...sentenceFit });
  const sentence = csv22 ? stacked(base, parseRows(csv22), rounded) : base;
  // 2. Do the sources answer at all? The passages set asks each question twice, with and
  // without its own passage; the whole-article questions are all answerable and only set the bar.
  const questions = questionsOf(rows);
  const both = questions.filter((q) => q.set === 'passages');
  const answerableFit = fitLogistic(
    both.map((q) => q.x),
    both.map((q) => (q.answerable ? 1 : 0)),
    both.map(() => 1),
  );
  const answerable = rounded({ features: [...ANSWERABLE_FEATURES], ...answerableFit });
  const probs = questions
    .filter((q) => q.answerable)
    .map((q) => probability(answerable, q.x))
    .sort((a, b) => a - b);
  // Refusing below the k-th lowest probability refuses k answerable questions.
  const k = Math.floor(MAX_REFUSED * probs.length);
  const bar = Math.floor(probs[k] * 1000) / 1000;
  const unanswerable = both.filter((q) => !q.answerable);
  const refused = unanswerable.filter((q) => probability(answerable, q.x) < bar).length;
  const perSet = new Map<string, number>();
  for (const r of answerableRows) perSet.set(r.set, (perSet.get(r.set) ?? 0) + 1);
  const named = csv22 && stackAnswerable ? stackedAnswerable({ ...answerable, bar }, parseRows(csv22), rounded) : null;
  return {
    sentence,
    answerable: named ?? { ...answerable, bar },
    note:
      `fitted by scripts/train-relevance.ts on the RealTime QA tuning part: ${answerableRows.length} candidate sentences of answerable questions (${[...perSet].map(([s, n]) => `${s} ${n}`).join(', ')}); ` +
      (csv22 ? `issue 22's signals stacked on that model from ${parseRows(csv22).rows.filter((r) => r.answerable).length} candidate sentences of a tuning subset; ` : '') +
      `bar: at most ${MAX_REFUSED * 100}% of its ${probs.length} answerable questions refused (it refuses ${refused} of ${unanswerable.length} unanswerable ones)` +
      (named ? `; issue 22: the name gap stacked on that not-found model and its bar set the same way on the tuning subset (${named.note})` : ''),
  };
}

/**
 * The issue-12 sentence model's log-odds plus the new signals, fitted on the issue-22 data,
 * then folded back into one logistic regression over all the features (a·w + new weights).
 */
function stacked(base: Logistic, data: { features: string[]; rows: Row[] }, rounded: (l: Logistic) => Logistic): Logistic {
  const rows = data.rows.filter((r) => r.answerable);
  const col = (name: string) => data.features.indexOf(name);
  const fresh = NEW_FEATURES.filter((f) => col(f) >= 0 && rows.some((r) => r.x[col(f)] !== rows[0].x[col(f)]));
  const logit = (r: Row) => base.bias + base.features.reduce((z, f, i) => z + base.weights[i] * r.x[col(f)], 0);
  const fit = fitLogistic(
    rows.map((r) => [logit(r), ...fresh.map((f) => r.x[col(f)])]),
    rows.map((r) => r.label),
    rows.map(() => 1),
  );
  const [a, ...w] = fit.weights;
  return rounded({ features: [...base.features, ...fresh], weights: [...base.weights.map((v) => a * v), ...w], bias: a * base.bias + fit.bias });
}

/**
 * The not-found model's log-odds plus the name gap (the question's names in no candidate),
 * fitted on the issue-22 data's passage questions (asked with and without their passage),
 * folded back into one model over ANSWERABLE_FEATURES and NAME_GAP; its bar refuses at most
 * MAX_REFUSED of that data's answerable questions.
 */
function stackedAnswerable(base: Logistic & { bar: number }, data: { features: string[]; rows: Row[] }, rounded: (l: Logistic) => Logistic): (Logistic & { bar: number; note: string }) | null {
  const col = (name: string) => data.features.indexOf(name);
  if (col('questionNamed') < 0 || col('contextNameShare') < 0) return null;
  const groups = new Map<string, Row[]>();
  for (const r of data.rows.filter((x) => x.set === 'passages')) {
    const key = `${r.question}\0${r.answerable}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const qs = [...groups.values()].map((rs) => {
    const scored = rs.map((r) => ({ features: r.x }));
    const x = answerableFeatures(scored);
    const best = (f: string) => Math.max(0, ...rs.map((r) => r.x[col(f)]));
    const gap = best('questionNamed') ? 1 - best('contextNameShare') : 0;
    return { answerable: rs[0].answerable, z: base.bias + x.reduce((z, v, i) => z + v * base.weights[i], 0), x, gap };
  });
  const fit = fitLogistic(
    qs.map((q) => [q.z, q.gap]),
    qs.map((q) => (q.answerable ? 1 : 0)),
    qs.map(() => 1),
  );
  const [a, g] = fit.weights;
  const model = rounded({ features: [...ANSWERABLE_FEATURES, NAME_GAP], weights: [...base.weights.map((w) => a * w), g], bias: a * base.bias + fit.bias });
  const p = (q: (typeof qs)[number]) => probability(model, [...q.x, q.gap]);
  const probs = qs.filter((q) => q.answerable).map(p).sort((x, y) => x - y);
  const bar = Math.floor(probs[Math.floor(MAX_REFUSED * probs.length)] * 1000) / 1000;
  const unanswerable = qs.filter((q) => !q.answerable);
  const note = `${probs.length} answerable and ${unanswerable.length} unanswerable asks; it refuses ${unanswerable.filter((q) => p(q) < bar).length} of the unanswerable`;
  return { ...model, bar, note };
}

export function readData(file = DATA): string {
  return gunzipSync(readFileSync(file)).toString('utf8');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // A candidate, to compare before it replaces the model: --data FILE (instead of DATA), --stack
  // FILE (issue-22 data to stack from) or --no-stack, --out FILE (not the committed model), --sentence-only.
  const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
  const stack = process.argv.includes('--no-stack') ? undefined : (arg('--stack') ?? (STACK_ISSUE_22 && existsSync(DATA_22) ? DATA_22 : undefined));
  // --sentence-only: stack the new signals on the sentence model only, whatever STACK_ANSWERABLE_22 says.
  const model = train(readData(arg('--data') ?? DATA), stack ? readData(stack) : undefined, STACK_ANSWERABLE_22 && !process.argv.includes('--sentence-only'));
  writeFileSync(arg('--out') ?? MODEL, JSON.stringify(model, null, 2) + '\n');
  console.log(JSON.stringify(model, null, 2));
}
