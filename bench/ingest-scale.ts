// Ingest time against corpus size (issue 14 part 6), with the work after the last paragraph
// is embedded as its own column. Target: that work <= 10% of ingest time at 20k articles.
//   npm run build:bench && nice -n 10 node dist-bench/bench/ingest-scale.js ../shared/eval/realtimeqa/news-2023-2024-articles.jsonl [sizes=1000,5000,20000] [paragraphs per article=10]
// Embedding 20k articles with the real model takes hours here, so the scale rows use a fast
// fake embedder (same 384 dimensions, so the vector index does the same work); one row embeds
// a small sample with the bundled model for its per-paragraph rate, and the last columns put
// the measured after-embedding work against ingest time at that rate.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadSources } from '../src/corpus/index.js';
import { canonicalSpeakers, personMentions, samePerson } from '../src/claims/index.js';
import { createLocalEmbedder } from '../src/embed/local.js';
import { embeddingText, ingest } from '../src/index/ingest.js';
import { statementsOf } from '../src/wiring.js';
import { fakeEmbedder, readArticles, writeCorpus } from './ingest-corpus.js';

const s = (ms: number) => (ms / 1000).toFixed(1);

/** The former speaker merging (every name against every cluster), for the comparison row. */
function allPairs(names: string[]): number {
  const wc = (x: string) => x.split(/\s+/).filter(Boolean).length;
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  const distinct = [...counts.keys()].sort((a, b) => wc(b) - wc(a) || b.length - a.length || a.localeCompare(b));
  const clusters: { canonical: string; members: string[]; weight: number }[] = [];
  for (const n of distinct) {
    const fits = clusters.filter((c) => c.members.every((m) => samePerson(m, n)) || (wc(n) === 1 && samePerson(c.canonical, n)));
    if (!fits.length) clusters.push({ canonical: n, members: [n], weight: counts.get(n)! });
    else {
      const best = fits.sort((a, b) => b.weight - a.weight)[0];
      best.members.push(n);
      best.weight += counts.get(n)!;
    }
  }
  return clusters.length;
}

/** The bundled model through the whole ingest of a small sample: its rate, and the after-embedding share measured directly. */
async function realRun(articles: ReturnType<typeof readArticles>, perArticle: number) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-real-'));
  writeCorpus(join(dir, 'corpus'), articles.slice(0, 40), 40, perArticle);
  const model = await createLocalEmbedder({ modelDir: process.env.EMBED_MODEL_DIR ?? 'models/onnx-community/all-MiniLM-L6-v2-ONNX' });
  await model.embedPassages(['warm-up text for the model']);
  const indexDir = join(dir, 'index');
  mkdirSync(indexDir);
  const t = performance.now();
  const r = await ingest({ paths: [join(dir, 'corpus')], indexDir, embedder: model, statements: statementsOf });
  const total = performance.now() - t;
  rmSync(dir, { recursive: true, force: true });
  return { rate: r.paragraphsEmbedded / (r.phases.embed / 1000), paragraphs: r.paragraphsEmbedded, total, after: r.phases.afterEmbedding };
}

async function main() {
  const data = resolve(process.argv[2] ?? '../shared/eval/realtimeqa/news-2023-2024-articles.jsonl');
  const sizes = (process.argv[3] ?? '1000,5000,20000').split(',').map(Number);
  const perArticle = Number(process.argv[4] ?? 10);
  const articles = readArticles(data);
  const real = await realRun(articles, perArticle);
  console.error(`real model: ${real.rate.toFixed(1)} paragraphs/s over ${real.paragraphs} paragraphs; after embedding ${s(real.after)} of ${s(real.total)} s`);
  const rows: string[] = [];
  for (const n of sizes) {
    const corpus = resolve(`.bench-cache/ingest-scale/corpus-${n}-p${perArticle}`);
    writeCorpus(corpus, articles, n, perArticle);
    const indexDir = join(mkdtempSync(join(tmpdir(), 'bench-scale-')), 'index');
    mkdirSync(indexDir);
    const embedder = fakeEmbedder('bench:fake-384', 384);
    const t = performance.now();
    const r = await ingest({ paths: [corpus], indexDir, embedder, statements: statementsOf });
    const total = performance.now() - t;
    const after = r.phases.afterEmbedding;
    // Ingest time with the real model: this run with its embedding phase at the model's measured
    // rate. The CPU work overlapped with embedding is taken as hidden behind the model (the
    // smaller total, so the larger share for the work after it).
    const realTotal = r.phases.load + (r.paragraphsEmbedded / real.rate) * 1000 + after;
    // Ten new articles into the same index: what an inbox drop costs at this size.
    const extra = join(corpus, '..', `extra-${n}`);
    mkdirSync(extra, { recursive: true });
    articles.slice(0, 10).forEach((a, i) => writeFileSync(join(extra, `new-${n}-${i}.txt`), `${a.title} (new ${i})\n\nA new report, number ${i}.\n\n${a.text.split(/\n\s*\n/).slice(0, perArticle).join('\n\n')}\n`));
    const ti = performance.now();
    const inc = await ingest({ paths: [extra], indexDir, embedder, statements: statementsOf });
    const incTotal = performance.now() - ti;
    rmSync(extra, { recursive: true, force: true });
    rmSync(join(indexDir, '..'), { recursive: true, force: true });
    rows.push(
      `| ${n.toLocaleString('en-US')} | ${r.paragraphsEmbedded.toLocaleString('en-US')} | ${s(total)} | ${s(r.phases.load)} | ${s(r.phases.embed)} | ${s(r.phases.statements)} | ${s(r.phases.index)} | ${s(r.phases.save)} | **${s(after)}** | ${s(realTotal)} | **${((after / realTotal) * 100).toFixed(1)}%** | ${s(incTotal)} (${s(inc.phases.afterEmbedding)}) |`,
    );
    console.error(rows.at(-1));
  }
  // Speaker merging alone, on every person named in the first 1,000 copies: buckets vs all pairs.
  const { sources } = await loadSources([resolve(`.bench-cache/ingest-scale/corpus-${sizes[0]}-p${perArticle}`)]);
  const names = sources.flatMap((x) => x.paragraphs.flatMap((p) => personMentions(p.text).map((m) => m.name)));
  const tb = performance.now();
  canonicalSpeakers(names);
  const bucketMs = performance.now() - tb;
  const ta = performance.now();
  allPairs(names);
  const pairMs = performance.now() - ta;

  console.log(`\nIngest time against corpus size: copies of real articles (${data.split('/').at(-1)}), at most ${perArticle} paragraphs each, made unique; fake embedder (384 dimensions) for the scale rows\n`);
  console.log('| articles | paragraphs | ingest, fake embedder (s) | read + parse | embedding phase (fake model; the overlapped work inside it) | quote attribution + speaker merge (CPU) | vector + keyword index (CPU) | save | **after the last paragraph is embedded** | ingest with the real model (s, at its measured rate) | **after embedding / ingest** | +10 new articles into that index: s (after embedding) |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log(`\nReal model (bundled all-MiniLM-L6-v2, q4), whole ingest of 40 of these articles (${real.paragraphs} paragraphs): ${s(real.total)} s, ${real.rate.toFixed(1)} paragraphs/s in the embedding phase, ${s(real.after)} s (${((real.after / real.total) * 100).toFixed(1)}%) after the last paragraph was embedded.`);
  console.log(`Speaker merging alone on the ${names.length.toLocaleString('en-US')} person names of ${sizes[0].toLocaleString('en-US')} articles: by name-key buckets ${bucketMs.toFixed(0)} ms; all pairs (before) ${pairMs.toFixed(0)} ms.`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
