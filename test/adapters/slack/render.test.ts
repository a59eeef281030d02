// toSlackBlocks / toSlackText / toSlackMessages with plain objects.
import { describe, expect, it } from 'vitest';
import {
  answerActions,
  blockChars,
  fitText,
  toSlackBlocks,
  toSlackMessages,
  toSlackText,
  type SlackBlock,
} from '../../../src/adapters/slack/render.js';
import { mrkdwnLiteral } from '../../../src/adapters/slack/escape.js';
import type { ChatReply } from '../../../src/chat/types.js';
import type { SourceSummary } from '../../../src/types.js';
import { excerpt, sampleAnswer, sampleDigest } from './core-double.js';

function texts(blocks: SlackBlock[]): string[] {
  return blocks.flatMap((b) => {
    if (b.type === 'section') return [b.text!.text];
    if (b.type === 'context') return b.elements.map((e) => ('text' in e && typeof e.text === 'string' ? e.text : ''));
    if (b.type === 'header') return [b.text.text];
    return [];
  });
}

function expectLimits(blocks: SlackBlock[]): void {
  expect(blocks.length).toBeLessThanOrEqual(47);
  for (const b of blocks) {
    if (b.type === 'section') expect(b.text!.text.length).toBeLessThanOrEqual(3000);
    if (b.type === 'context') {
      expect(b.elements.length).toBeLessThanOrEqual(10);
      for (const e of b.elements) expect((e as { text: string }).text.length).toBeLessThanOrEqual(3000);
    }
  }
  expect(blocks.reduce((n, b) => n + blockChars(b), 0)).toBeLessThanOrEqual(12_000);
}

describe('toSlackBlocks: answers', () => {
  it('shows the question, the quotes, the disagreement right under them, notes, then the sources', () => {
    const blocks = toSlackBlocks({ kind: 'answer', answer: sampleAnswer('How long did the call last?') });
    expect(texts(blocks)).toEqual([
      '*Question:* How long did the call last?',
      '> "The call lasted two hours, officials said." [1] _(undated)_',
      '> "The leaders spoke for over an hour on Tuesday." [2] _(undated)_',
      ':warning: *Sources disagree* on how long the call lasted: "over an hour" [2] vs "two hours" [1]\n_The sources may count the call differently._',
      ':information_source: Lexical search only: the embedding model was not loaded.',
      '[1] <https://news.example/1|Article 1> — `001_9d2b0e729d22a81c ¶2`\n[2] Wire report — `002_9d2b0e729d22a81c ¶3`',
    ]);
    expect(blocks.map((b) => b.type)).toEqual(['section', 'section', 'section', 'section', 'context', 'context']);
  });

  it('puts a summary first, with the disagreements right under it', () => {
    const answer = { ...sampleAnswer('q'), summary: 'The call lasted two hours [1], or over an hour [2].' };
    const t = texts(toSlackBlocks({ kind: 'answer', answer }));
    expect(t[1]).toBe('*In short:* The call lasted two hours [1], or over an hour [2].');
    expect(t[2].startsWith(':warning: *Sources disagree*')).toBe(true);
    expect(t[3].startsWith('> "The call lasted')).toBe(true);
  });

  it('says plainly when nothing was found', () => {
    const reply: ChatReply = {
      kind: 'answer',
      // answer.text is the CLI's wording, with its notes inline: chat says it in its own words, notes once.
      answer: { question: 'Who won the cup?', status: 'not_found', excerpts: [], disagreements: [], notes: ['Only keyword search was available.'], text: 'Nothing in the indexed sources answers this question, so I won\'t guess.\nTry other words, or list what is indexed with `sources`.\nNote: Only keyword search was available.' },
    };
    const nf = 'Nothing in the indexed articles answers that. Try other words, or /sources to see what is indexed.';
    const shown = texts(toSlackBlocks(reply));
    expect(shown.slice(0, 2)).toEqual(['*Question:* Who won the cup?', `:mag: ${nf}`]);
    expect(shown.join('\n').split('Only keyword search').length - 1).toBe(1);
    expect(toSlackText(reply)).toBe(`Q: Who won the cup?\n${nf}`);
  });

  it('cuts an answer that is too long, keeps the disagreement and the cited sources, and adds the note', () => {
    const sentence = 'Officials confirmed the figures on Monday. ';
    const answer = {
      ...sampleAnswer('q'),
      excerpts: Array.from({ length: 60 }, (_, i) => excerpt(i + 1, sentence.repeat(90))),
    };
    const blocks = toSlackBlocks({ kind: 'answer', answer });
    expectLimits(blocks);
    const t = texts(blocks);
    expect(t).toContain(':scissors: _…answer shortened; ask a narrower question._');
    expect(t.some((x) => x.startsWith(':warning: *Sources disagree*'))).toBe(true);
    const shown = t.filter((x) => x.startsWith('> "')).length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(60);
    // Every quote shown is cut at a sentence and still ends with its citation.
    for (const q of t.filter((x) => x.startsWith('> "'))) expect(q).toMatch(/Monday\.…" \[\d+\] _\(undated\)_$/);
    const sources = t[t.length - 1].split('\n');
    expect(sources).toHaveLength(shown);
  });

  it('keeps sections within 3,000 characters even when escaping makes text longer', () => {
    const answer = { ...sampleAnswer('q'), excerpts: [excerpt(1, '*_~`<>&'.repeat(1500))], disagreements: [] };
    const blocks = toSlackBlocks({ kind: 'answer', answer });
    expectLimits(blocks);
    expect(texts(blocks)).toContain(':scissors: _…answer shortened; ask a narrower question._');
  });

  it('gives answers a short fallback text, escaped and at most 3,000 characters', () => {
    const answer = { ...sampleAnswer('Who said <!here>?'), excerpts: [excerpt(1, 'Word. '.repeat(2000))] };
    const text = toSlackText({ kind: 'answer', answer });
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text.startsWith('Q: Who said &lt;!here&gt;?\n⚠ Sources disagree on how long the call lasted')).toBe(true);
    expect(text.endsWith('…')).toBe(true);
  });

  it('builds the button row: Share only for ephemeral answers', () => {
    expect(answerActions('id1', { share: true }).elements.map((e) => (e as { action_id: string }).action_id)).toEqual([
      'newsroom_share',
      'newsroom_vote_up',
      'newsroom_vote_down',
    ]);
    expect(answerActions('id1', { share: false }).elements).toHaveLength(2);
  });
});

describe('toSlackBlocks: other replies', () => {
  it('renders notices by level', () => {
    expect(texts(toSlackBlocks({ kind: 'notice', level: 'refused', text: 'Slow down.' }))).toEqual([':hand: Slow down.']);
    expect(texts(toSlackBlocks({ kind: 'notice', level: 'error', text: 'Too long.' }))).toEqual([':warning: Too long.']);
    expect(texts(toSlackBlocks({ kind: 'notice', level: 'info', text: 'a_b' }))).toEqual([`:information_source: ${mrkdwnLiteral('a_b')}`]);
  });

  it('renders a page of sources with the next page hint', () => {
    const sources: SourceSummary[] = [
      { id: '001_abc', title: 'Talks resume', url: 'https://n.example/1', outlet: 'Wire', published: '2024-05-01T10:00:00Z', paragraphs: 12, ingestedAt: 'x' },
      { id: '002_def', title: 'No link <here>', paragraphs: 3, ingestedAt: 'x' },
    ];
    const t = texts(toSlackBlocks({ kind: 'sources', sources, page: 1, pages: 4, total: 40 }));
    expect(t).toEqual([
      '*Indexed sources* — page 1 of 4 · 40 in all',
      '• <https://n.example/1|Talks resume> — Wire, 1 May 2024, 10:00 · `001_abc` · 12 ¶\n• No link &lt;here&gt; · `002_def` · 3 ¶',
      'More: `/sources 2`',
    ]);
  });

  it('renders quotes with speaker, citation and source', () => {
    const t = texts(
      toSlackBlocks({
        kind: 'quotes',
        name: 'Jane Doe',
        statements: [
          { speaker: 'Jane Doe', speakerAsWritten: 'Doe', sourceId: '001_abc', title: 'Talks', paragraph: 4, quote: '"We will not sign," she said.', url: 'https://n.example/1', published: '2024-05-01' },
        ],
      }),
    );
    expect(t).toEqual([
      '*What Jane Doe said* — 1 quote from the indexed articles',
      '> ""We will not sign," she said."\n— Doe, <https://n.example/1|Talks>, 1 May 2024 `001_abc ¶4`',
    ]);
    expect(texts(toSlackBlocks({ kind: 'quotes', name: 'Nobody', statements: [] }))).toEqual([
      ':mag: No quotes from *Nobody* in the indexed articles.',
    ]);
  });

  it('renders help entries as slash commands', () => {
    const t = texts(
      toSlackBlocks({
        kind: 'help',
        entries: [{ command: 'ask', usage: 'ask <question>', description: 'Answers from the articles.', example: 'ask who won?' }],
      }),
    );
    expect(t[1]).toBe('*/ask* — Answers from the articles.\nUsage: `/ask &lt;question&gt;`\nExample: `/ask who won?`');
  });

  it('renders a digest: header, meta, stories with key points and disputes', () => {
    const digest = sampleDigest(1, 2);
    digest.stories[0].disputes = [
      { topic: 'the vote count', kind: 'count', claims: [{ value: '12', n: 1, sourceId: 'a', quote: '12' }, { value: '14', n: 2, sourceId: 'b', quote: '14' }] },
    ];
    const blocks = toSlackBlocks({ kind: 'digest', digest });
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Newsroom digest — 2024-05-02', emoji: false } });
    const t = texts(blocks);
    // The since-time as the newsroom reads it, in the digest's zone (06:00Z is 08:00 in Berlin in May).
    expect(t[1]).toBe('2 new articles since 1 May 2024, 08:00 · Europe/Berlin');
    expect(t).toContain('*Story 1: council votes on the budget*');
    expect(t).toContain(':warning: *Disputed* on the vote count: "12" [1] vs "14" [2]');
    expect(t.some((x) => x.startsWith('> "Story 1 point 1:'))).toBe(true);
  });

  it('renders the digest since-time in its own zone, and a digest without one', () => {
    const digest = { ...sampleDigest(1, 1), since: '2026-11-21T06:56:54.206Z', timeZone: 'America/Chicago' };
    expect(texts(toSlackBlocks({ kind: 'digest', digest }))[1]).toBe('2 new articles since 21 November 2026, 00:56 · America/Chicago');
    const { since: _since, ...noSince } = digest;
    expect(texts(toSlackBlocks({ kind: 'digest', digest: { ...noSince, newSources: 1 } }))[1]).toBe('1 new article · America/Chicago');
  });

  it('pluralises the digest fallback text', () => {
    const one = { ...sampleDigest(1, 1), newSources: 1 };
    expect(toSlackText({ kind: 'digest', digest: one })).toMatch(/^Newsroom digest 2024-05-02: 1 story, 1 new article\.\n/);
    expect(toSlackText({ kind: 'digest', digest: sampleDigest(3, 1) })).toMatch(/^Newsroom digest 2024-05-02: 3 stories, 6 new articles\.\n/);
    expect(toSlackText({ kind: 'digest', digest: { ...sampleDigest(0), newSources: 0 } })).toBe('Newsroom digest 2024-05-02: no new articles.');
  });
});

describe('toSlackMessages', () => {
  it('splits a long source list into ordered messages within limits', () => {
    const sources: SourceSummary[] = Array.from({ length: 600 }, (_, i) => ({
      id: `${String(i).padStart(3, '0')}_x`,
      title: `Article number ${i} with a reasonably long headline about the budget talks`,
      url: `https://n.example/${i}`,
      paragraphs: 10,
      ingestedAt: 'x',
    }));
    const messages = toSlackMessages({ kind: 'sources', sources, page: 1, pages: 1, total: 600 });
    expect(messages.length).toBeGreaterThan(1);
    const seen: number[] = [];
    for (const m of messages) {
      expectLimits(m.blocks);
      expect(m.text.length).toBeLessThanOrEqual(3000);
      for (const x of texts(m.blocks).join('\n').matchAll(/Article number (\d+) /g)) seen.push(Number(x[1]));
    }
    expect(seen).toEqual(Array.from({ length: 600 }, (_, i) => i));
    expect(messages[1].text).toBe(`Indexed sources, page 1 of 1 (600 in all) (part 2 of ${messages.length})`);
  });

  it('keeps an answer in one message', () => {
    expect(toSlackMessages({ kind: 'answer', answer: sampleAnswer('q') })).toHaveLength(1);
  });
});

describe('fitText', () => {
  it('never exceeds the limit once escaped, and cuts at a sentence', () => {
    const raw = 'First sentence here. Second *one* has_marks. ' + 'x'.repeat(100);
    const r = fitText(raw, 60, mrkdwnLiteral);
    expect(r.cut).toBe(true);
    expect(r.text.length).toBeLessThanOrEqual(60);
    expect(r.text).toBe('First sentence here.…');
    expect(fitText('short', 60, mrkdwnLiteral)).toEqual({ text: 'short', cut: false });
    expect(fitText('*'.repeat(500), 100, mrkdwnLiteral).text.length).toBeLessThanOrEqual(100);
  });
});
