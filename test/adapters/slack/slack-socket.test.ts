// The Slack adapter in Socket Mode: the real Bolt App opens apps.connections.open on the fake Slack,
// connects to its WebSocket, gets hello, and answers envelopes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackConnection, type SlackConnection } from '../../../src/adapters/slack/index.js';
import { silentLogger } from '../../../src/log.js';
import { blockActionPayload, eventCallback, slashCommandBody, startFakeSlack, waitFor, type FakeSlack } from '../../fakes/slack-server.js';
import { createCoreDouble } from './core-double.js';

let fake: FakeSlack;
let conn: SlackConnection | undefined;
let dir: string;

beforeEach(async () => {
  fake = await startFakeSlack();
  dir = await mkdtemp(join(tmpdir(), 'slack-socket-'));
});

afterEach(async () => {
  await conn?.stop();
  conn = undefined;
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

/** The adapter in Socket Mode against the fake Slack, retries kept short. */
function socketConnection(core: ReturnType<typeof createCoreDouble>) {
  return createSlackConnection({
    core,
    botToken: 'xoxb-test',
    appToken: 'xapp-test',
    slackApiUrl: fake.apiUrl,
    feedbackFile: join(dir, 'votes.jsonl'),
    logger: silentLogger,
    retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 },
    apiTimeoutMs: 5000,
  });
}

describe('Slack adapter, Socket Mode', () => {
  it('connects through apps.connections.open, answers a slash command envelope, dedupes a retried event', async () => {
    const core = createCoreDouble({ delayMs: 50 });
    conn = socketConnection(core);
    expect(conn.mode).toBe('socket');
    expect(conn.ready()).toBe(false);
    await conn.start();
    expect(conn.ready()).toBe(true);
    expect(fake.socketCount()).toBe(1);
    const [open] = fake.callsTo('apps.connections.open');
    expect(open.headers.authorization).toBe('Bearer xapp-test');
    expect(fake.callsTo('auth.test')[0].headers.authorization).toBe('Bearer xoxb-test');

    // A slash command arrives as an envelope; the ack goes back on the socket.
    const envelope = fake.sendEnvelope(
      'slash_commands',
      slashCommandBody({ command: '/ask', text: 'How long did the call last?', userId: 'U1', responseUrl: fake.responseUrl('sock') }),
    );
    const ack = await waitFor(() => fake.acks.find((a) => a.envelope_id === envelope), 5000, 'the envelope ack');
    expect(ack.payload).toEqual({ response_type: 'ephemeral', text: ':mag: Searching the sources…' });
    const [answer] = await waitFor(() => fake.responsesFor('sock').length > 0 && fake.responsesFor('sock'), 5000, 'the answer');
    expect(answer.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(answer.body.blocks)).toContain('> \\"The call lasted two hours, officials said.\\" [1]');
    expect(core.requests[0]).toEqual({ command: 'ask', text: 'How long did the call last?', user: { id: 'slack:U1', platform: 'slack' }, channel: expect.stringMatching(/^slack:/) });

    // Share in channel, through an interactive envelope.
    const share = answer.body.blocks.find((b: any) => b.type === 'actions').elements.find((e: any) => e.action_id === 'newsroom_share');
    const interactive = fake.sendEnvelope(
      'interactive',
      blockActionPayload({ actionId: 'newsroom_share', value: share.value, userId: 'U1', responseUrl: fake.responseUrl('sock-share') }),
    );
    await waitFor(() => fake.acks.find((a) => a.envelope_id === interactive), 5000, 'the action ack');
    const [shared] = await waitFor(() => fake.responsesFor('sock-share').length > 0 && fake.responsesFor('sock-share'), 5000, 'the share');
    expect(shared.body.response_type).toBe('in_channel');

    // An event delivered twice (retry_attempt 1, same event_id) is answered once.
    const ev = eventCallback({
      eventId: 'EvSock',
      event: { type: 'app_mention', user: 'U2', text: '<@UBOT> sources', ts: '3.1', channel: 'C3', event_ts: '3.1' },
    });
    fake.sendEnvelope('events_api', ev, { retry_attempt: 0, retry_reason: '' });
    fake.sendEnvelope('events_api', ev, { retry_attempt: 1, retry_reason: 'timeout' });
    await waitFor(() => fake.callsTo('reactions.remove').length > 0, 5000, 'the mention answer');
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage')[0].body).toMatchObject({ channel: 'C3', thread_ts: '3.1' });
    expect(core.requests.filter((r) => r.command === 'sources')).toHaveLength(1);
    expect(fake.acks.length).toBeGreaterThanOrEqual(4);

    await conn.stop();
    expect(conn.ready()).toBe(false);
    await waitFor(() => fake.socketCount() === 0, 5000, 'the socket to close');
  });

  it('stop() finishes a mention waiting out a 429 before closing the socket', async () => {
    const core = createCoreDouble();
    conn = socketConnection(core);
    await conn.start();
    fake.rateLimit('chat.postMessage', 1, 2);
    fake.sendEnvelope(
      'events_api',
      eventCallback({ eventId: 'EvSockStop', event: { type: 'app_mention', user: 'U2', text: '<@UBOT> who won?', ts: '4.1', channel: 'C4', event_ts: '4.1' } }),
    );
    await waitFor(() => fake.callsTo('chat.postMessage').length > 0, 5000, 'the rate-limited post');
    await conn.stop();
    conn = undefined;
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(fake.callsTo('reactions.remove')).toHaveLength(1);
    await waitFor(() => fake.socketCount() === 0, 5000, 'the socket to close');
  });
});
