// Thread follow-ups through the real Slack adapter (Bolt, HTTP mode) against the loopback fake,
// with the real chat core and answerer over a small index: a follow-up in a thread is read with
// the thread, two threads in one channel are kept apart, a reply without a mention in a thread
// the bot answered is a follow-up, and an absent subject is not found.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createSlackConnection, type SlackConnection } from '../../src/adapters/slack/index.js';
import { createAnswerer } from '../../src/answer/answerer.js';
import { memoryConversations } from '../../src/chat/conversations.js';
import { createChatCore } from '../../src/chat/core.js';
import { silentLogger } from '../../src/log.js';
import { eventCallback, postSigned, startFakeSlack, waitFor, type FakeSlack } from '../fakes/slack-server.js';
import { smallIndex } from './helpers.js';

const SECRET = 'test-signing-secret';
let fake: FakeSlack;
let conn: SlackConnection | undefined;
let dir: string;

beforeEach(async () => {
  fake = await startFakeSlack();
  dir = await mkdtemp(join(tmpdir(), 'slack-threads-'));
});

afterEach(async () => {
  await conn?.stop();
  conn = undefined;
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

async function start(): Promise<string> {
  const index = await smallIndex();
  const core = createChatCore({ answerer: createAnswerer({ index: () => index, embedder: null }), index: () => index, conversations: memoryConversations(), rateLimit: { questions: 100, windowSeconds: 1 } });
  conn = createSlackConnection({ core, botToken: 'xoxb-test', signingSecret: SECRET, port: 0, host: '127.0.0.1', slackApiUrl: fake.apiUrl, feedbackFile: join(dir, 'votes.jsonl'), logger: silentLogger, retryConfig: { retries: 0 }, apiTimeoutMs: 5000 });
  await conn.start();
  return `http://127.0.0.1:${conn.port()}/slack/events`;
}

let events = 0;
function send(url: string, ev: Record<string, unknown>) {
  return postSigned(url, JSON.stringify(eventCallback({ eventId: `Ev${++events}`, event: ev })), { signingSecret: SECRET, contentType: 'application/json' });
}
const mention = (text: string, ts: string, threadTs?: string) => ({ type: 'app_mention', user: 'U1', text: `<@UBOT> ${text}`, ts, channel: 'C1', event_ts: ts, ...(threadTs ? { thread_ts: threadTs } : {}) });
const reply = (text: string, ts: string, threadTs: string) => ({ type: 'message', channel_type: 'channel', user: 'U1', text, ts, channel: 'C1', event_ts: ts, thread_ts: threadTs });

/** The n-th answer posted (text of all its blocks), once it is there. */
async function answer(n: number): Promise<{ thread: string; text: string }> {
  const posts = await waitFor(() => fake.callsTo('chat.postMessage').length >= n && fake.callsTo('chat.postMessage'), 10_000, `answer ${n}`);
  const body = posts[n - 1].body;
  return { thread: body.thread_ts, text: JSON.stringify(body.blocks) };
}

it('reads a thread follow-up with its thread, keeps two threads apart, and answers an absent subject with not found', async () => {
  const url = await start();
  await send(url, mention('What did Pete Hegseth say about the Senate vote?', '100.1'));
  await answer(1);
  await send(url, mention('What did the White House say about the call with Putin?', '200.1'));
  await answer(2);

  await send(url, mention('What did he say about the borders?', '100.2', '100.1'));
  const a = await answer(3);
  expect(a.thread).toBe('100.1');
  expect(a.text).toContain('Reading this as:_ What did Pete Hegseth say about the borders?');
  expect(a.text).toContain('secured with more troops');

  await send(url, mention('And the Kremlin?', '200.2', '200.1'));
  const b = await answer(4);
  expect(b.thread).toBe('200.1');
  expect(b.text).toContain('What did the Kremlin say about the call with Putin?');
  expect(b.text).toContain('frank and lasted ninety minutes');
  expect(b.text).not.toContain('two hours');

  await send(url, mention('What about Narnia?', '200.3', '200.1'));
  const c = await answer(5);
  expect(c.text).toContain('What did Narnia say about the call with Putin?');
  expect(c.text).toContain('Nothing in the indexed articles answers that');
  expect(c.text).not.toContain('lasted');
});

it('a reply in a thread the bot answered is a follow-up without a mention; elsewhere a reply is left alone', async () => {
  const url = await start();
  await send(url, mention('What did Pete Hegseth say about the Senate vote?', '300.1'));
  await answer(1);
  await send(url, reply('What did he say about the borders?', '300.2', '300.1'));
  const a = await answer(2);
  expect(a.thread).toBe('300.1');
  expect(a.text).toContain('What did Pete Hegseth say about the borders?');
  // A thread the bot never answered in: not a question to the bot.
  await send(url, reply('What did he say about the borders?', '400.2', '400.1'));
  await new Promise((r) => setTimeout(r, 300));
  expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
});
