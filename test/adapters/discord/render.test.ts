// Pure parts of the Discord adapter: escaping, rendering, limits, the share store, mention parsing.
import { describe, expect, it } from 'vitest';
import { escapeInline, fitEscaped, safeUrl } from '../../../src/adapters/discord/escape.js';
import { stripMention } from '../../../src/adapters/discord/handlers.js';
import {
  disagreementsText,
  embedLength,
  LIMITS,
  packEmbeds,
  quotesText,
  toDiscordMessages,
} from '../../../src/adapters/discord/render.js';
import { ShareStore } from '../../../src/adapters/discord/share.js';
import type { ChatReply } from '../../../src/chat/types.js';
import { excerpt, sampleAnswer } from './doubles.js';

const Z = '\u200b';

describe('escapeInline', () => {
  it.each([
    ['@everyone look', `@${Z}everyone look`],
    ['hi @here', `hi @${Z}here`],
    ['<@123> and <@!456>', `<${Z}@123> and <${Z}@!456>`],
    ['role <@&789> channel <#42>', `role <${Z}@&789> channel <${Z}#42>`],
    ['cmd </ask:1> time <t:1700000000:R> emoji <:x:1>', `cmd <${Z}/ask:1> time <${Z}t:1700000000:R> emoji <${Z}:x:1>`],
    ['**bold** *it* _it_ __u__ ~~s~~ ||sp||', '\\*\\*bold\\*\\* \\*it\\* \\_it\\_ \\_\\_u\\_\\_ \\~\\~s\\~\\~ \\|\\|sp\\|\\|'],
    ['`code` and ```block```', '\\`code\\` and \\`\\`\\`block\\`\\`\\`'],
    ['[click](https://evil.example)', '\\[click\\](https://evil.example)'],
    ['cited [1] here', 'cited \\[1\\] here'],
    ['# Heading', '\\# Heading'],
    ['> quote', '\\> quote'],
    ['-# subtext', '\\-# subtext'],
    ['- item', '\\- item'],
    ['1. item', '1\\. item'],
    ['back\\slash', 'back\\\\slash'],
    ['two\nlines\n\n# x', 'two lines # x'],
    ['https://example.com/a_b_c', 'https://example.com/a_b_c'],
    ['plain words, 3 > 2 and a # sign', 'plain words, 3 > 2 and a # sign'],
  ])('%j → %j', (raw, escaped) => {
    expect(escapeInline(raw)).toBe(escaped);
  });

  it('fits escaped text without splitting an escape, cutting at a sentence', () => {
    const r = fitEscaped('First *sentence*. Second sentence is longer than the room we have.', 25);
    expect(r).toEqual({ text: 'First \\*sentence\\*.…', cut: true });
    expect(fitEscaped('short', 25)).toEqual({ text: 'short', cut: false });
  });
});

describe('safeUrl', () => {
  it('keeps http(s), encodes parentheses, refuses other schemes', () => {
    expect(safeUrl('https://news.example/a(b)')).toBe('https://news.example/a%28b%29');
    expect(safeUrl('http://news.example/x y')).toBe('http://news.example/x%20y');
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
    expect(safeUrl(undefined)).toBeUndefined();
  });
});

describe('toDiscordMessages', () => {
  it('answer: quotes with markers, then the disagreement, then the sources', () => {
    const [m] = toDiscordMessages({ kind: 'answer', answer: sampleAnswer('How long was the call?') });
    expect(m.allowedMentions).toEqual({ parse: [], repliedUser: false });
    expect(m.embeds.map((e) => e.title ?? e.description?.split(' on ')[0])).toEqual(['How long was the call?', '⚠️ **Sources disagree**', 'Sources']);
    expect(m.embeds[0].description).toBe(
      '> The call between the two leaders lasted two hours, officials said. [1] (undated)\n\n> According to aides, the call went on for over an hour. [2] (undated)',
    );
    expect(m.embeds[1].description).toBe(
      '⚠️ **Sources disagree** on how long the call lasted: “over an hour” [2] vs “two hours” [1]\n_The sources may round differently._',
    );
    expect(m.embeds[2].description).toBe(
      '[1] [Article 1](https://news.example/1) — 001\\_9d2b0e729d22a81c ¶2\n[2] [Article 2](https://news.example/2) — 002\\_9d2b0e729d22a81c ¶3',
    );
  });

  it('answer: summary and notes under the disagreement; no link without a url', () => {
    const a = sampleAnswer('q');
    a.summary = 'It lasted between one and two hours [1][2].';
    a.notes = ['Lexical search only: the embedding model was not loaded.'];
    a.excerpts[1] = { ...a.excerpts[1], url: undefined };
    const [m] = toDiscordMessages({ kind: 'answer', answer: a });
    expect(m.embeds[2].description).toBe(
      '**Summary:** It lasted between one and two hours \\[1\\]\\[2\\].\n\n_Lexical search only: the embedding model was not loaded._',
    );
    expect(m.embeds[3].description).toContain('[2] Article 2 — 002\\_9d2b0e729d22a81c ¶3');
  });

  it('not found: the chat\'s own sentence, grey, no sources', () => {
    const a = { ...sampleAnswer('who?'), status: 'not_found' as const, excerpts: [], disagreements: [], text: 'Nothing in the indexed sources answers this question.' };
    const [m] = toDiscordMessages({ kind: 'answer', answer: a });
    expect(m.embeds).toHaveLength(1);
    expect(m.embeds[0].description).toBe('Nothing in the indexed articles answers that. Try other words, or `/sources` to see what is indexed.');
    expect(m.embeds[0].color).toBe(0x99aab5);
  });

  it('notices are plain content, escaped, with an icon by level', () => {
    const msg = (level: 'info' | 'refused' | 'error', text: string) => toDiscordMessages({ kind: 'notice', level, text })[0];
    expect(msg('refused', 'Too long: keep it under 500 characters.').content).toBe('✋ Too long: keep it under 500 characters.');
    expect(msg('error', 'Oops @everyone').content).toBe(`⚠️ Oops @${Z}everyone`);
    expect(msg('info', 'x'.repeat(5000)).content!.length).toBeLessThanOrEqual(LIMITS.content);
  });

  it('sources: a page with a pointer to the next', () => {
    const [m] = toDiscordMessages({
      kind: 'sources',
      page: 1,
      pages: 2,
      total: 2,
      sources: [{ id: '001_x', title: 'A *title*', url: 'https://n.example/1', published: '2024-05-01', outlet: 'The Paper', paragraphs: 7, ingestedAt: '' }],
    });
    expect(m.embeds[0].description).toBe('• [A \\*title\\*](https://n.example/1) — 001\\_x, 1 May 2024, The Paper (7 ¶)');
    expect(m.embeds[0].footer?.text).toBe('More: /sources page:2');
  });

  it('quotes: statements with their sources; none found says so', () => {
    const [none] = toDiscordMessages({ kind: 'quotes', name: '@everyone', statements: [] });
    expect(none.embeds[0].description).toBe(`No attributed statements by “@${Z}everyone” in the indexed articles.`);
    const [some] = toDiscordMessages({
      kind: 'quotes',
      name: 'Jane',
      statements: [{ speaker: 'Jane Doe', speakerAsWritten: 'Doe', sourceId: '001_x', title: 'T', paragraph: 3, quote: '“We will build it,” Doe said.', url: 'https://n.example/1' }],
    });
    expect(some.embeds[0].title).toBe('Jane Doe — 1 statement');
    expect(some.embeds[0].description).toBe('> “We will build it,” Doe said. [1]\n— [T](https://n.example/1) — 001\\_x ¶3');
  });

  it('help: usages as slash commands, in code', () => {
    const [m] = toDiscordMessages({
      kind: 'help',
      entries: [{ command: 'ask', usage: 'ask <question>', description: 'Answer from the articles', example: 'ask who won?' }],
    });
    expect(m.embeds[0].description).toContain('`/ask <question>` — Answer from the articles\nExample: `/ask who won?`');
  });

  it('digest: header and stories, packed into messages within the limits', () => {
    const story = (i: number) => ({
      headline: `Story ${i}`,
      sources: [],
      keyPoints: [excerpt(1, `Point ${i}. `.repeat(400))],
      disputes: [],
      summary: `Summary ${i}.`,
    });
    const reply: ChatReply = { kind: 'digest', digest: { date: '2024-05-02', timeZone: 'UTC', newSources: 1, stories: Array.from({ length: 5 }, (_, i) => story(i)), text: '' } };
    const msgs = toDiscordMessages(reply);
    expect(msgs.length).toBeGreaterThan(1);
    for (const m of msgs) {
      expect(m.embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
      expect(m.embeds.reduce((s, e) => s + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.total);
      for (const e of m.embeds) expect(e.description!.length).toBeLessThanOrEqual(LIMITS.description);
    }
    expect(msgs[0].embeds[0].description).toBe('1 new article in 5 stories.');
    expect(msgs.flatMap((m) => m.embeds.map((e) => e.title))).toEqual(['Digest for 2024-05-02', 'Story 0', 'Story 1', 'Story 2', 'Story 3', 'Story 4']);
  });
});

describe('fitting', () => {
  it('quotes: short ones whole, long ones cut at a sentence with an ellipsis', () => {
    const long = 'One sentence here. '.repeat(100).trim();
    const r = quotesText([excerpt(1, 'Short.'), excerpt(2, long)], 300);
    expect(r.cut).toBe(true);
    expect(r.text.length).toBeLessThanOrEqual(300);
    const [a, b] = r.text.split('\n\n');
    expect(a).toBe('> Short. [1] (undated)');
    expect(b).toMatch(/^> (One sentence here\. )+One sentence here\.… \[2\] \(undated\)$/);
  });

  it('disagreements beyond the budget become "… and k more"', () => {
    const d = sampleAnswer('q').disagreements[0];
    const r = disagreementsText([d, d, d, d], 300);
    expect(r.cut).toBe(true);
    expect(r.text.endsWith('… and 2 more disagreements')).toBe(true);
  });

  it('packEmbeds: at most 10 embeds and 6,000 characters per message, order kept', () => {
    const embeds = Array.from({ length: 23 }, (_, i) => ({ title: `E${i}`, description: 'x'.repeat(i % 3 === 0 ? 2500 : 100) }));
    const packs = packEmbeds(embeds);
    for (const p of packs) {
      expect(p.length).toBeLessThanOrEqual(10);
      expect(p.reduce((s, e) => s + embedLength(e), 0)).toBeLessThanOrEqual(6000);
    }
    expect(packs.flat().map((e) => e.title)).toEqual(embeds.map((e) => e.title));
  });
});

describe('ShareStore', () => {
  it('is bounded (oldest out) and entries expire', () => {
    let now = 0;
    const store = new ShareStore({ maxEntries: 2, ttlMs: 1000, now: () => now });
    const reply: ChatReply = { kind: 'notice', level: 'info', text: 'x' };
    const a = store.put(reply, 'u');
    const b = store.put(reply, 'u');
    const c = store.put(reply, 'u');
    expect(a).toMatch(/^share:[\w-]{12}$/);
    expect(store.size).toBe(2);
    expect(store.get(a)).toBeUndefined();
    expect(store.get(b)?.userId).toBe('u');
    now = 1001;
    expect(store.get(c)).toBeUndefined();
    expect(store.get('other:1')).toBeUndefined();
  });

  it('take() hands an entry out once; restore() puts it back with its age', () => {
    let now = 0;
    const store = new ShareStore({ ttlMs: 1000, now: () => now });
    const id = store.put({ kind: 'notice', level: 'info', text: 'x' }, 'u');
    const entry = store.take(id);
    expect(entry?.userId).toBe('u');
    expect(store.take(id)).toBeUndefined();
    expect(store.get(id)).toBeUndefined();
    now = 500;
    store.restore(id, entry!);
    expect(store.get(id)).toBe(entry);
    now = 1001;
    expect(store.take(id)).toBeUndefined();
    store.restore(id, entry!);
    expect(store.size).toBe(0);
  });
});

describe('stripMention', () => {
  it('removes the bot mention wherever it is, keeps other text', () => {
    expect(stripMention('<@42> how long was the call?', '42')).toBe('how long was the call?');
    expect(stripMention('so <@!42>, sources 2', '42')).toBe('so , sources 2');
    expect(stripMention('<@42>', '42')).toBe('');
    expect(stripMention('<@43> hi', '42')).toBe('<@43> hi');
  });
});

describe('every citation can be looked up, whatever the sources are called', () => {
  const citedIn = (text: string) => [...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));

  for (const [label, count, idLength] of [
    ['six excerpts from files with 240-character names', 6, 240],
    ['thirty excerpts', 30, 38],
    ['sixty excerpts', 60, 38],
  ] as const) {
    it(label, () => {
      const excerpts = Array.from({ length: count }, (_, i) =>
        excerpt(i + 1, `Quote number ${i + 1} says something specific about the council vote.`, { sourceId: `${i}_`.padEnd(idLength, 'x'), title: 'T'.repeat(200) }),
      );
      const reply: ChatReply = { kind: 'answer', answer: { ...sampleAnswer('What did the council decide?'), excerpts, disagreements: [] } };
      const [msg] = toDiscordMessages(reply);
      const quotes = msg.embeds[0].description ?? '';
      const sources = msg.embeds.find((e) => e.title === 'Sources')?.description ?? '';
      const listed = new Set(sources.split('\n').map((l) => /^\[(\d+)\]/.exec(l)?.[1]).filter(Boolean).map(Number));
      const quoted = citedIn(quotes);
      expect(quoted.length).toBeGreaterThan(0);
      for (const n of quoted) expect(listed.has(n)).toBe(true);
      expect(msg.embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.total);
    });
  }
});

describe('nothing found', () => {
  it('says so once, in chat words, with each note once', () => {
    const answer = {
      question: 'Who won the 1987 chess final?',
      status: 'not_found' as const,
      excerpts: [],
      disagreements: [],
      notes: ['Only keyword search was available.'],
      text: 'Nothing in the indexed sources (5 indexed sources) answers this question, so I won\'t guess.\nTry other words, or list what is indexed with `sources`.\nNote: Only keyword search was available.',
    };
    const [msg] = toDiscordMessages({ kind: 'answer', answer });
    const d = msg.embeds[0].description ?? '';
    expect(d).toContain('`/sources`');
    expect(d.split('Only keyword search').length - 1).toBe(1);
  });
});

describe('directional overrides', () => {
  it('are dropped from quotes and titles so they cannot reverse the citation', () => {
    expect(escapeInline('We won\u202E. tsol yehT')).toBe('We won. tsol yehT');
    const [msg] = toDiscordMessages({ kind: 'answer', answer: { ...sampleAnswer('Who won?'), excerpts: [excerpt(1, 'We won\u202E. tsol yehT', { title: 'Leak \u202Eregdub' })], disagreements: [] } });
    expect(JSON.stringify(msg.embeds)).not.toMatch(/\u202E/);
  });
});
