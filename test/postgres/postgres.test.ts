// The PostgreSQL backend against a real server: a cluster of our own (initdb in a temp
// folder, 127.0.0.1, a free port), removed afterwards. Without PostgreSQL and pgvector on
// the machine these tests cannot run; one line says so and how to get them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer } from '../../src/answer/answerer.js';
import { loadConfig } from '../../src/config.js';
import { createDigestService } from '../../src/digest/service.js';
import { createLocalEmbedder } from '../../src/embed/local.js';
import type { Embedder } from '../../src/embed/embedder.js';
import { ingest } from '../../src/index/ingest.js';
import { loadIndex, saveIndex } from '../../src/index/store.js';
import {
  checkSchema,
  createPool,
  exportToLocalIndex,
  importLocalIndex,
  ingestToPostgres,
  migrate,
  PgIndex,
  pgDigestState,
} from '../../src/index/postgres/index.js';
import { silentLogger } from '../../src/log.js';
import { openRuntime, statementsOf } from '../../src/wiring.js';
import { fakePlatform } from '../digest/helpers.js';
import { hashEmbedder } from '../fixtures/hash-embedder.js';
import { pgUnavailable, startCluster, type PgCluster } from '../fixtures/pg-cluster.js';
import { OFF_TOPIC_QUESTIONS, SEED_QUESTIONS } from '../fixtures/seed-questions.js';
import type pg from 'pg';

const unavailable = pgUnavailable();
if (unavailable) {
  console.warn(`PostgreSQL backend tests NOT RUN: ${unavailable}. To run them: sudo scripts/install-pgvector.sh (PostgreSQL 15 in /usr/lib/postgresql/15/bin), then npx vitest run test/postgres.`);
}

let cluster: PgCluster;
const pools: pg.Pool[] = [];
const dirs: string[] = [];
let dbCount = 0;

async function freshDatabase(): Promise<{ url: string; pool: pg.Pool }> {
  const url = await cluster.createDatabase(`t${++dbCount}`);
  const pool = createPool(url);
  pools.push(pool);
  await migrate(pool);
  return { url, pool };
}

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/** `n` small articles in a folder: `<prefix><i>.md`, three paragraphs each. */
function writeArticles(dir: string, prefix: string, from: number, to: number, edition = 1): void {
  mkdirSync(dir, { recursive: true });
  for (let i = from; i < to; i++) {
    writeFileSync(
      join(dir, `${prefix}${i}.md`),
      `# Council story ${prefix}${i}\n\nThe council of town ${i} voted ${i + edition} to ${i} on the budget for the harbour.\n\nResidents of town ${i} asked about the ferry timetable and the bridge repairs.\n\nThe mayor of town ${i} said the next meeting is in spring, edition ${edition}.\n`,
    );
  }
}

describe.skipIf(unavailable !== null)('PostgreSQL backend', () => {
  beforeAll(async () => {
    cluster = await startCluster();
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled(pools.map((p) => p.end()));
    cluster?.remove();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('refuses an unmigrated database with the command to run, and migrates once', async () => {
    const url = await cluster.createDatabase('fresh');
    const pool = createPool(url);
    pools.push(pool);
    await expect(checkSchema(pool)).rejects.toThrow(/newsroom-bot migrate/);
    expect(await migrate(pool)).toEqual([1, 2, 3]);
    expect(await migrate(pool)).toEqual([]);
    await expect(checkSchema(pool)).resolves.toBeUndefined();
    // A database left at version 1 by an older bot is told to migrate, and upgrades to 2.
    await pool.query(`UPDATE nb_meta SET value = '1' WHERE name = 'schema_version'`);
    await expect(checkSchema(pool)).rejects.toThrow(/newsroom-bot migrate/);
    expect(await migrate(pool)).toEqual([2, 3]);
    await pool.query(`UPDATE nb_meta SET value = '99' WHERE name = 'schema_version'`);
    await expect(checkSchema(pool)).rejects.toThrow(/version 99, newer than this newsroom-bot reads \(3\)/);
  });

  it('ranks keywords as the local index does (its BM25, computed in SQL), also after sources are replaced and removed', async () => {
    const { pool } = await freshDatabase();
    const corpus = tempDir('pg-bm25-');
    writeArticles(corpus, 'x', 0, 6);
    const embedder = hashEmbedder();
    const localDir = tempDir('pg-bm25-local-');
    for (const [round, paths] of [['seeds', corpus], ['seeds', corpus]].entries()) {
      // The local index is rebuilt: MiniSearch counts a replaced paragraph in its document
      // frequencies until its next vacuum, so only a fresh one has the exact statistics.
      await ingest({ paths, indexDir: localDir, embedder, rebuild: round === 1 });
      await ingestToPostgres({ pool, embedder, paths });
      // Second round: one article changed and one gone, so the statistics must be kept, not rebuilt.
      writeArticles(corpus, 'x', 1, 2, 7);
      rmSync(join(corpus, 'x4.md'), { force: true });
    }
    const local = loadIndex(localDir);
    const db = await PgIndex.open(pool, embedder);
    const questions = [...SEED_QUESTIONS.map((q) => q.question), 'council budget harbour ferry', 'town 3 town 3 bridge'];
    for (const question of questions) {
      const view = await db.prepare({ question, candidates: 20 });
      const mine = view.lexical(question, 20).map((h) => ({ at: `${view.paragraph(h.key)!.sourceId}#${view.paragraph(h.key)!.index}`, score: h.score }));
      const theirs = local.lexical(question, 20).map((h) => ({ at: `${local.paragraph(h.key)!.sourceId}#${local.paragraph(h.key)!.index}`, score: h.score }));
      expect(mine.length, question).toBe(theirs.length);
      mine.forEach((m, i) => expect(m.score, question).toBeCloseTo(theirs[i].score, 6));
      // Same order, except among equal scores.
      expect(mine.map((m) => m.at).sort(), question).toEqual(theirs.map((t) => t.at).sort());
    }
    // Over the budget, the rarest term brings the candidates and the others still add to their scores.
    const question = 'Starmer ceasefire Putin';
    const full = await db.prepare({ question, candidates: 500 });
    const fullScore = new Map(full.lexical(question, 500).map((h) => [h.key, h.score]));
    db.lexicalBudget = 1;
    const limited = await db.prepare({ question, candidates: 500 });
    const hits = limited.lexical(question, 500);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThan(fullScore.size);
    for (const h of hits) {
      expect(limited.paragraph(h.key)!.text.toLowerCase()).toContain('starmer');
      expect(h.score).toBeCloseTo(fullScore.get(h.key)!, 9);
    }
  });

  it('ingests incrementally by content hash, and refuses to mix embedders', async () => {
    const { pool } = await freshDatabase();
    const corpus = tempDir('pg-corpus-');
    writeArticles(corpus, 'a', 0, 6);
    const embedder = hashEmbedder();
    const first = await ingestToPostgres({ pool, embedder, paths: [corpus], statements: statementsOf });
    expect(first.added).toHaveLength(6);
    expect(first.paragraphsTotal).toBe(first.paragraphsEmbedded);
    const again = await ingestToPostgres({ pool, embedder, paths: [corpus] });
    expect(again).toMatchObject({ added: [], updated: [], removed: [], paragraphsEmbedded: 0 });
    writeArticles(corpus, 'a', 2, 3, 2);
    rmSync(join(corpus, 'a5.md'));
    const third = await ingestToPostgres({ pool, embedder, paths: [corpus] });
    expect(third).toMatchObject({ added: [], updated: ['a2'], removed: ['a5'], sourcesTotal: 5 });
    expect(third.paragraphsEmbedded).toBe(3);

    const other = hashEmbedder('test:other', 16);
    await expect(ingestToPostgres({ pool, embedder: other, paths: [join(corpus, 'a1.md')] })).rejects.toThrow(/built with test:hash/);
    const notes: string[] = [];
    const rebuilt = await ingestToPostgres({ pool, embedder: other, paths: [corpus], onNote: (m) => notes.push(m) });
    expect(notes.join()).toMatch(/rebuilding it/);
    expect(rebuilt.sourcesTotal).toBe(5);
    const dims = await pool.query(`SELECT DISTINCT vector_dims(embedding) AS d FROM paragraphs`);
    expect(dims.rows).toEqual([{ d: 16 }]);
  });

  it('two ingests at once and two replicas: every source whole, once, and seen by both replicas within seconds', async () => {
    const { url, pool } = await freshDatabase();
    const dirA = tempDir('pg-a-');
    const dirB = tempDir('pg-b-');
    writeArticles(dirA, 'a', 0, 30);
    writeArticles(dirB, 'b', 0, 30);
    // The same article in both folders: both ingests want to add it.
    writeArticles(dirA, 'shared', 0, 1);
    writeArticles(dirB, 'shared', 0, 1);
    const embedder = hashEmbedder();
    await ingestToPostgres({ pool, embedder, paths: [join(dirA, 'a0.md')] }); // gives the database its embedder
    const replicas = [await PgIndex.open(createPool(url), embedder), await PgIndex.open(createPool(url), embedder)];
    replicas.forEach((r) => pools.push(r.pool));

    // Each replica keeps reading changes and checks that every source it sees is whole.
    let running = true;
    const halfSeen: string[] = [];
    const watch = async (replica: PgIndex) => {
      while (running) {
        await replica.refresh();
        const view = await replica.prepare({ sourceIds: replica.sources().map((s) => s.id) });
        for (const s of replica.sources()) if (view.paragraphsOf(s.id).length !== s.paragraphs) halfSeen.push(s.id);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const watchers = replicas.map(watch);
    let waited = false;
    const poolB = createPool(url);
    pools.push(poolB);
    const [a, b] = await Promise.all([
      // The first to take the lock holds it a while: the other must wait, not interleave.
      ingestToPostgres({ pool, embedder, paths: [dirA], beforeCommit: () => new Promise((r) => setTimeout(r, 400)) }),
      new Promise((r) => setTimeout(r, 50)).then(async () => {
        const t = Date.now();
        const report = await ingestToPostgres({ pool: poolB, embedder, paths: [dirB] });
        waited = Date.now() - t > 200;
        return report;
      }),
    ]);
    const committed = Date.now();
    expect(a.added.length + b.added.length).toBe(30 + 30 - 1 + 1); // a0 was there; `shared` added once
    try {
      expect([...a.added, ...b.added].filter((id) => id === 'shared0')).toHaveLength(1);
      expect(waited).toBe(true);
      // Both replicas see all 61 sources within a few seconds, without a restart.
      for (const replica of replicas) {
        while (replica.sources().length < 61 && Date.now() - committed < 5000) await new Promise((r) => setTimeout(r, 50));
        expect(replica.sources().length).toBe(61);
      }
    } finally {
      running = false;
      await Promise.all(watchers);
    }
    expect(halfSeen).toEqual([]);
    const dup = await pool.query('SELECT source_id, position, count(*) FROM paragraphs GROUP BY 1, 2 HAVING count(*) > 1');
    expect(dup.rows).toEqual([]);
    const counts = await pool.query('SELECT (SELECT count(*) FROM paragraphs)::int AS p, (SELECT sum(paragraphs) FROM sources)::int AS s');
    expect(counts.rows[0].p).toBe(counts.rows[0].s);
  });

  it('moves an index from the local folder into the database and back without re-embedding', async () => {
    const { pool } = await freshDatabase();
    const localDir = tempDir('pg-local-');
    const corpus = tempDir('pg-corpus-');
    writeArticles(corpus, 'c', 0, 8);
    const embedder = hashEmbedder();
    await ingest({ paths: [corpus], indexDir: localDir, embedder, statements: statementsOf });
    const local = loadIndex(localDir);
    const calls = embedder.calls;
    const imported = await importLocalIndex(pool, localDir);
    expect(imported).toMatchObject({ sources: 8, paragraphs: local.size });
    const exportDir = tempDir('pg-export-');
    const exported = await exportToLocalIndex(pool, exportDir);
    expect(exported).toMatchObject({ sources: 8, paragraphs: local.size });
    expect(embedder.calls).toBe(calls);
    const back = loadIndex(exportDir);
    expect(back.embedder).toEqual(local.embedder);
    // A file's stamp (size and mtime on this machine) and the people it names are local-index
    // bookkeeping: the database does not keep them; the next ingest re-derives both.
    const records = (ix: typeof local) => ix.sources().map(({ stamp: _s, people: _p, ...r }) => r).sort((x, y) => x.id.localeCompare(y.id));
    expect(records(back)).toEqual(records(local));
    for (const s of local.sources()) {
      const before = local.paragraphsOf(s.id);
      const after = back.paragraphsOf(s.id);
      expect(after.map(({ key: _k, ...p }) => p)).toEqual(before.map(({ key: _k, ...p }) => p));
      // Equal up to float rounding: hnswlib normalises each vector again as it is added.
      after.forEach((p, i) => {
        const [x, y] = [back.vector(p.key)!, local.vector(before[i].key)!];
        expect(Math.max(...x.map((v, j) => Math.abs(v - y[j])))).toBeLessThan(1e-6);
      });
    }
    // An ingest of the same corpus into the imported database embeds nothing: the hashes came along.
    const again = await ingestToPostgres({ pool, embedder, paths: [corpus] });
    expect(again.paragraphsEmbedded).toBe(0);
    saveIndex(localDir, back); // and the exported index loads and saves as any other
  });

  it('posts a digest once when two replicas wake for the same occurrence', async () => {
    const { url, pool } = await freshDatabase();
    const corpus = tempDir('pg-digest-');
    writeArticles(corpus, 'd', 0, 3);
    const embedder = hashEmbedder();
    await ingestToPostgres({ pool, embedder, paths: [corpus], now: () => new Date('2025-03-30T18:00:00Z') });
    const slack = fakePlatform('slack');
    const services = await Promise.all(
      [0, 1].map(async () => {
        const replicaPool = createPool(url);
        pools.push(replicaPool);
        const index = await PgIndex.open(replicaPool, embedder);
        return createDigestService({
          index: () => index,
          stateFile: join(corpus, 'unused-state.json'),
          shared: pgDigestState(replicaPool),
          cron: '0 8 * * 1-5',
          timeZone: 'Europe/Berlin',
          destinations: [{ platform: slack, channelId: 'C1' }],
          postWhenEmpty: true,
          catchUp: true,
          now: () => new Date('2025-03-31T06:00:05Z'),
          retry: { retries: 0 },
        });
      }),
    );
    const reports = await Promise.all(services.map((s) => s.check()));
    expect(slack.posts).toHaveLength(1);
    expect(reports.filter((r) => r !== null)).toHaveLength(1);
    const text = JSON.stringify(slack.posts[0].reply);
    expect(text).toContain('Council story d0');
    // The state is in the database: a third check (a restart) posts nothing either.
    expect(await services[0].check()).toBeNull();
    expect(slack.posts).toHaveLength(1);
  });

  describe('with the bundled model', () => {
    let embedder: Embedder;
    beforeAll(async () => {
      embedder = await createLocalEmbedder({ modelDir: 'models/onnx-community/all-MiniLM-L6-v2-ONNX' });
    }, 120_000);

    it('gives the same answers to the seed questions as the local index', async () => {
      const { pool } = await freshDatabase();
      const localDir = tempDir('pg-seeds-');
      await ingest({ paths: ['seeds'], indexDir: localDir, embedder, statements: statementsOf });
      await ingestToPostgres({ pool, embedder, paths: ['seeds'], statements: statementsOf });
      const local = loadIndex(localDir);
      const db = await PgIndex.open(pool, embedder);
      expect(db.statements().length).toBe(local.statements().length);
      const onLocal = createAnswerer({ index: () => local, embedder });
      const onDb = createAnswerer({ index: () => db, embedder });
      const questions = [...SEED_QUESTIONS.map((q) => q.question), ...OFF_TOPIC_QUESTIONS];
      for (const question of questions) {
        const [a, b] = [await onLocal.ask(question), await onDb.ask(question)];
        expect(b.status, question).toBe(a.status);
        expect(b.excerpts.map((e) => `${e.sourceId}#${e.paragraph} ${e.quote}`), question).toEqual(a.excerpts.map((e) => `${e.sourceId}#${e.paragraph} ${e.quote}`));
      }
    }, 120_000);

    it('fails /readyz while the database is down and answers again when it is back', async () => {
      const { url } = await freshDatabase();
      const config = loadConfig({ DATABASE_URL: url, CORPUS_DIR: 'seeds', INDEX_DIR: tempDir('pg-unused-'), LOG_LEVEL: 'silent' });
      const runtime = await openRuntime(config, silentLogger);
      try {
        expect(runtime.index().sources()).toHaveLength(5); // an empty database is filled from the corpus
        expect(runtime.checks?.()).toEqual({ database: true, embedder: true });
        cluster.stop();
        expect(await runtime.reload()).toBe(false);
        expect(runtime.checks?.()).toEqual({ database: false, embedder: true });
        await expect(runtime.answerer.ask('How long did the call last?')).rejects.toThrow();
        cluster.start();
        expect(await runtime.reload()).toBe(false);
        expect(runtime.checks?.()).toEqual({ database: true, embedder: true });
        const answer = await runtime.answerer.ask('How long did the call between Trump and Putin last?');
        expect(answer.status).toBe('answered');
      } finally {
        await runtime.close?.();
      }
    }, 120_000);
  });
});
