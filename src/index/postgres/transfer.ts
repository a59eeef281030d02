// Moving an index between the local snapshot folder and PostgreSQL, vectors included, so
// neither direction re-embeds anything. Import writes batches of sources, each batch one
// transaction (a million-source archive would be too big for one); export builds a
// LocalIndex and saves it as a snapshot the usual way.
import type pg from 'pg';
import type { Statement } from '../../types.js';
import { LocalIndex } from '../local-index.js';
import type { SourceUpdate } from '../paragraph-index.js';
import { loadIndex, saveIndex } from '../store.js';
import { inTransaction, vectorFromSend } from './pool.js';
import { checkSchema } from './schema.js';
import { applyChange, sourceMeta, lockForWriting, sourceHashes, storedEmbedder } from './writer.js';

const SOURCES_PER_BATCH = 200;

export interface TransferReport {
  sources: number;
  paragraphs: number;
  statements: number;
}

/** Copies the local index in `indexDir` into the database, replacing what the database held. */
export async function importLocalIndex(pool: pg.Pool, indexDir: string, onProgress?: (done: number, total: number) => void): Promise<TransferReport> {
  await checkSchema(pool);
  const local = loadIndex(indexDir);
  const statementsOf = new Map<string, Statement[]>();
  for (const s of local.statements()) statementsOf.set(s.sourceId, [...(statementsOf.get(s.sourceId) ?? []), s]);
  const records = local.sources();
  const report: TransferReport = { sources: 0, paragraphs: 0, statements: local.statements().length };
  for (let i = 0; i < records.length || i === 0; i += SOURCES_PER_BATCH) {
    const batch = records.slice(i, i + SOURCES_PER_BATCH);
    const upserts: SourceUpdate[] = batch.map((r) => {
      const paragraphs = local.paragraphsOf(r.id);
      return {
        source: {
          id: r.id,
          title: r.title,
          ...(r.url ? { url: r.url } : {}),
          ...(r.published ? { published: r.published } : {}),
          ...(r.outlet ? { outlet: r.outlet } : {}),
          ...(r.path ? { path: r.path } : {}),
          ...sourceMeta(r),
          contentHash: r.contentHash,
          paragraphs: paragraphs.map(({ sourceId, index, text, section, table }) => ({ sourceId, index, text, ...(section !== undefined ? { section } : {}), ...(table ? { table } : {}) })),
        },
        vectors: paragraphs.map((p) => local.vector(p.key)!),
        ingestedAt: r.ingestedAt,
      };
    });
    await inTransaction(pool, async (client) => {
      await lockForWriting(client);
      // The first batch empties the database; replicas are told of the sources that go.
      const gone = i === 0 ? [...(await sourceHashes(client)).keys()].filter((id) => !local.source(id)) : [];
      await applyChange(client, local.embedder, { upserts, removals: gone, reset: i === 0, statements: (ids) => ids.flatMap((id) => statementsOf.get(id) ?? []) });
    });
    report.sources += batch.length;
    report.paragraphs += upserts.reduce((n, u) => n + u.vectors.length, 0);
    onProgress?.(report.sources, records.length);
  }
  return report;
}

/** Writes the database's index as a new snapshot in `indexDir` (the local backend's format). */
export async function exportToLocalIndex(pool: pg.Pool, indexDir: string): Promise<TransferReport & { snapshot: string }> {
  await checkSchema(pool);
  const embedder = await storedEmbedder(pool);
  if (!embedder) throw new Error('The database holds no index yet: nothing to export.');
  const client = await pool.connect();
  try {
    // One snapshot of the database for the whole export, whatever ingests commit meanwhile.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const sources = (await client.query('SELECT * FROM sources ORDER BY revision, id')).rows;
    const total = Number((await client.query('SELECT count(*) AS n FROM paragraphs')).rows[0].n);
    const index = LocalIndex.empty(embedder, Math.max(1, total));
    const report = { sources: 0, paragraphs: 0, statements: 0 };
    for (let i = 0; i < sources.length; i += SOURCES_PER_BATCH) {
      const batch = sources.slice(i, i + SOURCES_PER_BATCH);
      const ids = batch.map((s) => s.id as string);
      const rows = (await client.query('SELECT source_id, position, text, section, is_table, vector_send(embedding) AS v FROM paragraphs WHERE source_id = ANY($1::text[]) ORDER BY source_id, key', [ids])).rows;
      const st = (await client.query('SELECT statement FROM statements WHERE source_id = ANY($1::text[]) ORDER BY source_id, ord', [ids])).rows.map((r) => r.statement as Statement);
      const byId = new Map<string, typeof rows>();
      for (const r of rows) byId.set(r.source_id, [...(byId.get(r.source_id) ?? []), r]);
      index.apply({
        upserts: batch.map((s) => {
          const paras = byId.get(s.id) ?? [];
          return {
            source: {
              id: s.id,
              title: s.title,
              ...(s.url ? { url: s.url } : {}),
              ...(s.published ? { published: s.published } : {}),
              ...(s.outlet ? { outlet: s.outlet } : {}),
              ...(s.path ? { path: s.path } : {}),
              contentHash: s.content_hash,
              ...(s.meta ?? {}),
              paragraphs: paras.map((p) => ({ sourceId: s.id, index: p.position, text: p.text, ...(p.section !== null ? { section: p.section } : {}), ...(p.is_table ? { table: true as const } : {}) })),
            },
            vectors: paras.map((p) => vectorFromSend(p.v)),
            ingestedAt: s.ingested_at,
          };
        }),
        removals: [],
        statements: () => st,
      });
      report.sources += batch.length;
      report.paragraphs += rows.length;
      report.statements += st.length;
    }
    await client.query('COMMIT');
    const snapshot = saveIndex(indexDir, index);
    return { ...report, snapshot };
  } finally {
    client.release();
  }
}
