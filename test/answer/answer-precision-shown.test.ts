// Issue 22: which sentences are shown beside the best one, and late interaction's arithmetic.
import { describe, expect, it } from 'vitest';
import { differentStory, hasVerb, introducedFirst, isFragment, sharesQuestionWords, showable, SHOWN_RULES } from '../../src/answer/shown.js';
import { lateInteraction } from '../../src/answer/late-interaction.js';
import type { ScoredSentence } from '../../src/answer/sentences.js';

function scored(sourceId: string, text: string, score: number, extra: { paragraph?: string; table?: boolean; title?: string } = {}): ScoredSentence {
  const paragraph = extra.paragraph ?? text;
  return {
    rank: 0,
    hit: { paragraph: { key: 1, sourceId, index: 2, text: paragraph, ...(extra.table ? { table: true } : {}) }, source: { id: sourceId, title: extra.title ?? 'A report' }, score: 1 } as ScoredSentence['hit'],
    text,
    start: paragraph.indexOf(text),
    end: paragraph.indexOf(text) + text.length,
    cosine: 0.5,
    coverage: 0.5,
    similarity: 0.5,
    score,
  };
}

describe('fragments', () => {
  it('leaves out short pieces and sentences without a verb', () => {
    expect(isFragment(scored('a', 'of the Lisbon edition', 0.5))).toBe(true);
    expect(isFragment(scored('a', 'Fresh fish, local bread and a view of the old harbour wall', 0.5))).toBe(true);
    expect(isFragment(scored('a', 'The ferry company raised its fares by 12% in June.', 0.5))).toBe(false);
    expect(hasVerb('The mayor resigned on Friday.')).toBe(true);
  });

  it('keeps a table row and a headline however short', () => {
    expect(isFragment(scored('a', 'Porto | 41 ferries', 0.5, { table: true, paragraph: 'City | Ferries\nPorto | 41 ferries' }))).toBe(false);
    expect(isFragment(scored('a', 'Ferry fares up 12%', 0.5, { title: 'Ferry fares up 12%' }))).toBe(false);
  });
});

describe('what is shown beside the best excerpt', () => {
  const q = 'How much did the ferry company raise its fares?';
  const best = scored('a', 'The ferry company raised its fares by 12% in June, its chief executive said.', 0.8);

  it('with a relative bar, drops sentences far below the best one (off by default: it cost answers)', () => {
    const weak = scored('b', 'The ferry company also said its fares would stay the same in winter.', 0.05);
    const close = scored('b', 'Fares on the ferry company’s island routes rose the most, by 15%.', 0.6);
    expect(showable(q, [best, weak, close], { ...SHOWN_RULES, relative: 0.1 }).map((s) => s.score)).toEqual([0.8, 0.6]);
    expect(showable(q, [best, weak, close]).map((s) => s.score)).toEqual([0.8, 0.05, 0.6]);
  });

  it('drops padding that shares no word with the question', () => {
    const padding = scored('c', 'We accept all major cards and cash at the till.', 0.7);
    expect(sharesQuestionWords(q, padding.text)).toBe(false);
    expect(showable(q, [best, padding])).toEqual([best]);
  });

  it('drops a sentence from a different story unless it answers on its own', () => {
    const b = scored('a', 'Nordvik Ferries raised its fares by 12% in June, chief executive Ola Brekke said.', 0.8);
    const other = scored('d', 'A mobile game called Harbour Tycoon raised the price of its coins.', 0.45);
    expect(differentStory(b.text, other.text)).toBe(true);
    const rules = { ...SHOWN_RULES, sameStory: true };
    expect(showable(q, [b, other], rules)).toEqual([b]);
    expect(showable(q, [b, other])).toEqual([b, other]); // off by default (BENCHMARKS.md, issue 22)
    const strong = scored('d', 'Brekke’s rival Tidewater raised fares too.', 0.7);
    expect(differentStory(b.text, 'Sorland Lines raised its ticket prices by 9% in May.')).toBe(true);
    const alone = scored('e', 'Sorland Lines raised its ticket prices by 9% in May.', 0.75);
    expect(showable(q, [b, alone, strong], rules).map((s) => s.hit.source.id)).toEqual(['a', 'e', 'd']);
  });
});

describe('late interaction', () => {
  const v = (...xs: number[]) => Float32Array.from(xs);
  it('averages each question piece’s best match and ignores stop words', () => {
    const question = { pieces: ['how', 'paying', 'sale'], vectors: [v(1, 0, 0), v(0, 1, 0), v(0, 0, 1)], pooled: v(1, 0, 0) };
    const sentence = { pieces: ['bought', 'sold'], vectors: [v(0, 1, 0), v(0, 0.6, 0.8)], pooled: v(0, 1, 0) };
    // "how" is a stop word: (1 for "paying" + 0.8 for "sale") / 2
    expect(lateInteraction(question, sentence)).toBeCloseTo(0.9, 6);
    expect(lateInteraction(question, { pieces: [], vectors: [], pooled: v(0, 0, 0) })).toBe(0);
  });
});

describe('"who is" questions', () => {
  it('put the sentences that introduce the name first, whatever their score', () => {
    const mention = scored('a', 'Reporters asked Tomas Reyes about the budget again on Monday.', 0.7);
    const intro = scored('b', 'Tomas Reyes, the city’s finance director, presented the budget.', 0.4);
    expect(introducedFirst('Who is Tomas Reyes?', [mention, intro])[0]).toBe(intro);
    expect(introducedFirst('What did Tomas Reyes present?', [mention, intro])[0]).toBe(mention);
  });
});
