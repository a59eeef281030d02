// Follow-ups on Discord through the real discord.js client against the loopback fake, with the real
// chat core and answerer over a small index: a reply to the bot's answer continues its chain, a new
// mention starts a new conversation, and an absent subject in a chain is not found.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createDiscordConnection } from '../../src/adapters/discord/index.js';
import { createAnswerer } from '../../src/answer/answerer.js';
import { memoryConversations } from '../../src/chat/conversations.js';
import { createChatCore } from '../../src/chat/core.js';
import type { PlatformConnection } from '../../src/chat/types.js';
import { silentLogger } from '../../src/log.js';
import { FakeDiscord, IDS } from '../fakes/discord-server.js';
import { smallIndex } from './helpers.js';

let fake: FakeDiscord;
let conn: PlatformConnection | undefined;

beforeEach(async () => {
  fake = await FakeDiscord.start();
});

afterEach(async () => {
  await conn?.stop();
  conn = undefined;
  await fake.close();
});

const POSTS = new RegExp(`^/channels/${IDS.channel}/messages$`);

async function nthReply(n: number): Promise<{ id: string; text: string; repliesTo?: string }> {
  const deadline = Date.now() + 10_000;
  while (fake.find('POST', POSTS).length < n) {
    if (Date.now() > deadline) throw new Error(`reply ${n} did not come`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const call = fake.find('POST', POSTS)[n - 1];
  return { id: call.response.id, text: JSON.stringify(call.body.embeds), repliesTo: call.body.message_reference?.message_id };
}

it('a reply to an answer continues its chain; a fresh mention starts a new conversation; an absent subject is not found', async () => {
  const index = await smallIndex();
  const core = createChatCore({ answerer: createAnswerer({ index: () => index, embedder: null }), index: () => index, conversations: memoryConversations(), rateLimit: { questions: 100, windowSeconds: 1 } });
  conn = createDiscordConnection({ core, token: 'fake-token', appId: IDS.app, logger: silentLogger, restApi: fake.api, rest: { retries: 0, timeoutMs: 5000 }, readyTimeoutMs: 10_000, drainTimeoutMs: 2000 });
  await conn.start();

  const q1 = fake.pushMention({ text: 'What did the White House say about the call with Putin?' });
  const a1 = await nthReply(1);
  expect(a1.repliesTo).toBe(q1);

  // A reply to the answer (pinging the bot, as a reply does): read with the chain.
  fake.pushMention({ text: 'And the Kremlin?', mention: false, replyTo: a1.id });
  const a2 = await nthReply(2);
  expect(a2.text).toContain('Reading this as: What did the Kremlin say about the call with Putin?');
  expect(a2.text).toContain('frank and lasted ninety minutes');

  fake.pushMention({ text: 'What about Narnia?', mention: false, replyTo: a2.id });
  const a3 = await nthReply(3);
  expect(a3.text).toContain('What did Narnia say about the call with Putin?');
  expect(a3.text).toContain('Nothing in the indexed articles answers that');

  // A new mention, not a reply: its own conversation, so "he" has no earlier turn to stand for.
  fake.pushMention({ text: 'What did he say about the borders?' });
  const a4 = await nthReply(4);
  expect(a4.text).not.toContain('Reading this as');
});
