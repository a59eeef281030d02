// The digest's posting state in the database, for bot replicas: the same record as
// digest-state.json (digest/state.ts), one row, read and written under one advisory lock
// per digest run, so an occurrence is posted by one replica and skipped by the others.
import type pg from 'pg';
import { emptyState, type DigestState, type SharedDigestState } from '../../digest/index.js';
import { LOCKS } from './schema.js';

export function pgDigestState(pool: pg.Pool): SharedDigestState {
  let state: DigestState = emptyState();
  let queue: Promise<unknown> = Promise.resolve();
  const pull = async () => {
    const r = await pool.query('SELECT state FROM digest_state WHERE id = 1');
    state = (r.rows[0]?.state as DigestState | undefined) ?? emptyState();
  };
  return {
    pull,
    store: {
      get: () => structuredClone(state),
      // The database is read by `pull` (before each run, under the lock); this is what it read.
      refresh: () => structuredClone(state),
      update(change) {
        const run = queue.then(async () => {
          const next = structuredClone(state);
          change(next);
          await pool.query('INSERT INTO digest_state (id, state) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state', [JSON.stringify(next)]);
          state = next;
          return structuredClone(next);
        });
        queue = run.catch(() => undefined);
        return run;
      },
    },
    async exclusive(fn) {
      const client = await pool.connect();
      try {
        // Held for the whole run (posting included): a second replica waits, then reads that it was posted.
        await client.query('SELECT pg_advisory_lock($1)', [LOCKS.digest]);
        try {
          await pull();
          return await fn();
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [LOCKS.digest]).catch(() => undefined);
        }
      } finally {
        client.release();
      }
    },
  };
}
