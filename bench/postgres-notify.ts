// How soon a replica sees a commit (issue 24): told by LISTEN/NOTIFY (index/postgres/changes.ts,
// fallback poll off) beside the old 2 s poll of the change log, both replicas reading the same
// writes. Latency: COMMIT sent by the writer → the refresh that put the source in the replica's
// memory has returned. Writes come at random gaps (0–400 ms), so they fall at every phase of the poll.
//   npm run build:bench && node dist-bench/bench/postgres-notify.js [writes=50]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createPool, followChanges, ingestToPostgres, migrate, PgIndex } from '../src/index/postgres/index.js';
import { hashEmbedder } from '../test/fixtures/hash-embedder.js';
import { pgUnavailable, startCluster } from '../test/fixtures/pg-cluster.js';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

/** A replica whose refreshes note when each awaited source first appeared. */
async function replica(url: string, embedder: ReturnType<typeof hashEmbedder>, seen: Map<string, number>) {
  const index = await PgIndex.open(createPool(url, { max: 2 }), embedder);
  const refresh = async () => {
    await index.refresh();
    const now = performance.now();
    for (const s of index.sources()) if (!seen.has(s.id)) seen.set(s.id, now);
  };
  return { index, refresh };
}

async function main() {
  const writes = Number(process.argv[2] ?? 50);
  const why = pgUnavailable();
  if (why) throw new Error(`PostgreSQL not available: ${why}`);
  const cluster = await startCluster();
  const dir = mkdtempSync(join(tmpdir(), 'pg-notify-bench-'));
  try {
    const url = await cluster.createDatabase('notify');
    const writer = createPool(url, { max: 2 });
    await migrate(writer);
    const embedder = hashEmbedder();
    const write = async (id: string, committing: Map<string, number>) => {
      const file = join(dir, `${id}.md`);
      writeFileSync(file, `# Harbour story ${id}\n\nThe council voted on the harbour budget in story ${id}.\n`);
      await ingestToPostgres({ pool: writer, embedder, paths: [file], beforeCommit: async () => void committing.set(id, performance.now()) });
    };
    await write('seed', new Map());
    const [toldSeen, polledSeen] = [new Map<string, number>(), new Map<string, number>()];
    const told = await replica(url, embedder, toldSeen);
    const polled = await replica(url, embedder, polledSeen);
    const follower = followChanges({ url, refresh: told.refresh, pollMs: 3_600_000, downPollMs: 3_600_000 });
    const poll = setInterval(() => void polled.refresh(), 2000); // serve.ts's timer before issue 24
    const deadline = Date.now() + 30_000;
    while (!follower.state().listening) {
      if (Date.now() > deadline) throw new Error('the listener did not connect');
      await new Promise((r) => setTimeout(r, 10));
    }
    const committing = new Map<string, number>();
    for (let i = 0; i < writes; i++) {
      await write(`w${i}`, committing);
      await new Promise((r) => setTimeout(r, Math.random() * 400));
    }
    while ([...committing.keys()].some((id) => !toldSeen.has(id) || !polledSeen.has(id))) {
      if (Date.now() > deadline + writes * 1000) throw new Error('some writes were never seen');
      await new Promise((r) => setTimeout(r, 20));
    }
    clearInterval(poll);
    await follower.close();
    await Promise.all([told.index.pool.end(), polled.index.pool.end(), writer.end()]);
    const lat = (seen: Map<string, number>) => [...committing].map(([id, t]) => seen.get(id)! - t);
    const row = (name: string, xs: number[]) => `| ${name} | ${xs.length} | ${pct(xs, 50).toFixed(1)} | ${pct(xs, 95).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |`;
    console.log('| replica learns of commits by | writes | commit → visible p50 (ms) | p95 (ms) | max (ms) |');
    console.log('|---|---|---|---|---|');
    console.log(row('LISTEN/NOTIFY (fallback poll off)', lat(toldSeen)));
    console.log(row('poll every 2 s (before issue 24)', lat(polledSeen)));
  } finally {
    cluster.remove();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
