// Combining the dense and lexical rankings. Pure functions over ranked lists.
import type { Hit } from '../index/paragraph-index.js';

export interface Fused {
  key: number;
  score: number;
  dense?: number;
  lexical?: number;
  denseRank?: number;
  lexicalRank?: number;
}

export interface FusionWeights {
  dense: number;
  lexical: number;
  /** Reciprocal rank fusion constant. */
  k: number;
}

export const DEFAULT_FUSION: FusionWeights = { dense: 1, lexical: 1, k: 60 };

/** Reciprocal rank fusion (Cormack et al. 2009), with a weight per list. */
export function reciprocalRankFusion(dense: Hit[], lexical: Hit[], w: FusionWeights = DEFAULT_FUSION): Fused[] {
  const out = new Map<number, Fused>();
  const get = (key: number) => {
    let f = out.get(key);
    if (!f) out.set(key, (f = { key, score: 0 }));
    return f;
  };
  dense.forEach((h, rank) => {
    const f = get(h.key);
    f.dense = h.score;
    f.denseRank = rank + 1;
    f.score += w.dense / (w.k + rank + 1);
  });
  lexical.forEach((h, rank) => {
    const f = get(h.key);
    f.lexical = h.score;
    f.lexicalRank = rank + 1;
    f.score += w.lexical / (w.k + rank + 1);
  });
  return [...out.values()].sort((a, b) => b.score - a.score || a.key - b.key);
}

/**
 * Convex combination of normalised scores: cosine as is, BM25 divided by the best BM25
 * score of the query. A missing score counts as the lowest seen in its list.
 */
export function scoreFusion(dense: Hit[], lexical: Hit[], alpha = 0.5): Fused[] {
  const out = new Map<number, Fused>();
  const get = (key: number) => {
    let f = out.get(key);
    if (!f) out.set(key, (f = { key, score: 0 }));
    return f;
  };
  dense.forEach((h, i) => Object.assign(get(h.key), { dense: h.score, denseRank: i + 1 }));
  lexical.forEach((h, i) => Object.assign(get(h.key), { lexical: h.score, lexicalRank: i + 1 }));
  const dMin = dense.length ? Math.min(...dense.map((h) => h.score)) : 0;
  const dMax = dense.length ? Math.max(...dense.map((h) => h.score)) : 1;
  const lMax = lexical.length ? Math.max(...lexical.map((h) => h.score)) : 1;
  const lMin = lexical.length ? Math.min(...lexical.map((h) => h.score)) : 0;
  const norm = (v: number, lo: number, hi: number) => (hi > lo ? (v - lo) / (hi - lo) : 1);
  for (const f of out.values()) {
    const d = norm(f.dense ?? dMin, dMin, dMax);
    const l = norm(f.lexical ?? lMin, lMin, lMax);
    f.score = alpha * d + (1 - alpha) * l;
  }
  return [...out.values()].sort((a, b) => b.score - a.score || a.key - b.key);
}

/**
 * Re-orders so one long article does not crowd out the others: each further paragraph
 * from a source already chosen has its score multiplied by `decay`.
 */
export function diversify<T extends { score: number }>(items: T[], sourceOf: (item: T) => string, decay = 0.7, limit = items.length): T[] {
  const pool = items.map((item) => ({ item, score: item.score }));
  const perSource = new Map<string, number>();
  const out: T[] = [];
  while (out.length < limit && pool.length) {
    let best = 0;
    let bestScore = -Infinity;
    for (let i = 0; i < pool.length; i++) {
      const s = pool[i].score * decay ** (perSource.get(sourceOf(pool[i].item)) ?? 0);
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    }
    const [{ item }] = pool.splice(best, 1);
    out.push(item);
    const src = sourceOf(item);
    perSource.set(src, (perSource.get(src) ?? 0) + 1);
  }
  return out;
}
