// A first big import in one transaction: the same rows the writer writes (writer.ts), sent
// with COPY instead of INSERTs, with the search indexes and the postings' keys dropped
// during the load and built once after it (sorting once is far cheaper than a million
// index inserts; the HNSW graph is built with enough memory and parallel workers).
// Only for an empty index: the dropped indexes lock the tables for the whole load.
import type pg from 'pg';
import type { SourceUpdate } from '../paragraph-index.js';
import { PG_HNSW } from './pool.js';
import { applyChange, countLexicon, lexicalRow, lockForWriting, sha256, sourceMeta, writeLexicon, type Embedding } from './writer.js';

export interface BulkOptions {
  /** HNSW build settings (default PG_HNSW, the writer's). */
  hnsw?: { m: number; efConstruction: number };
  /** For the index builds (the HNSW graph is fastest when it fits). */
  maintenanceWorkMem?: string;
  /** Parallel workers for the index builds, besides the leader. */
  parallelWorkers?: number;
  /** Paragraphs per round of COPYs (bounds the memory held for one round). */
  chunk?: number;
  onProgress?: (paragraphs: number) => void;
}

export interface BulkResult {
  sources: number;
  paragraphs: number;
  revision: number;
  /** Seconds: rows in; keys and keyword indexes; the HNSW graph. */
  seconds: { load: number; indexes: number; hnsw: number };
}


/** One value in COPY's text format (backslash escapes; \N for NULL). */
export function copyField(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v !== 'string') return String(v);
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
const line = (fields: (string | number | boolean | null | undefined)[]) => fields.map(copyField).join('\t') + '\n';

/**
 * `COPY … FROM STDIN` for node-postgres without a dependency: a submittable query that
 * sends the given text when the server asks for it. Resolves with the rows copied.
 */
class CopyIn {
  private error: Error | null = null;
  private rows = 0;
  readonly done: Promise<number>;
  private settle!: { resolve: (n: number) => void; reject: (e: Error) => void };
  constructor(
    private readonly text: string,
    private readonly data: string[],
  ) {
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }
  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }
  handleCopyInResponse(connection: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }): void {
    for (const part of this.data) for (let i = 0; i < part.length; i += 1 << 20) connection.sendCopyFromChunk(Buffer.from(part.slice(i, i + (1 << 20))));
    connection.endCopyFrom();
  }
  handleCommandComplete(msg: { text?: string }): void {
    this.rows = Number(/\d+$/.exec(msg.text ?? '')?.[0] ?? 0);
  }
  handleError(err: Error): void {
    this.error = err;
  }
  handleReadyForQuery(): void {
    if (this.error) this.settle.reject(this.error);
    else this.settle.resolve(this.rows);
  }
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handlePortalSuspended(): void {}
  handleEmptyQuery(): void {}
  handleCopyData(): void {}
}

export function copyIn(client: pg.ClientBase, text: string, data: string[]): Promise<number> {
  const q = new CopyIn(text, data);
  (client as unknown as { query(q: CopyIn): CopyIn }).query(q);
  return q.done;
}

/**
 * pgvector's text form with 9 significant digits: enough for every float32 to come back
 * exactly (FLT_DECIMAL_DIG), so the stored vector is the writer's (vectorText writes the
 * float32's full double expansion), in a third less text and a third of the time.
 */
export function vectorCopyText(v: Float32Array): string {
  let s = '[';
  for (let i = 0; i < v.length; i++) s += (i ? ',' : '') + v[i].toPrecision(9);
  return s + ']';
}

/** The COPY text of some sources' rows, as the writer would insert them (postings keys from `firstKey` on). */
export function bulkRows(upserts: SourceUpdate[], revision: number, firstKey: number, df: Map<string, number>, totals: number[]) {
  let sources = '';
  let paragraphs = '';
  let postings = '';
  let key = firstKey;
  for (const u of upserts) {
    const s = u.source;
    if (u.vectors.length !== s.paragraphs.length) throw new Error(`source ${s.id}: ${s.paragraphs.length} paragraphs but ${u.vectors.length} vectors`);
    sources += line([s.id, s.title, s.url, s.published, s.outlet, s.path, s.contentHash ?? '', s.paragraphs.length, u.ingestedAt, JSON.stringify(sourceMeta(s)), revision]);
    for (const [i, p] of s.paragraphs.entries()) {
      const lex = lexicalRow(p.text, s.title, p.section ?? '');
      countLexicon(lex, df, totals);
      paragraphs += line([key, s.id, p.index, p.text, p.section ?? null, sha256(p.text), vectorCopyText(u.vectors[i]), lex.tsv, ...lex.lengths, p.table ? 't' : 'f']);
      for (const [field, tf] of lex.fields) for (const [term, n] of tf) postings += line([term, field, key, n, Math.min(32767, tf.size)]);
      key++;
    }
  }
  return { sources, paragraphs, postings, next: key };
}

const SOURCE_COLUMNS = 'sources (id, title, url, published, outlet, path, content_hash, paragraphs, ingested_at, meta, revision)';
const PARAGRAPH_COLUMNS = 'paragraphs (key, source_id, position, text, section, text_hash, embedding, tsv, len_text, len_title, len_section, is_table)';

/** What the load drops and builds again: the keyword indexes, the postings' keys, the HNSW graph. */
async function dropIndexes(c: pg.ClientBase): Promise<string[]> {
  const cons = await c.query(`SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'postings'::regclass ORDER BY contype DESC`);
  const idx = await c.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN ('paragraphs_tsv', 'postings_key')`);
  const again: string[] = [];
  for (const r of cons.rows) {
    await c.query(`ALTER TABLE postings DROP CONSTRAINT ${r.conname}`);
    again.push(`ALTER TABLE postings ADD CONSTRAINT ${r.conname} ${r.def}`); // the key ('p') before the reference ('f')
  }
  for (const r of idx.rows) {
    await c.query(`DROP INDEX ${r.indexname}`);
    again.push(r.indexdef as string);
  }
  await c.query('DROP INDEX IF EXISTS paragraphs_embedding');
  return again;
}

/**
 * Loads these sources into an empty index in one transaction, under the writer's lock;
 * replicas see all of it at commit (one revision, NOTIFYed like any change).
 */
export async function bulkLoad(pool: pg.Pool, embedder: Embedding, upserts: Iterable<SourceUpdate>, options: BulkOptions = {}): Promise<BulkResult> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await lockForWriting(c);
    if ((await c.query('SELECT EXISTS (SELECT 1 FROM sources) AS any')).rows[0].any) throw new Error('bulk load is for an empty index; use ingest to add to one');
    const revision = await applyChange(c, embedder, { upserts: [], removals: [] });
    const again = await dropIndexes(c);
    const t0 = Date.now();
    const seq = (await c.query(`SELECT pg_get_serial_sequence('paragraphs', 'key') AS s`)).rows[0].s as string;
    // The keys the writer's inserts would take next (no one else inserts under the lock).
    const at = (await c.query(`SELECT last_value, is_called FROM ${seq}`)).rows[0];
    const firstKey = Number(at.last_value) + (at.is_called ? 1 : 0);
    const df = new Map<string, number>();
    const totals = [0, 0, 0, 0];
    let key = firstKey;
    let sources = 0;
    let pending: Promise<unknown> = Promise.resolve();
    let batch: SourceUpdate[] = [];
    let inBatch = 0;
    const send = async () => {
      const rows = bulkRows(batch, revision, key, df, totals);
      sources += batch.length;
      key = rows.next;
      batch = [];
      inBatch = 0;
      await pending; // the previous round, sent while this one was built
      pending = (async () => {
        await copyIn(c, `COPY ${SOURCE_COLUMNS} FROM STDIN`, [rows.sources]);
        await copyIn(c, `COPY ${PARAGRAPH_COLUMNS} FROM STDIN`, [rows.paragraphs]);
        await copyIn(c, 'COPY postings (term, field, key, tf, len) FROM STDIN', [rows.postings]);
      })();
      pending.catch(() => undefined); // awaited with the next round; a failure must not go unhandled meanwhile
      options.onProgress?.(key - firstKey);
    };
    for (const u of upserts) {
      batch.push(u);
      inBatch += u.source.paragraphs.length;
      if (inBatch >= (options.chunk ?? 5000)) await send();
    }
    if (batch.length) await send();
    await pending;
    const count = key - firstKey;
    // The sequence as the writer's inserts would leave it.
    if (count) await c.query('SELECT setval($1::regclass, $2)', [seq, key - 1]);
    await writeLexicon(c, df, totals);
    const t1 = Date.now();
    await c.query(`SET LOCAL maintenance_work_mem = '${options.maintenanceWorkMem ?? '1GB'}'`);
    await c.query(`SET LOCAL max_parallel_maintenance_workers = ${Math.trunc(options.parallelWorkers ?? 1)}`);
    for (const sql of again) await c.query(sql);
    const t2 = Date.now();
    const h = options.hnsw ?? PG_HNSW;
    await c.query(`CREATE INDEX paragraphs_embedding ON paragraphs USING hnsw (embedding vector_cosine_ops) WITH (m = ${Math.trunc(h.m)}, ef_construction = ${Math.trunc(h.efConstruction)})`);
    const t3 = Date.now();
    await c.query('ANALYZE sources, paragraphs, postings, lexicon');
    await c.query('COMMIT');
    return { sources, paragraphs: count, revision, seconds: { load: (t1 - t0) / 1000, indexes: (t2 - t1) / 1000, hnsw: (t3 - t2) / 1000 } };
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}

