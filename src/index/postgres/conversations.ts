// Conversation state in PostgreSQL, so that any replica continues a thread: one row per
// conversation with its newest turns (jsonb), bounded like the memory store.
import type pg from 'pg';
import type { ConversationLimits, ConversationStore, ConversationTurn } from '../../chat/conversations.js';

export function pgConversations(pool: pg.Pool, limits: ConversationLimits, now: () => number = Date.now): ConversationStore {
  let appends = 0;
  return {
    async turns(id) {
      const r = await pool.query('SELECT turns, updated_ms FROM conversations WHERE id = $1', [id]);
      const row = r.rows[0] as { turns: ConversationTurn[]; updated_ms: string } | undefined;
      if (!row || now() - Number(row.updated_ms) > limits.ttlMs) return [];
      return row.turns;
    },
    async append(id, turn) {
      // One statement: two replicas appending to one thread at once both keep their turn.
      await pool.query(
        `INSERT INTO conversations (id, turns, updated_ms) VALUES ($1, jsonb_build_array($2::jsonb), $3)
         ON CONFLICT (id) DO UPDATE SET
           turns = (SELECT coalesce(jsonb_agg(t ORDER BY i), '[]'::jsonb) FROM (
             SELECT t, i FROM jsonb_array_elements(
               CASE WHEN $3 - conversations.updated_ms > $5 THEN '[]'::jsonb ELSE conversations.turns END || jsonb_build_array($2::jsonb)
             ) WITH ORDINALITY AS x(t, i) ORDER BY i DESC LIMIT $4) kept),
           updated_ms = EXCLUDED.updated_ms`,
        [id, JSON.stringify(turn), now(), limits.turns, limits.ttlMs],
      );
      // Eviction (expired, then past the total) now and then rather than on every turn.
      if (appends++ % 50 === 0) await evict(pool, limits, now());
    },
    async forget(id) {
      await pool.query('DELETE FROM conversations WHERE id = $1', [id]);
    },
  };
}

export async function evict(pool: pg.Pool, limits: ConversationLimits, nowMs: number): Promise<void> {
  await pool.query('DELETE FROM conversations WHERE updated_ms < $1', [nowMs - limits.ttlMs]);
  await pool.query('DELETE FROM conversations WHERE id IN (SELECT id FROM conversations ORDER BY updated_ms DESC OFFSET $1)', [limits.conversations]);
}
