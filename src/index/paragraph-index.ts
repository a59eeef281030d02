// The seam between the rest of the system and the index backend. Everything right of
// `index/` talks to this interface, never to hnswlib-node or MiniSearch, so a second
// backend (pgvector, Qdrant) is one new module.
import type { Paragraph, Source, SourceSummary, Statement } from '../types.js';

/** A source as the index keeps it: the article's metadata without its paragraphs. */
export interface SourceRecord extends SourceSummary {
  path?: string;
  /** Front matter tags and the feed URL (see Source): what a desk selects by. */
  tags?: string[];
  feed?: string;
  contentHash: string;
  /** The file's size and mtime when it was read (see corpus/load.ts `stampMatches`). */
  stamp?: { size: number; mtimeMs: number; checkedAtMs: number };
  /** The people it names, with mention counts (see ingest.ts `Attribution`). */
  people?: Record<string, number>;
  /** MinHash signature of the text (syndication.ts): finds wire copies. */
  fingerprint?: number[];
}

/** A paragraph in the index; `key` is the backend's id for it. */
export interface IndexedParagraph extends Paragraph {
  key: number;
}

export interface Hit {
  key: number;
  /** Cosine similarity for dense hits, BM25 score for lexical hits. */
  score: number;
}

/**
 * Which paragraphs a search may return, applied while candidates are picked (search/filter.ts
 * `SearchFilter` has this shape; it is declared here because the index sits left of search).
 */
export interface ParagraphFilter {
  /** Only paragraphs of these sources. */
  sourceIds?: ReadonlySet<string>;
}

export interface SourceUpdate {
  source: Source;
  /** One vector per paragraph, in order. */
  vectors: Float32Array[];
  ingestedAt: string;
}

/** What a backend fetches ahead of a question or a digest (see ParagraphIndex.prepare). */
export interface PrepareRequest {
  /** The question: its keyword hits are fetched. */
  question?: string;
  /** The question's vector: its nearest paragraphs are fetched. */
  vector?: Float32Array | null;
  /** Hits per list (SearchOptions.candidates). */
  candidates?: number;
  /** Every paragraph (and vector) of these sources is fetched (the digest). */
  sourceIds?: string[];
  /** The question's hits come only from paragraphs this filter lets through. */
  filter?: ParagraphFilter;
}

/** A read-only index answering for what was prepared. */
export type Prepared = ParagraphIndex;

export interface ParagraphIndex {
  readonly embedder: { id: string; dimension: number };
  readonly size: number;
  sources(): SourceRecord[];
  source(id: string): SourceRecord | undefined;
  paragraph(key: number): IndexedParagraph | undefined;
  paragraphsOf(sourceId: string): IndexedParagraph[];
  statements(): Statement[];
  /** The stored vector of a paragraph (unit length). */
  vector(key: number): Float32Array | undefined;
  /** Nearest paragraphs by cosine similarity (only those the filter lets through). */
  dense(vector: Float32Array, k: number, filter?: ParagraphFilter): Hit[];
  /** Best paragraphs by BM25 over text, title and section (only those the filter lets through). */
  lexical(query: string, k: number, filter?: ParagraphFilter): Hit[];
  /**
   * Backends that keep paragraphs outside this process (PostgreSQL) fetch what a question
   * or a digest will read, in one go; the returned view answers the synchronous calls for
   * it (dense/lexical for the same vector and question). In-memory indexes leave it out.
   */
  prepare?(need: PrepareRequest): Promise<Prepared>;
  /** Adds or replaces sources and removes others, in memory; persisting is the store's job. */
  apply(change: { upserts: SourceUpdate[]; removals: string[]; statements?: (sourceIds: string[]) => Statement[] }): void;
}
