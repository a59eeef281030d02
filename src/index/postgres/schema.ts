// The database schema as numbered migrations. `migrate` applies the missing ones in one
// transaction each; every process checks the version at start and refuses a database
// that is behind (run `migrate`) or ahead (upgrade the bot) with a sentence saying so.
import type pg from 'pg';
import { IndexUnusableError } from '../store.js';

/** The schema version this build of newsroom-bot reads and writes. */
export const PG_SCHEMA_VERSION = 3;

/** Advisory lock keys (pg_advisory_lock takes a bigint): one writer, one digest run, one migration. */
export const LOCKS = { ingest: 7_215_001, digest: 7_215_002, migrate: 7_215_003 } as const;

/** The channel replicas LISTEN on; ingest NOTIFYs it at commit with the new revision. */
export const CHANGE_CHANNEL = 'newsroom_index';

const MIGRATIONS: { version: number; why: string; sql: string }[] = [
  {
    version: 1,
    why: 'sources, paragraphs (vectors and keyword search with BM25 statistics), statements, change log, digest state',
    sql: `
      CREATE EXTENSION IF NOT EXISTS vector;
      CREATE TABLE nb_meta (name text PRIMARY KEY, value jsonb NOT NULL);
      -- Every change gets the next revision; replicas read what is newer than what they have.
      CREATE SEQUENCE nb_revision;
      CREATE TABLE sources (
        id text PRIMARY KEY,
        title text NOT NULL,
        url text,
        published text,
        outlet text,
        path text,
        content_hash text NOT NULL,
        paragraphs integer NOT NULL,
        ingested_at text NOT NULL,
        revision bigint NOT NULL
      );
      CREATE INDEX sources_revision ON sources (revision);
      CREATE TABLE source_removals (id text NOT NULL, revision bigint NOT NULL);
      CREATE INDEX source_removals_revision ON source_removals (revision);
      -- The vector column gets its dimension (and its HNSW index) from the first ingest: the
      -- embedder decides it, and an embedder change retypes it (see writer.ts).
      CREATE TABLE paragraphs (
        key bigserial PRIMARY KEY,
        source_id text NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
        position integer NOT NULL,
        text text NOT NULL,
        section text,
        text_hash text NOT NULL,
        embedding vector,
        -- Keyword search: our own search terms (index/terms.ts: stop words out, Porter stems)
        -- written as a tsvector by us, not by a text search configuration, so the words are
        -- exactly the local index's. Weights mark the field: A text, B title, C section.
        tsv tsvector NOT NULL,
        -- Distinct terms per field: BM25's field lengths (as MiniSearch counts them).
        len_text integer NOT NULL,
        len_title integer NOT NULL,
        len_section integer NOT NULL,
        UNIQUE (source_id, position)
      );
      CREATE INDEX paragraphs_tsv ON paragraphs USING gin (tsv);
      -- BM25's postings (a term's paragraphs, with its frequency and the field's distinct-term
      -- count there), document frequencies per field and term, and the totals for its
      -- averages; kept by the writer in the same transaction as the paragraphs.
      CREATE TABLE postings (
        term text NOT NULL,
        field text NOT NULL,
        key bigint NOT NULL REFERENCES paragraphs (key) ON DELETE CASCADE,
        tf smallint NOT NULL,
        len smallint NOT NULL,
        PRIMARY KEY (term, field, key)
      );
      CREATE INDEX postings_key ON postings (key);
      CREATE TABLE lexicon (field text NOT NULL, term text NOT NULL, df integer NOT NULL, PRIMARY KEY (field, term));
      CREATE TABLE lexical_stats (
        id integer PRIMARY KEY CHECK (id = 1),
        paragraphs bigint NOT NULL,
        len_text bigint NOT NULL,
        len_title bigint NOT NULL,
        len_section bigint NOT NULL
      );
      INSERT INTO lexical_stats VALUES (1, 0, 0, 0, 0);
      CREATE TABLE statements (
        source_id text NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
        ord integer NOT NULL,
        statement jsonb NOT NULL,
        PRIMARY KEY (source_id, ord)
      );
      CREATE TABLE digest_state (id integer PRIMARY KEY CHECK (id = 1), state jsonb NOT NULL);
    `,
  },
  {
    version: 2,
    why: "a source's language, byline, the page's own last-modified time and whether it is a feed summary; table paragraphs",
    sql: `ALTER TABLE sources ADD COLUMN IF NOT EXISTS meta jsonb NOT NULL DEFAULT '{}'::jsonb;
      ALTER TABLE paragraphs ADD COLUMN IF NOT EXISTS is_table boolean NOT NULL DEFAULT false;`,
  },
  {
    version: 3,
    why: 'conversation state (thread follow-ups), shared by replicas',
    sql: `CREATE TABLE IF NOT EXISTS conversations (id text PRIMARY KEY, turns jsonb NOT NULL, updated_ms bigint NOT NULL);
      CREATE INDEX IF NOT EXISTS conversations_updated ON conversations (updated_ms);`,
  },
];

async function currentVersion(client: pg.ClientBase): Promise<number> {
  const t = await client.query(`SELECT to_regclass('nb_meta') IS NOT NULL AS ok`);
  if (!t.rows[0].ok) return 0;
  const r = await client.query(`SELECT value FROM nb_meta WHERE name = 'schema_version'`);
  return r.rows.length ? Number(r.rows[0].value) : 0;
}

/** Applies the missing migrations; returns the versions applied. Safe to run from several processes at once. */
export async function migrate(pool: pg.Pool): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCKS.migrate]);
    const applied: number[] = [];
    let version = await currentVersion(client);
    if (version > PG_SCHEMA_VERSION) throw aheadError(version);
    for (const m of MIGRATIONS.filter((x) => x.version > version)) {
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO nb_meta (name, value) VALUES ('schema_version', $1) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`, [JSON.stringify(m.version)]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.version} (${m.why}) failed: ${(err as Error).message}`);
      }
      version = m.version;
      applied.push(m.version);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCKS.migrate]).catch(() => undefined);
    client.release();
  }
}

function aheadError(version: number): IndexUnusableError {
  return new IndexUnusableError(
    `The database's schema is version ${version}, newer than this newsroom-bot reads (${PG_SCHEMA_VERSION}). Upgrade newsroom-bot on this machine to the version that migrated it.`,
  );
}

/** Refuses a database whose schema is not the one this build reads, saying what to run. */
export async function checkSchema(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    const version = await currentVersion(client);
    if (version === PG_SCHEMA_VERSION) return;
    if (version > PG_SCHEMA_VERSION) throw aheadError(version);
    throw new IndexUnusableError(
      version === 0
        ? 'The database in DATABASE_URL has no newsroom-bot tables yet. Create them with `newsroom-bot migrate` (npm run migrate), then ingest.'
        : `The database's schema is version ${version}; this newsroom-bot needs ${PG_SCHEMA_VERSION}. Upgrade it with \`newsroom-bot migrate\` (back it up first).`,
    );
  } finally {
    client.release();
  }
}
