// The index as a replica sees it in PostgreSQL. Source records and statements (small: a
// few hundred bytes a source) are mirrored in memory and kept current from the change log
// (`refresh`, on NOTIFY or a timer); paragraphs and vectors stay in the database and are
// fetched per question or digest by `prepare`, which returns a view that answers the
// synchronous ParagraphIndex calls for what it fetched.
import type pg from 'pg';
import type { Statement } from '../../types.js';
import type { Hit, IndexedParagraph, ParagraphFilter, ParagraphIndex, Prepared, PrepareRequest, SourceRecord } from '../paragraph-index.js';
import { lexicalOptions } from '../local-index.js';
import { terms } from '../terms.js';
import { EF_SEARCH, vectorFromSend, vectorText } from './pool.js';
import { checkSchema } from './schema.js';
import { storedEmbedder, type Embedding } from './writer.js';

const { bm25, boost } = lexicalOptions.searchOptions;
/** Paragraph matches scored per question at most (see candidateTerms). */
export const LEXICAL_BUDGET = 50_000;
const BM25_PARAMS = [bm25.k, bm25.b, boost.text, boost.title, boost.section];

/**
 * MiniSearch's BM25 (the local index's keyword ranking, k1 1.2, b 0.75, field boosts), in
 * one statement: per field, idf from the lexicon's document frequencies and the field's
 * average distinct-term count; term frequencies and field lengths from the postings; the
 * sum times the number of distinct query terms matched. Every paragraph holding a query
 * term is scored, as MiniSearch does, up to LEXICAL_BUDGET (see candidateTerms).
 */
const BM25_SQL = `
  WITH qt AS (SELECT * FROM unnest($1::text[], $2::int[]) AS t(term, m)),
  st AS (SELECT * FROM lexical_stats WHERE id = 1),
  f AS (SELECT * FROM (VALUES ('A', $7::float8, 'text'), ('B', $8::float8, 'title'), ('C', $9::float8, 'section')) AS f(field, boost, name)),
  q AS (
    SELECT qt.term, l.field, qt.m * f.boost * ln(1 + (st.paragraphs - l.df + 0.5) / (l.df + 0.5)) AS w,
      nullif(CASE l.field WHEN 'A' THEN st.len_text WHEN 'B' THEN st.len_title ELSE st.len_section END::float8 / greatest(st.paragraphs, 1), 0) AS avg
    FROM qt JOIN lexicon l ON l.term = qt.term JOIN f ON f.field = l.field CROSS JOIN st)
  SELECT x.key, sum(q.w * x.tf * ($5::float8 + 1) / (x.tf + $5::float8 * (1 - $6::float8 + $6::float8 * x.len / q.avg))) * count(DISTINCT x.term) AS s
  FROM (%POSTINGS%) x
  JOIN q ON q.term = x.term AND q.field = x.field
  GROUP BY x.key ORDER BY s DESC, x.key LIMIT $4`;
/** The postings scored: every query term's (all terms bring candidates)... */
const ALL_POSTINGS = `SELECT key, term, field, tf::float8 AS tf, len::float8 AS len FROM postings WHERE term = ANY($3::text[]) %FILTER%`;
/** ...or the rarer terms' ($3), plus the common terms' ($10) postings of the paragraphs those found. */
const BUDGET_POSTINGS = `
    SELECT key, term, field, tf::float8 AS tf, len::float8 AS len FROM postings WHERE term = ANY($3::text[]) %FILTER%
    UNION ALL
    SELECT po.key, po.term, po.field, po.tf::float8, po.len::float8
    FROM (SELECT DISTINCT key FROM postings WHERE term = ANY($3::text[]) %FILTER%) c
    CROSS JOIN LATERAL (SELECT * FROM postings p2 WHERE p2.key = c.key AND p2.term = ANY($10::text[])) po`;
/** A search filter (SearchFilter.sourceIds) on the postings' paragraphs: the last parameter. */
const postingsIn = (param: number) => `AND key IN (SELECT key FROM paragraphs WHERE source_id = ANY($${param}::text[]))`;
const BM25_ALL_SQL = BM25_SQL.replace('%POSTINGS%', ALL_POSTINGS.replace('%FILTER%', ''));
const BM25_BUDGET_SQL = BM25_SQL.replace('%POSTINGS%', BUDGET_POSTINGS.replaceAll('%FILTER%', ''));
const BM25_ALL_FILTERED_SQL = BM25_SQL.replace('%POSTINGS%', ALL_POSTINGS.replace('%FILTER%', postingsIn(10)));
const BM25_BUDGET_FILTERED_SQL = BM25_SQL.replace('%POSTINGS%', BUDGET_POSTINGS.replaceAll('%FILTER%', postingsIn(11)));
/** Filtered sources with at most this many paragraphs are ranked exactly, without the HNSW index. */
export const EXACT_DENSE_LIMIT = 20_000;

/** ts_rank weights {D, C, B, A}: text (A) and title (B) fully, the section (C) half (the bench's comparison, bench/postgres.ts). */
const RANK_WEIGHTS = '{0, 0.5, 1, 1}';
const TS_RANK_SQL = `SELECT key, ts_rank($5::float4[], tsv, $3::tsquery, 1) AS s FROM paragraphs WHERE tsv @@ $3::tsquery AND $1::text[] IS NOT NULL AND $2::int[] IS NOT NULL
  AND ($6::text[] IS NULL OR source_id = ANY($6::text[])) ORDER BY s DESC, key LIMIT $4`;

export class PgIndex implements ParagraphIndex {
  private sourceRecords = new Map<string, SourceRecord>();
  private statementsBySource = new Map<string, Statement[]>();
  private statementList: Statement[] | null = null;
  private paragraphCount = 0;
  private revision = 0;
  private refreshing: Promise<boolean> | null = null;
  /** The read queued behind the running one (see refresh). */
  private refreshAgain: Promise<boolean> | null = null;
  /**
   * The embedder the database was rebuilt with, when it is not this index's: its vectors
   * cannot be compared with this replica's questions, so nothing is read or answered until
   * the database holds this embedder's vectors again (or the replica restarts with matching
   * settings). Set and cleared by refresh.
   */
  foreignEmbedder: Embedding | undefined;
  /** False after a query or refresh failed, until one succeeds again (/readyz). */
  reachable = true;
  /** Keyword ranking: MiniSearch's BM25 (the default), or Postgres's ts_rank (for the bench's comparison). */
  lexicalRank: 'bm25' | 'ts_rank' = 'bm25';
  /** Paragraph matches scored per question at most (see candidateTerms). */
  lexicalBudget = LEXICAL_BUDGET;
  /** Filtered sources with at most this many paragraphs are ranked exactly (see denseQuery). */
  exactDenseLimit = EXACT_DENSE_LIMIT;
  /** pgvector 0.8+ goes on scanning the HNSW index until a filtered query has its k rows. */
  private iterativeScan: Promise<boolean> | null = null;

  private constructor(
    readonly pool: pg.Pool,
    readonly embedder: Embedding,
  ) {}

  /** Opens the index after checking the schema; `embedder` is used for an empty database. */
  static async open(pool: pg.Pool, embedder: Embedding): Promise<PgIndex> {
    await checkSchema(pool);
    const index = new PgIndex(pool, (await storedEmbedder(pool)) ?? embedder);
    await index.refresh();
    return index;
  }

  get size(): number {
    return this.paragraphCount;
  }

  sources(): SourceRecord[] {
    return [...this.sourceRecords.values()];
  }
  source(id: string): SourceRecord | undefined {
    return this.sourceRecords.get(id);
  }
  statements(): Statement[] {
    this.statementList ??= [...this.statementsBySource.values()].flat();
    return this.statementList;
  }

  private static notPrepared(): never {
    throw new Error('The PostgreSQL index reads paragraphs through prepare(); call it first and use the view it returns.');
  }
  paragraph(): IndexedParagraph | undefined {
    return PgIndex.notPrepared();
  }
  paragraphsOf(): IndexedParagraph[] {
    return PgIndex.notPrepared();
  }
  vector(): Float32Array | undefined {
    return PgIndex.notPrepared();
  }
  dense(): Hit[] {
    return PgIndex.notPrepared();
  }
  lexical(): Hit[] {
    return PgIndex.notPrepared();
  }
  apply(): void {
    throw new Error('The PostgreSQL index is written by ingest in a transaction (index/postgres/ingest.ts), not in memory.');
  }

  /** Fetches what one question or one digest reads: its candidates, or all paragraphs of some sources. */
  async prepare(need: PrepareRequest): Promise<Prepared> {
    if (this.foreignEmbedder) throw new ForeignEmbedderError(this.foreignEmbedder, this.embedder);
    return this.track(async () => {
      const k = need.candidates ?? 100;
      const ids = need.filter?.sourceIds ? [...need.filter.sourceIds] : undefined;
      const [dense, lexical] = await Promise.all([
        need.vector ? this.denseQuery(need.vector, k, ids) : Promise.resolve([] as Hit[]),
        need.question !== undefined ? this.lexicalQuery(need.question, k, ids) : Promise.resolve([] as Hit[]),
      ]);
      const keys = [...new Set([...dense, ...lexical].map((h) => h.key))];
      const rows = await this.fetchParagraphs(keys, need.sourceIds ?? []);
      return new PreparedView(this, { vector: need.vector ?? null, question: need.question, filter: need.filter, dense, lexical, rows });
    });
  }

  private async denseQuery(vector: Float32Array, k: number, sourceIds?: string[]): Promise<Hit[]> {
    if (sourceIds && !sourceIds.length) return [];
    // A filter over few paragraphs is ranked exactly: an HNSW scan filtered afterwards could
    // return fewer than k (the ORDER BY expression is not the index's, so the index is not used).
    if (sourceIds && this.paragraphsIn(sourceIds) <= this.exactDenseLimit) {
      const exact = `SELECT key, embedding <=> $1::vector AS d FROM paragraphs WHERE source_id = ANY($3::text[]) ORDER BY (embedding <=> $1::vector) + 0, key LIMIT $2`;
      const r = await this.pool.query(exact, [vectorText(vector), k, sourceIds]);
      return r.rows.map((row) => ({ key: Number(row.key), score: 1 - Number(row.d) }));
    }
    const where = sourceIds ? 'WHERE source_id = ANY($3::text[])' : '';
    const sql = `SELECT key, embedding <=> $1::vector AS d FROM paragraphs ${where} ORDER BY embedding <=> $1::vector LIMIT $2`;
    // The scan returns at most ef_search rows: set per transaction (SET LOCAL), so it holds
    // behind a transaction-mode pooler too. A wide filter is applied during the index scan.
    const iterative = sourceIds !== undefined && (await this.hasIterativeScan());
    const r = await this.withClient(async (c) => {
      await c.query('BEGIN');
      await c.query(`SET LOCAL hnsw.ef_search = ${Math.min(1000, Math.max(EF_SEARCH, Math.trunc(k)))}`);
      if (iterative) await c.query('SET LOCAL hnsw.iterative_scan = strict_order');
      const out = await c.query(sql, sourceIds ? [vectorText(vector), k, sourceIds] : [vectorText(vector), k]);
      await c.query('COMMIT');
      return out;
    });
    return r.rows.map((row) => ({ key: Number(row.key), score: 1 - Number(row.d) }));
  }

  private hasIterativeScan(): Promise<boolean> {
    this.iterativeScan ??= this.pool
      .query(`SELECT string_to_array(extversion, '.')::int[] >= '{0,8}'::int[] AS ok FROM pg_extension WHERE extname = 'vector'`)
      .then((r) => Boolean(r.rows[0]?.ok))
      .catch(() => {
        this.iterativeScan = null; // asked again next time
        return false;
      });
    return this.iterativeScan;
  }

  private paragraphsIn(sourceIds: string[]): number {
    return sourceIds.reduce((n, id) => n + (this.sourceRecords.get(id)?.paragraphs ?? 0), 0);
  }

  private async lexicalQuery(question: string, k: number, sourceIds?: string[]): Promise<Hit[]> {
    if (sourceIds && !sourceIds.length) return [];
    const all = terms(question);
    if (!all.length) return [];
    // A query term said twice counts twice, as in MiniSearch.
    const count = new Map<string, number>();
    for (const t of all) count.set(t, (count.get(t) ?? 0) + 1);
    const words = [...count.keys()];
    const candidates = await this.candidateTerms(words);
    if (!candidates.length) return [];
    const tsquery = candidates.map((w) => `'${w.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(' | ');
    const counts = words.map((w) => count.get(w)!);
    let r;
    const within = sourceIds ? [sourceIds] : [];
    if (this.lexicalRank === 'ts_rank') r = await this.pool.query(TS_RANK_SQL, [words, counts, tsquery, k, RANK_WEIGHTS, sourceIds ?? null]);
    else if (candidates.length === words.length) r = await this.pool.query(sourceIds ? BM25_ALL_FILTERED_SQL : BM25_ALL_SQL, [words, counts, words, k, ...BM25_PARAMS, ...within]);
    else {
      const common = words.filter((w) => !candidates.includes(w));
      r = await this.pool.query(sourceIds ? BM25_BUDGET_FILTERED_SQL : BM25_BUDGET_SQL, [words, counts, candidates, k, ...BM25_PARAMS, common, ...within]);
    }
    return r.rows.map((row) => ({ key: Number(row.key), score: Number(row.s) }));
  }

  /**
   * The query terms whose paragraphs are scored: all of them, unless together they match
   * more than LEXICAL_BUDGET paragraphs; then the rarest ones up to that budget (a very
   * common term's paragraphs are not all scored, though it still counts in the score of the
   * paragraphs the rarer terms bring). MiniSearch scores every match; in a million-paragraph
   * database that is seconds for a question with a common word.
   */
  private async candidateTerms(words: string[]): Promise<string[]> {
    const r = await this.pool.query('SELECT term, sum(df)::float8 AS df FROM lexicon WHERE term = ANY($1::text[]) AND df > 0 GROUP BY term', [words]);
    const byRarity = r.rows.map((row) => ({ term: row.term as string, df: Number(row.df) })).sort((a, b) => a.df - b.df || a.term.localeCompare(b.term));
    const out: string[] = [];
    let total = 0;
    for (const { term, df } of byRarity) {
      if (out.length && total + df > this.lexicalBudget) break;
      out.push(term);
      total += df;
    }
    return out;
  }

  private async fetchParagraphs(keys: number[], sourceIds: string[]): Promise<ParagraphRow[]> {
    if (!keys.length && !sourceIds.length) return [];
    const r = await this.pool.query(
      `SELECT key, source_id, position, text, section, is_table, vector_send(embedding) AS v FROM paragraphs
       WHERE key = ANY($1::bigint[]) OR source_id = ANY($2::text[]) ORDER BY source_id, position`,
      [keys, sourceIds],
    );
    return r.rows.map((row) => ({
      paragraph: { key: Number(row.key), sourceId: row.source_id, index: row.position, text: row.text, ...(row.section !== null ? { section: row.section } : {}), ...(row.is_table ? { table: true as const } : {}) },
      vector: row.v ? vectorFromSend(row.v as Buffer) : undefined,
    }));
  }

  private async withClient<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      return await fn(c);
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  }

  /** Runs a database call, noting whether the database answered (readiness). */
  private async track<T>(fn: () => Promise<T>): Promise<T> {
    try {
      const out = await fn();
      this.reachable = true;
      return out;
    } catch (err) {
      if (isConnectionError(err)) this.reachable = false;
      throw err;
    }
  }

  /**
   * Reads what changed since the last refresh; true when something did. One read runs at a
   * time, and a call made while one runs gets one more read after it (any number of calls
   * meanwhile share that one): the running read's snapshot may predate the commit the caller
   * was told of (a NOTIFY, or its own ingest), so joining it could miss that commit until the
   * next poll. Every caller gets this: the listener, the poll, serve's reload after an ingest.
   */
  refresh(): Promise<boolean> {
    if (this.refreshing) {
      this.refreshAgain ??= this.refreshing
        .then(
          () => undefined,
          () => undefined,
        )
        .then(() => {
          this.refreshAgain = null;
          return this.refresh();
        });
      return this.refreshAgain;
    }
    // Any failure here is the database not answering as it should: not ready until it does
    // (a database rebuilt with another embedder is reported by `foreignEmbedder` instead).
    this.refreshing = this.readChanges()
      .then((changed) => {
        this.reachable = true;
        return changed;
      })
      .catch((err) => {
        if (!(err instanceof ForeignEmbedderError)) this.reachable = false;
        throw err;
      })
      .finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async readChanges(): Promise<boolean> {
    // One snapshot for the reads, so a change is seen whole, with the embedder it was made with.
    return this.withClient(async (c) => {
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const stored = await storedEmbedder(c);
      if (stored && (stored.id !== this.embedder.id || stored.dimension !== this.embedder.dimension)) {
        // Rebuilt with another embedder: nothing of it is applied, and questions are refused (prepare).
        this.foreignEmbedder = stored;
        throw new ForeignEmbedderError(stored, this.embedder);
      }
      const removed = await c.query('SELECT id, revision FROM source_removals WHERE revision > $1', [this.revision]);
      const changed = await c.query('SELECT * FROM sources WHERE revision > $1', [this.revision]);
      const ids = changed.rows.map((r) => r.id as string);
      const st = ids.length ? await c.query('SELECT source_id, statement FROM statements WHERE source_id = ANY($1::text[]) ORDER BY source_id, ord', [ids]) : { rows: [] };
      await c.query('COMMIT');
      // Cleared with the changes applied (no await from here on): ready means read.
      this.foreignEmbedder = undefined;
      if (!removed.rows.length && !changed.rows.length) return false;
      let top = this.revision;
      for (const r of removed.rows) {
        this.sourceRecords.delete(r.id);
        this.statementsBySource.delete(r.id);
        top = Math.max(top, Number(r.revision));
      }
      for (const r of changed.rows) {
        this.sourceRecords.set(r.id, recordOf(r));
        this.statementsBySource.delete(r.id);
        top = Math.max(top, Number(r.revision));
      }
      for (const r of st.rows) {
        const list = this.statementsBySource.get(r.source_id);
        if (list) list.push(r.statement as Statement);
        else this.statementsBySource.set(r.source_id, [r.statement as Statement]);
      }
      this.revision = top;
      this.statementList = null;
      this.paragraphCount = [...this.sourceRecords.values()].reduce((n, s) => n + s.paragraphs, 0);
      return true;
    });
  }

  /** Whether the database answers now (a cheap round trip, for /readyz between refreshes). */
  async ping(): Promise<boolean> {
    try {
      await this.track(() => this.pool.query('SELECT 1'));
      return true;
    } catch {
      return false;
    }
  }
}

interface ParagraphRow {
  paragraph: IndexedParagraph;
  vector?: Float32Array;
}

function recordOf(r: Record<string, unknown>): SourceRecord {
  const opt = (k: string) => (r[k] !== null && r[k] !== undefined ? (r[k] as string) : undefined);
  return {
    id: r.id as string,
    title: r.title as string,
    ...(opt('url') ? { url: opt('url') } : {}),
    ...(opt('published') ? { published: opt('published') } : {}),
    ...(opt('outlet') ? { outlet: opt('outlet') } : {}),
    ...(opt('path') ? { path: opt('path') } : {}),
    contentHash: r.content_hash as string,
    paragraphs: Number(r.paragraphs),
    ingestedAt: r.ingested_at as string,
    ...((r.meta as Record<string, string | boolean> | null) ?? {}),
  };
}

/** The database holds vectors of another embedder than the replica's (rebuilt under it). */
export class ForeignEmbedderError extends Error {
  constructor(
    readonly stored: Embedding,
    readonly serving: Embedding,
  ) {
    super(
      `the database was rebuilt with ${stored.id} (${stored.dimension} dimensions) and this replica embeds with ${serving.id} (${serving.dimension}); not reading or answering from it: restart the replica with matching embedder settings`,
    );
    this.name = 'ForeignEmbedderError';
  }
}

export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|57P0[1-3]|08\d{3})$/.test(e?.code ?? '') ||
    /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(e?.message ?? '')
  );
}

/**
 * What `prepare` fetched, as a ParagraphIndex: the hits of the prepared question (asked
 * for with the same vector and question), and the paragraphs and vectors it fetched.
 */
class PreparedView implements Prepared {
  private byKey = new Map<number, ParagraphRow>();
  private bySource = new Map<string, IndexedParagraph[]>();

  constructor(
    private readonly base: PgIndex,
    private readonly fetched: { vector: Float32Array | null; question?: string; filter?: ParagraphFilter; dense: Hit[]; lexical: Hit[]; rows: ParagraphRow[] },
  ) {
    for (const row of fetched.rows) {
      this.byKey.set(row.paragraph.key, row);
      const list = this.bySource.get(row.paragraph.sourceId);
      if (list) list.push(row.paragraph);
      else this.bySource.set(row.paragraph.sourceId, [row.paragraph]);
    }
  }

  get embedder() {
    return this.base.embedder;
  }
  get size() {
    return this.base.size;
  }
  sources() {
    return this.base.sources();
  }
  source(id: string) {
    return this.base.source(id);
  }
  statements() {
    return this.base.statements();
  }
  paragraph(key: number) {
    return this.byKey.get(key)?.paragraph;
  }
  paragraphsOf(sourceId: string) {
    return this.bySource.get(sourceId) ?? [];
  }
  vector(key: number) {
    return this.byKey.get(key)?.vector;
  }
  dense(vector: Float32Array, k: number, filter?: ParagraphFilter): Hit[] {
    if (vector !== this.fetched.vector) throw new Error('this view answers dense() only for the vector it was prepared with');
    this.checkFilter(filter);
    return this.fetched.dense.slice(0, k);
  }
  lexical(question: string, k: number, filter?: ParagraphFilter): Hit[] {
    if (question !== this.fetched.question) throw new Error('this view answers lexical() only for the question it was prepared with');
    this.checkFilter(filter);
    return this.fetched.lexical.slice(0, k);
  }
  /** The hits were filtered in the database: a search asking for another filter would get wrong ones. */
  private checkFilter(filter: ParagraphFilter | undefined): void {
    if (!sameSources(filter?.sourceIds, this.fetched.filter?.sourceIds)) throw new Error('this view answers only for the filter it was prepared with (PrepareRequest.filter)');
  }
  apply(): void {
    throw new Error('a prepared view is read-only');
  }
}

function sameSources(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.size !== b.size) return false;
  for (const id of a) if (!b.has(id)) return false;
  return true;
}
