// Replicas told of commits (issue 24): LISTEN/NOTIFY against a real server, with a missed
// notification (the listener's backend terminated while a write commits), a rolled-back
// write, and the runtime's listener closed with it. Needs PostgreSQL and pgvector (a
// cluster of our own, test/fixtures/pg-cluster.ts); without them one line says so.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { loadConfig } from '../../src/config.js';
import { backoffDelay, listenerClientConfig } from '../../src/index/postgres/changes.js';
import { createPool, followChanges, ingestToPostgres, LISTENER_NAME, migrate, PgIndex, type ChangeFollower } from '../../src/index/postgres/index.js';
import { createLogger, silentLogger } from '../../src/log.js';
import { openRuntime } from '../../src/wiring.js';
import { hashEmbedder } from '../fixtures/hash-embedder.js';
import { pgUnavailable, startCluster, type PgCluster } from '../fixtures/pg-cluster.js';

const unavailable = pgUnavailable();
if (unavailable) {
  console.warn(`PostgreSQL LISTEN/NOTIFY tests NOT RUN: ${unavailable}. To run them: sudo scripts/install-pgvector.sh (PostgreSQL 15 in /usr/lib/postgresql/15/bin), then npx vitest run test/postgres.`);
}

/** Waits for `cond` (checked every 20 ms) up to `ms`; fails saying what it waited for. */
async function waitFor(cond: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the change listener', () => {
  it('backs off doubling, up to the cap', () => {
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, 500, 5000))).toEqual([500, 1000, 2000, 4000, 5000]);
  });

  it('probes its connection with TCP keepalive after 10 s of silence (a silently dropped connection is noticed)', () => {
    expect(listenerClientConfig('postgres://127.0.0.1/x')).toMatchObject({ keepAlive: true, keepAliveInitialDelayMillis: 10_000, application_name: LISTENER_NAME });
  });
});

describe.skipIf(unavailable !== null)('LISTEN/NOTIFY: replicas are told of commits', () => {
  let cluster: PgCluster;
  const pools: pg.Pool[] = [];
  const dirs: string[] = [];
  const followers: ChangeFollower[] = [];
  let dbCount = 0;
  const embedder = hashEmbedder();

  beforeAll(async () => {
    cluster = await startCluster();
  }, 60_000);
  afterEach(async () => {
    await Promise.allSettled(followers.splice(0).map((f) => f.close()));
  });
  afterAll(async () => {
    await Promise.allSettled(pools.map((p) => p.end()));
    cluster?.remove();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const pool = (url: string) => {
    const p = createPool(url);
    pools.push(p);
    return p;
  };
  const corpus = () => {
    const d = mkdtempSync(join(tmpdir(), 'pg-notify-'));
    dirs.push(d);
    return d;
  };
  /** Commits one article `id` through the writer (`beforeCommit` runs inside its transaction). */
  const write = async (writer: pg.Pool, dir: string, id: string, beforeCommit?: () => Promise<void>) => {
    const file = join(dir, `${id}.md`);
    writeFileSync(file, `# Harbour story ${id}\n\nThe council voted on the harbour budget in story ${id}.\n`);
    return ingestToPostgres({ pool: writer, embedder, paths: [file], ...(beforeCommit ? { beforeCommit } : {}) });
  };

  /** A database with one article, a writer's pool, and a replica (its own pool) following changes. */
  async function replica(options: { pollMs?: number; downPollMs?: number; backoffMs?: number; beforeReconnect?: () => Promise<void>; replicaPool?: (url: string) => pg.Pool } = {}) {
    const url = await cluster.createDatabase(`n${++dbCount}`);
    const writer = pool(url);
    await migrate(writer);
    const dir = corpus();
    await write(writer, dir, 'seed');
    const index = await PgIndex.open((options.replicaPool ?? pool)(url), embedder);
    let refreshes = 0;
    const outages = { down: 0, up: 0 };
    const follower = followChanges({
      onDown: () => void outages.down++,
      onUp: () => void outages.up++,
      url,
      refresh: () => (refreshes++, index.refresh()),
      pollMs: options.pollMs ?? 3_600_000, // no poll: what the replica sees, it was told
      downPollMs: options.downPollMs ?? 3_600_000,
      backoffMs: options.backoffMs ?? 100,
      ...(options.beforeReconnect ? { beforeReconnect: options.beforeReconnect } : {}),
    });
    followers.push(follower);
    await waitFor(() => follower.state().listening, 'the listener to LISTEN');
    return { url, writer, dir, index, follower, outages, refreshes: () => refreshes };
  }
  /**
   * A replica's pool whose refreshes can be held: after hold(), the next refresh stops right
   * after its snapshot's read of the change log until release() (what a slow refresh does).
   */
  const stallable = () => {
    let held: { reached: () => void; gate: Promise<void> } | null = null;
    const replicaPool = (url: string) =>
      new Proxy(pool(url), {
        get(target, key) {
          if (key !== 'connect') {
            const v = Reflect.get(target, key);
            return typeof v === 'function' ? v.bind(target) : v;
          }
          return async () => {
            const c = await target.connect();
            const query = c.query.bind(c) as (...a: unknown[]) => Promise<unknown>;
            (c as unknown as { query: unknown }).query = async (...a: unknown[]) => {
              const r = await query(...a);
              const h = held;
              if (h && String(a[0]).includes('FROM source_removals')) {
                held = null;
                h.reached();
                await h.gate;
              }
              return r;
            };
            return c;
          };
        },
      });
    const hold = () => {
      let release!: () => void;
      let reached!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const reachedP = new Promise<void>((r) => (reached = r));
      held = { reached, gate };
      return { reached: reachedP, release };
    };
    return { replicaPool, hold };
  };
  const terminateListener = async (writer: pg.Pool) =>
    (await writer.query('SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()', [LISTENER_NAME])).rows.length;

  it('shows a commit on another replica without any poll, soon after it commits', async () => {
    const { writer, dir, index, follower } = await replica();
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      let committing = 0;
      await write(writer, dir, `told${i}`, async () => void (committing = performance.now()));
      await waitFor(() => index.source(`told${i}`) !== undefined, `the replica to see told${i}`);
      latencies.push(performance.now() - committing);
    }
    // Seen by a 20 ms check, so an upper bound; bench/postgres-notify.ts measures it exactly.
    console.log(`notify → visible on the replica (COMMIT sent → source in the replica's memory, checked every 20 ms), 5 writes: ${latencies.map((l) => l.toFixed(1)).join(', ')} ms`);
    expect(follower.state()).toMatchObject({ listening: true, reconnects: 0, pollMs: 3_600_000 });
    expect(follower.state().notifications).toBeGreaterThanOrEqual(5);
  }, 60_000);

  it('catches up a write whose notification was missed: the listener reconnects and refreshes once', async () => {
    // The reconnect waits for the gate, opened once the write committed: nobody listens meanwhile.
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const { writer, dir, index, follower, outages } = await replica({ beforeReconnect: () => gate });
    const told = follower.state().notifications;
    expect(await terminateListener(writer)).toBe(1);
    await waitFor(() => !follower.state().listening, 'the listener to notice its backend went away');
    await write(writer, dir, 'missed');
    expect(follower.state().listening).toBe(false);
    expect(index.source('missed')).toBeUndefined();
    open();
    await waitFor(() => index.source('missed') !== undefined, 'the replica to catch up after reconnecting');
    expect(follower.state()).toMatchObject({ listening: true, reconnects: 1, notifications: told });
    expect(outages).toEqual({ down: 1, up: 1 });
    // Told again after the reconnect.
    await write(writer, dir, 'after');
    await waitFor(() => index.source('after') !== undefined, 'the replica to be told of the next write');
    expect(follower.state().notifications).toBe(told + 1);
  }, 60_000);

  it('reads a commit notified while a refresh started elsewhere runs: the index reads once more after it', async () => {
    const stall = stallable();
    const { writer, dir, index, follower, refreshes } = await replica({ replicaPool: stall.replicaPool });
    await waitFor(() => refreshes() >= 1, 'the refresh after LISTEN');
    await index.refresh(); // nothing runs after this
    const held = stall.hold();
    const serveReload = index.refresh(); // serve's reload after its own ingest: its snapshot is taken, then it stalls
    await held.reached;
    const told = follower.state().notifications;
    await write(writer, dir, 'late'); // committed after that snapshot
    await waitFor(() => follower.state().notifications > told, 'the notification of the late commit');
    held.release();
    await serveReload;
    // No poll runs (1 h): only a read after the stalled one can bring it.
    await waitFor(() => index.source('late') !== undefined, 'the replica to read the notified commit', 5000);
  }, 60_000);

  it('polls the change log every downPollMs while the listener cannot reconnect', async () => {
    const { writer, dir, index, follower } = await replica({ backoffMs: 3_600_000, downPollMs: 200 });
    expect(await terminateListener(writer)).toBe(1);
    await waitFor(() => !follower.state().listening, 'the listener to notice its backend went away');
    expect(follower.state().pollMs).toBe(200);
    await write(writer, dir, 'polled');
    await waitFor(() => index.source('polled') !== undefined, 'the fallback poll to read the write');
    expect(follower.state()).toMatchObject({ listening: false, reconnects: 0 });
  }, 60_000);

  it('a rolled-back write notifies nobody and changes nothing', async () => {
    const { writer, dir, index, follower, refreshes } = await replica();
    await waitFor(() => refreshes() >= 1, 'the refresh after LISTEN');
    const [told, refreshed] = [follower.state().notifications, refreshes()];
    await expect(write(writer, dir, 'rolledback', async () => Promise.reject(new Error('abandoned before commit')))).rejects.toThrow('abandoned');
    expect((await writer.query(`SELECT count(*)::int AS n FROM sources WHERE id LIKE '%rolledback%'`)).rows[0].n).toBe(0);
    // Notifications come in commit order: once the next commit's is in, the rolled-back one would have been too.
    await write(writer, dir, 'committed');
    await waitFor(() => index.source('committed') !== undefined, 'the replica to see the committed write');
    expect(follower.state().notifications).toBe(told + 1);
    expect(refreshes()).toBe(refreshed + 1);
    expect(index.sources().map((s) => s.id).sort()).toEqual(['committed', 'seed']);
  }, 60_000);

  it('the runtime follows commits with DATABASE_URL, reports the listener in its detail, and closes it', async () => {
    const url = await cluster.createDatabase(`n${++dbCount}`);
    const writer = pool(url);
    await migrate(writer);
    const config = loadConfig({ DATABASE_URL: url, DATABASE_POLL_MS: '3600000', CORPUS_DIR: 'seeds', INDEX_DIR: corpus(), LOG_LEVEL: 'silent' });
    const runtime = await openRuntime(config, silentLogger);
    try {
      expect(runtime.followsChanges).toBe(true);
      await waitFor(() => (runtime.detail?.().changes as { listening: boolean }).listening, 'the runtime to LISTEN');
      const file = join(corpus(), 'wired.md');
      writeFileSync(file, '# Harbour story wired\n\nThe council voted on the harbour budget.\n');
      await ingestToPostgres({ pool: writer, embedder: runtime.embedder, paths: [file] });
      await waitFor(() => runtime.index().source('wired') !== undefined, 'the runtime to see the write');
      expect(runtime.checks?.()).toEqual({ database: true, embedder: true });
      expect(runtime.detail?.()).toMatchObject({ changes: { listening: true, pollMs: 3_600_000 } });
    } finally {
      await runtime.close?.();
    }
    const listeners = async () => (await writer.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [LISTENER_NAME])).rows[0].n;
    await waitFor(async () => (await listeners()) === 0, 'the listener connection to be closed');
  }, 120_000);

  it('a one-shot runtime (followChanges: false, as the CLI opens it) reads the database and opens no listener', async () => {
    const url = await cluster.createDatabase(`n${++dbCount}`);
    const writer = pool(url);
    await migrate(writer);
    const config = loadConfig({ DATABASE_URL: url, CORPUS_DIR: 'seeds', INDEX_DIR: corpus(), LOG_LEVEL: 'silent' });
    const listeners = async () => (await writer.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()', [LISTENER_NAME])).rows[0].n;
    const runtime = await openRuntime(config, silentLogger, { followChanges: false });
    try {
      expect(runtime.followsChanges).toBe(false);
      expect(runtime.detail?.()).toEqual({});
      expect(runtime.index().sources().length).toBeGreaterThan(0);
      expect((await runtime.answerer.ask('How long did the Trump–Putin call last?')).status).toBe('answered');
      expect(await listeners()).toBe(0);
    } finally {
      await runtime.close?.();
    }
  }, 120_000);

  it('a replica whose database was rebuilt with another embedder reads nothing of it, answers nothing and is unready, with one error', async () => {
    const url = await cluster.createDatabase(`n${++dbCount}`);
    const writer = pool(url);
    await migrate(writer);
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }) });
    const config = loadConfig({ DATABASE_URL: url, DATABASE_POLL_MS: '3600000', CORPUS_DIR: 'seeds', INDEX_DIR: corpus(), LOG_LEVEL: 'silent' });
    const runtime = await openRuntime(config, logger);
    const errors = () => lines.map((l) => JSON.parse(l) as { level: number; msg: string; stored?: string; serving?: string }).filter((l) => l.level >= 50);
    try {
      await waitFor(() => (runtime.detail?.().changes as { listening: boolean }).listening, 'the runtime to LISTEN');
      const seeds = runtime.index().sources().map((s) => s.id).sort();
      const dir = corpus();
      writeFileSync(join(dir, 'other.md'), '# Ferry\n\nThe ferry pier gets 41 million euros.\n');
      // A whole folder with another embedder: the database is rebuilt, and NOTIFY tells the replica.
      const other = hashEmbedder('test:B', 32);
      await ingestToPostgres({ pool: writer, embedder: other, paths: [dir] });
      await waitFor(() => runtime.checks?.().embedder === false, 'the replica to notice the other embedder');
      expect(runtime.checks?.()).toEqual({ database: true, embedder: false });
      expect(runtime.index().sources().map((s) => s.id).sort()).toEqual(seeds);
      await expect(runtime.answerer.ask('How much does the ferry pier get?')).rejects.toThrow(/rebuilt with test:B .* embeds with /);
      expect(await runtime.reload()).toBe(false); // told again: still one error line
      expect(errors()).toHaveLength(1);
      expect(errors()[0]).toMatchObject({ stored: 'test:B', serving: runtime.embedder.id });
      expect(errors()[0].msg).toContain(runtime.embedder.id);
      // Rebuilt again with the replica's embedder: it reads the new state and is ready.
      await ingestToPostgres({ pool: writer, embedder: runtime.embedder, paths: [dir] });
      await waitFor(() => runtime.checks?.().embedder === true, 'the replica to read the database again');
      expect(runtime.index().sources().map((s) => s.id)).toEqual(['other']);
      await expect(runtime.answerer.ask('How much does the ferry pier get?')).resolves.toMatchObject({ status: expect.any(String) });
    } finally {
      await runtime.close?.();
    }
  }, 180_000);
});
