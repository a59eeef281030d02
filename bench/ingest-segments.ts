// Issue 24: adding a few articles to a large local index. The same 10 new articles go into
// copies of one 20,000-article index twice in one run: as a segment beside the base snapshot
// (the default), and as a whole new snapshot (`compact: true`, what every ingest did before).
// The new articles are embedded by the bundled model both times and the time spent inside the
// model is reported beside the ingest time. Target: segment ingest <= embedding time + 3 s.
//   npm run build:bench && nice -n 10 node dist-bench/bench/ingest-segments.js [articles.jsonl] [articles=20000] [paragraphs per article=10]
// The base index is built once with a fast fake embedder of the same id and dimension (the
// vector graph does the same work) and kept in .bench-cache/issue24-segments/; building it at
// 20,000 articles takes tens of minutes here.
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Embedder } from '../src/embed/embedder.js';
import { createLocalEmbedder } from '../src/embed/local.js';
import { ingest } from '../src/index/ingest.js';
import { statementsOf } from '../src/wiring.js';
import { fakeEmbedder, readArticles, writeCorpus } from './ingest-corpus.js';

const ID = 'bench:fake-384';
const s = (ms: number) => (ms / 1000).toFixed(2);

async function baseIndex(data: string, n: number, perArticle: number): Promise<string> {
  const dir = resolve(`.bench-cache/issue24-segments/index-${n}-p${perArticle}`);
  if (existsSync(join(dir, 'CURRENT'))) return dir;
  const corpus = resolve(`.bench-cache/ingest-scale/corpus-${n}-p${perArticle}`);
  writeCorpus(corpus, readArticles(data), n, perArticle);
  const building = `${dir}.building`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const t = performance.now();
  const r = await ingest({ paths: [corpus], indexDir: building, embedder: fakeEmbedder(ID, 384), statements: statementsOf, compact: true });
  renameSync(building, dir);
  console.error(`base index built: ${r.sourcesTotal} sources, ${r.paragraphsTotal} paragraphs in ${s(performance.now() - t)} s`);
  return dir;
}

/** The bundled model under the base index's embedder id, timing every call into it. */
function timedModel(model: Embedder): Embedder & { spentMs: number } {
  const timed = {
    id: ID,
    dimension: model.dimension,
    spentMs: 0,
    async embedPassages(texts: string[]) {
      const t = performance.now();
      const out = await model.embedPassages(texts);
      timed.spentMs += performance.now() - t;
      return out;
    },
    embedQuery: (text: string) => model.embedQuery(text),
  };
  return timed;
}

async function main() {
  const data = resolve(process.argv[2] ?? '../shared/eval/realtimeqa/news-2023-2024-articles.jsonl');
  const n = Number(process.argv[3] ?? 20000);
  const perArticle = Number(process.argv[4] ?? 10);
  const base = await baseIndex(data, n, perArticle);
  if (process.argv.includes('--build-only')) return;
  const articles = readArticles(data);
  const model = await createLocalEmbedder({ modelDir: process.env.EMBED_MODEL_DIR ?? 'models/onnx-community/all-MiniLM-L6-v2-ONNX' });
  await model.embedPassages(['warm-up text for the model']);
  const rows: string[] = [];
  const rounds = Number(process.env.ROUNDS ?? 3);
  for (let round = 0; round < rounds; round++) {
    for (const compact of [false, true]) {
      const work = mkdtempSync(join(tmpdir(), 'bench-seg-'));
      const indexDir = join(work, 'index');
      cpSync(base, indexDir, { recursive: true });
      const extra = join(work, 'extra');
      mkdirSync(extra);
      // Ten new articles (new bytes each round, so nothing is cached anywhere).
      articles.slice(100 + round * 10, 110 + round * 10).forEach((a, i) =>
        writeFileSync(join(extra, `new-${round}-${i}.txt`), `${a.title} (new ${round}-${i})\n\nA new report, number ${i}.\n\n${a.text.split(/\n\s*\n/).slice(0, perArticle).join('\n\n')}\n`),
      );
      const embedder = timedModel(model);
      const t = performance.now();
      const r = await ingest({ paths: [extra], indexDir, embedder, statements: statementsOf, compact });
      const total = performance.now() - t;
      rows.push(
        `| ${round + 1} | ${compact ? 'whole new snapshot (before)' : 'segment (now)'} | ${r.added.length} | ${r.paragraphsEmbedded} | ${s(embedder.spentMs)} | ${s(total)} | **${s(total - embedder.spentMs)}** | ${r.sourcesTotal.toLocaleString('en-US')} / ${r.paragraphsTotal.toLocaleString('en-US')} |`,
      );
      console.error(rows.at(-1));
      rmSync(work, { recursive: true, force: true });
    }
  }
  console.log(`\nTen new articles into a ${n.toLocaleString('en-US')}-article local index (bundled model embeds the new paragraphs; time inside the model measured in the same run)\n`);
  console.log('| round | written as | articles added | paragraphs embedded | inside the model (s) | ingest (s) | **ingest minus model (s)**, target <= 3 | sources / paragraphs after |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
