// Re-ingest of an unchanged archive (issue 14 part 5): N article files already indexed,
// nothing changed. Target: <= 5 s at 10,000 files.
//   npm run build:bench && nice -n 10 node dist-bench/bench/ingest-noop.js ../shared/eval/realtimeqa/news-2023-2024-articles.jsonl [files]
// The corpus and its index are kept in .bench-cache/ingest-noop/ between runs. The index is
// built once with a fast fake embedder that carries the bundled model's id and dimension
// (so the CLI row, which loads the real model, accepts it); a no-op run embeds nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, utimesSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadSources } from '../src/corpus/index.js';
import { ingest } from '../src/index/ingest.js';
import { hasIndex } from '../src/index/store.js';
import { fakeEmbedder, readArticles, writeCorpus } from './ingest-corpus.js';

const MODEL_DIR = 'models/onnx-community/all-MiniLM-L6-v2-ONNX';

async function main() {
  const data = resolve(process.argv[2] ?? '../shared/eval/realtimeqa/news-2023-2024-articles.jsonl');
  const n = Number(process.argv[3] ?? 10_000);
  const base = resolve('.bench-cache/ingest-noop');
  const corpus = join(base, `corpus-${n}`);
  const indexDir = join(base, `index-${n}`);
  mkdirSync(indexDir, { recursive: true });
  const t0 = performance.now();
  // Four paragraphs per copy: a no-op run reads no paragraph, so their number does not change
  // its cost, and building the index once stays minutes, not hours.
  const files = writeCorpus(corpus, readArticles(data), n, 4);
  const writeS = (performance.now() - t0) / 1000;
  const name = (JSON.parse(readFileSync(join(MODEL_DIR, 'config.json'), 'utf8')) as { _name_or_path?: string })._name_or_path ?? 'all-MiniLM-L6-v2-ONNX';
  const embedder = fakeEmbedder(`local:${name}:q4`, 384);
  const rows: [string, string, string][] = [];

  if (!hasIndex(indexDir)) {
    const t = performance.now();
    const r = await ingest({ paths: [corpus], indexDir, embedder });
    rows.push(['first ingest (builds the index; fake embedder, 384 dimensions)', `${((performance.now() - t) / 1000).toFixed(1)}`, `${r.added.length} added, ${r.paragraphsTotal} paragraphs`]);
  }
  const timed = async (label: string) => {
    const t = performance.now();
    const r = await ingest({ paths: [corpus], indexDir, embedder });
    const s = (performance.now() - t) / 1000;
    rows.push([label, s.toFixed(2), `${r.unchanged.length} unchanged, ${r.added.length + r.updated.length + r.removed.length} changed, snapshot written: ${r.snapshot ? 'yes' : 'no'}`]);
  };
  await timed('no-op re-ingest, `ingest()` in process (size + mtime match: files not read)');

  // The CLI as a cron job runs it: node start-up, settings, then the no-op (the model loads only when needed).
  const t = performance.now();
  const cli = spawnSync(process.execPath, ['dist/cli.js', 'ingest', '--quiet', corpus], { env: { ...process.env, INDEX_DIR: indexDir, EMBED_MODEL_DIR: MODEL_DIR, LOG_LEVEL: 'warn' }, encoding: 'utf8' });
  rows.push(['no-op re-ingest, `node dist/cli.js ingest --quiet` (node start-up and settings; the bundled model is loaded only if something needs embedding)', ((performance.now() - t) / 1000).toFixed(2), `exit ${cli.status}; ${cli.stdout.trim().split(':').slice(1).join(':').trim().slice(0, 90)}`]);

  // Every file touched (new mtime, same bytes): read and hashed, none parsed.
  const touchedAt = new Date(Date.now() - 3_600_000);
  for (const f of files) utimesSync(f, touchedAt, touchedAt);
  await timed('no-op re-ingest after `touch` of every file (read + sha256, not parsed)');

  const tp = performance.now();
  const parsed = await loadSources([corpus]);
  rows.push(['for comparison: read and parse every file (what each re-ingest did before)', ((performance.now() - tp) / 1000).toFixed(2), `${parsed.sources.length} sources parsed`]);

  console.log(`\nNo-op re-ingest: ${n.toLocaleString('en-US')} unchanged article files (real articles, first 4 paragraphs, from ${data.split('/').slice(-1)[0]}, copies made unique; corpus written in ${writeS.toFixed(1)} s)\n`);
  console.log('| run | seconds | result |');
  console.log('|---|---|---|');
  for (const r of rows) console.log(`| ${r[0]} | ${r[1]} | ${r[2]} |`);
  if (!existsSync('dist/cli.js')) console.log('\n(dist/cli.js missing: run `npm run build` for the CLI row)');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
