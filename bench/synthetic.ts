// Synthetic paragraphs for the scale benches (issue 24): real SciFact vectors plus Gaussian
// noise, with real texts, so an index of a million paragraphs can be built without
// embedding a million texts. The same seed gives the same vectors in every bench, so the
// local and the PostgreSQL rows measure the same set.
import { splitSentences } from '../src/corpus/index.js';
import { normalise, type Embedder } from '../src/embed/embedder.js';
import { cachedEmbed, loadSciFact, sciFactParagraphSources } from './scifact-data.js';

/** A deterministic normal variate (xorshift + Box-Muller), so every run builds the same vectors. */
export function gaussian(seed: number): () => number {
  let s = seed >>> 0 || 1;
  const u = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** Keys (row numbers) of the 10 vectors nearest `q` by dot product, by scanning them all. */
export function exactTop10(flat: Float32Array, dim: number, q: Float32Array): number[] {
  const n = flat.length / dim;
  const best: { i: number; s: number }[] = [];
  for (let i = 0; i < n; i++) {
    let s = 0;
    const o = i * dim;
    for (let j = 0; j < dim; j++) s += flat[o + j] * q[j];
    if (best.length < 10 || s > best[best.length - 1].s) {
      best.push({ i, s });
      best.sort((a, b) => b.s - a.s);
      if (best.length > 10) best.pop();
    }
  }
  return best.map((b) => b.i);
}

export interface SyntheticSet {
  /** n × dimension, row i = paragraph i. */
  flat: Float32Array;
  /** Paragraph i's text is texts[i % texts.length]. */
  texts: string[];
  base: 'abstract' | 'sentence';
}

/**
 * Bases: real vectors, SciFact's sentences (~50,000) or, with `fromDocs`, its abstracts
 * (5,183: a clumpier, harder set for a vector graph). Each synthetic paragraph is its base
 * vector plus noise of norm ~0.5, unit length again (cosine ~0.9 to its base), and carries
 * its base's text (the sentence, or the abstract's first sentence).
 */
export async function syntheticSet(dir: string, embedder: Embedder, n: number, fromDocs: boolean, log: (m: string) => void): Promise<SyntheticSet> {
  const dim = embedder.dimension;
  let texts: string[];
  let base: Float32Array[];
  if (fromDocs) {
    const { docs } = loadSciFact(dir);
    texts = docs.map((d) => splitSentences(d.text)[0]?.text ?? d.title);
    base = await cachedEmbed(embedder, docs.map((d) => `${d.title}. ${d.text}`), '.bench-cache', 'scifact-docs', (k) => log(`embedding documents ${k}/${docs.length}`));
  } else {
    const sources = sciFactParagraphSources(dir, (text) => splitSentences(text).map((x) => x.text));
    texts = sources.flatMap((s) => s.paragraphs.map((p) => p.text));
    base = await cachedEmbed(embedder, texts, '.bench-cache', 'scifact-sentences', (k) => log(`embedding sentences ${k}/${texts.length}`));
  }
  const noise = gaussian(42);
  const sigma = 0.5 / Math.sqrt(dim);
  const flat = new Float32Array(n * dim);
  const v = new Float32Array(dim);
  for (let i = 0; i < n; i++) {
    const b = base[i % base.length];
    for (let j = 0; j < dim; j++) v[j] = b[j] + sigma * noise();
    flat.set(normalise(v), i * dim);
  }
  return { flat, texts, base: fromDocs ? 'abstract' : 'sentence' };
}
