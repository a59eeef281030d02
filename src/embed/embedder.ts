// The one interface every embedding backend implements. Vectors are L2-normalised so
// cosine similarity is a dot product everywhere downstream.

export interface Embedder {
  /** Stable identity of the model: an index built with another id must not be mixed with this one. */
  readonly id: string;
  readonly dimension: number;
  /** Embeds passages (paragraphs). Batching is the embedder's job. */
  embedPassages(texts: string[]): Promise<Float32Array[]>;
  /** Embeds one question. */
  embedQuery(text: string): Promise<Float32Array>;
  close?(): Promise<void>;
}

export class EmbedderError extends Error {}

export function normalise(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  const norm = Math.sqrt(sum) || 1;
  for (let i = 0; i < v.length; i++) v[i] /= norm;
  return v;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Runs `fn` over `items` in batches of `size`, in order. */
export async function inBatches<T, R>(items: T[], size: number, fn: (batch: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await fn(items.slice(i, i + size))));
  return out;
}
