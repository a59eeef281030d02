// The PostgreSQL backend beside the local index, in one run, on a PostgreSQL cluster of
// its own (test/fixtures/pg-cluster.ts; needs PostgreSQL 15 + pgvector, see
// scripts/install-pgvector.sh):
//   quality  SciFact nDCG@10 (same embedder and vectors for both): BM25, dense, hybrid; and
//            Postgres's own ts_rank instead of BM25, for comparison
//   answers  the same questions to both: seeds, RealTimeQA (identical answers counted)
//   latency  ask p50/p95 at ~50,000 paragraphs (SciFact titles, sentences, claims), recall@10
//   scale    N synthetic paragraphs (real SciFact abstract vectors, perturbed, with their
//            titles as text): HNSW build time, recall@10 vs exact, dense query p50/p95, ask p50/p95,
//            memory (replica process vs database; in-process hnswlib)
//   npm run build:bench && node dist-bench/bench/postgres.js ../shared/eval/scifact [quality|answers|latency|scale] [--n 1000000] [--base docs] [--skip-local]
//     scale: [--loader bulk|writer] [--ef-construction 64] [--sweep 128,256,512,1000] [--keep DIR] [--reuse]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolve } from 'node:path';
import type pg from 'pg';
import { createAnswerer } from '../src/answer/answerer.js';
import { splitSentences } from '../src/corpus/index.js';
import type { Embedder } from '../src/embed/embedder.js';
import { createLocalEmbedder } from '../src/embed/local.js';
import { HNSW, LocalIndex } from '../src/index/local-index.js';
import type { Hit, SourceUpdate } from '../src/index/paragraph-index.js';
import { createPool, inTransaction, migrate, PgIndex } from '../src/index/postgres/index.js';
import { applyChange, lockForWriting } from '../src/index/postgres/writer.js';
import { bulkLoad } from '../src/index/postgres/bulk.js';
import { EF_SEARCH } from '../src/index/postgres/pool.js';
import { scoreFusion } from '../src/search/fusion.js';
import type { Source } from '../src/types.js';
import { startCluster, pgUnavailable, type PgCluster } from '../test/fixtures/pg-cluster.js';
import { cachedEmbed, indexOfSources, loadSciFact, ndcgAt, percentile, sciFactParagraphSources } from './scifact-data.js';
import { exactTop10, syntheticSet } from './synthetic.js';

const f3 = (x: number) => x.toFixed(3);
const ms = (x: number) => x.toFixed(1);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const log = (m: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${m}\n`);

/** Writes sources with their vectors through the normal writer, in transactions of `per` sources. */
async function load(pool: pg.Pool, embedder: { id: string; dimension: number }, upserts: SourceUpdate[], per = 200): Promise<void> {
  for (let i = 0; i < upserts.length; i += per) {
    await inTransaction(pool, async (c) => {
      await lockForWriting(c);
      await applyChange(c, embedder, { upserts: upserts.slice(i, i + per), removals: [] });
    });
    if ((i / per) % 20 === 0) log(`loaded ${Math.min(i + per, upserts.length)}/${upserts.length} sources`);
  }
}

function upsertsOf(sources: Source[], vectors: Float32Array[]): SourceUpdate[] {
  let at = 0;
  return sources.map((source) => {
    const v = vectors.slice(at, at + source.paragraphs.length);
    at += source.paragraphs.length;
    return { source, vectors: v, ingestedAt: new Date(0).toISOString() };
  });
}

async function freshDb(cluster: PgCluster, name: string, max = 4): Promise<pg.Pool> {
  const pool = createPool(await cluster.createDatabase(name), { max });
  await migrate(pool);
  return pool;
}

async function quality(dir: string, embedder: Embedder, cluster: PgCluster): Promise<void> {
  const { docs, queries, qrels } = loadSciFact(dir);
  const docVectors = await cachedEmbed(embedder, docs.map((d) => `${d.title}. ${d.text}`), '.bench-cache', 'scifact-docs', (n) => log(`embedding documents ${n}/${docs.length}`));
  const sources: Source[] = docs.map((d) => ({ id: d.id, title: d.title, contentHash: d.id, paragraphs: [{ sourceId: d.id, index: 1, text: d.text }] }));
  const local = indexOfSources(embedder, sources, docVectors);
  const pool = await freshDb(cluster, 'quality');
  await load(pool, embedder, upsertsOf(sources, docVectors), 500);
  const db = await PgIndex.open(pool, embedder);
  const queryVectors = await embedder.embedPassages(queries.map((q) => q.text));

  type Run = { dense: string[]; lexical: string[]; hybrid: string[] };
  const ids = (hits: Hit[], doc: (key: number) => string) => hits.map((h) => doc(h.key));
  const runs: Record<string, Run[]> = { local: [], postgres: [], 'postgres ts_rank': [] };
  for (const [i, q] of queries.entries()) {
    const ld = local.dense(queryVectors[i], 100);
    const ll = local.lexical(q.text, 100);
    const doc = (key: number) => local.paragraph(key)!.sourceId;
    runs.local.push({ dense: ids(ld, doc), lexical: ids(ll, doc), hybrid: ids(scoreFusion(ld, ll, 0.5), doc) });
    for (const rank of ['bm25', 'ts_rank'] as const) {
      db.lexicalRank = rank;
      const view = await db.prepare({ question: q.text, vector: queryVectors[i], candidates: 100 });
      const pd = view.dense(queryVectors[i], 100);
      const pl = view.lexical(q.text, 100);
      const pdoc = (key: number) => view.paragraph(key)!.sourceId;
      runs[rank === 'bm25' ? 'postgres' : 'postgres ts_rank'].push({ dense: ids(pd, pdoc), lexical: ids(pl, pdoc), hybrid: ids(scoreFusion(pd, pl, 0.5), pdoc) });
    }
  }
  const score = (rs: Run[], list: keyof Run) => {
    const s = rs.map((r, i) => ndcgAt(10, r[list], qrels.get(queries[i].id)!));
    return `${f3(mean(s))} | ${f3(mean(s.filter((_, i) => i % 2 === 0)))} | ${f3(mean(s.filter((_, i) => i % 2 === 1)))}`;
  };
  console.log(`\nBEIR SciFact, ${queries.length} test queries, ${docs.length} documents, ${embedder.id}; nDCG@10 (all | even half | odd half)\n`);
  console.log('| backend | keywords: all | even | odd | dense: all | even | odd | hybrid (score fusion 0.5, the default): all | even | odd |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const [name, rs] of Object.entries(runs)) console.log(`| ${name} | ${score(rs, 'lexical')} | ${score(rs, 'dense')} | ${score(rs, 'hybrid')} |`);
  await pool.end();
}

async function timeAsks(ask: (q: string) => Promise<unknown>, questions: string[], n = 100): Promise<{ p50: number; p95: number }> {
  for (const q of questions.slice(0, 3)) await ask(q);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await ask(questions[i % questions.length]);
    times.push(performance.now() - t);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

const flag = (name: string): string | undefined => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);

/** `clients` askers at once over one index (one pool), `n` asks in all: each ask's time, and asks per second. */
async function concurrentAsks(ask: (q: string) => Promise<unknown>, questions: string[], clients: number, n: number): Promise<{ p50: number; p95: number; perS: number }> {
  const times: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < n) {
        const q = questions[next++ % questions.length];
        const t = performance.now();
        await ask(q);
        times.push(performance.now() - t);
      }
    }),
  );
  return { p50: percentile(times, 50), p95: percentile(times, 95), perS: n / ((performance.now() - t0) / 1000) };
}


async function latency(dir: string, embedder: Embedder, cluster: PgCluster): Promise<void> {
  const { queries } = loadSciFact(dir);
  const sources = sciFactParagraphSources(dir, (text) => splitSentences(text).map((x) => x.text));
  const texts = sources.flatMap((s) => s.paragraphs.map((p) => p.text));
  const vectors = await cachedEmbed(embedder, texts, '.bench-cache', 'scifact-sentences', (n) => log(`embedding sentences ${n}/${texts.length}`));
  const local = indexOfSources(embedder, sources, vectors);
  const pool = await freshDb(cluster, 'latency');
  await load(pool, embedder, upsertsOf(sources, vectors), 500);
  const db = await PgIndex.open(pool, embedder);
  const qs = queries.slice(0, 100);
  const qv = await embedder.embedPassages(qs.map((q) => q.text));
  const flat = new Float32Array(vectors.length * embedder.dimension);
  vectors.forEach((v, i) => flat.set(v, i * embedder.dimension));
  const at = (sourceId: string, index: number) => `${sourceId}#${index}`;
  const rowAt: string[] = sources.flatMap((s) => s.paragraphs.map((p) => at(s.id, p.index)));
  let foundLocal = 0;
  let foundDb = 0;
  for (const v of qv) {
    const exact = new Set(exactTop10(flat, embedder.dimension, v).map((i) => rowAt[i]));
    foundLocal += local.dense(v, 10).filter((h) => exact.has(at(local.paragraph(h.key)!.sourceId, local.paragraph(h.key)!.index))).length;
    const view = await db.prepare({ vector: v, candidates: 10 });
    foundDb += view.dense(v, 10).filter((h) => exact.has(at(view.paragraph(h.key)!.sourceId, view.paragraph(h.key)!.index))).length;
  }
  const onLocal = await timeAsks((q) => createAnswerer({ index: () => local, embedder }).ask(q), qs.map((q) => q.text));
  const onDb = await timeAsks((q) => createAnswerer({ index: () => db, embedder }).ask(q), qs.map((q) => q.text));
  console.log(`\nask latency, ${local.size} paragraphs (SciFact titles + sentences + claims), 100 test claims, fresh answerer per question (no sentence cache), ms\n`);
  console.log('| backend | ask p50 | ask p95 | dense recall@10 vs exact |');
  console.log('|---|---|---|---|');
  console.log(`| local (hnswlib M=${HNSW.m} efC=${HNSW.efConstruction} ef=${HNSW.efSearch}, MiniSearch) | ${ms(onLocal.p50)} | ${ms(onLocal.p95)} | ${f3(foundLocal / (qs.length * 10))} |`);
  console.log(`| postgres (pgvector HNSW, BM25 in SQL) | ${ms(onDb.p50)} | ${ms(onDb.p95)} | ${f3(foundDb / (qs.length * 10))} |`);
  await pool.end();
}

/**
 * The same questions to both backends: the seeds' questions (and off-topic ones) over the
 * seeds, and RealTimeQA questions over their evidence passages. Counts answers that are
 * identical (status, and every excerpt's source, paragraph and quote in order).
 */
async function answers(dir: string, embedder: Embedder, cluster: PgCluster, rtqaQuestions: number): Promise<void> {
  const { loadSources } = await import('../src/corpus/index.js');
  const { SEED_QUESTIONS, OFF_TOPIC_QUESTIONS } = await import('../test/fixtures/seed-questions.js');
  const seeds = (await loadSources([resolve('seeds')], {})).sources;
  const rtqa = readFileSync(join(dir, '..', 'realtimeqa', 'dev-2020-2021.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; question: string; evidence: string });
  const rtqaSources: Source[] = rtqa.map((r) => ({ id: r.id, title: r.id, contentHash: r.id, paragraphs: [{ sourceId: r.id, index: 1, text: r.evidence }] }));
  const sets = [
    { name: 'seeds (5 articles; 22 seed + off-topic questions)', sources: seeds, questions: [...SEED_QUESTIONS.map((q) => q.question), ...OFF_TOPIC_QUESTIONS], own: undefined as string[] | undefined },
    { name: `RealTimeQA dev 2020-21 (${rtqa.length} evidence passages; first ${rtqaQuestions} questions)`, sources: rtqaSources, questions: rtqa.slice(0, rtqaQuestions).map((r) => r.question), own: rtqa.slice(0, rtqaQuestions).map((r) => r.id) },
  ];
  console.log('\nthe same questions to both backends (same embedder and vectors)\n');
  console.log('| corpus | questions | identical answers | answered local / postgres | own passage cited local / postgres |');
  console.log('|---|---|---|---|---|');
  for (const [i, set] of sets.entries()) {
    const texts = set.sources.flatMap((s) => s.paragraphs.map((p) => p.text));
    const vectors = await cachedEmbed(embedder, texts, '.bench-cache', `answers-${i}`, (k) => log(`embedding ${k}/${texts.length}`));
    const local = indexOfSources(embedder, set.sources, vectors);
    const pool = await freshDb(cluster, `answers${i}`);
    await load(pool, embedder, upsertsOf(set.sources, vectors), 500);
    const db = await PgIndex.open(pool, embedder);
    const [onLocal, onDb] = [createAnswerer({ index: () => local, embedder }), createAnswerer({ index: () => db, embedder })];
    let same = 0;
    const answered = [0, 0];
    const cited = [0, 0];
    for (const [j, q] of set.questions.entries()) {
      const pair = [await onLocal.ask(q), await onDb.ask(q)];
      const key = (a: (typeof pair)[0]) => JSON.stringify([a.status, a.excerpts.map((e) => [e.sourceId, e.paragraph, e.quote]), a.disagreements.length]);
      if (key(pair[0]) === key(pair[1])) same++;
      pair.forEach((a, b) => {
        if (a.status === 'answered') answered[b]++;
        if (set.own && a.excerpts.some((e) => e.sourceId === set.own![j])) cited[b]++;
      });
    }
    console.log(`| ${set.name} | ${set.questions.length} | ${same} | ${answered[0]} / ${answered[1]} | ${set.own ? `${cited[0]} / ${cited[1]}` : '—'} |`);
    await pool.end();
  }
}


/**
 * The database server's memory: proportional set size (shared buffers counted once, not
 * once per backend) of the postmaster and its children, from /proc.
 */
function serverMemory(dir: string): number {
  try {
    const pid = readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0].trim();
    const pids = [pid, ...execFileSync('ps', ['-o', 'pid=', '--ppid', pid], { encoding: 'utf8' }).split('\n').map((l) => l.trim()).filter(Boolean)];
    return pids.reduce((n, p) => {
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'));
      return n + (m ? Number(m[1]) * 1024 : 0);
    }, 0);
  } catch {
    return NaN;
  }
}

async function scale(dir: string, embedder: Embedder, cluster: PgCluster, n: number): Promise<void> {
  const dim = embedder.dimension;
  // Bases: real vectors, the SciFact sentences' (~50,000: ~20 copies each at 1M) or, with
  // --base docs, the abstracts' (5,183: ~190 copies each, a harder, clumpier set); bench/synthetic.ts.
  const fromDocs = process.argv.includes('--base') && process.argv[process.argv.indexOf('--base') + 1] === 'docs';
  const { flat, texts } = await syntheticSet(dir, embedder, n, fromDocs, log);
  const vec = (i: number) => flat.subarray(i * dim, (i + 1) * dim);
  log(`${n} synthetic vectors made`);
  const { queries } = loadSciFact(dir);
  const qs = queries.slice(0, 100);
  const qv = await embedder.embedPassages(qs.map((q) => q.text));
  const exact = qv.map((q) => new Set(exactTop10(flat, dim, q)));
  log('exact top-10 computed');
  const rows: string[] = [];

  // PostgreSQL: rows in (no vector index yet), then the HNSW build, timed. --loader bulk
  // (the default): COPY in one transaction, indexes built after (index/postgres/bulk.ts);
  // --loader writer: the normal writer, 10 sources per transaction. --reuse: measure again
  // a database loaded by an earlier run with --keep (no load).
  const per = 1000;
  const synthetic: SourceUpdate[] = [];
  for (let s = 0; s * per < n; s++) {
    const count = Math.min(per, n - s * per);
    const paragraphs = Array.from({ length: count }, (_, j) => ({ sourceId: `s${s}`, index: j + 1, text: texts[(s * per + j) % texts.length] }));
    synthetic.push({ source: { id: `s${s}`, title: `synthetic ${s}`, contentHash: `s${s}`, paragraphs }, vectors: paragraphs.map((_, j) => vec(s * per + j)), ingestedAt: new Date(0).toISOString() });
  }
  const loader = flag('--loader') ?? 'bulk';
  const hnsw = { m: 16, efConstruction: Number(flag('--ef-construction') ?? 64) };
  const reuse = process.argv.includes('--reuse');
  const pool = reuse ? createPool(cluster.url('scale'), { max: 8 }) : await freshDb(cluster, 'scale', 8);
  let loadS = NaN;
  let indexS = 0;
  let buildS = NaN;
  if (reuse) {
    log('reusing the loaded database');
    if (flag('--ef-construction')) {
      // The HNSW graph again with other settings (--ef-construction), timed.
      const tb = Date.now();
      await inTransaction(pool, async (c) => {
        await c.query(`SET LOCAL maintenance_work_mem = '${process.env.PG_MAINTENANCE_WORK_MEM ?? '8GB'}'`);
        await c.query(`SET LOCAL max_parallel_maintenance_workers = ${Number(process.env.PG_PARALLEL_WORKERS ?? 1)}`);
        await c.query('DROP INDEX paragraphs_embedding');
        await c.query(`CREATE INDEX paragraphs_embedding ON paragraphs USING hnsw (embedding vector_cosine_ops) WITH (m = ${hnsw.m}, ef_construction = ${hnsw.efConstruction})`);
      });
      buildS = (Date.now() - tb) / 1000;
      log(`HNSW rebuilt (ef_construction ${hnsw.efConstruction}) in ${buildS.toFixed(0)} s`);
    }
  } else if (loader === 'bulk') {
    const r = await bulkLoad(pool, embedder, synthetic, { hnsw, maintenanceWorkMem: process.env.PG_MAINTENANCE_WORK_MEM ?? '8GB', parallelWorkers: Number(process.env.PG_PARALLEL_WORKERS ?? 1), onProgress: (k) => k % 100_000 < 5000 && log(`copied ${k}/${n} paragraphs`) });
    ({ load: loadS, indexes: indexS, hnsw: buildS } = r.seconds);
    log(`bulk: rows ${loadS.toFixed(0)} s, keys + keyword indexes ${indexS.toFixed(0)} s, HNSW ${buildS.toFixed(0)} s`);
  } else {
    await inTransaction(pool, async (c) => {
      await lockForWriting(c);
      await applyChange(c, embedder, { upserts: [], removals: [] });
      await c.query('DROP INDEX paragraphs_embedding');
    });
    const tl = Date.now();
    await load(pool, embedder, synthetic, 10);
    loadS = (Date.now() - tl) / 1000;
    log(`loaded in ${loadS.toFixed(0)} s; building HNSW`);
    const tb = Date.now();
    await inTransaction(pool, async (c) => {
      await c.query(`SET LOCAL maintenance_work_mem = '8GB'`);
      await c.query(`SET LOCAL max_parallel_maintenance_workers = 1`);
      await c.query(`CREATE INDEX paragraphs_embedding ON paragraphs USING hnsw (embedding vector_cosine_ops) WITH (m = ${hnsw.m}, ef_construction = ${hnsw.efConstruction})`);
    });
    buildS = (Date.now() - tb) / 1000;
    log(`HNSW built in ${buildS.toFixed(0)} s`);
  }
  const pgv = (await pool.query(`SELECT extversion FROM pg_extension WHERE extname = 'vector'`)).rows[0]?.extversion as string;
  const hnswOpts = String((await pool.query(`SELECT reloptions FROM pg_class WHERE relname = 'paragraphs_embedding'`)).rows[0]?.reloptions ?? '');
  const db = await PgIndex.open(pool, embedder);
  const keyRow = new Map<number, number>();
  (await pool.query('SELECT key, source_id, position FROM paragraphs')).rows.forEach((r) => keyRow.set(Number(r.key), Number(String(r.source_id).slice(1)) * per + r.position - 1));
  const dbTimes: number[] = [];
  let found = 0;
  for (const [i, q] of qv.entries()) {
    const t = performance.now();
    const view = await db.prepare({ vector: q, candidates: 10 });
    dbTimes.push(performance.now() - t);
    found += view.dense(q, 10).filter((h) => exact[i].has(keyRow.get(h.key)!)).length;
  }
  // Recall and time of the bare nearest-neighbour query as ef_search grows (the bot uses EF_SEARCH).
  const sweep: string[] = [];
  for (const ef of (flag('--sweep') ?? '128,256,512,1000').split(',').map(Number)) {
    const times: number[] = [];
    let hit = 0;
    for (const [i, q] of qv.entries()) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        await c.query(`SET LOCAL hnsw.ef_search = ${ef}`);
        const t = performance.now();
        const r = await c.query('SELECT key FROM paragraphs ORDER BY embedding <=> $1::vector LIMIT 10', [`[${Array.from(q).join(',')}]`]);
        times.push(performance.now() - t);
        await c.query('COMMIT');
        hit += r.rows.filter((row) => exact[i].has(keyRow.get(Number(row.key))!)).length;
      } finally {
        c.release();
      }
    }
    sweep.push(`ef_search ${ef}: recall ${f3(hit / (qs.length * 10))}, p50/p95 ${ms(percentile(times, 50))}/${ms(percentile(times, 95))} ms`);
    log(sweep[sweep.length - 1]);
  }
  const ask = await timeAsks((q) => createAnswerer({ index: () => db, embedder }).ask(q), qs.map((q) => q.text), 50);
  log(`ask, one client: p50/p95 ${ms(ask.p50)}/${ms(ask.p95)} ms`);
  const ask8 = await concurrentAsks((q) => createAnswerer({ index: () => db, embedder }).ask(q), qs.map((q) => q.text), 8, 80);
  log(`ask, 8 clients: p50/p95 ${ms(ask8.p50)}/${ms(ask8.p95)} ms, ${ask8.perS.toFixed(1)} asks/s`);
  let replica = { rss: NaN };
  try {
    const modelDir = resolve(process.env.EMBED_MODEL_DIR ?? 'models/onnx-community/all-MiniLM-L6-v2-ONNX');
    const out = execFileSync(process.execPath, [new URL('./postgres-replica.js', import.meta.url).pathname, cluster.url('scale'), ...qs.slice(0, 20).map((q) => q.text)], {
      encoding: 'utf8',
      env: { ...process.env, EMBED_MODEL_DIR: modelDir },
    });
    replica = JSON.parse(out) as { rss: number };
  } catch (err) {
    log(`the replica process failed: ${(err as Error).message.split('\n')[0]}`);
  }
  log(`postgres: recall ${f3(found / (qs.length * 10))}, dense p50/p95 ${ms(percentile(dbTimes, 50))}/${ms(percentile(dbTimes, 95))} ms, ask p50/p95 ${ms(ask.p50)}/${ms(ask.p95)} ms`);
  const sizes = (
    await pool.query(
      `SELECT pg_database_size(current_database()) AS d, pg_total_relation_size('paragraphs') AS t, pg_relation_size('paragraphs_embedding') AS h, pg_relation_size('paragraphs_tsv') AS g, pg_total_relation_size('postings') AS p`,
    )
  ).rows[0];
  const gib = (x: unknown) => (Number(x) / 2 ** 30).toFixed(2);
  log(`database ${gib(sizes.d)} GiB: paragraphs+indexes ${gib(sizes.t)} (HNSW ${gib(sizes.h)}, GIN ${gib(sizes.g)}), postings+indexes ${gib(sizes.p)}`);
  const loaded = reuse ? `loaded earlier (--reuse)${Number.isNaN(buildS) ? '' : `; HNSW rebuilt ${buildS.toFixed(0)} s`}` : loader === 'bulk' ? `COPY ${loadS.toFixed(0)} s + keys/keyword indexes ${indexS.toFixed(0)} s + HNSW ${buildS.toFixed(0)} s` : `writer ${loadS.toFixed(0)} s + HNSW ${buildS.toFixed(0)} s`;
  rows.push(
    `| postgres (pgvector ${pgv} HNSW ${hnswOpts}, ef_search=${EF_SEARCH}) | ${n} | ${loaded} | ${f3(found / (qs.length * 10))} | ${ms(percentile(dbTimes, 50))} / ${ms(percentile(dbTimes, 95))} | ${ms(ask.p50)} / ${ms(ask.p95)}; 8 clients ${ms(ask8.p50)} / ${ms(ask8.p95)} (${ask8.perS.toFixed(1)} asks/s) | a replica (own process, model loaded, 20 asks) RSS ${(replica.rss / 2 ** 30).toFixed(2)} GiB; database server PSS ${(serverMemory(cluster.dir) / 2 ** 30).toFixed(2)} GiB (shared_buffers ${process.env.PG_SHARED_BUFFERS ?? '2GB'}); on disk: database ${gib(sizes.d)} GiB, paragraphs+indexes ${gib(sizes.t)} (HNSW ${gib(sizes.h)}, GIN ${gib(sizes.g)}), postings+indexes ${gib(sizes.p)} |`,
  );
  await pool.end();
  console.log(rows.join('\n'));
  console.log(`postgres HNSW, ${n} paragraphs: ${sweep.join('; ')}`);

  if (process.argv.includes('--skip-local')) return printScale(rows, fromDocs ? 'abstract' : 'sentence');
  // In-process: the local index (hnswlib with its settings, and MiniSearch for keywords up
  // to 200,000 paragraphs; above that the vectors alone, the keyword index is not built).
  const full = n <= 200_000;
  const rss0 = process.memoryUsage().rss;
  const local = LocalIndex.empty(embedder, n);
  const tl2 = Date.now();
  if (full) local.apply({ upserts: synthetic, removals: [] });
  else
    for (let i = 0; i < n; i++) {
      local.hnsw.addPoint(Array.from(vec(i)), i, false);
      if (i % 100_000 === 0) log(`hnswlib ${i}/${n}`);
    }
  const localBuild = (Date.now() - tl2) / 1000;
  log(`local index built in ${localBuild.toFixed(0)} s`);
  local.hnsw.setEf(HNSW.efSearch);
  const lt: number[] = [];
  let lfound = 0;
  for (const [i, q] of qv.entries()) {
    const t = performance.now();
    const r = local.hnsw.searchKnn(Array.from(q), 10);
    lt.push(performance.now() - t);
    lfound += r.neighbors.filter((k) => exact[i].has(k)).length; // keys are row numbers, in order
  }
  const localAsk = full ? await timeAsks((q) => createAnswerer({ index: () => local, embedder }).ask(q), qs.map((q) => q.text), 50) : null;
  rows.push(
    `| local (hnswlib M=${HNSW.m} efC=${HNSW.efConstruction} ef=${HNSW.efSearch}${full ? ', MiniSearch' : ''}, in process) | ${n} | ${localBuild.toFixed(0)} s | ${f3(lfound / (qs.length * 10))} | ${ms(percentile(lt, 50))} / ${ms(percentile(lt, 95))} | ${localAsk ? `${ms(localAsk.p50)} / ${ms(localAsk.p95)}` : 'not measured (keyword index not built at this size)'} | +${((process.memoryUsage().rss - rss0) / 2 ** 30).toFixed(2)} GiB in every replica (${full ? 'vectors, keywords, paragraphs' : 'the vectors alone'}) |`,
  );
  printScale(rows, fromDocs ? 'abstract' : 'sentence');
}

function printScale(rows: string[], base: string): void {
  console.log(`\nscale: synthetic paragraphs (real SciFact ${base} vectors + Gaussian noise of norm ~0.5, unit length again, with their texts), 100 SciFact test claims as queries\n`);
  console.log('| backend | paragraphs | build | recall@10 vs exact | dense query p50 / p95 ms | ask p50 / p95 ms (50 asks; 8 clients: 80 asks over one pool) | memory |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

async function main() {
  const dir = resolve(process.argv[2] ?? '../shared/eval/scifact');
  const which = process.argv[3] ?? 'all';
  const nAt = process.argv.indexOf('--n');
  const n = nAt > 0 ? Number(process.argv[nAt + 1]) : 1_000_000;
  const why = pgUnavailable();
  if (why) {
    process.stderr.write(`Cannot run: ${why}.\n`);
    process.exit(2);
  }
  const embedder = await createLocalEmbedder({ modelDir: process.env.EMBED_MODEL_DIR ?? 'models/onnx-community/all-MiniLM-L6-v2-ONNX', dtype: process.env.EMBED_DTYPE ?? 'q4', batchSize: 32 });
  // --keep DIR: the cluster in DIR, stopped (not removed) at the end, to measure again with --reuse.
  const keep = flag('--keep');
  const cluster = await startCluster({ shared_buffers: process.env.PG_SHARED_BUFFERS ?? '2GB', maintenance_work_mem: '8GB', max_wal_size: '8GB', work_mem: '64MB' }, keep && resolve(keep));
  try {
    if (which === 'all' || which === 'quality') await quality(dir, embedder, cluster);
    if (which === 'all' || which === 'answers') await answers(dir, embedder, cluster, Number(process.env.RTQA_QUESTIONS ?? 200));
    if (which === 'all' || which === 'latency') await latency(dir, embedder, cluster);
    if (which === 'all' || which === 'scale') await scale(dir, embedder, cluster, n);
  } finally {
    if (keep) cluster.stop();
    else cluster.remove();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
