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
  /**
   * The model's token vectors (last_hidden_state), for late interaction (issue 22). Only
   * embedders that run the model here have them (the bundled one; not OpenAI's API).
   */
  embedTokens?(texts: string[]): Promise<TokenVectors[]>;
  close?(): Promise<void>;
}

/** One text's word pieces and their unit-length vectors ([CLS], [SEP] and padding left out). */
export interface TokenVectors {
  pieces: string[];
  vectors: Float32Array[];
  /** The mean-pooled, normalised vector of the same run: what embedPassages gives. */
  pooled: Float32Array;
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
