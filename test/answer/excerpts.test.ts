import { describe, expect, it } from 'vitest';
import { chooseSentences, continuationEnd, LEARNED_CHOICE, toExcerpts } from '../../src/answer/excerpts.js';
import type { ScoredSentence } from '../../src/answer/sentences.js';
import { splitSentences } from '../../src/corpus/index.js';

function sentenceOf(paragraph: string, n: number, score: number, key = 1, sourceId = 's1'): ScoredSentence {
  const s = splitSentences(paragraph)[n];
  return {
    rank: 0,
    hit: { key, score: 1, paragraph: { key, sourceId, index: key, text: paragraph }, source: { id: sourceId, title: 'T', contentHash: 'x' } } as ScoredSentence['hit'],
    text: s.text,
    start: s.start,
    end: s.end,
    cosine: 0.5,
    coverage: 0.5,
    similarity: score,
    score,
  };
}

describe('continuationEnd', () => {
  const cases: [string, string][] = [
    ['A ceasefire plan was proposed, which Ukraine had already accepted. However, Putin rejected it.', 'However, Putin rejected it.'],
    ['The company agreed to a sale last week. It was priced at $44 billion.', 'It was priced at $44 billion.'],
    ['JD Vance spoke about the talks. He said that “it takes two to tango.”', 'He said that “it takes two to tango.”'],
    ['Officials announced the deal on Monday. They said it would close in June.', 'They said it would close in June.'],
  ];
  it.each(cases)('quotes the next sentence that finishes the thought: %s', (paragraph, next) => {
    const first = splitSentences(paragraph)[0];
    expect(paragraph.slice(first.start, continuationEnd(paragraph, first.end))).toBe(paragraph.slice(first.start));
    expect(paragraph.slice(first.start, continuationEnd(paragraph, first.end)).endsWith(next)).toBe(true);
  });

  it('leaves a next sentence on another subject out, and never cuts a sentence', () => {
    const paragraph = 'The deal includes a break-up fee of $1 billion. Shares rose 5% on Tuesday.';
    const first = splitSentences(paragraph)[0];
    expect(continuationEnd(paragraph, first.end)).toBe(first.end);
    expect(paragraph.slice(0, continuationEnd(paragraph, first.end))).toBe('The deal includes a break-up fee of $1 billion.');
  });

  it('leaves out a continuation too long to quote', () => {
    const long = `However, ${'word '.repeat(40)}end.`;
    const paragraph = `The talks failed. ${long}`;
    const first = splitSentences(paragraph)[0];
    expect(continuationEnd(paragraph, first.end)).toBe(first.end);
  });
});

describe('excerpts from learned scores', () => {
  const p1 = 'Musk offered to buy Twitter. However, the board rejected the bid at first. Shares fell.';
  const p2 = 'Twitter was founded in 2006 in San Francisco.';

  it('orders excerpts by score and quotes whole sentences with their continuation', () => {
    const scored = [sentenceOf(p1, 0, 0.8), sentenceOf(p2, 0, 0.5, 2, 's2'), sentenceOf(p1, 2, 0.1)];
    const excerpts = toExcerpts(chooseSentences(scored, 0.3, LEARNED_CHOICE));
    expect(excerpts.map((e) => e.quote)).toEqual(['Musk offered to buy Twitter. However, the board rejected the bid at first.', p2]);
    expect(excerpts.map((e) => e.n)).toEqual([1, 2]);
  });

  it('refuses when the best probability is under the bar', () => {
    expect(chooseSentences([sentenceOf(p1, 0, 0.2)], 0.3, LEARNED_CHOICE)).toEqual([]);
  });
});
