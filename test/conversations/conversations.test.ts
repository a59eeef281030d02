// Conversation state (src/chat/conversations.ts) and asking within a conversation
// (src/chat/follow-ups.ts) against a real answerer over a small index: a follow-up resolved,
// two threads kept apart, bounds and eviction, an absent subject not found.
import { describe, expect, it } from 'vitest';
import { createAnswerer } from '../../src/answer/answerer.js';
import { memoryConversations, type ConversationTurn } from '../../src/chat/conversations.js';
import { askInConversation } from '../../src/chat/follow-ups.js';
import { createChatCore } from '../../src/chat/core.js';
import { smallIndex } from './helpers.js';
import { withEarlier } from '../../src/llm/synthesis.js';

const t = (question: string, at: number): ConversationTurn => ({ question, resolved: question, sourceIds: ['x'], at });

describe('memory conversation store', () => {
  it('keeps the newest turns, forgets an idle conversation, evicts the least recently active past the total', async () => {
    let now = 0;
    const store = memoryConversations({ turns: 2, ttlMs: 1000, conversations: 2 }, () => now);
    for (const q of ['one', 'two', 'three']) await store.append('a', t(q, now));
    expect((await store.turns('a')).map((x) => x.question)).toEqual(['two', 'three']);
    now = 500;
    await store.append('b', t('b1', now));
    await store.append('a', t('four', now));
    await store.append('c', t('c1', now)); // three conversations: b is the least recently active
    expect(await store.turns('b')).toEqual([]);
    expect((await store.turns('a')).map((x) => x.question)).toEqual(['three', 'four']);
    now = 1600; // c idle 1100 ms > ttl
    expect(await store.turns('c')).toEqual([]);
    await store.forget('a');
    expect(await store.turns('a')).toEqual([]);
  });
});

describe('asking in a conversation (lexical answerer over a small index)', () => {
  // Keyword search alone (no embedder): what passes is decided by words, so the test is exact.
  const setup = async () => {
    const index = await smallIndex();
    return { answerer: createAnswerer({ index: () => index, embedder: null }), store: memoryConversations() };
  };

  it('resolves a pronoun follow-up and answers it from the right source, with resolvedQuestion and "Reading this as"', async () => {
    const deps = await setup();
    const first = await askInConversation(deps, 'th1', 'What did Pete Hegseth say about the Senate vote?');
    expect(first.status).toBe('answered');
    expect(first.resolvedQuestion).toBeUndefined();
    const follow = await askInConversation(deps, 'th1', 'What did he say about the borders?');
    expect(follow.question).toBe('What did he say about the borders?');
    expect(follow.resolvedQuestion).toBe('What did Pete Hegseth say about the borders?');
    expect(follow.text.startsWith('Reading this as: What did Pete Hegseth say about the borders?\n')).toBe(true);
    expect(follow.status).toBe('answered');
    expect(follow.excerpts[0].sourceId).toBe('hegseth');
    expect(follow.excerpts[0].quote).toContain('borders');
  });

  it('answers "And the Kremlin?" from the Kremlin, and an absent subject is not found rather than the earlier quotes', async () => {
    const deps = await setup();
    const first = await askInConversation(deps, 'th2', 'What did the White House say about the call with Putin?');
    expect(first.excerpts.map((e) => e.sourceId)).toContain('call');
    const kremlin = await askInConversation(deps, 'th2', 'And the Kremlin?');
    expect(kremlin.resolvedQuestion).toBe('What did the Kremlin say about the call with Putin?');
    expect(kremlin.status).toBe('answered');
    expect(new Set(kremlin.excerpts.map((e) => e.sourceId))).toEqual(new Set(['kremlin']));
    const absent = await askInConversation(deps, 'th2', 'What about Narnia?');
    expect(absent.resolvedQuestion).toBe('What did Narnia say about the call with Putin?');
    expect(absent.status).toBe('not_found');
    expect(absent.excerpts).toEqual([]);
    // The same question without the subject check would have quoted the call again: the check is what refuses it.
    const unchecked = await deps.answerer.ask('What did Narnia say about the call with Putin?');
    expect(unchecked.status).toBe('answered');
  });

  it('keeps two threads in one channel apart', async () => {
    const deps = await setup();
    await askInConversation(deps, 'slack:C1:1.0', 'What did Pete Hegseth say about the Senate vote?');
    await askInConversation(deps, 'slack:C1:2.0', 'What did the White House say about the call with Putin?');
    const a = await askInConversation(deps, 'slack:C1:1.0', 'What did he say about the borders?');
    const b = await askInConversation(deps, 'slack:C1:2.0', 'And the Kremlin?');
    expect(a.resolvedQuestion).toBe('What did Pete Hegseth say about the borders?');
    expect(b.resolvedQuestion).toBe('What did the Kremlin say about the call with Putin?');
  });

  it('the chat core reads follow-ups only with a conversation id, and knows where it has answered', async () => {
    const deps = await setup();
    const index = await smallIndex();
    const core = createChatCore({ answerer: deps.answerer, index: () => index, conversations: deps.store });
    const user = { id: 'console', platform: 'console' };
    await core.handle({ command: 'ask', text: 'What did Pete Hegseth say about the Senate vote?', user, conversation: 'console:1' });
    expect(await core.inConversation?.('console:1')).toBe(true);
    expect(await core.inConversation?.('console:2')).toBe(false);
    const inThread = await core.handle({ command: 'ask', text: 'What did he say about the borders?', user, conversation: 'console:1' });
    const alone = await core.handle({ command: 'ask', text: 'What did he say about the borders?', user });
    expect(inThread.kind === 'answer' && inThread.answer.resolvedQuestion).toBe('What did Pete Hegseth say about the borders?');
    expect(alone.kind === 'answer' && alone.answer.resolvedQuestion).toBeUndefined();
  });

  it("with an LLM, a follow-up's earlier questions go to it as context", async () => {
    const index = await smallIndex();
    const seen: { question: string; earlier?: readonly string[] }[] = [];
    const synthesiser = {
      async synthesise(question: string, _excerpts: unknown[], earlier?: readonly string[]) {
        seen.push({ question, earlier });
        return {};
      },
    };
    const deps = { answerer: createAnswerer({ index: () => index, embedder: null, synthesiser }), store: memoryConversations() };
    await askInConversation(deps, 'llm', 'What did Pete Hegseth say about the Senate vote?');
    await askInConversation(deps, 'llm', 'What did he say about the borders?');
    expect(seen).toEqual([
      { question: 'What did Pete Hegseth say about the Senate vote?', earlier: undefined },
      { question: 'What did Pete Hegseth say about the borders?', earlier: ['What did Pete Hegseth say about the Senate vote?'] },
    ]);
    expect(withEarlier('Q?', ['A?'])).toBe('Q?\n(Earlier questions in this conversation, for context only: "A?")');
  });
});
