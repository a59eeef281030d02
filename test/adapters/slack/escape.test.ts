// Escaping, reading Slack markup, routing mention text, and the small bounded stores.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contextBlocks, sourceTitle } from '../../../src/adapters/slack/blocks.js';
import { RecentKeys } from '../../../src/adapters/slack/dedupe.js';
import {
  decodeSlackText,
  escapeMrkdwn,
  linkLabel,
  linkUrl,
  mrkdwnLiteral,
  stripBotMention,
  userMention,
} from '../../../src/adapters/slack/escape.js';
import { FeedbackLog, feedbackRecord } from '../../../src/adapters/slack/feedback.js';
import { ReplyStore } from '../../../src/adapters/slack/reply-store.js';
import { messageText, routeText } from '../../../src/adapters/slack/route.js';
import { sampleAnswer } from './core-double.js';

const L = (ch: string): string => `<!date^00000000^{_}|${ch}>`;

describe('escape', () => {
  it('escapes entities and defuses broadcasts', () => {
    expect(escapeMrkdwn('<!channel> & <@U1> <http://x|y> @here @Everyone')).toBe(
      '&lt;!channel&gt; &amp; &lt;@U1&gt; &lt;http://x|y&gt; @\u200Dhere @\u200DEveryone',
    );
    expect(escapeMrkdwn('AT&amp;T')).toBe('AT&amp;amp;T');
    expect(escapeMrkdwn('press@here.com, (@channel) @everyone!')).toBe('press@here.com, (@\u200Dchannel) @\u200Deveryone!');
  });

  it('shows formatting characters literally and keeps a line from starting a quote', () => {
    expect(mrkdwnLiteral('*a* _b_ ~c~ `d`')).toBe(`${L('*')}a${L('*')} ${L('_')}b${L('_')} ${L('~')}c${L('~')} ${L('`')}d${L('`')}`);
    expect(mrkdwnLiteral('> not a quote\nline')).toBe('\u00AD&gt; not a quote\nline');
  });

  it('builds links only for http(s) URLs', () => {
    expect(linkUrl('https://x.example/a|b c')).toBe('https://x.example/a%7Cb%20c');
    expect(linkUrl('https://x.example/?a=1&b=<2>')).toBe('https://x.example/?a=1&amp;b=%3C2%3E');
    expect(linkUrl('javascript:alert(1)')).toBeUndefined();
    expect(linkUrl('not a url')).toBeUndefined();
    expect(linkLabel('a*b_c|d\n<e>')).toBe('a\u2217b\u02CDc\u00A6d &lt;e&gt;');
    expect(sourceTitle('T', 'ftp://x')).toBe('T');
    expect(sourceTitle('', 'https://x.example/')).toBe('<https://x.example/|https://x.example/>');
  });

  it('keeps a source title whole in its markup however long or full of markup characters it is', () => {
    const starry = sourceTitle('*'.repeat(200) + ' ' + '_x'.repeat(2000), undefined);
    expect(starry.length).toBeLessThanOrEqual(800);
    expect(starry.endsWith('>…') || starry.endsWith('…')).toBe(true);
    // Every literal-character token that was opened is closed.
    expect((starry.match(/<!date/g) ?? []).length).toBe((starry.match(/>/g) ?? []).length);
    const amp = sourceTitle('&'.repeat(4000), 'https://e.example/a');
    expect(amp).toMatch(/^<https:\/\/e\.example\/a\|(&amp;)+…>$/);
    expect(amp.length).toBeLessThan(1000);
    // A line that still does not fit a context element is left out, not cut inside its markup.
    const blocks = contextBlocks(['short line', `• <https://e.example/|${'a'.repeat(3100)}>`]);
    const texts = blocks.flatMap((b) => b.elements.map((e) => ('text' in e ? e.text : '')));
    expect(texts).toEqual(['short line\n…']);
  });

  it('drops directional overrides from source text so they cannot reverse our own marks', () => {
    expect(mrkdwnLiteral('We won\u202E. tsol yehT')).toBe('We won. tsol yehT');
    expect(linkLabel('Leak \u2067regdub\u2069')).toBe('Leak regdub');
    expect(escapeMrkdwn('\u05E9\u05DC\u05D5\u05DD\u200F ok')).toBe('\u05E9\u05DC\u05D5\u05DD\u200F ok');
  });

  it('mentions only ids shaped like Slack ids', () => {
    expect(userMention('U0123ABC')).toBe('<@U0123ABC>');
    expect(userMention('<!channel>')).toBe('&lt;!channel&gt;');
  });

  it('reads Slack message markup back into plain text', () => {
    expect(decodeSlackText('<@U1> in <#C1|news> <!here> <https://x.com|x.com> <https://y.com> &lt;b&gt; &amp;')).toBe(
      '@U1 in #news @here x.com https://y.com <b> &',
    );
    expect(decodeSlackText('<!subteam^S1|@editors> <@U2|jane>')).toBe('@editors @jane');
    expect(stripBotMention('<@UBOT> hi <@UBOT|bot> there', 'UBOT')).toBe('hi there');
    expect(messageText('<@UBOT>   what about &lt;this&gt;?', 'UBOT')).toBe('what about <this>?');
  });
});

describe('routeText', () => {
  const all = ['ask', 'sources', 'quotes', 'digest', 'help'] as const;
  it('routes command words and keeps questions as questions', () => {
    expect(routeText('sources', all)).toEqual({ command: 'sources', text: '' });
    expect(routeText('/sources 3', all)).toEqual({ command: 'sources', text: '3' });
    expect(routeText('Sources say the call was long?', all)).toEqual({ command: 'ask', text: 'Sources say the call was long?' });
    expect(routeText('help', all)).toEqual({ command: 'help', text: '' });
    expect(routeText('help me find the budget story', all)).toEqual({ command: 'ask', text: 'help me find the budget story' });
    expect(routeText('quotes Jane Doe', all)).toEqual({ command: 'quotes', text: 'Jane Doe' });
    expect(routeText('quotes', all)).toEqual({ command: 'ask', text: 'quotes' });
    expect(routeText('ask: who won?', all)).toEqual({ command: 'ask', text: 'who won?' });
    expect(routeText('digest', all)).toEqual({ command: 'digest', text: '' });
    expect(routeText('digest', ['ask', 'help'])).toEqual({ command: 'ask', text: 'digest' });
    expect(routeText('   ', all)).toEqual({ command: 'help', text: '' });
    expect(routeText('How long did the call last?', all)).toEqual({ command: 'ask', text: 'How long did the call last?' });
  });
});

describe('bounded stores', () => {
  it('RecentKeys drops repeats within the TTL and forgets the oldest past its size', () => {
    let now = 0;
    const keys = new RecentKeys({ max: 2, ttlMs: 1000, now: () => now });
    expect(keys.add('a')).toBe(true);
    expect(keys.add('a')).toBe(false);
    now = 1500;
    expect(keys.add('a')).toBe(true);
    keys.add('b');
    keys.add('c');
    expect(keys.size).toBe(2);
    expect(keys.add('a')).toBe(true);
  });

  it('ReplyStore expires entries and holds at most max', () => {
    let now = 0;
    const store = new ReplyStore({ max: 2, ttlMs: 1000, now: () => now });
    const user = { id: 'slack:U1', platform: 'slack' };
    const a = store.put({ command: 'help', text: '', user }, { kind: 'notice', level: 'info', text: 'a' });
    const b = store.put({ command: 'help', text: '', user }, { kind: 'notice', level: 'info', text: 'b' });
    store.put({ command: 'help', text: '', user }, { kind: 'notice', level: 'info', text: 'c' });
    expect(store.get(a)).toBeUndefined();
    expect(store.get(b)?.reply).toEqual({ kind: 'notice', level: 'info', text: 'b' });
    now = 1000;
    expect(store.get(b)).toBeUndefined();
  });

  it('FeedbackLog creates the folder and appends lines in order', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'feedback-'));
    try {
      const file = join(dir, 'a', 'b', 'votes.jsonl');
      const log = new FeedbackLog(file);
      const answer = sampleAnswer('q');
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => log.record(feedbackRecord(answer, `slack:U${i}`, i % 2 ? 'down' : 'up', new Date(0)))),
      );
      const lines = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((l) => l.user)).toEqual(Array.from({ length: 20 }, (_, i) => `slack:U${i}`));
      expect(lines[0]).toEqual({
        at: '1970-01-01T00:00:00.000Z',
        user: 'slack:U0',
        question: 'q',
        status: 'answered',
        excerpts: ['001_9d2b0e729d22a81c#2', '002_9d2b0e729d22a81c#3'],
        vote: 'up',
        platform: 'slack',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
