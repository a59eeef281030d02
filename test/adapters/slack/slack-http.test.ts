// The Slack adapter in HTTP mode: the real Bolt App against a fake Slack on loopback, with requests
// signed the way Slack signs them.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackConnection, type SlackConnection, type SlackConnectionOptions } from '../../../src/adapters/slack/index.js';
import type { ChatCore } from '../../../src/chat/types.js';
import { createLogger, silentLogger } from '../../../src/log.js';
import type { Answer } from '../../../src/types.js';
import {
  blockActionForm,
  eventCallback,
  postSigned,
  slashCommandForm,
  startFakeSlack,
  waitFor,
  type FakeSlack,
} from '../../fakes/slack-server.js';
import { createCoreDouble, excerpt, sampleAnswer, sampleDigest } from './core-double.js';

const SECRET = 'test-signing-secret';
const FORM = 'application/x-www-form-urlencoded' as const;
const JSON_TYPE = 'application/json' as const;
/** Retries on 429 (after Retry-After) and network errors, twice at most, without extra backoff. */
const TEST_RETRY = { retries: 2, minTimeout: 0, maxTimeout: 0 };

let fake: FakeSlack;
let conn: SlackConnection | undefined;
let dir: string;

beforeEach(async () => {
  fake = await startFakeSlack();
  dir = await mkdtemp(join(tmpdir(), 'slack-adapter-'));
});

afterEach(async () => {
  await conn?.stop();
  conn = undefined;
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

async function start(core: ChatCore, extra: Partial<SlackConnectionOptions> = {}): Promise<string> {
  conn = createSlackConnection({
    core,
    botToken: 'xoxb-test',
    signingSecret: SECRET,
    port: 0,
    host: '127.0.0.1',
    slackApiUrl: fake.apiUrl,
    feedbackFile: join(dir, 'feedback', 'votes.jsonl'),
    logger: silentLogger,
    retryConfig: TEST_RETRY,
    apiTimeoutMs: 5000,
    ...extra,
  });
  await conn.start();
  return `http://127.0.0.1:${conn.port()}/slack/events`;
}

function command(url: string, p: { command?: string; text: string; userId?: string; responseId: string }) {
  return postSigned(
    url,
    slashCommandForm({ command: p.command ?? '/ask', text: p.text, userId: p.userId ?? 'U1', responseUrl: fake.responseUrl(p.responseId) }),
    { signingSecret: SECRET, contentType: FORM },
  );
}

function event(url: string, eventId: string, ev: Record<string, unknown>, headers: Record<string, string> = {}) {
  return postSigned(url, JSON.stringify(eventCallback({ eventId, event: ev })), { signingSecret: SECRET, contentType: JSON_TYPE, headers });
}

function action(url: string, p: { actionId: string; value: string; userId?: string; responseId: string; ephemeral?: boolean }) {
  return postSigned(
    url,
    blockActionForm({ actionId: p.actionId, value: p.value, userId: p.userId ?? 'U1', responseUrl: fake.responseUrl(p.responseId), ephemeral: p.ephemeral }),
    { signingSecret: SECRET, contentType: FORM },
  );
}

function mention(text: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'app_mention', user: 'U1', text, ts: '1700000000.000100', channel: 'C1', event_ts: '1700000000.000100', ...over };
}

/** Slack's limits, checked on what the fake received. */
function expectWithinLimits(message: { text?: string; blocks?: any[] }): void {
  expect(message.blocks).toBeDefined();
  const blocks = message.blocks ?? [];
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.length).toBeLessThanOrEqual(50);
  for (const b of blocks) {
    if (b.type === 'section') expect(b.text.text.length).toBeLessThanOrEqual(3000);
    if (b.type === 'context') {
      expect(b.elements.length).toBeLessThanOrEqual(10);
      for (const e of b.elements) expect(e.text.length).toBeLessThanOrEqual(3000);
    }
  }
  expect((message.text ?? '').length).toBeGreaterThan(0);
  expect((message.text ?? '').length).toBeLessThanOrEqual(3000);
}

function buttons(message: { blocks?: any[] }): Record<string, string> {
  const row = (message.blocks ?? []).find((b) => b.type === 'actions');
  return Object.fromEntries((row?.elements ?? []).map((e: any) => [e.action_id, e.value]));
}

function sectionTexts(message: { blocks?: any[] }): string[] {
  return (message.blocks ?? []).filter((b) => b.type === 'section').map((b) => b.text.text as string);
}

describe('Slack adapter, HTTP mode', () => {
  it('answers /ask: ack within the deadline, ephemeral answer with Share, Share posts it publicly', async () => {
    const core = createCoreDouble({ delayMs: 300 });
    const url = await start(core);

    const ack = await command(url, { text: 'How long did the call last?', responseId: 'cmd1' });
    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(3000);
    expect(JSON.parse(ack.body)).toEqual({ response_type: 'ephemeral', text: ':mag: Searching the sources…' });

    const [answer] = await waitFor(() => fake.responsesFor('cmd1').length > 0 && fake.responsesFor('cmd1'), 5000, 'the answer');
    expect(core.requests).toEqual([{ command: 'ask', text: 'How long did the call last?', user: { id: 'slack:U1', platform: 'slack' }, channel: expect.stringMatching(/^slack:/) }]);
    expect(answer.body.response_type).toBe('ephemeral');
    expect(answer.body.replace_original).toBe(true);
    expectWithinLimits(answer.body);
    const texts = sectionTexts(answer.body);
    expect(texts).toContain('> "The call lasted two hours, officials said." [1] _(undated)_');
    expect(texts).toContain(
      ':warning: *Sources disagree* on how long the call lasted: "over an hour" [2] vs "two hours" [1]\n_The sources may count the call differently._',
    );
    // The disagreement comes right under the quotes it is about.
    expect(texts.indexOf(texts.find((t) => t.startsWith(':warning:'))!)).toBe(3);
    const ids = buttons(answer.body);
    expect(Object.keys(ids)).toEqual(['newsroom_share', 'newsroom_vote_up', 'newsroom_vote_down']);
    const sources = answer.body.blocks.filter((b: any) => b.type === 'context').map((b: any) => b.elements[0].text).join('\n');
    expect(sources).toContain('[1] <https://news.example/1|Article 1> — `001_9d2b0e729d22a81c ¶2`');
    expect(sources).toContain('[2] Wire report — `002_9d2b0e729d22a81c ¶3`');

    const click = await action(url, { actionId: 'newsroom_share', value: ids.newsroom_share, responseId: 'share1' });
    expect(click.status).toBe(200);
    const [shared] = await waitFor(() => fake.responsesFor('share1').length > 0 && fake.responsesFor('share1'), 5000, 'the shared post');
    expect(shared.body.response_type).toBe('in_channel');
    expect(shared.body.delete_original).toBe(true);
    expectWithinLimits(shared.body);
    expect(sectionTexts(shared.body)).toEqual(texts);
    expect(JSON.stringify(shared.body.blocks)).toContain('Shared by <@U1>');
    expect(Object.keys(buttons(shared.body))).toEqual(['newsroom_vote_up', 'newsroom_vote_down']);
    expect(core.requests).toHaveLength(1);
  });

  it('answers an empty /ask with help, and /sources without an ack note', async () => {
    const core = createCoreDouble();
    const url = await start(core);
    const ack = await command(url, { text: '   ', responseId: 'empty' });
    expect(ack.status).toBe(200);
    const [help] = await waitFor(() => fake.responsesFor('empty').length > 0 && fake.responsesFor('empty'), 5000, 'help');
    expect(core.requests[0]).toMatchObject({ command: 'help', text: '' });
    expect(JSON.stringify(help.body.blocks)).toContain('*/ask*');

    const sourcesAck = await command(url, { command: '/sources', text: '2', responseId: 'src' });
    expect(sourcesAck.status).toBe(200);
    expect(sourcesAck.body).toBe('');
    const [list] = await waitFor(() => fake.responsesFor('src').length > 0 && fake.responsesFor('src'), 5000, 'sources');
    expect(core.requests[1]).toMatchObject({ command: 'sources', text: '2' });
    expect(list.body.replace_original).toBe(false);
    expect(JSON.stringify(list.body.blocks)).toContain('page 2 of 3');
  });

  it('answers a mention in its thread with 👀 while working, Block Kit within limits', async () => {
    const core = createCoreDouble({ delayMs: 100 });
    const url = await start(core);
    const res = await event(url, 'Ev1', mention('<@UBOT> how long did the call last?'));
    expect(res.status).toBe(200);

    await waitFor(() => fake.callsTo('reactions.remove').length > 0, 5000, 'the reaction to be removed');
    const methods = fake.calls.map((c) => c.method).filter((m) => m !== 'auth.test');
    expect(methods).toEqual(['reactions.add', 'chat.postMessage', 'reactions.remove']);
    const [add] = fake.callsTo('reactions.add');
    expect(add.body).toMatchObject({ channel: 'C1', timestamp: '1700000000.000100', name: 'eyes' });
    const [post] = fake.callsTo('chat.postMessage');
    expect(post.headers.authorization).toBe('Bearer xoxb-test');
    expect(post.body.channel).toBe('C1');
    expect(post.body.thread_ts).toBe('1700000000.000100');
    expectWithinLimits(post.body);
    expect(Object.keys(buttons(post.body))).toEqual(['newsroom_vote_up', 'newsroom_vote_down']);
    expect(core.requests).toEqual([{ command: 'ask', text: 'how long did the call last?', user: { id: 'slack:U1', platform: 'slack' }, channel: 'slack:C1', conversation: 'slack:C1:1700000000.000100', at: expect.any(Date) }]);
  });

  it('routes "sources", "quotes X" and "help" in a mention, and answers inside an existing thread', async () => {
    const core = createCoreDouble();
    const url = await start(core);
    await event(url, 'Ev1', mention('<@UBOT> sources 2', { ts: '1.1', event_ts: '1.1' }));
    await event(url, 'Ev2', mention('<@UBOT> quotes Jane Doe', { ts: '1.2', event_ts: '1.2', thread_ts: '0.9' }));
    await event(url, 'Ev3', mention('<@UBOT>', { ts: '1.3', event_ts: '1.3' }));
    await waitFor(() => fake.callsTo('chat.postMessage').length === 3, 5000, 'three answers');
    expect(core.requests.map(({ command, text }) => ({ command, text }))).toEqual(
      expect.arrayContaining([
        { command: 'sources', text: '2' },
        { command: 'quotes', text: 'Jane Doe' },
        { command: 'help', text: '' },
      ]),
    );
    const threads = fake.callsTo('chat.postMessage').map((c) => c.body.thread_ts).sort();
    expect(threads).toEqual(['0.9', '1.1', '1.3']);
  });

  it('answers a direct message in the conversation and ignores its own and edited messages', async () => {
    const core = createCoreDouble();
    const url = await start(core);
    const dm = { type: 'message', channel: 'D1', channel_type: 'im', user: 'U2', text: 'what did the council decide?', ts: '2.1', event_ts: '2.1' };
    await event(url, 'Ev1', { ...dm, user: 'UBOT', ts: '2.0', event_ts: '2.0' });
    await event(url, 'Ev2', { ...dm, subtype: 'message_changed', ts: '2.2', event_ts: '2.2' });
    await event(url, 'Ev3', dm);
    await waitFor(() => fake.callsTo('chat.postMessage').length > 0, 5000, 'the DM answer');
    await waitFor(() => fake.callsTo('reactions.remove').length > 0, 5000, 'the reaction removal');
    await new Promise((r) => setTimeout(r, 200));
    const posts = fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0].body.channel).toBe('D1');
    expect(posts[0].body.thread_ts).toBeUndefined();
    expect(core.requests).toEqual([{ command: 'ask', text: 'what did the council decide?', user: { id: 'slack:U2', platform: 'slack' }, channel: expect.stringMatching(/^slack:D/), conversation: expect.stringMatching(/^slack:D\w+:main$/), at: expect.any(Date) }]);
  });

  it('says what start-up waits for when auth.test hangs, and fails with a clear message after a bounded time', async () => {
    fake.delayApi('auth.test', 1, 10_000);
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (l: string) => lines.push(l) } as unknown as NodeJS.WritableStream });
    const t = Date.now();
    await expect(start(createCoreDouble(), { logger, startTimeoutMs: 600 })).rejects.toThrow(/did not answer auth\.test .* within 1 s: check the network and SLACK_BOT_TOKEN/);
    expect(Date.now() - t).toBeLessThan(5000);
    expect(lines.join('\n')).toMatch(/checking the bot token \(auth\.test\)/);
    conn = undefined; // never started
  });

  it('rejects a bad signature and a stale or future timestamp with 401 and answers none', async () => {
    const core = createCoreDouble();
    const url = await start(core);
    const form = slashCommandForm({ command: '/ask', text: 'forged?', userId: 'U1', responseUrl: fake.responseUrl('forged') });
    const bad = await postSigned(url, form, { signingSecret: SECRET, contentType: FORM, signature: 'v0=' + '0'.repeat(64) });
    expect(bad.status).toBe(401);
    const wrongSecret = await postSigned(url, form, { signingSecret: 'not-the-secret', contentType: FORM });
    expect(wrongSecret.status).toBe(401);
    const stale = await postSigned(url, form, {
      signingSecret: SECRET,
      contentType: FORM,
      timestampSec: Math.floor(Date.now() / 1000) - 10 * 60,
    });
    expect(stale.status).toBe(401);
    const staleEvent = await postSigned(url, JSON.stringify(eventCallback({ eventId: 'EvX', event: mention('<@UBOT> hi') })), {
      signingSecret: SECRET,
      contentType: JSON_TYPE,
      timestampSec: Math.floor(Date.now() / 1000) - 10 * 60,
    });
    expect(staleEvent.status).toBe(401);
    // Bolt checks only the past: a timestamp 10 minutes in the future is refused too.
    const future = await postSigned(url, JSON.stringify(eventCallback({ eventId: 'EvF', event: mention('<@UBOT> hi') })), {
      signingSecret: SECRET,
      contentType: JSON_TYPE,
      timestampSec: Math.floor(Date.now() / 1000) + 10 * 60,
    });
    expect(future.status).toBe(401);
    const futureCommand = await postSigned(url, form, { signingSecret: SECRET, contentType: FORM, timestampSec: Math.floor(Date.now() / 1000) + 10 * 60 });
    expect(futureCommand.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(core.requests).toHaveLength(0);
    expect(fake.responses).toHaveLength(0);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
    expect(fake.callsTo('reactions.add')).toHaveLength(0);
  });

  it('answers a retried event (same event_id, x-slack-retry-num) exactly once', async () => {
    const core = createCoreDouble({ delayMs: 200 });
    const url = await start(core);
    const first = await event(url, 'EvRetry', mention('<@UBOT> who won?'));
    // Slack retries while the first delivery is still being answered …
    const retry1 = await event(url, 'EvRetry', mention('<@UBOT> who won?'), { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    expect([first.status, retry1.status]).toEqual([200, 200]);
    await waitFor(() => fake.callsTo('reactions.remove').length > 0, 5000, 'the first answer');
    // … and again after it was answered.
    const retry2 = await event(url, 'EvRetry', mention('<@UBOT> who won?'), { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_error' });
    expect(retry2.status).toBe(200);
    await new Promise((r) => setTimeout(r, 400));
    expect(core.requests).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(fake.callsTo('reactions.add')).toHaveLength(1);
  });

  it('escapes <!channel> in a question and @everyone, <!everyone>, <@U1>, links and markup in a source', async () => {
    const hostile: (q: string) => Answer = (question) => ({
      ...sampleAnswer(question),
      excerpts: [
        excerpt(1, 'Leak to <!everyone> and @everyone, cc <@U1> and *bold* _it_ ~s~ `code` & more', {
          title: '<http://evil.example|click> & co',
          url: 'javascript:alert(1)',
        }),
        excerpt(2, 'Plain text.', { url: 'https://news.example/a|b' }),
      ],
      disagreements: [],
      notes: [],
    });
    const core = createCoreDouble({ answer: (r) => hostile(r.text) });
    const url = await start(core);

    await command(url, { text: '<!channel> what did <@U999> say & why?', responseId: 'esc' });
    const [answer] = await waitFor(() => fake.responsesFor('esc').length > 0 && fake.responsesFor('esc'), 5000, 'the answer');
    expect(core.requests[0].text).toBe('<!channel> what did <@U999> say & why?');
    const texts = sectionTexts(answer.body);
    expect(texts[0]).toBe('*Question:* &lt;!channel&gt; what did &lt;@U999&gt; say &amp; why?');
    expect(texts[1]).toBe(
      '> "Leak to &lt;!everyone&gt; and @\u200Deveryone, cc &lt;@U1&gt; and ' +
        '<!date^00000000^{_}|*>bold<!date^00000000^{_}|*> <!date^00000000^{_}|_>it<!date^00000000^{_}|_> ' +
        '<!date^00000000^{_}|~>s<!date^00000000^{_}|~> <!date^00000000^{_}|`>code<!date^00000000^{_}|`> &amp; more" [1] _(undated)_',
    );
    const sources = answer.body.blocks.filter((b: any) => b.type === 'context').map((b: any) => b.elements[0].text).join('\n');
    expect(sources).toContain('[1] &lt;http://evil.example|click&gt; &amp; co — `001_9d2b0e729d22a81c ¶2`');
    expect(sources).toContain('[2] <https://news.example/a%7Cb|Article 2>');
    expect(answer.body.text).toContain('Q: &lt;!channel&gt; what did &lt;@U999&gt; say &amp; why?');
    expect(answer.body.text).toContain('&lt;!everyone&gt; and @\u200Deveryone, cc &lt;@U1&gt;');
    const raw = JSON.stringify(answer.body);
    for (const dangerous of ['<!channel>', '<!everyone>', '<!here>', '<@U1>', '<@U999>', '@everyone', '<http://evil', 'javascript:']) {
      expect(raw).not.toContain(dangerous);
    }

    // A mention carries Slack's own markup: a real <!channel> in the question is read back and defused.
    await event(url, 'EvEsc', mention('<@UBOT> <!channel> did <@U999|jane> say it?'));
    const [post] = await waitFor(() => fake.callsTo('chat.postMessage').length > 0 && fake.callsTo('chat.postMessage'), 5000, 'the mention answer');
    expect(core.requests[1].text).toBe('@channel did @jane say it?');
    expect(sectionTexts(post.body)[0]).toBe('*Question:* @\u200Dchannel did @jane say it?');
    expect(JSON.stringify(post.body)).not.toMatch(/<!channel>|<!everyone>|<@U1>|(?<!\u200D)@everyone/);
  });

  it('cuts a very long answer at a sentence with a visible note, within Slack limits', async () => {
    const sentence = 'The minister said the talks would continue next week. ';
    const long: Answer = {
      ...sampleAnswer('Everything about the talks?'),
      summary: sentence.repeat(200),
      excerpts: Array.from({ length: 80 }, (_, i) => excerpt(i + 1, sentence.repeat(30))),
    };
    const core = createCoreDouble({ answer: () => long });
    const url = await start(core);
    await command(url, { text: 'Everything about the talks?', responseId: 'long' });
    const [answer] = await waitFor(() => fake.responsesFor('long').length > 0 && fake.responsesFor('long'), 5000, 'the answer');
    expectWithinLimits(answer.body);
    const raw = JSON.stringify(answer.body.blocks);
    expect(raw).toContain('…answer shortened; ask a narrower question.');
    const summary = sectionTexts(answer.body).find((t) => t.startsWith('*In short:*'))!;
    expect(summary.endsWith('next week.…')).toBe(true);
    expect(sectionTexts(answer.body).some((t) => t.startsWith(':warning: *Sources disagree*'))).toBe(true);
    const chars = answer.body.blocks.reduce(
      (n: number, b: any) => n + (b.type === 'section' ? b.text.text.length : b.type === 'context' ? b.elements.reduce((m: number, e: any) => m + e.text.length, 0) : 0),
      0,
    );
    expect(chars).toBeLessThanOrEqual(12_000);
    expect(answer.body.blocks[answer.body.blocks.length - 1].type).toBe('actions');
  });

  it('records a 👍 as one JSON line in the feedback file and thanks the user', async () => {
    const core = createCoreDouble();
    const url = await start(core, { now: () => Date.parse('2024-05-02T10:00:00Z') });
    await command(url, { text: 'How long did the call last?', responseId: 'q' });
    const [answer] = await waitFor(() => fake.responsesFor('q').length > 0 && fake.responsesFor('q'), 5000, 'the answer');
    const ids = buttons(answer.body);

    const click = await action(url, { actionId: 'newsroom_vote_up', value: ids.newsroom_vote_up, userId: 'U7', responseId: 'vote' });
    expect(click.status).toBe(200);
    const [thanks] = await waitFor(() => fake.responsesFor('vote').length > 0 && fake.responsesFor('vote'), 5000, 'the thanks');
    expect(thanks.body).toEqual({ response_type: 'ephemeral', replace_original: false, text: 'Thanks, noted.' });
    await action(url, { actionId: 'newsroom_vote_down', value: ids.newsroom_vote_down, userId: 'U8', responseId: 'vote2' });
    await waitFor(() => fake.responsesFor('vote2').length > 0, 5000, 'the second thanks');

    const lines = (await readFile(join(dir, 'feedback', 'votes.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0])).toEqual({
      at: '2024-05-02T10:00:00.000Z',
      user: 'slack:U7',
      question: 'How long did the call last?',
      status: 'answered',
      excerpts: ['001_9d2b0e729d22a81c#2', '002_9d2b0e729d22a81c#3'],
      vote: 'up',
      platform: 'slack',
    });
    expect(JSON.parse(lines[1])).toMatchObject({ user: 'slack:U8', vote: 'down' });

    await action(url, { actionId: 'newsroom_vote_up', value: 'no-such-answer', responseId: 'stale' });
    const [stale] = await waitFor(() => fake.responsesFor('stale').length > 0 && fake.responsesFor('stale'), 5000, 'the stale reply');
    expect(stale.body.text).toContain('expired');
  });

  it('waits out a 429 with Retry-After: 1 on chat.postMessage and still answers once', async () => {
    const core = createCoreDouble();
    const url = await start(core);
    fake.rateLimit('chat.postMessage', 1, 1);
    await event(url, 'Ev429', mention('<@UBOT> how long did the call last?'));
    const ok = await waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.status === 200), 8000, 'the answer after the 429');
    const posts = fake.callsTo('chat.postMessage');
    expect(posts.map((c) => c.status)).toEqual([429, 200]);
    expect(ok.at - posts[0].at).toBeGreaterThanOrEqual(950);
    await waitFor(() => fake.callsTo('reactions.remove').length > 0, 5000, 'the reaction removal');
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.callsTo('chat.postMessage').filter((c) => c.status === 200)).toHaveLength(1);
  });

  it('shows the core failing as a sentence, not a stack trace', async () => {
    const core = createCoreDouble({
      reply: () => {
        throw new Error('index exploded at /srv/index-data');
      },
    });
    const url = await start(core);
    await command(url, { text: 'anything', responseId: 'err' });
    const [reply] = await waitFor(() => fake.responsesFor('err').length > 0 && fake.responsesFor('err'), 5000, 'the error reply');
    expect(reply.body.text).toBe('Something went wrong while answering. Please try again in a moment.');
    expect(JSON.stringify(reply.body)).not.toContain('exploded');
  });

  it('renders a "slow down" refusal from the core as a notice', async () => {
    const core = createCoreDouble({ perUserLimit: { count: 1, perMs: 60_000 } });
    const url = await start(core);
    await command(url, { text: 'first', responseId: 'r1' });
    await command(url, { text: 'second', responseId: 'r2' });
    const [refused] = await waitFor(() => fake.responsesFor('r2').length > 0 && fake.responsesFor('r2'), 5000, 'the refusal');
    expect(sectionTexts(refused.body)).toEqual([':hand: You are asking quickly; slow down and try again in a minute.']);
    expect(buttons(refused.body)).toEqual({});
  });

  it('post() splits a long digest into ordered messages within limits', async () => {
    const core = createCoreDouble();
    await start(core);
    await conn!.post('C9', { kind: 'digest', digest: sampleDigest(30, 5) });
    const posts = fake.callsTo('chat.postMessage');
    expect(posts.length).toBeGreaterThanOrEqual(2);
    const headlines: number[] = [];
    for (const [i, p] of posts.entries()) {
      expect(p.body.channel).toBe('C9');
      expectWithinLimits(p.body);
      if (i > 0) expect(p.body.text).toContain(`(part ${i + 1} of ${posts.length})`);
      for (const m of JSON.stringify(p.body.blocks).matchAll(/\*Story (\d+):/g)) headlines.push(Number(m[1]));
    }
    expect(headlines).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(posts[0].body.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Newsroom digest — 2024-05-02', emoji: false } });
  });

  it('serves extra routes, and reports ready only while started', async () => {
    const core = createCoreDouble();
    expect(() =>
      createSlackConnection({ core, botToken: 'x', feedbackFile: join(dir, 'f'), logger: silentLogger }),
    ).toThrow(/signing secret/);
    const url = await start(core, {
      extraRoutes: [{ path: '/healthz', method: 'GET', handler: (_req, res) => { res.writeHead(200); res.end('ok'); } }],
    });
    expect(conn!.ready()).toBe(true);
    const res = await fetch(url.replace('/slack/events', '/healthz'), { signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
    await conn!.stop();
    expect(conn!.ready()).toBe(false);
  });
});

describe('Slack adapter, HTTP mode: stopping with answers in flight', () => {
  it('stop() waits for a mention whose chat.postMessage is waiting out a 429 (Retry-After: 3), then removes the 👀', async () => {
    const core = createCoreDouble();
    const url = await start(core);
    fake.rateLimit('chat.postMessage', 1, 3);
    await event(url, 'EvStop429', mention('<@UBOT> how long did the call last?'));
    await waitFor(() => fake.callsTo('chat.postMessage').length > 0, 5000, 'the rate-limited post');
    const stopping = performance.now();
    await conn!.stop();
    const ms = performance.now() - stopping;
    conn = undefined;
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(fake.callsTo('reactions.remove')).toHaveLength(1);
    expect(ms).toBeGreaterThan(2000);
  });

  it('stop() waits for an /ask whose response_url answers 503 three times, and delivers it', async () => {
    const core = createCoreDouble();
    const url = await start(core);
    fake.failResponses(3, 503);
    const ack = await command(url, { text: 'How long did the call last?', responseId: 'stop503' });
    expect(ack.status).toBe(200);
    await conn!.stop();
    conn = undefined;
    const delivered = fake.responsesFor('stop503');
    expect(delivered).toHaveLength(1);
    expect(delivered[0].body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
  });

  it('while stopping: not ready, a new /ask is refused with a note, a running one is finished', async () => {
    const core = createCoreDouble({ delayMs: 1000 });
    const url = await start(core);
    await command(url, { text: 'first question', responseId: 'running' });
    await waitFor(() => core.requests.length === 1, 5000, 'the first question to reach the core');
    const stopped = conn!.stop();
    expect(conn!.ready()).toBe(false);
    const late = await command(url, { text: 'second question', responseId: 'late' });
    expect(late.status).toBe(200);
    expect(JSON.parse(late.body)).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('restarting') });
    await event(url, 'EvLate', mention('<@UBOT> a late mention', { ts: '5.1', event_ts: '5.1' }));
    await stopped;
    conn = undefined;
    expect(core.requests.map((r) => r.text)).toEqual(['first question']);
    const [note] = fake.callsTo('chat.postMessage');
    expect(note.body).toMatchObject({ channel: 'C1', thread_ts: '5.1', text: expect.stringContaining('restarting') });
    expect(fake.callsTo('reactions.add')).toHaveLength(0);
    expect(fake.responsesFor('running')).toHaveLength(1);
    expect(fake.responsesFor('late')).toHaveLength(0);
  });

  it('stop() gives up waiting after drainTimeoutMs', async () => {
    const core = createCoreDouble({ delayMs: 5000 });
    const url = await start(core, { drainTimeoutMs: 300 });
    await event(url, 'EvSlow', mention('<@UBOT> anything?'));
    await waitFor(() => core.requests.length === 1, 5000, 'the question to reach the core');
    const stopping = performance.now();
    await conn!.stop();
    conn = undefined;
    expect(performance.now() - stopping).toBeLessThan(2000);
  });
});

describe('Slack adapter, HTTP mode: the 👀 reaction is decoration', () => {
  it('a reactions.add rate-limited for 8 s neither delays the answer nor is retried', async () => {
    const core = createCoreDouble();
    const url = await start(core);
    fake.rateLimit('reactions.add', 1, 8);
    const sent = performance.now();
    await event(url, 'EvReact429', mention('<@UBOT> how long did the call last?'));
    const post = await waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.status === 200), 2000, 'the answer');
    expect(post.at - sent).toBeLessThan(1500);
    expect(post.body.thread_ts).toBe('1700000000.000100');
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.callsTo('reactions.add')).toHaveLength(1);
    expect(fake.callsTo('reactions.remove')).toHaveLength(0);
  });

  it('a slow reactions.add does not hold up the answer, and the 👀 is removed after it', async () => {
    const core = createCoreDouble();
    const url = await start(core);
    fake.delayApi('reactions.add', 1, 1500);
    await event(url, 'EvReactSlow', mention('<@UBOT> how long did the call last?'));
    const post = await waitFor(() => fake.callsTo('chat.postMessage')[0], 1000, 'the answer');
    const remove = await waitFor(() => fake.callsTo('reactions.remove')[0], 5000, 'the reaction removal');
    const [add] = fake.callsTo('reactions.add');
    expect(post.at - add.at).toBeLessThan(1000);
    expect(remove.at).toBeGreaterThan(add.at + 1400);
  });

  it('a failing reactions.remove is tried at most twice and changes nothing else', async () => {
    const core = createCoreDouble();
    const url = await start(core);
    fake.failApi('reactions.remove', 5, 500);
    await event(url, 'EvRemove500', mention('<@UBOT> how long did the call last?'));
    await waitFor(() => fake.callsTo('chat.postMessage').length > 0, 5000, 'the answer');
    await new Promise((r) => setTimeout(r, 2000));
    expect(fake.callsTo('reactions.remove').length).toBeGreaterThanOrEqual(1);
    expect(fake.callsTo('reactions.remove').length).toBeLessThanOrEqual(2);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
  });
});

describe('Slack adapter, HTTP mode: Share in channel', () => {
  async function askForShare(url: string, responseId: string): Promise<string> {
    await command(url, { text: 'How long did the call last?', responseId });
    const [answer] = await waitFor(() => fake.responsesFor(responseId).length > 0 && fake.responsesFor(responseId), 5000, 'the answer');
    return buttons(answer.body).newsroom_share;
  }

  const publicPosts = () => fake.responses.filter((r) => r.body.response_type === 'in_channel');

  it('posts an answer publicly once: two concurrent clicks and a later one', async () => {
    const core = createCoreDouble();
    const url = await start(core);
    const id = await askForShare(url, 'ask-share');
    const clicks = await Promise.all([
      action(url, { actionId: 'newsroom_share', value: id, responseId: 'click-a' }),
      action(url, { actionId: 'newsroom_share', value: id, responseId: 'click-b' }),
    ]);
    expect(clicks.map((c) => c.status)).toEqual([200, 200]);
    await waitFor(() => publicPosts().length > 0, 5000, 'the shared post');
    await waitFor(() => fake.responsesFor('click-a').length + fake.responsesFor('click-b').length === 2, 5000, 'the second click answered');
    await action(url, { actionId: 'newsroom_share', value: id, userId: 'U2', responseId: 'click-c' });
    const [later] = await waitFor(() => fake.responsesFor('click-c').length > 0 && fake.responsesFor('click-c'), 5000, 'the later click answered');
    await new Promise((r) => setTimeout(r, 200));
    expect(publicPosts()).toHaveLength(1);
    expect(later.body).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: expect.stringContaining('already been shared') });
    const second = [...fake.responsesFor('click-a'), ...fake.responsesFor('click-b')].find((r) => r.body.response_type !== 'in_channel');
    expect(second?.body.text).toContain('already been shared');
  });

  it('a share that could not be posted can be tried again', async () => {
    const core = createCoreDouble();
    const url = await start(core);
    const id = await askForShare(url, 'ask-retry');
    fake.failResponses(1, 404);
    await action(url, { actionId: 'newsroom_share', value: id, responseId: 'fail' });
    await new Promise((r) => setTimeout(r, 300));
    expect(publicPosts()).toHaveLength(0);
    await action(url, { actionId: 'newsroom_share', value: id, responseId: 'again' });
    await waitFor(() => publicPosts().length === 1, 5000, 'the shared post');
  });
});
