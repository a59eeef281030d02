// corpus → embed → index: loads sources, embeds only what changed, and saves a new
// snapshot atomically. Unchanged sources are skipped, changed ones replaced, and sources
// that disappeared from a synced folder removed — as is the source of a named file that no
// longer exists (the inbox names the files taken out of it, renamed ones included).
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import { loadSources, type SkippedFile } from '../corpus/index.js';
import type { Embedder } from '../embed/embedder.js';
import type { Source, Statement } from '../types.js';
import { LocalIndex } from './local-index.js';
import { acquireWriteLock } from './lock.js';
import type { SourceUpdate } from './paragraph-index.js';
import { hasIndex, IndexUnusableError, loadIndex, readManifest, saveIndex } from './store.js';

export interface IngestOptions {
  /**
   * Files and folders to read. Folders are synced: indexed sources from inside them that are
   * gone are removed. A named file that does not exist has its indexed source (indexed from
   * exactly that path) removed; nothing else outside the named folders is.
   */
  paths: string[];
  /** Sources already read (feed items), indexed along with `paths`; replaced when their contentHash changed. */
  sources?: Source[];
  indexDir: string;
  embedder: Embedder;
  /** Start from an empty index. */
  rebuild?: boolean;
  maxBytes?: number;
  now?: () => Date;
  onSkip?: (skip: SkippedFile) => void;
  /** A problem that did not stop a file from loading (a front matter field of the wrong type). */
  onWarning?: (warning: { path: string; message: string }) => void;
  onProgress?: (done: number, total: number) => void;
  /** Notes for the operator (rebuild reasons and the like). */
  onNote?: (message: string) => void;
  /** Extracts attributed statements from a source's paragraphs (quote attribution). */
  statements?: (sources: Source[]) => Statement[];
  /** Paragraphs embedded per step (progress granularity). */
  step?: number;
  /** Test hook: called after each snapshot file is written. */
  afterFile?: (name: string) => void;
}

export interface IngestReport {
  added: string[];
  updated: string[];
  removed: string[];
  unchanged: string[];
  skipped: SkippedFile[];
  paragraphsEmbedded: number;
  paragraphsTotal: number;
  sourcesTotal: number;
  ms: number;
  snapshot?: string;
}

export async function ingest(options: IngestOptions): Promise<IngestReport> {
  const started = Date.now();
  const now = options.now ?? (() => new Date());
  const release = acquireWriteLock(options.indexDir);
  try {
    const before = sourceIdsOnDisk(options.indexDir);
    const index = openForWriting(options);
    const paths = options.paths.map((p) => resolve(p));
    const loaded = await loadSources(paths, { maxBytes: options.maxBytes, onSkip: options.onSkip, onWarning: options.onWarning });
    const { skipped } = loaded;
    const sources = [...loaded.sources, ...(options.sources ?? [])];

    const seen = new Set(sources.map((s) => s.id));
    const report: IngestReport = { added: [], updated: [], removed: [], unchanged: [], skipped, paragraphsEmbedded: 0, paragraphsTotal: 0, sourcesTotal: 0, ms: 0 };
    const changed: Source[] = [];
    for (const source of sources) {
      const old = index.source(source.id);
      if (!old) {
        report.added.push(source.id);
        changed.push(source);
      } else if (old.contentHash !== source.contentHash) {
        report.updated.push(source.id);
        changed.push(source);
      } else report.unchanged.push(source.id);
    }
    const syncedDirs = paths.filter((p) => existsSync(p) && statSync(p).isDirectory()).map((d) => d + sep);
    const goneFiles = new Set(paths.filter((p) => !existsSync(p)));
    for (const record of index.sources()) {
      if (seen.has(record.id) || !record.path) continue;
      // Indexes written before paths were stored absolute hold them relative to the working folder.
      const where = isAbsolute(record.path) ? record.path : resolve(record.path);
      const inSyncedDir = syncedDirs.some((d) => where.startsWith(d));
      if (inSyncedDir || goneFiles.has(where)) report.removed.push(record.id);
    }

    const texts = changed.flatMap((s) => s.paragraphs.map((p) => embeddingText(s, p.text, p.section)));
    const total = texts.length;
    const vectors: Float32Array[] = new Array(total);
    const step = options.step ?? 128;
    // Embedded shortest first, so each step holds texts of similar length (less padding).
    const order = texts.map((_, i) => i).sort((a, b) => texts[a].length - texts[b].length);
    options.onProgress?.(0, total);
    for (let i = 0; i < total; i += step) {
      const slice = order.slice(i, i + step);
      const out = await options.embedder.embedPassages(slice.map((j) => texts[j]));
      slice.forEach((j, x) => (vectors[j] = out[x]));
      options.onProgress?.(Math.min(total, i + step), total);
    }
    report.paragraphsEmbedded = total;

    if (changed.length || report.removed.length || options.rebuild) {
      const ingestedAt = now().toISOString();
      let offset = 0;
      const upserts: SourceUpdate[] = changed.map((source) => {
        const v = vectors.slice(offset, offset + source.paragraphs.length);
        offset += source.paragraphs.length;
        return { source, vectors: v, ingestedAt };
      });
      const byId = new Map(changed.map((s) => [s.id, s]));
      index.apply({
        upserts,
        removals: report.removed,
        statements: options.statements ? (ids) => options.statements!(ids.map((id) => byId.get(id)!)) : undefined,
      });
      report.snapshot = saveIndex(options.indexDir, index, { afterFile: options.afterFile });
    }
    // A rebuild starts from an empty index: what the previous one held and this run did not
    // bring back is gone too, and the report says so.
    const rebuilt = before.filter((id) => !seen.has(id) && !index.source(id) && !report.removed.includes(id));
    report.removed.push(...rebuilt);
    report.paragraphsTotal = index.size;
    report.sourcesTotal = index.sources().length;
    report.ms = Date.now() - started;
    return report;
  } finally {
    release();
  }
}

/** The source ids of the index on disk, from its manifest; none when there is no readable one. */
function sourceIdsOnDisk(indexDir: string): string[] {
  if (!hasIndex(indexDir)) return [];
  try {
    return Object.keys(readManifest(indexDir).sources ?? {});
  } catch {
    return [];
  }
}

/** What the model sees for a paragraph: its heading gives short paragraphs their context. */
export function embeddingText(source: Pick<Source, 'title'>, text: string, section?: string): string {
  return section ? `${section}. ${text}` : text;
}

/**
 * Opens the index to change. A damaged index, or one built with another embedder, is
 * rebuilt only when this run re-reads whole folders (a full sync, as `ingest` of the corpus
 * does): rebuilding from a few files would silently drop every other source.
 */
function openForWriting(options: IngestOptions): LocalIndex {
  const { indexDir, embedder } = options;
  const fresh = () => LocalIndex.empty({ id: embedder.id, dimension: embedder.dimension });
  if (options.rebuild || !hasIndex(indexDir)) return fresh();
  const fullSync = options.paths.length > 0 && options.paths.every((p) => existsSync(p) && statSync(p).isDirectory());
  const refuse = (why: string) =>
    new IndexUnusableError(`${why} Adding single files would drop the other sources, so nothing was changed: rebuild it from the corpus with \`npm run ingest -- --rebuild\`.`);
  let index: LocalIndex;
  try {
    index = loadIndex(indexDir);
  } catch (err) {
    if (!(err instanceof IndexUnusableError)) throw err;
    if (!fullSync) throw refuse(`${err.message.split('. Rebuild')[0]}.`);
    options.onNote?.(`${err.message.split('. Rebuild')[0]}; rebuilding it from the corpus.`);
    return fresh();
  }
  if (index.embedder.id !== embedder.id || index.embedder.dimension !== embedder.dimension) {
    if (!fullSync) throw refuse(`The index was built with ${index.embedder.id} and the configured embedder is ${embedder.id}.`);
    options.onNote?.(
      `The index was built with ${index.embedder.id} (${index.embedder.dimension} dimensions) and the configured embedder is ${embedder.id} (${embedder.dimension}); rebuilding it so the two are never mixed.`,
    );
    return fresh();
  }
  return index;
}
