// The search filter on the PostgreSQL backend: `WHERE source_id = ANY(...)` inside the
// dense and keyword queries (prepare's PrepareRequest.filter), checked against the local
// index on the same sources, on a throwaway cluster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { LocalIndex } from '../../src/index/local-index.js';
import { createPool, ingestToPostgres, migrate, PgIndex } from '../../src/index/postgres/index.js';
import { prepared } from '../../src/index/prepare.js';
import { hybridSearch } from '../../src/search/search.js';
import type { Source } from '../../src/types.js';
import { hashEmbedder } from '../fixtures/hash-embedder.js';
import { pgUnavailable, startCluster, type PgCluster } from '../fixtures/pg-cluster.js';

const unavailable = pgUnavailable();
if (unavailable) console.warn(`PostgreSQL search-filter tests NOT RUN: ${unavailable}. To run them: sudo scripts/install-pgvector.sh.`);

const embedder = hashEmbedder();

function stories(): Source[] {
  const sources: Source[] = [];
  const add = (id: string, texts: string[]) =>
    sources.push({ id, title: id.replace(/-/g, ' '), contentHash: `h-${id}-${texts.length}`, paragraphs: texts.map((text, i) => ({ sourceId: id, index: i + 1, text })) });
  for (let i = 0; i < 600; i++) add(`budget-${i}`, [`The harbour budget vote ${i} passed after the council debated the harbour budget.`, `Harbour budget spending on the harbour wall rose, the council said (${i}).`]);
  add('strike-a', ['Ferry crews walked out on Tuesday morning over pay.', 'The union said the harbour would stay closed to ferries.', 'Talks resume next week, the operator said.']);
  add('strike-b', ['Ferry crews voted to strike again.', 'The harbour budget was not discussed at the union meeting.']);
  return sources;
}

let cluster: PgCluster;
let pool: pg.Pool;
let url: string;
let db: PgIndex;
let local: LocalIndex;

describe.skipIf(unavailable !== null)('search filter on PostgreSQL', () => {
  beforeAll(async () => {
    cluster = await startCluster();
    url = await cluster.createDatabase('filter');
    pool = createPool(url);
    await migrate(pool);
    const sources = stories();
    await ingestToPostgres({ pool, embedder, paths: [], sources });
    db = await PgIndex.open(pool, embedder);
    local = LocalIndex.empty({ id: embedder.id, dimension: embedder.dimension }, 64);
    const vectors = await Promise.all(sources.map((s) => embedder.embedPassages(s.paragraphs.map((p) => p.text))));
    local.apply({ upserts: sources.map((source, i) => ({ source, vectors: vectors[i], ingestedAt: '2026-03-01T00:00:00Z' })), removals: [] });
  }, 90_000);

  afterAll(async () => {
    await pool?.end();
    cluster?.remove();
  });

  const filter = { sourceIds: new Set(['strike-a', 'strike-b']) };
  const texts = (index: { paragraph(key: number): { text: string } | undefined }, keys: { key: number }[]) => keys.map((h) => index.paragraph(h.key)!.text);

  it('dense and keyword candidates come only from the filtered sources, k of them, ranked as the local index ranks them', async () => {
    const question = 'harbour budget vote';
    const vector = await embedder.embedQuery(question);
    const view = await db.prepare({ question, vector, candidates: 4, filter });
    const dense = view.dense(vector, 4, filter);
    expect(dense).toHaveLength(4);
    expect(texts(view, dense)).toEqual(texts(local, local.dense(vector, 4, filter)));
    const lexical = view.lexical(question, 4, filter);
    expect(texts(view, lexical)).toEqual(texts(local, local.lexical(question, 4, filter)));
    expect(texts(view, lexical)).toContain('The harbour budget was not discussed at the union meeting.');
    // Unfiltered, the top candidates are all budget stories: the filter is not a post-filter.
    const plain = await db.prepare({ question, vector, candidates: 4 });
    expect(plain.dense(vector, 4).every((h) => plain.paragraph(h.key)!.sourceId.startsWith('budget'))).toBe(true);
  });

  it('a wide filter goes through the HNSW index scan and still returns k rows from inside it', async () => {
    // A table this small is read whole (or through the source_id index, then sorted) unless
    // those plans are off: this is the plan a large archive gets, the filter applied during
    // the HNSW index scan.
    for (const setting of ['enable_seqscan', 'enable_sort', 'enable_bitmapscan']) await pool.query(`ALTER DATABASE filter SET ${setting} = off`);
    const indexPool = createPool(url);
    try {
      const viaIndex = await PgIndex.open(indexPool, embedder);
      viaIndex.exactDenseLimit = 0;
      const vector = await embedder.embedQuery('harbour budget vote');
      const plan = await indexPool.query(`EXPLAIN SELECT key FROM paragraphs WHERE source_id = ANY($2::text[]) ORDER BY embedding <=> $1::vector LIMIT 5`, [
        `[${[...vector].join(',')}]`,
        [...filter.sourceIds],
      ]);
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index Scan using \S*embedding/);
      const view = await viaIndex.prepare({ vector, candidates: 5, filter });
      const hits = view.dense(vector, 5, filter);
      expect(hits).toHaveLength(5);
      expect(hits.every((h) => filter.sourceIds.has(view.paragraph(h.key)!.sourceId))).toBe(true);
    } finally {
      await indexPool.end();
    }
  });

  it('hybrid search through prepared() answers under the filter; a view refuses another filter; an empty filter selects nothing', async () => {
    const question = 'ferry strike harbour';
    const vector = await embedder.embedQuery(question);
    const view = await prepared(db, { question, vector, candidates: 20, filter: { sourceIds: new Set(['strike-b', 'budget-3']) } });
    const ranked = hybridSearch(view, question, vector, { k: 4, candidates: 20, filter: { sourceIds: new Set(['budget-3', 'strike-b']) } });
    expect(ranked.length).toBe(4);
    expect(new Set(ranked.map((r) => r.source.id))).toEqual(new Set(['strike-b', 'budget-3']));
    expect(() => hybridSearch(view, question, vector, { filter })).toThrow(/filter it was prepared with/);
    const none = await db.prepare({ question, vector, filter: { sourceIds: new Set() } });
    expect(hybridSearch(none, question, vector, { filter: { sourceIds: new Set() } })).toEqual([]);
  });
});
