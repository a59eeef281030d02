// Writing a change to the database: one transaction per change, under one advisory lock,
// so replicas see a source whole or not at all and two ingests queue instead of racing.
// The change bumps the revision and NOTIFYs it at commit (replicas pick it up from there).
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Statement } from '../../types.js';
import type { SourceUpdate } from '../paragraph-index.js';
import { terms } from '../terms.js';
import { PG_HNSW, vectorText } from './pool.js';
import { CHANGE_CHANNEL, LOCKS } from './schema.js';

export interface Embedding {
  id: string;
  dimension: number;
}

export interface PgChange {
  upserts: SourceUpdate[];
  removals: string[];
  statements?: (sourceIds: string[]) => Statement[];
  /** Empty the index first (a rebuild, or a new embedder). */
  reset?: boolean;
}

/** Rows per INSERT: bounds the size of one statement's parameters. */
const BATCH = 500;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The embedder the stored vectors were made with, or undefined for an empty database. */
export async function storedEmbedder(client: pg.ClientBase | pg.Pool): Promise<Embedding | undefined> {
  const r = await client.query(`SELECT value FROM nb_meta WHERE name = 'embedder'`);
  return r.rows[0]?.value as Embedding | undefined;
}

/**
 * Gives the vector column the embedder's dimension and its HNSW index. Only for an empty
 * paragraphs table (first ingest, or after `reset`): existing vectors are never mixed.
 */
async function setEmbedder(client: pg.ClientBase, embedder: Embedding): Promise<void> {
  await client.query('DROP INDEX IF EXISTS paragraphs_embedding');
  await client.query(`ALTER TABLE paragraphs ALTER COLUMN embedding TYPE vector(${Math.trunc(embedder.dimension)})`);
  await client.query(
    `CREATE INDEX paragraphs_embedding ON paragraphs USING hnsw (embedding vector_cosine_ops) WITH (m = ${PG_HNSW.m}, ef_construction = ${PG_HNSW.efConstruction})`,
  );
  await client.query(`INSERT INTO nb_meta (name, value) VALUES ('embedder', $1) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`, [JSON.stringify(embedder)]);
}

/** The source rows as they are now (read inside the writer's lock, they cannot change under it). */
export async function sourceHashes(client: pg.ClientBase | pg.Pool): Promise<Map<string, { contentHash: string; path?: string }>> {
  const r = await client.query('SELECT id, content_hash, path FROM sources');
  return new Map(r.rows.map((row) => [row.id as string, { contentHash: row.content_hash as string, path: (row.path as string | null) ?? undefined }]));
}

/** Takes the writer's lock for the rest of the transaction: a second ingest waits here. */
export async function lockForWriting(client: pg.ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.ingest]);
}

/** Applies a change inside the caller's transaction (which holds the writer's lock). Returns the new revision. */
export async function applyChange(client: pg.ClientBase, embedder: Embedding, change: PgChange): Promise<number> {
  const stored = await storedEmbedder(client);
  if (change.reset) {
    await client.query('TRUNCATE sources, paragraphs, postings, statements, lexicon');
    await client.query('UPDATE lexical_stats SET paragraphs = 0, len_text = 0, len_title = 0, len_section = 0');
  }
  if (change.reset || !stored || stored.id !== embedder.id || stored.dimension !== embedder.dimension) {
    const count = await client.query('SELECT EXISTS (SELECT 1 FROM paragraphs) AS any');
    if (count.rows[0].any) throw new Error(`the database holds vectors from ${stored?.id}; refusing to add ones from ${embedder.id} without a rebuild`);
    await setEmbedder(client, embedder);
  }
  const revision = Number((await client.query(`SELECT nextval('nb_revision') AS r`)).rows[0].r);
  const touched = [...new Set([...change.removals, ...change.upserts.map((u) => u.source.id)])];
  if (touched.length) {
    await forgetTerms(client, touched);
    await client.query('DELETE FROM sources WHERE id = ANY($1::text[])', [touched]);
  }
  const upserted = new Set(change.upserts.map((u) => u.source.id));
  const removed = change.removals.filter((id) => !upserted.has(id));
  if (removed.length) await client.query('INSERT INTO source_removals (id, revision) SELECT unnest($1::text[]), $2', [removed, revision]);
  for (let i = 0; i < change.upserts.length; i += BATCH) await insertSources(client, change.upserts.slice(i, i + BATCH), revision);
  await insertParagraphs(client, change.upserts);
  await markTables(client, change.upserts);
  if (change.statements && change.upserts.length) await insertStatements(client, change.statements([...upserted]));
  await client.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, String(revision)]);
  return revision;
}

async function insertSources(client: pg.ClientBase, upserts: SourceUpdate[], revision: number): Promise<void> {
  const col = <T>(f: (u: SourceUpdate) => T) => upserts.map(f);
  await client.query(
    `INSERT INTO sources (id, title, url, published, outlet, path, content_hash, paragraphs, ingested_at, meta, revision)
     SELECT *, $11::bigint FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[], $10::jsonb[])`,
    [
      col((u) => u.source.id),
      col((u) => u.source.title),
      col((u) => u.source.url ?? null),
      col((u) => u.source.published ?? null),
      col((u) => u.source.outlet ?? null),
      col((u) => u.source.path ?? null),
      col((u) => u.source.contentHash ?? ''),
      col((u) => u.source.paragraphs.length),
      col((u) => u.ingestedAt),
      col((u) => JSON.stringify(sourceMeta(u.source))),
      revision,
    ],
  );
}

/** Takes the paragraphs of these sources out of the BM25 statistics (before they are deleted). */
async function forgetTerms(client: pg.ClientBase, sourceIds: string[]): Promise<void> {
  await client.query(
    `WITH gone AS (SELECT key, len_text, len_title, len_section FROM paragraphs WHERE source_id = ANY($1::text[])),
     d AS (SELECT po.field, po.term, count(*)::int AS n FROM postings po WHERE po.key IN (SELECT key FROM gone) GROUP BY 1, 2),
     upd AS (UPDATE lexicon l SET df = l.df - d.n FROM d WHERE l.field = d.field AND l.term = d.term RETURNING 1)
     UPDATE lexical_stats SET paragraphs = paragraphs - (SELECT count(*) FROM gone),
       len_text = len_text - (SELECT coalesce(sum(len_text), 0) FROM gone),
       len_title = len_title - (SELECT coalesce(sum(len_title), 0) FROM gone),
       len_section = len_section - (SELECT coalesce(sum(len_section), 0) FROM gone)
     WHERE (SELECT count(*) FROM upd) >= 0`,
    [sourceIds],
  );
}

/** Field weights in the tsvector: A text, B title, C section. */
export const FIELD_WEIGHT = { text: 'A', title: 'B', section: 'C' } as const;

/**
 * A paragraph's terms as a tsvector literal ("'harbour':1A,9A 'council':12B"), field
 * marked by weight, with its distinct-term count per field (BM25's field lengths).
 */
export function lexicalRow(text: string, title: string, section: string): { tsv: string; lengths: [number, number, number]; fields: [string, Map<string, number>][] } {
  const positions = new Map<string, string[]>();
  let at = 0;
  const fields: [string, Map<string, number>][] = [];
  for (const [weight, words] of [[FIELD_WEIGHT.text, terms(text)], [FIELD_WEIGHT.title, terms(title)], [FIELD_WEIGHT.section, terms(section)]] as const) {
    for (const w of words) {
      // tsvector positions stop at 16383 and 256 per lexeme; paragraphs are far shorter.
      at = Math.min(at + 1, 16383);
      const list = positions.get(w) ?? [];
      if (list.length < 255) list.push(`${at}${weight}`);
      positions.set(w, list);
    }
    const tf = new Map<string, number>();
    for (const w of words) tf.set(w, Math.min(32767, (tf.get(w) ?? 0) + 1));
    fields.push([weight, tf]);
  }
  const tsv = [...positions].map(([w, list]) => `'${w.replace(/\\/g, '\\\\').replace(/'/g, "''")}':${list.join(',')}`).join(' ');
  return { tsv, lengths: [fields[0][1].size, fields[1][1].size, fields[2][1].size], fields };
}

async function insertParagraphs(client: pg.ClientBase, upserts: SourceUpdate[]): Promise<void> {
  type Row = [string, number, string, string | null, string, string, string, number, number, number];
  let rows: Row[] = [];
  let lexical: ReturnType<typeof lexicalRow>[] = [];
  const df = new Map<string, number>();
  const totals = [0, 0, 0, 0];
  const flush = async () => {
    if (!rows.length) return;
    const cols = rows[0].map((_, c) => rows.map((r) => r[c]));
    const inserted = await client.query(
      `INSERT INTO paragraphs (source_id, position, text, section, text_hash, embedding, tsv, len_text, len_title, len_section)
       SELECT s, p, t, sec, h, e::vector, v::tsvector, a, b, c
       FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::int[], $10::int[]) AS x(s, p, t, sec, h, e, v, a, b, c)
       RETURNING key, source_id, position`,
      cols,
    );
    const keyOf = new Map(inserted.rows.map((r) => [`${r.source_id}\u0000${r.position}`, r.key as string]));
    const post: [string[], string[], string[], number[], number[]] = [[], [], [], [], []];
    rows.forEach((row, i) => {
      const key = keyOf.get(`${row[0]}\u0000${row[1]}`)!;
      for (const [field, tf] of lexical[i].fields)
        for (const [term, n] of tf) {
          post[0].push(term);
          post[1].push(field);
          post[2].push(key);
          post[3].push(n);
          post[4].push(Math.min(32767, tf.size));
        }
    });
    await client.query('INSERT INTO postings (term, field, key, tf, len) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::int[], $5::int[])', post);
    rows = [];
    lexical = [];
  };
  for (const { source, vectors } of upserts) {
    if (vectors.length !== source.paragraphs.length) throw new Error(`source ${source.id}: ${source.paragraphs.length} paragraphs but ${vectors.length} vectors`);
    for (const [i, p] of source.paragraphs.entries()) {
      const lex = lexicalRow(p.text, source.title, p.section ?? '');
      countLexicon(lex, df, totals);
      rows.push([source.id, p.index, p.text, p.section ?? null, sha256(p.text), vectorText(vectors[i]), lex.tsv, ...lex.lengths]);
      lexical.push(lex);
      if (rows.length >= BATCH) await flush();
    }
  }
  await flush();
  await writeLexicon(client, df, totals);
}

/** A paragraph's terms counted into the document frequencies (`field\0term`) and the BM25 totals [paragraphs, text, title, section lengths]. */
export function countLexicon(lex: ReturnType<typeof lexicalRow>, df: Map<string, number>, totals: number[]): void {
  for (const [field, tf] of lex.fields) for (const w of tf.keys()) df.set(`${field}\u0000${w}`, (df.get(`${field}\u0000${w}`) ?? 0) + 1);
  totals[0]++;
  lex.lengths.forEach((n, f) => (totals[f + 1] += n));
}

/** Document frequencies and the BM25 totals added to the database's (the writer's and the bulk loader's). */
export async function writeLexicon(c: pg.ClientBase, df: Map<string, number>, totals: number[]): Promise<void> {
  const entries = [...df].map(([k, n]) => [...k.split('\u0000'), n] as [string, string, number]);
  for (let i = 0; i < entries.length; i += 5000) {
    const part = entries.slice(i, i + 5000);
    await c.query(
      `INSERT INTO lexicon (field, term, df) SELECT * FROM unnest($1::text[], $2::text[], $3::int[])
       ON CONFLICT (field, term) DO UPDATE SET df = lexicon.df + EXCLUDED.df`,
      [part.map((e) => e[0]), part.map((e) => e[1]), part.map((e) => e[2])],
    );
  }
  await c.query('UPDATE lexical_stats SET paragraphs = paragraphs + $1, len_text = len_text + $2, len_title = len_title + $3, len_section = len_section + $4', totals);
}

async function insertStatements(client: pg.ClientBase, statements: Statement[]): Promise<void> {
  const ord = new Map<string, number>();
  for (let i = 0; i < statements.length; i += BATCH) {
    const part = statements.slice(i, i + BATCH);
    const ords = part.map((s) => {
      const n = (ord.get(s.sourceId) ?? 0) + 1;
      ord.set(s.sourceId, n);
      return n;
    });
    await client.query('INSERT INTO statements (source_id, ord, statement) SELECT * FROM unnest($1::text[], $2::int[], $3::jsonb[])', [
      part.map((s) => s.sourceId),
      ords,
      part.map((s) => JSON.stringify(s)),
    ]);
  }
}

/** The optional source fields kept in `sources.meta` (schema 2). */
export function sourceMeta(s: { language?: string; modified?: string; author?: string; summaryOnly?: boolean; tags?: string[]; feed?: string }): Record<string, string | boolean | string[]> {
  return {
    ...(s.tags?.length ? { tags: s.tags } : {}),
    ...(s.feed ? { feed: s.feed } : {}),
    ...(s.language ? { language: s.language } : {}),
    ...(s.modified ? { modified: s.modified } : {}),
    ...(s.author ? { author: s.author } : {}),
    ...(s.summaryOnly ? { summaryOnly: true } : {}),
  };
}

/** Table paragraphs (schema 2): their rows are quoted as rows, never as sentences. */
async function markTables(client: pg.ClientBase, upserts: SourceUpdate[]): Promise<void> {
  const tables = upserts.flatMap((u) => u.source.paragraphs.filter((p) => p.table).map((p) => [u.source.id, p.index] as const));
  if (!tables.length) return;
  await client.query(
    'UPDATE paragraphs SET is_table = true FROM unnest($1::text[], $2::int[]) AS t(s, p) WHERE paragraphs.source_id = t.s AND paragraphs.position = t.p',
    [tables.map((t) => t[0]), tables.map((t) => t[1])],
  );
}
