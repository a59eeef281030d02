// Hybrid search: dense and BM25 candidates fused, then diversified across sources.
import type { IndexedParagraph, ParagraphIndex, SourceRecord } from '../index/paragraph-index.js';
import type { SearchFilter } from './filter.js';
import { diversify, reciprocalRankFusion, scoreFusion, type Fused, type FusionWeights, DEFAULT_FUSION } from './fusion.js';

export interface SearchOptions {
  /** Paragraphs returned. */
  k?: number;
  /** Candidates taken from each list before fusion. */
  candidates?: number;
  fusion?: { method: 'rrf'; weights?: FusionWeights } | { method: 'score'; alpha: number };
  /** Score multiplier for each further paragraph of the same source (1 = no diversity). */
  diversity?: number;
  /** Only paragraphs this lets through are candidates (applied by the backend, before ranking). */
  filter?: SearchFilter;
  /** Paragraphs of these sources have their fused score multiplied by `factor` (a conversation's earlier sources). */
  boost?: { sources: ReadonlySet<string>; factor: number };
}

export interface RankedParagraph extends Fused {
  paragraph: IndexedParagraph;
  source: SourceRecord;
}

export const DEFAULT_SEARCH: Required<Omit<SearchOptions, 'filter' | 'boost'>> = {
  k: 8,
  candidates: 100,
  // Min-max normalised scores, averaged: 0.728 nDCG@10 on SciFact against 0.708 for plain
  // RRF (bench/scifact.ts, BENCHMARKS.md).
  fusion: { method: 'score', alpha: 0.5 },
  diversity: 0.7,
};

/**
 * `queryVector` may be null when the query could not be embedded (embedding service
 * down): the search is then lexical only, and the caller tells the reader so.
 */
export function hybridSearch(index: ParagraphIndex, question: string, queryVector: Float32Array | null, options: SearchOptions = {}): RankedParagraph[] {
  const o = { ...DEFAULT_SEARCH, ...options };
  const dense = queryVector ? index.dense(queryVector, o.candidates, o.filter) : [];
  const lexical = index.lexical(question, o.candidates, o.filter);
  const fused =
    o.fusion.method === 'rrf' ? reciprocalRankFusion(dense, lexical, o.fusion.weights ?? DEFAULT_FUSION) : scoreFusion(dense, lexical, o.fusion.alpha);
  const ranked: RankedParagraph[] = [];
  for (const f of fused) {
    const paragraph = index.paragraph(f.key);
    const source = paragraph && index.source(paragraph.sourceId);
    if (paragraph && source) ranked.push({ ...f, paragraph, source });
  }
  if (o.boost) {
    const { sources, factor } = o.boost;
    for (const r of ranked) if (sources.has(r.source.id)) r.score *= factor;
    ranked.sort((a, b) => b.score - a.score || a.key - b.key);
  }
  return o.diversity < 1 ? diversify(ranked, (r) => r.source.id, o.diversity, o.k) : ranked.slice(0, o.k);
}
