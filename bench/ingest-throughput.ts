// Ingest throughput (paragraphs/s) against the embedder's raw throughput on the same
// paragraph texts, in the same run: the pipeline should reach >= 80% of the raw figure.
//   npm run build:bench && node dist-bench/bench/ingest-throughput.js ../shared/eval/scifact [docs]
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadSources } from '../src/corpus/index.js';
import { createLocalEmbedder } from '../src/embed/local.js';
import { embeddingText, ingest } from '../src/index/ingest.js';
import { loadSciFact } from './scifact-data.js';

async function main() {
  const dir = resolve(process.argv[2] ?? '../shared/eval/scifact');
  const n = Number(process.argv[3] ?? 300);
  const embedder = await createLocalEmbedder({ modelDir: process.env.EMBED_MODEL_DIR ?? 'models/onnx-community/all-MiniLM-L6-v2-ONNX' });
  const corpus = mkdtempSync(join(tmpdir(), 'bench-corpus-'));
  for (const f of readdirSync('seeds')) copyFileSync(join('seeds', f), join(corpus, f));
  const { docs } = loadSciFact(dir);
  for (const d of docs.slice(0, n)) writeFileSync(join(corpus, `scifact_${d.id}.txt`), `${d.title}\n${d.text}\n`);

  const { sources } = await loadSources([corpus]);
  const texts = sources.flatMap((s) => s.paragraphs.map((p) => embeddingText(s, p.text, p.section)));
  await embedder.embedPassages(texts.slice(0, 32)); // warm-up

  const t0 = performance.now();
  await embedder.embedPassages(texts);
  const rawS = (performance.now() - t0) / 1000;

  const indexDir = join(mkdtempSync(join(tmpdir(), 'bench-index-')), 'index');
  mkdirSync(indexDir);
  const t1 = performance.now();
  const report = await ingest({ paths: [corpus], indexDir, embedder });
  const pipeS = (performance.now() - t1) / 1000;

  const raw = texts.length / rawS;
  const pipe = report.paragraphsEmbedded / pipeS;
  console.log(`\nIngest throughput: ${sources.length} sources (5 seeds + ${n} SciFact abstracts), ${texts.length} paragraphs\n`);
  console.log('| measure | seconds | paragraphs/s |');
  console.log('|---|---|---|');
  console.log(`| embedder alone (same texts, one call) | ${rawS.toFixed(1)} | ${raw.toFixed(1)} |`);
  console.log(`| full ingest (load, clean, embed, HNSW + BM25, atomic save) | ${pipeS.toFixed(1)} | ${pipe.toFixed(1)} |`);
  console.log(`| pipeline / raw | | ${((pipe / raw) * 100).toFixed(0)}% |`);
  rmSync(corpus, { recursive: true, force: true });
  rmSync(indexDir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
