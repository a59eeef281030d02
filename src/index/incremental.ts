// An ingest that adds or replaces a few sources writes a segment (segments.ts): the change is
// staged into an index that holds the records and statements of the index on disk but none
// of its paragraphs, vectors or keyword index, so neither reading nor writing grows with the
// archive beyond the records and statements.
import hnswlib from 'hnswlib-node';
import type { Statement } from '../types.js';
import { createLexical, HNSW, LocalIndex } from './local-index.js';
import type { SourceRecord } from './paragraph-index.js';
import type { Segment } from './segments.js';
import type { Manifest } from './store.js';

export interface Delta {
  index: LocalIndex;
  /** The statement list before the change (the objects themselves: canonicalising keeps unchanged ones). */
  before: Statement[];
}

export function deltaIndex(prior: { manifest: Manifest; sources: SourceRecord[] }, statements: Statement[]): Delta {
  const { embedder, nextKey } = prior.manifest;
  const hnsw = new hnswlib.HierarchicalNSW('cosine', embedder.dimension);
  hnsw.initIndex(64, HNSW.m, HNSW.efConstruction, HNSW.seed, true);
  const index = new LocalIndex({ embedder, hnsw, lexical: createLexical(), paragraphs: [], sources: prior.sources, statements, nextKey });
  return { index, before: statements };
}

/** What the staged change wrote into the delta index, as a segment. `restamped`: unchanged sources with a new file stamp. */
export function segmentOf(delta: Delta, changed: string[], removed: string[], restamped: Iterable<string>): Segment {
  const { index, before } = delta;
  const touched = new Set([...removed, ...changed]);
  const paragraphs = index.allParagraphs().sort((a, b) => a.key - b.key);
  const dim = index.embedder.dimension;
  const vectors = new Float32Array(paragraphs.length * dim);
  paragraphs.forEach((p, i) => vectors.set(index.hnsw.getPoint(p.key), i * dim));
  const records = [...new Set([...changed, ...restamped])].map((id) => index.source(id)).filter((r): r is SourceRecord => !!r);
  return { removed: [...touched], records, paragraphs, vectors, statements: statementsOf(index.statements(), before, touched), nextKey: index.nextKey };
}

/** Only the touched sources' statements, unless merging speakers over the corpus changed another source's. */
function statementsOf(after: Statement[], before: Statement[], touched: Set<string>): Segment['statements'] {
  const keptBefore = before.filter((s) => !touched.has(s.sourceId));
  const keptAfter = after.filter((s) => !touched.has(s.sourceId));
  const same = keptBefore.length === keptAfter.length && keptBefore.every((s, i) => s === keptAfter[i]);
  return same ? { all: false, list: after.filter((s) => touched.has(s.sourceId)) } : { all: true, list: after };
}
