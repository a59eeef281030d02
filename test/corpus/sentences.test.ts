import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/corpus/index.js';

const texts = (p: string) => splitSentences(p).map((s) => s.text);

describe('splitSentences', () => {
  it('splits on sentence ends', () => {
    expect(texts('The call ended. Both sides spoke! Was it useful? Nobody knows…  Talks resume soon.')).toEqual([
      'The call ended.',
      'Both sides spoke!',
      'Was it useful?',
      'Nobody knows…',
      'Talks resume soon.',
    ]);
  });

  it('does not break abbreviations, initials, decimals or e.g.', () => {
    const cases = [
      'U.S. President Donald Trump spoke to Putin.',
      'Spokesman Mr. Peskov declined to comment.',
      'Dr. Smith and St. Petersburg officials met on Jan. 5 in the city.',
      'J. D. Vance and Donald J. Trump were there.',
      'Spending rose to 2.5% of GDP, e.g. in the UK.',
      'It is a change from the U.S. supporting Ukraine strongly.',
      'Talks at No. 10 began at 9 a.m. on Monday.',
    ];
    for (const c of cases) expect(texts(c)).toEqual([c]);
  });

  it('splits after a closing quote that follows the period', () => {
    expect(texts('Putin found it \u201Cmeaningful and frank.\u201D They discussed the war.')).toEqual([
      'Putin found it \u201Cmeaningful and frank.\u201D',
      'They discussed the war.',
    ]);
  });

  it('splits after an abbreviation that ends a sentence before a clear opener', () => {
    expect(texts('The aid came from the U.S. The EU followed.')).toEqual(['The aid came from the U.S.', 'The EU followed.']);
  });

  it('does not split when the next word is lower case', () => {
    expect(texts('\u201CWhy?\u201D he asked. Fine.')).toEqual(['\u201CWhy?\u201D he asked.', 'Fine.']);
  });

  it('ends a sentence at a line break and leaves list markers out', () => {
    expect(texts('Topics included:\n- Land distribution\n1) Power plants')).toEqual(['Topics included:', 'Land distribution', 'Power plants']);
  });

  it('gives exact offsets', () => {
    const p = '  MOSCOW \u2013 He said \u201Cyes.\u201D  Then U.S. envoys left.\n- An item. Another.';
    const got = splitSentences(p);
    expect(got.map((s) => [s.start, s.end])).toEqual([
      [2, 25],
      [27, 49],
      [52, 60],
      [61, 69],
    ]);
    for (const s of got) expect(p.slice(s.start, s.end)).toBe(s.text);
  });

  it('returns nothing for blank text', () => {
    expect(splitSentences('  \n ')).toEqual([]);
  });
});
