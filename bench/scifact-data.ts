// Reading BEIR SciFact (corpus, test queries, qrels) and caching embeddings between runs.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Embedder } from '../src/embed/embedder.js';
import { LocalIndex } from '../src/index/local-index.js';
import type { Source } from '../src/types.js';

export interface Doc {
  id: string;
  title: string;
  text: string;
}
export interface Query {
  id: string;
  text: string;
}

/**
 * Exits with one line when a data set is not where the command said: the benches read
 * the public data sets from a folder given on the command line (in this project's
 * workspace, ../shared/eval/…), which a plain clone of the repository does not have.
 */
export function requireData(file: string): string {
  if (!existsSync(file)) {
    process.stderr.write(`No benchmark data at ${file}. Pass the data set's folder as the first argument (in the project workspace: ../shared/eval/scifact or ../shared/eval/wikicontradict).\n`);
    process.exit(2);
  }
  return file;
}

export function readJsonl<T>(file: string): T[] {
  return readFileSync(requireData(file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/**
 * About 50,000 short paragraphs from SciFact for scale tests: each abstract's title and
 * sentences, plus the non-test claims as one extra source.
 */
export function sciFactParagraphSources(dir: string, split: (text: string) => string[]): Source[] {
  const { docs, queries } = loadSciFact(dir);
  const test = new Set(queries.map((q) => q.id));
  const sources: Source[] = docs.map((d) => ({
    id: d.id,
    title: d.title,
    contentHash: d.id,
    paragraphs: [d.title, ...split(d.text)].map((text, i) => ({ sourceId: d.id, index: i + 1, text })),
  }));
  const claims = readJsonl<{ _id: string; text: string }>(join(dir, 'queries.jsonl')).filter((q) => !test.has(q._id));
  sources.push({ id: 'claims', title: 'SciFact claims', contentHash: 'claims', paragraphs: claims.map((q, i) => ({ sourceId: 'claims', index: i + 1, text: q.text })) });
  return sources;
}

export function loadSciFact(dir: string): { docs: Doc[]; queries: Query[]; qrels: Map<string, Map<string, number>> } {
  const docs = readJsonl<{ _id: string; title: string; text: string }>(join(dir, 'corpus.jsonl')).map((d) => ({ id: d._id, title: d.title, text: d.text }));
  const qrels = new Map<string, Map<string, number>>();
  const lines = readFileSync(requireData(join(dir, 'qrels', 'test.tsv')), 'utf8').split(/\r?\n/).slice(1);
  for (const line of lines) {
    const [q, d, s] = line.split('\t');
    if (!q || !d) continue;
    if (!qrels.has(q)) qrels.set(q, new Map());
    qrels.get(q)!.set(d, Number(s));
  }
  const queries = readJsonl<{ _id: string; text: string }>(join(dir, 'queries.jsonl'))
    .filter((q) => qrels.has(q._id))
    .map((q) => ({ id: q._id, text: q.text }));
  return { docs, queries, qrels };
}

/** nDCG@k with binary or graded relevance (BEIR's definition). */
export function ndcgAt(k: number, ranked: string[], relevant: Map<string, number>): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    const rel = relevant.get(id) ?? 0;
    if (rel > 0) dcg += (2 ** rel - 1) / Math.log2(i + 2);
  });
  const ideal = [...relevant.values()].sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((s, rel, i) => s + (2 ** rel - 1) / Math.log2(i + 2), 0);
  return idcg ? dcg / idcg : 0;
}

/** Embeds texts, reusing vectors cached on disk for the same embedder and texts. */
export async function cachedEmbed(embedder: Embedder, texts: string[], cacheDir: string, label: string, onProgress?: (done: number) => void): Promise<Float32Array[]> {
  const key = createHash('sha256').update(embedder.id).update('\0').update(texts.join('\0')).digest('hex').slice(0, 16);
  const file = join(cacheDir, `${label}-${key}.f32`);
  const dim = embedder.dimension;
  if (existsSync(file)) {
    const buf = readFileSync(file);
    const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    if (all.length === texts.length * dim) return texts.map((_, i) => all.slice(i * dim, (i + 1) * dim));
  }
  const out: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += 256) {
    out.push(...(await embedder.embedPassages(texts.slice(i, i + 256))));
    onProgress?.(out.length);
  }
  mkdirSync(cacheDir, { recursive: true });
  const flat = new Float32Array(texts.length * dim);
  out.forEach((v, i) => flat.set(v, i * dim));
  writeFileSync(file, Buffer.from(flat.buffer));
  return out;
}

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** An in-memory index of these sources, from their paragraphs' vectors in order (as ingest would apply them). */
export function indexOfSources(embedder: { id: string; dimension: number }, sources: Source[], vectors: Float32Array[], capacity = vectors.length): LocalIndex {
  const index = LocalIndex.empty({ id: embedder.id, dimension: embedder.dimension }, Math.max(1, capacity));
  let at = 0;
  index.apply({
    upserts: sources.map((source) => {
      const v = vectors.slice(at, at + source.paragraphs.length);
      at += source.paragraphs.length;
      return { source, vectors: v, ingestedAt: new Date(0).toISOString() };
    }),
    removals: [],
  });
  return index;
}
