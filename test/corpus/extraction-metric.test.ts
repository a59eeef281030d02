// The extraction benchmark's metric (bench/extraction-metric.ts) and its source-line-break check.
import { describe, expect, it } from 'vitest';
import { pageCounts, score, sourceBreaks, textNodes } from '../../bench/extraction-metric.js';

describe('extraction metric (scrapinghub evaluate.py)', () => {
  it('scores 4-token shingles per page, normalised, and averages P and R over pages', () => {
    expect(pageCounts('one two three four five', 'one two three four five')).toEqual({ tp: 1, fp: 0, fn: 0 });
    // truth shingles: [1234], [2345]; predicted: [1234], [2346] → tp 1, fp 1, fn 1.
    expect(pageCounts('one two three four five', 'one two three four six')).toEqual({ tp: 1 / 3, fp: 1 / 3, fn: 1 / 3 });
    const s = score([pageCounts('a b c d e', 'a b c d e'), pageCounts('a b c d e', 'x y z w')]);
    expect(s.precision).toBeCloseTo(0.5);
    expect(s.recall).toBeCloseTo(0.5);
    expect(s.f1).toBeCloseTo(0.5);
  });
});

describe('source line breaks', () => {
  const markup = textNodes('<p>Kate Henshaw, who in 2008, won the\n<a href="#">Africa Movie</a> Academy Award</p><ul><li>Land one two</li>\n<li>Power plants here</li></ul>');
  it('counts a paragraph break where the page wrapped a line of one text run', () => {
    expect(sourceBreaks('Kate Henshaw, who in 2008, won the\nAfrica Movie Academy Award', markup)).toBe(1);
  });
  it('does not count the break between two list items', () => {
    expect(sourceBreaks('- Land one two\n- Power plants here', markup)).toBe(0);
  });
});
