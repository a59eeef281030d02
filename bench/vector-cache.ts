// A disk cache of embeddings keyed by text (and the embedder's id), so benches that embed
// tens of thousands of paragraphs and sentences pay for each text once across runs.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Embedder, TokenVectors } from '../src/embed/embedder.js';

const KEY_BYTES = 16;

export class VectorCache {
  private readonly map = new Map<string, Float32Array>();
  private pending: Buffer[] = [];
  constructor(
    readonly file: string,
    readonly dimension: number,
  ) {
    if (!existsSync(file)) return;
    const buf = readFileSync(file);
    const rec = KEY_BYTES + dimension * 4;
    for (let at = 0; at + rec <= buf.length; at += rec) {
      const key = buf.subarray(at, at + KEY_BYTES).toString('hex');
      const v = new Float32Array(dimension);
      Buffer.from(v.buffer).set(buf.subarray(at + KEY_BYTES, at + rec));
      this.map.set(key, v);
    }
  }
  static key(model: string, kind: string, text: string): string {
    return createHash('sha256').update(`${model}\0${kind}\0${text}`).digest().subarray(0, KEY_BYTES).toString('hex');
  }
  get(key: string): Float32Array | undefined {
    return this.map.get(key);
  }
  set(key: string, v: Float32Array): void {
    if (this.map.has(key)) return;
    this.map.set(key, v);
    this.pending.push(Buffer.concat([Buffer.from(key, 'hex'), Buffer.from(v.buffer, v.byteOffset, v.byteLength)]));
    if (this.pending.length >= 512) this.flush();
  }
  flush(): void {
    if (!this.pending.length) return;
    mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.file, Buffer.concat(this.pending));
    this.pending = [];
  }
  get size(): number {
    return this.map.size;
  }
}

/** The same embedder, answering from the cache where it can (passages and queries apart). */
export function cachingEmbedder(inner: Embedder, cache: VectorCache, onProgress?: (done: number, total: number) => void): Embedder {
  return {
    id: inner.id,
    dimension: inner.dimension,
    async embedPassages(texts) {
      const keys = texts.map((t) => VectorCache.key(inner.id, 'p', t));
      const missing = [...new Set(texts.filter((_, i) => !cache.get(keys[i])))];
      for (let i = 0; i < missing.length; i += 64) {
        const batch = missing.slice(i, i + 64);
        const vs = await inner.embedPassages(batch);
        batch.forEach((t, j) => cache.set(VectorCache.key(inner.id, 'p', t), vs[j]));
        if (missing.length > 64) onProgress?.(Math.min(i + 64, missing.length), missing.length);
      }
      return keys.map((k) => cache.get(k)!);
    },
    async embedQuery(text) {
      const key = VectorCache.key(inner.id, 'q', text);
      let v = cache.get(key);
      if (!v) {
        v = await inner.embedQuery(text);
        cache.set(key, v);
      }
      return v;
    },
    // Token vectors are not cached on disk (too large); in memory, so that the systems a bench
    // compares pay for a text's token vectors once.
    ...(inner.embedTokens ? { embedTokens: memoTokens(inner.embedTokens.bind(inner)) } : {}),
  };
}

function memoTokens(run: (texts: string[]) => Promise<TokenVectors[]>): (texts: string[]) => Promise<TokenVectors[]> {
  const memo = new Map<string, TokenVectors>();
  return async (texts) => {
    const missing = [...new Set(texts.filter((t) => !memo.has(t)))];
    if (missing.length) (await run(missing)).forEach((v, i) => memo.set(missing[i], v));
    return texts.map((t) => memo.get(t)!);
  };
}

/** An embedder answering from vectors computed up front; anything unexpected goes to the model. */
export function lookupEmbedder(model: Embedder, known: Map<string, Float32Array>): Embedder & { misses: number } {
  const e = {
    id: model.id,
    dimension: model.dimension,
    misses: 0,
    async embedPassages(texts: string[]) {
      const missing = [...new Set(texts.filter((t) => !known.has(t)))];
      if (missing.length) {
        e.misses += missing.length;
        const v = await model.embedPassages(missing);
        missing.forEach((t, i) => known.set(t, v[i]));
      }
      return texts.map((t) => known.get(t)!);
    },
    async embedQuery(text: string) {
      return (await e.embedPassages([text]))[0];
    },
  };
  return e;
}
