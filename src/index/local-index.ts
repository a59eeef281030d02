// The default backend: hnswlib-node for vectors (cosine), MiniSearch for BM25, plain
// arrays for metadata. Everything lives in memory; `store.ts` saves and loads it.
import hnswlib from 'hnswlib-node';
import MiniSearch from 'minisearch';
import type { Source, SourceHistory, Statement } from '../types.js';
import type { Hit, IndexedParagraph, ParagraphFilter, ParagraphIndex, SourceRecord, SourceUpdate } from './paragraph-index.js';
import { applyStatements, type Segment } from './segments.js';
import { forgetWireCopies, wireFingerprint } from './syndication.js';
import { queryTerms, tagLanguage, terms } from './terms.js';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

export const HNSW = { m: 16, efConstruction: 200, efSearch: 128, seed: 100 };

interface LexicalDoc {
  key: number;
  text: string;
  title: string;
  section: string;
}

export function createLexical(): MiniSearch<LexicalDoc> {
  return new MiniSearch<LexicalDoc>(lexicalOptions);
}

export const lexicalOptions = {
  idField: 'key',
  fields: ['text', 'title', 'section'],
  storeFields: [] as string[],
  tokenize: (text: string) => terms(text),
  processTerm: (term: string) => term,
  searchOptions: {
    boost: { text: 1, title: 1, section: 0.5 },
    // Chosen on SciFact (bench/scifact.ts); BM25+'s d only added noise there.
    bm25: { k: 1.2, b: 0.75, d: 0 },
    combineWith: 'OR' as const,
  },
};

export interface LocalIndexState {
  embedder: { id: string; dimension: number };
  hnsw: Hnsw;
  lexical: MiniSearch<LexicalDoc>;
  paragraphs: IndexedParagraph[];
  sources: SourceRecord[];
  statements: Statement[];
  nextKey: number;
}

export class LocalIndex implements ParagraphIndex {
  readonly embedder: { id: string; dimension: number };
  hnsw: Hnsw;
  lexicalIndex: MiniSearch<LexicalDoc>;
  private byKey = new Map<number, IndexedParagraph>();
  private bySource = new Map<string, IndexedParagraph[]>();
  private sourceRecords = new Map<string, SourceRecord>();
  private statementList: Statement[];
  private replaced = new Map<string, SourceRecord | undefined>();
  nextKey: number;

  constructor(state: LocalIndexState) {
    this.embedder = state.embedder;
    this.hnsw = state.hnsw;
    this.lexicalIndex = state.lexical;
    this.nextKey = state.nextKey;
    this.statementList = state.statements;
    for (const s of state.sources) this.sourceRecords.set(s.id, s);
    for (const p of state.paragraphs) this.track(p);
    this.hnsw.setEf(HNSW.efSearch);
  }

  static empty(embedder: { id: string; dimension: number }, capacity = 1024): LocalIndex {
    const hnsw = new HierarchicalNSW('cosine', embedder.dimension);
    hnsw.initIndex(capacity, HNSW.m, HNSW.efConstruction, HNSW.seed, true);
    return new LocalIndex({ embedder, hnsw, lexical: createLexical(), paragraphs: [], sources: [], statements: [], nextKey: 0 });
  }

  get size(): number {
    return this.byKey.size;
  }

  private track(p: IndexedParagraph): void {
    this.byKey.set(p.key, p);
    const list = this.bySource.get(p.sourceId);
    if (list) list.push(p);
    else this.bySource.set(p.sourceId, [p]);
  }

  sources(): SourceRecord[] {
    return [...this.sourceRecords.values()];
  }
  source(id: string): SourceRecord | undefined {
    return this.sourceRecords.get(id);
  }
  paragraph(key: number): IndexedParagraph | undefined {
    return this.byKey.get(key);
  }
  paragraphsOf(sourceId: string): IndexedParagraph[] {
    return this.bySource.get(sourceId) ?? [];
  }
  allParagraphs(): IndexedParagraph[] {
    return [...this.byKey.values()];
  }
  statements(): Statement[] {
    return this.statementList;
  }
  vector(key: number): Float32Array | undefined {
    return this.byKey.has(key) ? Float32Array.from(this.hnsw.getPoint(key)) : undefined;
  }

  dense(vector: Float32Array, k: number, filter?: ParagraphFilter): Hit[] {
    const allowed = this.allows(filter);
    const n = Math.min(k, allowed ? this.paragraphsIn(filter!.sourceIds!) : this.byKey.size);
    if (n === 0) return [];
    this.hnsw.setEf(Math.max(HNSW.efSearch, n));
    // The graph walk skips what the filter refuses, so a narrow filter still gets its k nearest.
    const { neighbors, distances } = this.hnsw.searchKnn(Array.from(vector), n, allowed);
    return neighbors.map((key, i) => ({ key, score: 1 - distances[i] }));
  }

  /** The filter as a test on paragraph keys, or undefined when it lets everything through. */
  private allows(filter: ParagraphFilter | undefined): ((key: number) => boolean) | undefined {
    const ids = filter?.sourceIds;
    if (!ids) return undefined;
    return (key) => {
      const p = this.byKey.get(key);
      return p !== undefined && ids.has(p.sourceId);
    };
  }

  private paragraphsIn(sourceIds: ReadonlySet<string>): number {
    let n = 0;
    for (const id of sourceIds) n += this.bySource.get(id)?.length ?? 0;
    return n;
  }

  private languageSet: Set<string> | undefined;
  /** Languages of the indexed sources (other than unknown), worked out again after a change. */
  private languages(): Set<string> {
    if (!this.languageSet) {
      this.languageSet = new Set();
      // English is how every query is stemmed anyway: only other languages change the query terms.
      for (const s of this.sourceRecords.values()) if (s.language && s.language !== 'en') this.languageSet.add(s.language);
    }
    return this.languageSet;
  }

  lexical(query: string, k: number, filter?: ParagraphFilter): Hit[] {
    if (this.byKey.size === 0) return [];
    const languages = this.languages();
    const allowed = this.allows(filter);
    return this.lexicalIndex
      .search(query, {
        ...(languages.size ? { tokenize: (q: string) => queryTerms(q, languages) } : {}),
        ...(allowed ? { filter: (r: { id: unknown }) => allowed(r.id as number) } : {}),
      })
      .slice(0, k)
      .map((r) => ({ key: r.id as number, score: r.score }));
  }

  apply(change: { upserts: SourceUpdate[]; removals: string[]; statements?: (sourceIds: string[]) => Statement[] }): void {
    for (const { source, vectors } of change.upserts) {
      if (vectors.length !== source.paragraphs.length) {
        throw new Error(`source ${source.id}: ${source.paragraphs.length} paragraphs but ${vectors.length} vectors`);
      }
    }
    const sources = change.upserts.map((u) => u.source);
    const keys = this.stage(sources, change.removals);
    change.upserts.forEach((u, i) => {
      this.addVectors(keys[i], u.vectors);
      this.addSource(u.source, keys[i], u.ingestedAt);
    });
    if (change.statements) this.statementList.push(...change.statements(sources.map((s) => s.id)));
  }

  /**
   * A change in steps, so that vectors can go in while the next ones are computed: `stage`
   * takes out the sources replaced or removed (and their statements) and numbers the new
   * paragraphs; then `addVectors` and `addSource` in any order; statements are pushed with
   * `addStatements`. Nothing is visible on disk until the store saves the whole index.
   */
  stage(sources: Source[], removals: string[]): number[][] {
    const touched = new Set([...removals, ...sources.map((s) => s.id)]);
    // The records replaced: a changed source keeps its history (first seen, headline corrections).
    this.replaced = new Map(sources.map((s) => [s.id, this.sourceRecords.get(s.id)]));
    this.languageSet = undefined;
    for (const id of touched) this.removeSource(id);
    this.statementList = this.statementList.filter((s) => !touched.has(s.sourceId));
    const needed = this.hnsw.getCurrentCount() + sources.reduce((n, s) => n + s.paragraphs.length, 0);
    if (needed > this.hnsw.getMaxElements()) this.hnsw.resizeIndex(Math.max(needed, Math.ceil(this.hnsw.getMaxElements() * 1.5)));
    return sources.map((s) => s.paragraphs.map(() => this.nextKey++));
  }

  addVectors(keys: number[], vectors: Float32Array[]): void {
    keys.forEach((key, i) => this.hnsw.addPoint(Array.from(vectors[i]), key, true));
  }

  /** A staged source's paragraphs (keyword index) and record. */
  addSource(source: Source, keys: number[], ingestedAt: string): void {
    const docs: LexicalDoc[] = [];
    source.paragraphs.forEach((para, i) => {
      const p: IndexedParagraph = { ...para, key: keys[i] };
      this.track(p);
      docs.push(lexicalDoc(p, source.title, source.language));
    });
    this.lexicalIndex.addAll(docs);
    this.sourceRecords.set(source.id, {
      id: source.id,
      title: source.title,
      url: source.url,
      published: source.published,
      ...(source.modified ? { modified: source.modified } : {}),
      outlet: source.outlet,
      ...(source.language ? { language: source.language } : {}),
      path: source.path,
      contentHash: source.contentHash ?? '',
      paragraphs: source.paragraphs.length,
      ingestedAt,
      ...(source.author ? { author: source.author } : {}),
      ...(source.summaryOnly ? { summaryOnly: true } : {}),
      ...(source.tags?.length ? { tags: source.tags } : {}),
      ...(source.feed ? { feed: source.feed } : {}),
      ...historyOf(this.replaced.get(source.id), source, ingestedAt),
      ...optionalFingerprint(source),
    });
  }

  addStatements(statements: Statement[]): void {
    this.statementList.push(...statements);
  }

  /** The people a source names (quote attribution's input for merging speakers across the corpus). */
  setPeople(id: string, people: Record<string, number>): void {
    const record = this.sourceRecords.get(id);
    if (record) this.sourceRecords.set(id, { ...record, people });
  }

  /** Every statement, replaced (speakers re-merged over the corpus). */
  replaceStatements(statements: Statement[]): void {
    this.statementList = statements;
  }

  /** A file touched but not changed: its new stamp saves hashing it next time. */
  restamp(id: string, stamp: NonNullable<SourceRecord['stamp']>): void {
    const record = this.sourceRecords.get(id);
    if (record) this.sourceRecords.set(id, { ...record, stamp });
  }

  /**
   * A segment read from disk (segments.ts) applied on top: the sources it supersedes go, its
   * records, paragraphs, vectors and statements come in. Used when loading and by a serving
   * bot's reload, which applies new segments to the index it holds instead of loading the base again.
   */
  applySegment(seg: Segment): void {
    this.languageSet = undefined;
    forgetWireCopies(this);
    for (const id of seg.removed) this.removeSource(id);
    this.statementList = applyStatements(this.statementList, seg.removed, seg.statements);
    for (const r of seg.records) this.sourceRecords.set(r.id, r);
    const needed = this.hnsw.getCurrentCount() + seg.paragraphs.length;
    if (needed > this.hnsw.getMaxElements()) this.hnsw.resizeIndex(Math.max(needed, Math.ceil(this.hnsw.getMaxElements() * 1.5)));
    const dim = this.embedder.dimension;
    const docs: LexicalDoc[] = [];
    seg.paragraphs.forEach((p, i) => {
      this.hnsw.addPoint(Array.from(seg.vectors.subarray(i * dim, (i + 1) * dim)), p.key, true);
      this.track(p);
      const record = this.sourceRecords.get(p.sourceId);
      docs.push(lexicalDoc(p, record?.title ?? '', record?.language));
    });
    this.lexicalIndex.addAll(docs);
    this.nextKey = Math.max(this.nextKey, seg.nextKey);
  }

  private removeSource(id: string): void {
    const paras = this.bySource.get(id);
    if (paras) {
      for (const p of paras) {
        this.hnsw.markDelete(p.key);
        this.lexicalIndex.discard(p.key);
        this.byKey.delete(p.key);
      }
      this.bySource.delete(id);
    }
    this.sourceRecords.delete(id);
  }
}

/** A paragraph as the keyword index holds it, stemmed in its source's language (terms.ts reads the tag). */
function lexicalDoc(p: IndexedParagraph, title: string, lang: string | undefined): LexicalDoc {
  return { key: p.key, text: tagLanguage(p.text, lang), title: tagLanguage(title, lang), section: tagLanguage(p.section ?? '', lang) };
}

/** First seen, last updated and the headline it replaced: a changed source keeps its history. */
function historyOf(old: SourceRecord | undefined, source: Source, ingestedAt: string): SourceHistory {
  if (!old) return { firstSeen: ingestedAt };
  const firstSeen = old.firstSeen ?? old.ingestedAt;
  if (old.contentHash === (source.contentHash ?? '')) return { firstSeen, ...pick(old) };
  // The last headline it replaced is kept through later updates that leave the headline alone.
  const previousTitle = old.title !== source.title ? old.title : old.previousTitle;
  return { firstSeen, updated: ingestedAt, ...(previousTitle ? { previousTitle } : {}) };
}

function pick(old: SourceRecord): SourceHistory {
  return { ...(old.updated ? { updated: old.updated } : {}), ...(old.previousTitle ? { previousTitle: old.previousTitle } : {}) };
}

function optionalFingerprint(source: Source): { fingerprint?: number[] } {
  const fingerprint = wireFingerprint(source.paragraphs);
  return fingerprint ? { fingerprint } : {};
}
