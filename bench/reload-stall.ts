// How long a serving bot's event loop is held while it picks up a new index snapshot, at
// ~50,000 paragraphs (SciFact titles and abstract sentences, one paragraph each: the index
// bench/latency.ts measures). Slack wants an acknowledgement within 3 s and Discord a deferral
// within 3 s, so a reload must not hold the loop for long.
//   npm run build:bench && node dist-bench/bench/reload-stall.js ../shared/eval/scifact
// The two loaders run side by side on the same snapshot, alternating, three times each; the
// stall is the longest gap between 1 ms timer ticks while a load runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { splitSentences } from '../src/corpus/index.js';
import { createLocalEmbedder } from '../src/embed/local.js';
import type { LocalIndex } from '../src/index/local-index.js';
import { loadIndex, loadIndexInBackground, saveIndex } from '../src/index/store.js';
import { cachedEmbed, indexOfSources, sciFactParagraphSources } from './scifact-data.js';

async function measure(load: () => Promise<LocalIndex> | LocalIndex): Promise<{ total: number; stall: number; size: number }> {
  let last = performance.now();
  let stall = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last);
    last = now;
  }, 1);
  const t0 = performance.now();
  const index = await load();
  const total = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 5));
  clearInterval(tick);
  return { total, stall, size: index.size };
}

async function main(): Promise<void> {
  const dir = resolve(process.argv[2] ?? '../shared/eval/scifact');
  const embedder = await createLocalEmbedder({ modelDir: process.env.EMBED_MODEL_DIR ?? 'models/onnx-community/all-MiniLM-L6-v2-ONNX' });
  const sources = sciFactParagraphSources(dir, (text) => splitSentences(text).map((x) => x.text));
  const texts = sources.flatMap((s) => s.paragraphs.map((p) => p.text));
  const vectors = await cachedEmbed(embedder, texts, '.bench-cache', 'scifact-sentences', (n) => process.stderr.write(`\rembedding sentences ${n}/${texts.length}`));
  const index = indexOfSources(embedder, sources, vectors, texts.length);
  const indexDir = mkdtempSync(join(tmpdir(), 'reload-stall-'));
  try {
    saveIndex(indexDir, index);
    const rows: Record<string, { total: number[]; stall: number[]; size: number }> = {};
    const loaders: [string, () => Promise<LocalIndex> | LocalIndex][] = [
      ['loadIndex (blocking; start-up and CLI)', () => loadIndex(indexDir)],
      ['loadIndexInBackground (a serving bot\'s reload)', () => loadIndexInBackground(indexDir)],
    ];
    for (let round = 0; round < 3; round++)
      for (const [name, load] of loaders) {
        const m = await measure(load);
        rows[name] ??= { total: [], stall: [], size: m.size };
        rows[name].total.push(m.total);
        rows[name].stall.push(m.stall);
      }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(`\nReloading a ${index.size}-paragraph snapshot (median of 3, ms):\n`);
    console.log('| loader | paragraphs | load time | longest event-loop stall |');
    console.log('|---|---|---|---|');
    for (const [name, r] of Object.entries(rows)) console.log(`| ${name} | ${r.size} | ${med(r.total).toFixed(0)} | ${med(r.stall).toFixed(0)} |`);
  } finally {
    rmSync(indexDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
