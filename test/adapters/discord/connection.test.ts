// The Discord adapter against a fake Discord on loopback, through the real discord.js Client.
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordConnection } from '../../../src/adapters/discord/index.js';
import type { ChatReply, PlatformConnection } from '../../../src/chat/types.js';
import { createLogger, silentLogger, type Logger } from '../../../src/log.js';
import type { Answer } from '../../../src/types.js';
import { FakeDiscord, IDS } from '../../fakes/discord-server.js';
import { coreDouble, excerpt, type CoreDouble } from './doubles.js';
import { allText, expectNoPings, expectWithinLimits } from './helpers.js';

const USER = { id: '1180000000000000777', username: 'alice' };

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

async function startBot(core: CoreDouble, token = 'fake-token', logger: Logger = silentLogger): Promise<PlatformConnection> {
  conn = createDiscordConnection({
    core,
    token,
    appId: IDS.app,
    logger,
    restApi: fake.api,
    rest: { retries: 0, timeoutMs: 5000 },
    readyTimeoutMs: 10_000,
    drainTimeoutMs: 2000,
  });
  await conn.start();
  return conn;
}

/** A debug-level logger whose records (parsed) land in `records`. */
function capturingLogger(): { logger: Logger; records: Record<string, unknown>[] } {
  const records: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) records.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), records };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;
const ORIGINAL = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/;
const CHANNEL_MESSAGES = new RegExp(`^/channels/${IDS.channel}/messages$`);

describe('connecting', () => {
  it('identifies with Guilds, GuildMessages and DirectMessages only (no MessageContent) and reports ready', async () => {
    const c = await startBot(coreDouble());
    expect(c.ready()).toBe(true);
    expect(fake.identifies).toBe(1);
    // Guilds (1) | GuildMessages (512) | DirectMessages (4096); MessageContent (32768) is privileged and not asked for.
    expect(fake.lastIntents).toBe(1 | 512 | 4096);
    expect((fake.lastIntents ?? 0) & (1 << 15)).toBe(0);
    expect(fake.find('GET', /^\/gateway\/bot$/)).toHaveLength(1);
    await c.stop();
    expect(c.ready()).toBe(false);
  });
});

describe('/ask', () => {
  it('defers ephemerally, then edits the original response with the answer and a Share button', async () => {
    const core = coreDouble(undefined, 50);
    await startBot(core);
    const { id, token } = fake.pushCommand('ask', { question: 'How long was the call?' }, { user: USER });

    const [ack] = await fake.waitForCall('POST', CALLBACK);
    expect(ack.path).toBe(`/interactions/${id}/${token}/callback`);
    expect(ack.body).toEqual({ type: 5, data: { flags: 64 } });

    const [edit] = await fake.waitForCall('PATCH', ORIGINAL);
    expect(edit.path).toBe(`/webhooks/${IDS.app}/${token}/messages/@original`);
    expect(edit.rawPath).toBe(`/webhooks/${IDS.app}/${token}/messages/%40original`);
    expect(edit.at).toBeGreaterThan(ack.at);
    const text = allText(edit.body);
    expect(text).toContain('> The call between the two leaders lasted two hours, officials said. [1]');
    expect(text).toContain('⚠️ **Sources disagree** on how long the call lasted: “over an hour” [2] vs “two hours” [1]');
    expect(text).toContain('[1] [Article 1](https://news.example/1) — 001\\_9d2b0e729d22a81c ¶2');
    const button = edit.body.components[0].components[0];
    expect(button).toMatchObject({ type: 2, label: 'Share in channel' });
    expect(button.custom_id).toMatch(/^share:[\w-]+$/);

    expect(core.requests).toEqual([
      { command: 'ask', text: 'How long was the call?', user: { id: `discord:${USER.id}`, platform: 'discord' }, channel: expect.stringMatching(/^discord:/), at: expect.any(Date) },
    ]);
    expect(expectNoPings(fake)).toBe(1);
    expectWithinLimits(fake);
  });

  it('Share posts the same answer in the channel, once, and disables the button', async () => {
    await startBot(coreDouble());
    fake.pushCommand('ask', { question: 'How long was the call?' }, { user: USER });
    const [edit] = await fake.waitForCall('PATCH', ORIGINAL);
    const customId: string = edit.body.components[0].components[0].custom_id;

    fake.pushButton(customId, { user: USER });
    const [posted] = await fake.waitForCall('POST', CHANNEL_MESSAGES);
    expect(posted.body.content).toBe(`Shared by <@${USER.id}>`);
    expect(posted.body.embeds).toEqual(edit.body.embeds);
    expect(posted.body.flags ?? 0).toBe(0);
    expect(posted.body.components ?? []).toEqual([]);

    // The click was acknowledged as a deferred update (type 6), then the button became "Shared".
    const acks = await fake.waitForCall('POST', CALLBACK, 5000, { count: 2 });
    expect(acks[1].body).toEqual({ type: 6 });
    const edits = await fake.waitForCall('PATCH', ORIGINAL, 5000, { count: 2 });
    expect(edits[1].body.components[0].components[0]).toMatchObject({ label: 'Shared', disabled: true });

    // A second click (say from a stale client) cannot post it again.
    fake.pushButton(customId, { user: USER });
    const acks2 = await fake.waitForCall('POST', CALLBACK, 5000, { count: 3 });
    expect(acks2[2].body.type).toBe(4);
    expect(acks2[2].body.data.flags).toBe(64);
    expect(acks2[2].body.data.content).toMatch(/can no longer be shared/);
    expect(fake.find('POST', CHANNEL_MESSAGES)).toHaveLength(1);
    expectNoPings(fake);
  });

  it('a double click on Share posts the answer once; the second click is told it cannot be shared', async () => {
    await startBot(coreDouble());
    fake.pushCommand('ask', { question: 'How long was the call?' }, { user: USER });
    const [edit] = await fake.waitForCall('PATCH', ORIGINAL);
    const customId: string = edit.body.components[0].components[0].custom_id;

    // Two clicks delivered back to back, before the first one's acknowledgement returns.
    fake.pushButton(customId, { user: USER });
    fake.pushButton(customId, { user: USER });
    const acks = await fake.waitForCall('POST', CALLBACK, 5000, { count: 3 });
    await fake.waitForCall('PATCH', ORIGINAL, 5000, { count: 2 });
    await sleep(200);

    const posts = fake.find('POST', CHANNEL_MESSAGES);
    expect(posts).toHaveLength(1);
    expect(posts[0].body.content).toBe(`Shared by <@${USER.id}>`);
    expect(acks.slice(1).map((a) => a.body.type).sort()).toEqual([4, 6]);
    const refused = acks.find((a) => a.body.type === 4)!;
    expect(refused.body.data.flags).toBe(64);
    expect(refused.body.data.content).toMatch(/can no longer be shared/);
    expect(fake.find('PATCH', ORIGINAL)[1].body.components[0].components[0]).toMatchObject({ label: 'Shared', disabled: true });
    expectNoPings(fake);
  });

  it('when the share cannot be posted, the user is told, and the same button works once it can', async () => {
    await startBot(coreDouble());
    fake.pushCommand('ask', { question: 'How long was the call?' }, { user: USER });
    const [edit] = await fake.waitForCall('PATCH', ORIGINAL);
    const customId: string = edit.body.components[0].components[0].custom_id;

    fake.failRequests({ method: 'POST', path: CHANNEL_MESSAGES, times: 1 }); // 403 Missing Permissions
    fake.pushButton(customId, { user: USER });
    const [followUp] = await fake.waitForCall('POST', /^\/webhooks\/\d+\/[^/]+$/);
    expect(followUp.body.content).toMatch(/could not post in this channel/);
    expect(followUp.body.flags).toBe(64);
    expect(fake.find('POST', CHANNEL_MESSAGES, 403)).toHaveLength(1);

    fake.pushButton(customId, { user: USER });
    const [posted] = await fake.waitForCall('POST', CHANNEL_MESSAGES);
    expect(posted.body.content).toBe(`Shared by <@${USER.id}>`);
    const edits = await fake.waitForCall('PATCH', ORIGINAL, 5000, { count: 2 });
    expect(edits[1].body.components[0].components[0]).toMatchObject({ label: 'Shared', disabled: true });
    expect(fake.find('POST', CALLBACK).map((a) => a.body.type)).toEqual([5, 6, 6]);
    expectNoPings(fake);
  });

  it('passes the other commands and their options to the core', async () => {
    const core = coreDouble();
    await startBot(core);
    fake.pushCommand('sources', { page: 2 }, { user: USER });
    fake.pushCommand('quotes', { name: 'Jane Doe' }, { user: USER });
    fake.pushCommand('help', {}, { user: USER });
    await fake.waitForCall('PATCH', ORIGINAL, 5000, { count: 3 });
    expect(core.requests.map((r) => [r.command, r.text]).sort()).toEqual([
      ['help', ''],
      ['quotes', 'Jane Doe'],
      ['sources', '2'],
    ]);
    // None of them gets a Share button.
    for (const c of fake.find('PATCH', ORIGINAL)) expect(c.body.components).toEqual([]);
    expectNoPings(fake);
  });

  it('turns a failing core into a sentence, not silence', async () => {
    await startBot(
      coreDouble(() => {
        throw new Error('index exploded');
      }),
    );
    fake.pushCommand('ask', { question: 'anything' }, { user: USER });
    const [edit] = await fake.waitForCall('PATCH', ORIGINAL);
    expect(edit.body.content).toBe('⚠️ Something went wrong while answering. Please try again in a minute.');
    expect(edit.body.content).not.toContain('exploded');
    expectNoPings(fake);
  });

  it('renders a refusal from the core (rate limit) as a notice', async () => {
    await startBot(coreDouble(() => ({ kind: 'notice', level: 'refused', text: 'Slow down: try again in 20 s.' })));
    fake.pushCommand('ask', { question: 'again?' }, { user: USER });
    const [edit] = await fake.waitForCall('PATCH', ORIGINAL);
    expect(edit.body.content).toBe('✋ Slow down: try again in 20 s.');
    expect(edit.body.components).toEqual([]);
  });
});

describe('components that are not ours', () => {
  it('acknowledges an unknown button or menu with an ephemeral sentence and a debug log line', async () => {
    const { logger, records } = capturingLogger();
    await startBot(coreDouble(), 'fake-token', logger);
    const button = fake.pushButton('vote:up:123', { user: USER });
    const menu = fake.pushButton('poll:choice', { user: USER, componentType: 3, values: ['a'] });
    const acks = await fake.waitForCall('POST', CALLBACK, 5000, { count: 2 });
    for (const { id } of [button, menu]) {
      const ack = acks.find((a) => a.path.startsWith(`/interactions/${id}/`))!;
      expect(ack.body).toMatchObject({ type: 4, data: { content: 'This button is no longer active.', flags: 64 } });
    }
    const logged = records.filter((r) => r.msg === 'unknown component interaction');
    expect(logged.map((r) => [r.level, r.customId]).sort()).toEqual([
      [20, 'poll:choice'],
      [20, 'vote:up:123'],
    ]);
    expect(records.filter((r) => (r.level as number) >= 40)).toEqual([]);
    expect(fake.find('POST', CHANNEL_MESSAGES)).toHaveLength(0);
    expectNoPings(fake);
  });
});

describe('mentions', () => {
  it('answers a mention with a reply (message_reference) to the question', async () => {
    const core = coreDouble();
    await startBot(core);
    const messageId = fake.pushMention({ text: 'How long was the call?', user: USER });
    const [reply] = await fake.waitForCall('POST', CHANNEL_MESSAGES);
    expect(reply.body.message_reference).toMatchObject({ message_id: messageId, fail_if_not_exists: false });
    expect(allText(reply.body)).toContain('two hours');
    expect(core.requests[0]).toEqual({ command: 'ask', text: 'How long was the call?', user: { id: `discord:${USER.id}`, platform: 'discord' }, channel: expect.stringMatching(/^discord:/), conversation: expect.stringMatching(/^discord:/), at: expect.any(Date) });
    expectNoPings(fake);
  });

  it('answers in the thread the question was asked in (even one it has not cached)', async () => {
    await startBot(coreDouble());
    const messageId = fake.pushMention({ text: 'What happened?', channelId: IDS.thread, user: USER });
    const [reply] = await fake.waitForCall('POST', new RegExp(`^/channels/${IDS.thread}/messages$`));
    expect(reply.body.message_reference.message_id).toBe(messageId);
    expect(fake.find('POST', CHANNEL_MESSAGES)).toHaveLength(0);
  });

  it('routes help, sources and quotes; a bare mention gets the help', async () => {
    const core = coreDouble();
    await startBot(core);
    fake.pushMention({ text: '', user: USER });
    fake.pushMention({ text: 'sources 2', user: USER });
    fake.pushMention({ text: 'quotes Jane Doe', user: USER });
    fake.pushMention({ text: 'help', user: USER });
    await fake.waitForCall('POST', CHANNEL_MESSAGES, 5000, { count: 4 });
    expect(core.requests.map((r) => [r.command, r.text])).toEqual([
      ['help', ''],
      ['sources', '2'],
      ['quotes', 'Jane Doe'],
      ['help', ''],
    ]);
    expect(allText(fake.find('POST', CHANNEL_MESSAGES)[0].body)).toContain('`/ask <question>` — Answer from the articles');
  });

  it('ignores messages that do not mention it, and messages from bots', async () => {
    const core = coreDouble();
    await startBot(core);
    fake.pushMention({ text: 'just chatting', mention: false, user: USER });
    fake.pushMention({ text: 'hello', user: { id: IDS.bot } });
    fake.pushMention({ text: 'the real one', user: USER });
    await fake.waitForCall('POST', CHANNEL_MESSAGES);
    await new Promise((r) => setTimeout(r, 100));
    expect(core.requests.map((r) => r.text)).toEqual(['the real one']);
  });

  it('a reply to one of its messages is answered only when it also @mentions the bot', async () => {
    const core = coreDouble();
    await startBot(core);
    const earlier = fake.nextId(); // one of the bot's answers
    // Discord lists the replied-to author in `mentions`; the content does not @mention the bot.
    fake.pushMention({ text: 'thanks, that is what I needed', mention: false, replyTo: earlier, user: USER });
    const asked = fake.pushMention({ text: 'and how long was the second call?', replyTo: earlier, user: USER });
    const [reply] = await fake.waitForCall('POST', CHANNEL_MESSAGES);
    expect(reply.body.message_reference.message_id).toBe(asked);
    await sleep(200);
    expect(fake.find('POST', CHANNEL_MESSAGES)).toHaveLength(1);
    expect(core.requests.map((r) => [r.command, r.text])).toEqual([['ask', 'and how long was the second call?']]);
  });

  it('a first word that only looks like a command starts a question', async () => {
    const core = coreDouble();
    await startBot(core);
    const questions = [
      'sources say the call lasted two hours; how long did it last?',
      'help me find what the minister said about the call',
      'digest of what the rouble did',
    ];
    for (const text of questions) fake.pushMention({ text, user: USER });
    const replies = await fake.waitForCall('POST', CHANNEL_MESSAGES, 5000, { count: 3 });
    expect(core.requests.map((r) => [r.command, r.text])).toEqual(questions.map((q) => ['ask', q]));
    for (const r of replies) expect(allText(r.body)).toContain('two hours');
  });

  it('answers direct messages without a mention', async () => {
    const core = coreDouble();
    await startBot(core);
    const { channelId, messageId } = fake.pushDM({ text: 'How long was the call?', user: USER });
    const [reply] = await fake.waitForCall('POST', new RegExp(`^/channels/${channelId}/messages$`));
    expect(reply.body.message_reference.message_id).toBe(messageId);
    expect(core.requests[0].text).toBe('How long was the call?');
    expectNoPings(fake);
  });
});

describe('escaping', () => {
  it('source and user text cannot ping, format or link (exact strings)', async () => {
    const nasty: Answer = {
      question: '@here what did <@&1180000000000000555> say?',
      status: 'answered',
      excerpts: [
        excerpt(1, 'Ping @everyone and <@123>: **bold** _it_ `code` ~~gone~~ ||spoiler|| [click](https://evil.example) # not a heading', {
          title: '# Title with @everyone [x](https://evil.example)',
          url: 'https://news.example/a(b)',
        }),
      ],
      disagreements: [],
      text: '',
    };
    await startBot(coreDouble(() => ({ kind: 'answer', answer: nasty })));
    fake.pushMention({ text: 'x', user: USER });
    const [reply] = await fake.waitForCall('POST', CHANNEL_MESSAGES);
    const [main, sources] = reply.body.embeds;
    expect(main.title).toBe('@\u200bhere what did <\u200b@&1180000000000000555> say?');
    expect(main.description).toBe(
      '> Ping @\u200beveryone and <\u200b@123>: \\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~gone\\~\\~ \\|\\|spoiler\\|\\| \\[click\\](https://evil.example) # not a heading [1] (undated)',
    );
    expect(sources.description).toBe(
      '[1] [\\# Title with @\u200beveryone \\[x\\](https://evil.example)](https://news.example/a%28b%29) — 001\\_9d2b0e729d22a81c ¶2',
    );
    expectNoPings(fake);
  });
});

describe('limits', () => {
  it('cuts a very long answer at sentence boundaries, with a note, within every Discord limit', async () => {
    const sentence = (i: number) => `Sentence number ${i} of the long report says something plain.`;
    const long = (k: number) => Array.from({ length: 60 }, (_, i) => sentence(i + k)).join(' ');
    const answer: Answer = {
      question: 'Q'.repeat(400),
      status: 'answered',
      excerpts: Array.from({ length: 8 }, (_, i) => excerpt(i + 1, long(i * 100), { title: 'T'.repeat(300) })),
      disagreements: Array.from({ length: 6 }, (_, i) => ({
        topic: `topic ${i} `.repeat(30),
        kind: 'count' as const,
        claims: [
          { value: 'twelve', n: 1, sourceId: 'a', quote: 'twelve' },
          { value: 'thirteen', n: 2, sourceId: 'b', quote: 'thirteen' },
        ],
        note: 'A note that goes on. '.repeat(30),
      })),
      summary: 'Summary sentence [1]. '.repeat(200),
      notes: ['Lexical search only.', 'Another note. '.repeat(50)],
      text: '',
    };
    await startBot(coreDouble(() => ({ kind: 'answer', answer })));
    fake.pushCommand('ask', { question: 'long?' }, { user: USER });
    fake.pushMention({ text: 'long?', user: USER });
    const [edit] = await fake.waitForCall('PATCH', ORIGINAL);
    const [reply] = await fake.waitForCall('POST', CHANNEL_MESSAGES);
    expect(expectWithinLimits(fake)).toBe(2);
    for (const body of [edit.body, reply.body]) {
      const [main] = body.embeds;
      expect(main.title.length).toBeLessThanOrEqual(256);
      expect(main.title.endsWith('…')).toBe(true);
      expect(main.footer.text).toMatch(/Shortened/);
      // Every quote is a verbatim prefix ending at a sentence boundary, then "…", then its marker.
      const quotes = (main.description as string).split('\n\n');
      expect(quotes).toHaveLength(8);
      quotes.forEach((q, i) => {
        const m = /^> (.*)… \[(\d+)\] \(undated\)$/.exec(q);
        expect(m, q.slice(0, 80)).not.toBeNull();
        expect(Number(m![2])).toBe(i + 1);
        expect(m![1].endsWith('plain.')).toBe(true);
        expect(long(i * 100).startsWith(m![1])).toBe(true);
      });
      const text = allText(body);
      for (let n = 1; n <= 8; n++) expect(text).toContain(`[${n}] [`);
      expect(text).toContain('⚠️ **Sources disagree** on topic 0');
    }
    expectNoPings(fake);
  });

  it('posts a long digest as several messages, in order, each within the limits', async () => {
    const story = (i: number) => ({
      headline: `Story ${i}`,
      sources: [],
      keyPoints: [excerpt(1, `Key point of story ${i}. `.repeat(120)), excerpt(2, 'Short point.')],
      disputes: [],
    });
    const reply: ChatReply = {
      kind: 'digest',
      digest: { date: '2024-05-02', timeZone: 'Europe/London', newSources: 30, stories: Array.from({ length: 12 }, (_, i) => story(i + 1)), text: '' },
    };
    const c = await startBot(coreDouble());
    await c.post(IDS.channel, reply);
    const posts = fake.find('POST', CHANNEL_MESSAGES);
    expect(posts.length).toBeGreaterThan(1);
    expectWithinLimits(fake);
    const titles = posts.flatMap((p) => p.body.embeds.map((e: { title: string }) => e.title));
    expect(titles).toEqual(['Digest for 2024-05-02', ...Array.from({ length: 12 }, (_, i) => `Story ${i + 1}`)]);
    expectNoPings(fake);
  });
});

describe('resilience', () => {
  it('keeps answering after the gateway drops the connection (resume)', async () => {
    const core = coreDouble();
    const c = await startBot(core);
    fake.pushMention({ text: 'before', user: USER });
    await fake.waitForCall('POST', CHANNEL_MESSAGES);

    fake.closeGateway(4000);
    await fake.waitFor(() => fake.resumes === 1 && fake.connected, 10_000, 'the client to resume');
    fake.pushMention({ text: 'after', user: USER });
    await fake.waitForCall('POST', CHANNEL_MESSAGES, 10_000, { count: 2 });
    expect(core.requests.map((r) => r.text)).toEqual(['before', 'after']);
    expect(fake.identifies).toBe(1);
    await fake.waitFor(() => c.ready(), 5000, 'ready()');
  });

  it('keeps answering after a full reconnect (close 1000: identify again)', async () => {
    const core = coreDouble();
    await startBot(core);
    fake.closeGateway(1000);
    // Pushed while disconnected: delivered once the new session is up.
    fake.pushMention({ text: 'during the outage', user: USER });
    await fake.waitForCall('POST', CHANNEL_MESSAGES, 15_000);
    expect(fake.identifies).toBe(2);
    expect(core.requests.map((r) => r.text)).toEqual(['during the outage']);
  });

  it('a 429 delays the answer; it arrives once', async () => {
    await startBot(coreDouble());
    fake.rateLimit({ method: 'POST', path: CHANNEL_MESSAGES, times: 1, retryAfter: 0.3 });
    fake.pushMention({ text: 'How long was the call?', user: USER });
    const [ok] = await fake.waitForCall('POST', CHANNEL_MESSAGES);
    const limited = fake.find('POST', CHANNEL_MESSAGES, 429);
    expect(limited).toHaveLength(1);
    expect(ok.at - limited[0].at).toBeGreaterThanOrEqual(250);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.find('POST', CHANNEL_MESSAGES, 200)).toHaveLength(1);
    expect(ok.body).toEqual(limited[0].body);
  });

  it('a 429 on the edit of an /ask answer also only delays it', async () => {
    await startBot(coreDouble());
    fake.rateLimit({ method: 'PATCH', path: ORIGINAL, times: 2, retryAfter: 0.2 });
    fake.pushCommand('ask', { question: 'q' }, { user: USER });
    await fake.waitForCall('PATCH', ORIGINAL);
    expect(fake.find('PATCH', ORIGINAL, 429)).toHaveLength(2);
    expect(fake.find('PATCH', ORIGINAL, 200)).toHaveLength(1);
  });

  it('start() fails with a sentence when the token is rejected', async () => {
    fake.rejectTokens = true;
    await expect(startBot(coreDouble(), 'bad-token')).rejects.toThrow('Discord rejected the bot token (DISCORD_TOKEN)');
    conn = undefined;
  });
});
