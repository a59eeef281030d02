// Issue 22: which sentence model picks the answering sentence best, cross-validated on the
// tuning data (5 folds by question; the held-out part is never read). Compared: the committed
// form (the issue-12 sentence model's log-odds stacked with name shares, lead paragraph and
// first sentence), the same stack with late interaction (token vectors), one logistic
// regression over every feature, and a listwise (conditional logit) fit of the same features,
// which optimises the best-ranked sentence directly.
//   RELEVANCE_LATE=1 RTQA_DEV_MAX=200 node dist-bench/bench/relevance-data.js ../shared/eval/realtimeqa /tmp/rel-late.csv.gz
//   node dist-bench/bench/relevance-cv.js /tmp/rel-late.csv.gz
import { createHash } from 'node:crypto';
import { fitLogistic, parseRows, readData } from '../scripts/train-relevance.js';

type Row = ReturnType<typeof parseRows>['rows'][number];
interface Group {
  set: string;
  question: string;
  xs: number[][];
  ys: number[];
}
interface Variant {
  name: string;
  /** Scores a fold's sentences after fitting on the other folds. */
  fit: (train: Row[]) => (row: Row) => number;
}

const STACKED = ['nameShare', 'contextNameShare', 'leadParagraph', 'firstSentence'];
const fold = (q: string) => createHash('md5').update(q).digest()[0] % 5;

function main() {
  const base = parseRows(readData());
  const data = parseRows(readData(process.argv[2]));
  const col = (f: string) => data.features.indexOf(f);
  const rows = data.rows.filter((r) => r.answerable);
  // The issue-12 sentence model as train() fits it (every column that varies), over all its data.
  const baseRows = base.rows.filter((r) => r.answerable);
  const used = base.features.filter((_, j) => baseRows.some((r) => r.x[j] !== baseRows[0].x[j]));
  const b = fitLogistic(baseRows.map((r) => used.map((f) => r.x[base.features.indexOf(f)])), baseRows.map((r) => r.label), baseRows.map(() => 1));
  const logit = (r: Row) => b.bias + used.reduce((z, f, i) => z + b.weights[i] * r.x[col(f)], 0);
  const all = data.features.filter((f) => rows.some((r) => r.x[col(f)] !== rows[0].x[col(f)]));
  const linear = (w: number[], x: number[]) => x.reduce((s, v, i) => s + v * w[i], 0);
  const stack = (extra: string[]): Variant['fit'] => (train) => {
    const x = (r: Row) => [logit(r), ...extra.map((f) => r.x[col(f)])];
    const fit = fitLogistic(train.map(x), train.map((r) => r.label), train.map(() => 1));
    return (r) => linear(fit.weights, x(r));
  };
  const candidates: Variant[] = [
    { name: 'issue-12 model alone', fit: () => logit },
    { name: 'stacked: name shares, lead paragraph, first sentence (committed)', fit: stack(STACKED) },
    { name: 'the same + late interaction', fit: stack([...STACKED, 'lateInteraction']) },
    {
      name: 'one logistic regression over every feature',
      fit: (train) => {
        const x = (r: Row) => all.map((f) => r.x[col(f)]);
        const fit = fitLogistic(train.map(x), train.map((r) => r.label), train.map(() => 1));
        return (r) => linear(fit.weights, x(r));
      },
    },
    {
      name: 'listwise (conditional logit) over every feature',
      fit: (train) => {
        const x = (r: Row) => all.map((f) => r.x[col(f)]);
        const w = listwise(groupsOf(train, x));
        return (r) => linear(w, x(r));
      },
    },
  ];
  // Late interaction only when the data was written with token vectors (RELEVANCE_LATE=1).
  const variants = candidates.filter((v) => !v.name.includes('late') || all.includes('lateInteraction'));

  console.log(`\n| sentence model (5-fold CV, tuning part) | whole articles: answer sentence ranked first | passages: answer sentence ranked first |\n|---|---|---|`);
  for (const v of variants) {
    const hits: Record<string, [number, number]> = { articles: [0, 0], passages: [0, 0] };
    for (let k = 0; k < 5; k++) {
      const score = v.fit(rows.filter((r) => fold(r.question) !== k));
      for (const g of groupsOf(rows.filter((r) => fold(r.question) === k), (r) => [score(r)])) {
        if (!g.ys.some(Boolean)) continue;
        const best = g.xs.reduce((bi, x, i) => (x[0] > g.xs[bi][0] ? i : bi), 0);
        hits[g.set][1]++;
        if (g.ys[best]) hits[g.set][0]++;
      }
    }
    const cell = ([h, n]: [number, number]) => `${((100 * h) / Math.max(1, n)).toFixed(1)}% (${h}/${n})`;
    console.log(`| ${v.name} | ${cell(hits.articles)} | ${cell(hits.passages)} |`);
  }
}

function groupsOf(rows: Row[], x: (r: Row) => number[]): Group[] {
  const groups = new Map<string, Group>();
  for (const r of rows) {
    const key = `${r.set}\0${r.question}`;
    const g = groups.get(key) ?? { set: r.set, question: r.question, xs: [], ys: [] };
    g.xs.push(x(r));
    g.ys.push(r.label);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** Gradient ascent on the log-probability that a question's answering sentences are the ones picked (softmax over its candidates), L2-penalised. */
function listwise(groups: Group[], l2 = 1e-3, iterations = 1500, rate = 0.5): number[] {
  const answered = groups.filter((g) => g.ys.some(Boolean));
  const d = answered[0]?.xs[0].length ?? 0;
  const w = new Array<number>(d).fill(0);
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(d).fill(0);
    for (const g of answered) {
      const z = g.xs.map((x) => x.reduce((s, v, j) => s + v * w[j], 0));
      const top = Math.max(...z);
      const e = z.map((v) => Math.exp(v - top));
      const sum = e.reduce((a, v) => a + v, 0);
      const pos = e.reduce((a, v, i) => a + (g.ys[i] ? v : 0), 0);
      g.xs.forEach((x, i) => {
        const c = (g.ys[i] ? e[i] / pos : 0) - e[i] / sum;
        if (c) for (let j = 0; j < d; j++) grad[j] += c * x[j];
      });
    }
    for (let j = 0; j < d; j++) w[j] += rate * (grad[j] / answered.length - l2 * w[j]);
  }
  return w;
}

main();
