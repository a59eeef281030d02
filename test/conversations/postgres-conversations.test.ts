// Conversation state in PostgreSQL (schema 3): a thread begun on one replica is continued on
// another (two pools, two chat cores, one database), bounded like the memory store. Runs on a
// throwaway cluster (test/fixtures/pg-cluster.ts); without PostgreSQL and pgvector it says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createAnswerer } from '../../src/answer/answerer.js';
import { createChatCore } from '../../src/chat/core.js';
import { createPool, migrate, pgConversations } from '../../src/index/postgres/index.js';
import { evict } from '../../src/index/postgres/conversations.js';
import { pgUnavailable, startCluster, type PgCluster } from '../fixtures/pg-cluster.js';
import { smallIndex } from './helpers.js';

const unavailable = pgUnavailable();
if (unavailable) console.warn(`PostgreSQL conversation tests NOT RUN: ${unavailable}. To run them: sudo scripts/install-pgvector.sh, then npx vitest run test/conversations.`);

describe.skipIf(unavailable !== null)('conversations in PostgreSQL', () => {
  let cluster: PgCluster;
  const pools: pg.Pool[] = [];
  let url: string;

  beforeAll(async () => {
    cluster = await startCluster();
    url = await cluster.createDatabase('conversations');
    const pool = createPool(url);
    pools.push(pool);
    await migrate(pool);
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled(pools.map((p) => p.end()));
    cluster?.remove();
  });

  const limits = { turns: 3, ttlMs: 60_000, conversations: 2 };
  const replica = async () => {
    const pool = createPool(url);
    pools.push(pool);
    const index = await smallIndex();
    return createChatCore({ answerer: createAnswerer({ index: () => index, embedder: null }), index: () => index, conversations: pgConversations(pool, limits), rateLimit: { questions: 100, windowSeconds: 1 } });
  };

  it('a replica continues a thread begun on another', async () => {
    const [a, b] = [await replica(), await replica()];
    const user = { id: 'slack:U1', platform: 'slack' };
    await a.handle({ command: 'ask', text: 'What did Pete Hegseth say about the Senate vote?', user, conversation: 'slack:C1:1.0' });
    expect(await b.inConversation?.('slack:C1:1.0')).toBe(true);
    const reply = await b.handle({ command: 'ask', text: 'What did he say about the borders?', user, conversation: 'slack:C1:1.0' });
    expect(reply.kind === 'answer' && reply.answer.resolvedQuestion).toBe('What did Pete Hegseth say about the borders?');
    expect(reply.kind === 'answer' && reply.answer.excerpts[0]?.sourceId).toBe('hegseth');
    // Another thread on replica b knows nothing of it.
    const other = await b.handle({ command: 'ask', text: 'What did he say about the borders?', user, conversation: 'slack:C1:2.0' });
    expect(other.kind === 'answer' && other.answer.resolvedQuestion).toBeUndefined();
  });

  it('keeps the newest turns, forgets idle threads and the least recently active past the total', async () => {
    const pool = pools[0];
    // Later than the first test's threads (real clock), so that these three are the newest.
    let now = Date.now() + 10 * 86_400_000;
    const store = pgConversations(pool, limits, () => now);
    const turn = (q: string) => ({ question: q, resolved: q, sourceIds: ['s'], at: now });
    for (const q of ['1', '2', '3', '4']) await store.append('x', turn(q));
    expect((await store.turns('x')).map((t) => t.question)).toEqual(['2', '3', '4']);
    now += 10;
    await store.append('y', turn('y1'));
    now += 10;
    await store.append('z', turn('z1'));
    await evict(pool, limits, now);
    expect(await store.turns('x')).toEqual([]); // three threads, two kept: x was the least recently active
    expect((await store.turns('z')).map((t) => t.question)).toEqual(['z1']);
    now += 60_001;
    expect(await store.turns('z')).toEqual([]); // idle past its time to live
    // A turn after the time to live starts the thread afresh.
    await store.append('z', turn('z2'));
    expect((await store.turns('z')).map((t) => t.question)).toEqual(['z2']);
  });
});
