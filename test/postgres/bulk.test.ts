// The bulk loader (index/postgres/bulk.ts) against the writer: the same sources loaded each
// way into a database of its own must leave the same rows, indexes and constraints, and
// PgIndex must answer the same from both. On a throwaway cluster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createAnswerer } from '../../src/answer/answerer.js';
import { bulkLoad, copyField, vectorCopyText } from '../../src/index/postgres/bulk.js';
import { createPool, inTransaction, migrate, PgIndex } from '../../src/index/postgres/index.js';
import { applyChange, lockForWriting } from '../../src/index/postgres/writer.js';
import type { SourceUpdate } from '../../src/index/paragraph-index.js';
import type { Source } from '../../src/types.js';
import { hashEmbedder } from '../fixtures/hash-embedder.js';
import { pgUnavailable, startCluster, type PgCluster } from '../fixtures/pg-cluster.js';

const unavailable = pgUnavailable();
if (unavailable) console.warn(`PostgreSQL bulk-load tests NOT RUN: ${unavailable}. To run them: sudo scripts/install-pgvector.sh.`);

const embedder = hashEmbedder();

function sources(): Source[] {
  const out: Source[] = [];
  for (let i = 0; i < 40; i++)
    out.push({
      id: `budget-${i}`,
      title: `Harbour budget ${i}`,
      contentHash: `h${i}`,
      url: i % 2 ? `https://example.org/${i}` : undefined,
      published: i % 3 ? '2026-03-01' : undefined,
      tags: i % 4 ? ['harbour'] : undefined,
      paragraphs: [
        { sourceId: `budget-${i}`, index: 1, text: `The harbour budget vote ${i} passed after the council debated it.` },
        { sourceId: `budget-${i}`, index: 2, text: `Spending on the harbour wall rose, the council said (${i}).`, section: 'Money' },
      ],
    });
  out.push({
    id: 'odd\ttext',
    title: 'Tabs, new lines and back\\slashes',
    outlet: 'The "Gazette"',
    author: 'A. Writer',
    contentHash: 'odd',
    paragraphs: [
      { sourceId: 'odd\ttext', index: 1, text: 'A line\nand another, a tab\there, a back\\slash and a quote \' in it: café, naïve.' },
      { sourceId: 'odd\ttext', index: 2, text: 'Item | Cost\nWall | 4m\nDredging | 2m', table: true },
    ],
  });
  return out;
}

async function updates(list: Source[]): Promise<SourceUpdate[]> {
  return Promise.all(list.map(async (source) => ({ source, vectors: await embedder.embedPassages(source.paragraphs.map((p) => p.text)), ingestedAt: '2026-03-02T00:00:00Z' })));
}

/** Everything the loaders write, as comparable rows. */
async function snapshot(pool: pg.Pool): Promise<Record<string, unknown[]>> {
  const q = async (sql: string) => (await pool.query(sql)).rows;
  return {
    sources: await q('SELECT * FROM sources ORDER BY id'),
    paragraphs: await q('SELECT key, source_id, position, text, section, text_hash, embedding::text, tsv::text, len_text, len_title, len_section, is_table FROM paragraphs ORDER BY key'),
    postings: await q('SELECT * FROM postings ORDER BY key, field, term'),
    lexicon: await q('SELECT * FROM lexicon ORDER BY field, term'),
    stats: await q('SELECT * FROM lexical_stats'),
    meta: await q(`SELECT name, value FROM nb_meta ORDER BY name`),
    indexes: await q(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname`),
    constraints: await q(`SELECT conrelid::regclass::text AS t, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY conname`),
    sequence: await q(`SELECT last_value, is_called FROM paragraphs_key_seq`),
  };
}

describe('bulk load text', () => {
  it('writes every float32 with digits enough to read back the same float32', () => {
    const v = new Float32Array(20_000);
    for (let i = 0; i < v.length; i++) v[i] = (Math.sin(i * 12.9898) * 43758.5453) % 1 * 10 ** ((i % 13) - 8);
    v[0] = 0;
    v[1] = -1.401298464324817e-45; // the smallest subnormal
    const back = vectorCopyText(v).slice(1, -1).split(',').map((x) => Math.fround(Number(x)));
    expect(back).toEqual(Array.from(v));
  });
  it("escapes COPY's text format", () => {
    expect(copyField('back\\slash')).toBe('back\\\\slash');
    expect(copyField('tab\there\nline\r')).toBe('tab\\there\\nline\\r');
    expect(copyField(null)).toBe('\\N');
  });
});

let cluster: PgCluster;
const pools: pg.Pool[] = [];

describe.skipIf(unavailable !== null)('bulk load on PostgreSQL', () => {
  let viaWriter: pg.Pool;
  let viaBulk: pg.Pool;
  beforeAll(async () => {
    cluster = await startCluster();
    [viaWriter, viaBulk] = await Promise.all(['writer', 'bulk'].map(async (name) => createPool(await cluster.createDatabase(name))));
    pools.push(viaWriter, viaBulk);
    await Promise.all(pools.map((p) => migrate(p)));
    const list = await updates(sources());
    await inTransaction(viaWriter, async (c) => {
      await lockForWriting(c);
      await applyChange(c, embedder, { upserts: list, removals: [] });
    });
    // Rounds of a few paragraphs, so keys run on across several COPYs.
    const r = await bulkLoad(viaBulk, embedder, list, { chunk: 7 });
    expect(r).toMatchObject({ sources: 41, paragraphs: 82 });
  }, 90_000);

  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    cluster?.remove();
  });

  it('writes the rows, indexes, constraints and key sequence the writer writes', async () => {
    const [a, b] = await Promise.all([snapshot(viaWriter), snapshot(viaBulk)]);
    expect(b.paragraphs).toHaveLength(82);
    expect(b.postings.length).toBeGreaterThan(500);
    expect(b).toEqual(a);
  });

  it('PgIndex searches and answers the same from both', async () => {
    const [w, k] = await Promise.all([PgIndex.open(viaWriter, embedder), PgIndex.open(viaBulk, embedder)]);
    expect(k.size).toBe(w.size);
    for (const question of ['harbour budget vote 7', 'how much did dredging cost?', 'what did the council say about the wall?']) {
      const vector = await embedder.embedQuery(question);
      const [vw, vk] = await Promise.all([w.prepare({ question, vector, candidates: 20 }), k.prepare({ question, vector, candidates: 20 })]);
      const rows = (v: typeof vw, hits: { key: number; score: number }[]) => hits.map((h) => [v.paragraph(h.key)!.sourceId, v.paragraph(h.key)!.index, h.score.toFixed(6)]);
      expect(rows(vk, vk.dense(vector, 20))).toEqual(rows(vw, vw.dense(vector, 20)));
      expect(rows(vk, vk.lexical(question, 20))).toEqual(rows(vw, vw.lexical(question, 20)));
      const [aw, ak] = await Promise.all([createAnswerer({ index: () => w, embedder }).ask(question), createAnswerer({ index: () => k, embedder }).ask(question)]);
      expect({ ...ak, asOf: undefined }).toEqual({ ...aw, asOf: undefined });
      expect(ak.excerpts.length).toBeGreaterThan(0);
    }
  });

  it('refuses a database that already holds sources', async () => {
    await expect(bulkLoad(viaBulk, embedder, await updates(sources().slice(0, 1)))).rejects.toThrow(/empty index/);
  });
});
