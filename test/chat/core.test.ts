import { describe, expect, it } from 'vitest';
import { QuestionRefused, type Answerer } from '../../src/answer/answerer.js';
import { checkQuestion } from '../../src/answer/question.js';
import { createChatCore } from '../../src/chat/core.js';
import { parseChatText } from '../../src/chat/parse.js';
import { cutAtSentence, splitForLimit } from '../../src/chat/cut.js';
import { LocalIndex } from '../../src/index/local-index.js';
import type { Answer } from '../../src/types.js';

const answer = (question: string): Answer => ({ question, status: 'answered', excerpts: [], disagreements: [], text: `answer to ${question}` });

function fakeAnswerer(delayMs = 0): Answerer & { inFlight: number; maxInFlight: number } {
  const a = {
    inFlight: 0,
    maxInFlight: 0,
    refusal(q: string) {
      const check = checkQuestion(q, 1000);
      return check.ok ? null : check.reason;
    },
    async ask(q: string) {
      const check = checkQuestion(q, 1000);
      if (!check.ok) throw new QuestionRefused(check.reason);
      a.inFlight++;
      a.maxInFlight = Math.max(a.maxInFlight, a.inFlight);
      await new Promise((r) => setTimeout(r, delayMs));
      a.inFlight--;
      return answer(check.question);
    },
  };
  return a;
}

function indexWithSources(n: number): LocalIndex {
  const index = LocalIndex.empty({ id: 't', dimension: 4 });
  index.apply({
    upserts: Array.from({ length: n }, (_, i) => ({
      source: {
        id: `s${String(i).padStart(2, '0')}`,
        title: `Story ${i}`,
        published: `2025-03-${String(i + 1).padStart(2, '0')}`,
        contentHash: String(i),
        paragraphs: [{ sourceId: `s${i}`, index: 1, text: `Paragraph of story ${i}.` }],
      },
      vectors: [new Float32Array([1, 0, 0, i])],
      ingestedAt: '2025-04-01T00:00:00.000Z',
    })),
    removals: [],
  });
  return index;
}

const user = (id: string) => ({ id, platform: 'slack' });

describe('chat core', () => {
  it('answers questions and refuses empty or overlong ones politely', async () => {
    const core = createChatCore({ answerer: fakeAnswerer(), index: () => indexWithSources(1) });
    const r = await core.handle({ command: 'ask', text: 'How long did the call last?', user: user('u1') });
    expect(r).toEqual({ kind: 'answer', answer: answer('How long did the call last?') });
    const long = await core.handle({ command: 'ask', text: 'why '.repeat(400), user: user('u1') });
    expect(long.kind).toBe('notice');
    expect(long.kind === 'notice' && long.text).toMatch(/^That question is 1,599 characters long; please keep it under 1,000 characters/);
    const empty = await core.handle({ command: 'ask', text: '   ', user: user('u1') });
    expect(empty.kind).toBe('help');
  });

  it('asks a user who sends 10 questions in a burst to slow down, without affecting others', async () => {
    const core = createChatCore({ answerer: fakeAnswerer(), index: () => indexWithSources(1), rateLimit: { questions: 5, windowSeconds: 30 } });
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => core.handle({ command: 'ask', text: `question ${i}?`, user: user('burst') })));
    expect(replies.filter((r) => r.kind === 'answer')).toHaveLength(5);
    const refusals = replies.filter((r) => r.kind === 'notice');
    expect(refusals).toHaveLength(5);
    expect(refusals[0].kind === 'notice' && refusals[0].text).toMatch(/slow down and try again in \d+ s/);
    const other = await core.handle({ command: 'ask', text: 'question?', user: user('calm') });
    expect(other.kind).toBe('answer');
    // The operator at the console is not rate limited.
    const consoleReplies = await Promise.all(
      Array.from({ length: 8 }, () => core.handle({ command: 'ask', text: 'q?', user: { id: 'console', platform: 'console' } })),
    );
    expect(consoleReplies.every((r) => r.kind === 'answer')).toBe(true);
  });

  it('refused questions do not count against the rate limit', async () => {
    const core = createChatCore({ answerer: fakeAnswerer(), index: () => indexWithSources(1), rateLimit: { questions: 2, windowSeconds: 30 } });
    for (let i = 0; i < 5; i++) {
      const r = await core.handle({ command: 'ask', text: 'why '.repeat(400), user: user('typo') });
      expect(r.kind === 'notice' && r.text).toMatch(/^That question is/);
    }
    const ok = await Promise.all([1, 2].map((i) => core.handle({ command: 'ask', text: `q${i}?`, user: user('typo') })));
    expect(ok.every((r) => r.kind === 'answer')).toBe(true);
  });

  it('says plainly when nothing is indexed, instead of "try other words"', async () => {
    const core = createChatCore({ answerer: fakeAnswerer(), index: () => indexWithSources(0) });
    const r = await core.handle({ command: 'ask', text: 'How long did the call last?', user: user('u') });
    expect(r).toEqual({ kind: 'notice', level: 'info', text: expect.stringMatching(/^Nothing is indexed yet/) });
  });

  it('caps concurrent answers and turns a flood away once the queue is full', async () => {
    const answerer = fakeAnswerer(30);
    const core = createChatCore({ answerer, index: () => indexWithSources(1), maxConcurrent: 2, maxQueued: 3, rateLimit: { questions: 100, windowSeconds: 1 } });
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => core.handle({ command: 'ask', text: `q${i}?`, user: user(`u${i}`) })));
    expect(answerer.maxInFlight).toBe(2);
    const busy = replies.filter((r) => r.kind === 'notice' && /many questions right now/.test(r.text));
    expect(busy.length).toBe(3);
    expect(replies.filter((r) => r.kind === 'answer')).toHaveLength(5);
  });

  it('lists sources newest first, paged', async () => {
    const core = createChatCore({ answerer: fakeAnswerer(), index: () => indexWithSources(12), pageSize: 5 });
    const p1 = await core.handle({ command: 'sources', text: '', user: user('u') });
    expect(p1.kind === 'sources' && [p1.page, p1.pages, p1.total]).toEqual([1, 3, 12]);
    expect(p1.kind === 'sources' && p1.sources.map((s) => s.published)).toEqual(['2025-03-12', '2025-03-11', '2025-03-10', '2025-03-09', '2025-03-08']);
    const p3 = await core.handle({ command: 'sources', text: '3', user: user('u') });
    expect(p3.kind === 'sources' && p3.sources.map((s) => s.title)).toEqual(['Story 1', 'Story 0']);
    const past = await core.handle({ command: 'sources', text: '99', user: user('u') });
    expect(past.kind === 'sources' && past.page).toBe(3);
  });

  it('turns a crash into a sentence, not a stack trace', async () => {
    const core = createChatCore({
      answerer: { ask: async () => { throw new Error('boom at /srv/x.js:1'); } },
      index: () => indexWithSources(1),
    });
    const r = await core.handle({ command: 'ask', text: 'q?', user: user('u') });
    expect(r).toEqual({ kind: 'notice', level: 'error', text: expect.stringMatching(/^Something went wrong on my side/) });
    expect(JSON.stringify(r)).not.toContain('boom');
  });

  it('offers digest only when configured, and help lists the commands', async () => {
    const without = createChatCore({ answerer: fakeAnswerer(), index: () => indexWithSources(1) });
    expect(without.commands).toEqual(['ask', 'sources', 'quotes', 'help']);
    const help = await without.handle({ command: 'help', text: '', user: user('u') });
    expect(help.kind === 'help' && help.entries.map((e) => e.command)).toEqual(['ask', 'sources', 'quotes', 'help']);
    const d = await without.handle({ command: 'digest', text: '', user: user('u') });
    expect(d).toEqual({ kind: 'notice', level: 'refused', text: 'The digest is not set up on this bot.' });
  });
});

describe('chat text', () => {
  it('routes the first word to a command, anything else to ask', () => {
    expect(parseChatText('sources 2')).toEqual({ command: 'sources', text: '2' });
    expect(parseChatText('/quotes Zelenskyy')).toEqual({ command: 'quotes', text: 'Zelenskyy' });
    expect(parseChatText('help')).toEqual({ command: 'help', text: '' });
    expect(parseChatText('/foo bar')).toEqual({ command: 'help', text: '', unknown: '/foo' });
    expect(parseChatText('foo bar?')).toEqual({ command: 'ask', text: 'foo bar?' });
    // A first word that only looks like a command is a question (Slack and Discord mentions alike).
    expect(parseChatText('sources say the call lasted two hours; how long did it last?').command).toBe('ask');
    expect(parseChatText('help me find how many drones were launched').command).toBe('ask');
    expect(parseChatText('digest of what the rouble did').command).toBe('ask');
    expect(parseChatText('quotes')).toEqual({ command: 'ask', text: 'quotes' });
    expect(parseChatText('Who said it?')).toEqual({ command: 'ask', text: 'Who said it?' });
    expect(parseChatText('  ')).toEqual({ command: 'help', text: '' });
  });

  it('cuts at sentence boundaries within the limit', () => {
    const text = 'First sentence here. Second sentence is longer than the first. Third one.';
    expect(cutAtSentence(text, 200)).toEqual({ text, cut: false });
    expect(cutAtSentence(text, 50)).toEqual({ text: 'First sentence here.…', cut: true });
    const chunks = splitForLimit('a'.repeat(30) + '. ' + 'b'.repeat(30) + '. ' + 'c'.repeat(30) + '.', 70);
    expect(chunks).toEqual(['a'.repeat(30) + '. ' + 'b'.repeat(30) + '.', 'c'.repeat(30) + '.']);
    expect(chunks.every((c) => c.length <= 70)).toBe(true);
  });
});

describe('a command typed with a wrong argument gets its usage line (issue 14 part 7)', () => {
  const core = createChatCore({ answerer: fakeAnswerer(), index: () => indexWithSources(3), digest: async () => ({}) as never });
  const send = (text: string) => {
    const { command, text: rest } = parseChatText(text);
    return core.handle({ command, text: rest, user: { id: 'console', platform: 'console' } });
  };
  it('/quotes with no name, /sources abc and /digest extra', async () => {
    expect(await send('/quotes')).toEqual({ kind: 'notice', level: 'refused', text: 'Usage: quotes <name> (a person’s name), for example: quotes Zelenskyy' });
    expect(await send('/sources abc')).toEqual({ kind: 'notice', level: 'refused', text: 'Usage: sources [page] (a page number), for example: sources 2' });
    expect(await send('/digest extra')).toEqual({ kind: 'notice', level: 'refused', text: 'Usage: digest (nothing after it), for example: digest' });
  });
  it('the same words without a slash stay questions, and correct commands still work', async () => {
    expect(parseChatText('sources say the call lasted two hours')).toEqual({ command: 'ask', text: 'sources say the call lasted two hours' });
    expect(parseChatText('digest extra')).toEqual({ command: 'ask', text: 'digest extra' });
    expect((await send('/sources 1')).kind).toBe('sources');
    expect((await send('/sources')).kind).toBe('sources');
  });
});
