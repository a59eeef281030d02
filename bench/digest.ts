// Digest build time and memory over 50 and 1,000 new sources, with SciFact abstracts standing
// in for articles (each abstract split into paragraphs of up to three sentences, embedded with
// the bundled model once and cached in .bench-cache/). The index holds 1,000 sources in both
// cases; `since` decides how many of them are new.
//   npx tsc -p tsconfig.bench.json; node --expose-gc dist-bench/bench/digest.js /work/shared/eval/scifact
import { resolve } from 'node:path';
import { splitSentences } from '../src/corpus/index.js';
import { buildDigest } from '../src/digest/build.js';
import { storyDisputes } from '../src/digest/disputes.js';
import { keyPoints } from '../src/digest/key-points.js';
import { newSources } from '../src/digest/select.js';
import { groupStories } from '../src/digest/stories.js';
import { createLocalEmbedder } from '../src/embed/local.js';
import { LocalIndex } from '../src/index/local-index.js';
import type { Source } from '../src/types.js';
import { cachedEmbed, loadSciFact, percentile } from './scifact-data.js';

const N = 1000;
const OLD = '2025-03-30T06:00:00.000Z';
const NEW = '2025-03-31T05:00:00.000Z';

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Runs `fn`, sampling RSS every 5 ms; returns ms, peak RSS and the heap it kept. */
async function measure<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; peakRss: number; rssBefore: number; heapDelta: number }> {
  gc();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  let peakRss = rssBefore;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  clearInterval(timer);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  gc();
  const heapDelta = process.memoryUsage().heapUsed - heapBefore;
  return { value, ms, peakRss, rssBefore, heapDelta };
}

const mib = (b: number) => (b / 2 ** 20).toFixed(0);

async function main() {
  const dir = resolve(process.argv[2] ?? '../shared/eval/scifact');
  const { docs } = loadSciFact(dir);
  const chosen = docs.slice(0, N);
  const sources: Source[] = chosen.map((d) => {
    const sentences = splitSentences(d.text).map((s) => s.text);
    const paragraphs: string[] = [];
    for (let i = 0; i < sentences.length; i += 3) paragraphs.push(sentences.slice(i, i + 3).join(' '));
    if (!paragraphs.length) paragraphs.push(d.text || d.title);
    return { id: d.id, title: d.title, contentHash: d.id, paragraphs: paragraphs.map((text, i) => ({ sourceId: d.id, index: i + 1, text })) };
  });
  const embedder = await createLocalEmbedder({ modelDir: process.env.EMBED_MODEL_DIR ?? 'models/onnx-community/all-MiniLM-L6-v2-ONNX' });
  const texts = sources.flatMap((s) => s.paragraphs.map((p) => p.text));
  const t0 = Date.now();
  const vectors = await cachedEmbed(embedder, texts, '.bench-cache', 'scifact-digest-paragraphs', (n) => process.stderr.write(`\rembedding paragraphs ${n}/${texts.length}`));
  process.stderr.write(`\n${texts.length} paragraphs embedded (or read from cache) in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);

  const index = LocalIndex.empty({ id: embedder.id, dimension: embedder.dimension }, texts.length);
  let offset = 0;
  index.apply({
    upserts: sources.map((source, i) => {
      const v = vectors.slice(offset, offset + source.paragraphs.length);
      offset += source.paragraphs.length;
      // The first 50 came in last: a digest since OLD sees all 1,000, since NEW only those 50.
      return { source, vectors: v, ingestedAt: i < 50 ? '2025-03-31T05:30:00.000Z' : '2025-03-30T12:00:00.000Z' };
    }),
    removals: [],
  });

  const now = new Date('2025-03-31T06:00:00.000Z');
  const rows: string[] = [];
  const found: string[] = [];
  const cases: { label: string; since: string; embed?: boolean }[] = [
    { label: '50 new sources', since: NEW },
    { label: '50 new sources, key sentences embedded', since: NEW, embed: true },
    { label: '1,000 new sources', since: OLD },
  ];
  const embed = (t: string[]) => embedder.embedPassages(t);
  // Warm-up (JIT, stemmer cache, chrono).
  await buildDigest({ index, since: new Date(NEW), now, timeZone: 'Europe/Berlin' });

  for (const c of cases) {
    const times: number[] = [];
    let last: Awaited<ReturnType<typeof measure<Awaited<ReturnType<typeof buildDigest>>>>> | undefined;
    const runs = c.since === OLD ? 3 : 5;
    for (let r = 0; r < runs; r++) {
      last = await measure(() => buildDigest({ index, since: new Date(c.since), now, timeZone: 'Europe/Berlin', ...(c.embed ? { embed } : {}) }));
      times.push(last.ms);
    }
    const d = last!.value;
    const multi = d.stories.filter((s) => s.sources.length > 1);
    // Stage times, once.
    const fresh = newSources(index, { since: new Date(c.since), now });
    const g = await measure(async () => groupStories(index, fresh));
    const k = await measure(async () => {
      for (const group of g.value) await keyPoints(index, group, c.embed ? { embed } : {});
    });
    const x = await measure(async () => {
      for (const group of g.value) storyDisputes(index, group);
    });
    rows.push(
      `| ${c.label} | ${percentile(times, 50).toFixed(0)} | ${Math.max(...times).toFixed(0)} | ${g.ms.toFixed(0)} / ${k.ms.toFixed(0)} / ${x.ms.toFixed(0)} | ${d.stories.length} (${multi.length} with 2+ sources, largest ${Math.max(...d.stories.map((s) => s.sources.length))}) | ${d.stories.reduce((n, s) => n + s.disputes.length, 0)} | ${mib(last!.rssBefore)} → ${mib(last!.peakRss)} (+${mib(last!.peakRss - last!.rssBefore)}) | ${(last!.heapDelta / 2 ** 20).toFixed(1)} | ${(d.text.length / 1024).toFixed(0)} |`,
    );
    for (const st of d.stories)
      for (const x of st.disputes) found.push(`- ${c.label}: “${st.headline.slice(0, 80)}” — ${x.topic}: ${x.claims.map((cl) => `${cl.value} (${cl.sourceId}: “${cl.quote.slice(0, 120)}”)`).join(' vs ')}`);
  }

  console.log(`\nDigest build over SciFact abstracts as articles (${N} sources in the index, ${texts.length} paragraphs; ${runs()} ; gc ${typeof (globalThis as { gc?: unknown }).gc === 'function' ? 'exposed' : 'not exposed'})\n`);
  console.log('| case | median ms | max ms | group / key points / disputes ms | stories | disputes | RSS before → peak (MiB) | heap kept (MiB) | text KiB |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log(`\nRSS "before" includes the loaded ONNX model and the 1,000-source index.\n\nDisputes found:\n${[...new Set(found)].join('\n') || '- none'}`);
  await embedder.close?.();
}

function runs(): string {
  return 'median of 5 runs for 50, of 3 for 1,000; stage times from one separate run';
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
