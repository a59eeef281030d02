// Stance of a sentence relative to a claim (issue 23): polarity crossed with the claim's own,
// WordNet opposites with negation scope, attributed denials, sources giving both sides.
import { describe, expect, it } from 'vitest';
import { claimCore } from '../../src/claims/claim-core.js';
import { judgeSentences, sourceVerdict } from '../../src/claims/sentence-stance.js';
import { readStance } from '../../src/claims/stance.js';

const act = (claim: string, sentence: string) => judgeSentences(claim, [sentence])[0]?.act ?? 'not about it';
const CEASEFIRE = 'Putin accepted the 30-day ceasefire';

describe('polarity is relative to the claim', () => {
  it('a debunking sentence refutes an event claim', () => {
    expect(act('ISIS beheaded Steven Sotloff', 'The video showing ISIS beheading Steven Sotloff is a hoax.')).toBe('calls-false');
    expect(sourceVerdict('ISIS beheaded Steven Sotloff', ['The video showing ISIS beheading Steven Sotloff is a hoax.']).stance).toBe('refutes');
  });

  it('the same debunking sentence agrees with a claim that the story is a hoax', () => {
    const claim = 'The video of ISIS beheading Steven Sotloff is a hoax';
    expect(claimCore(claim).negative).toBe(true);
    expect(act(claim, 'The video showing ISIS beheading Steven Sotloff is a hoax.')).toBe('asserts');
    expect(sourceVerdict(claim, ['The video showing ISIS beheading Steven Sotloff is a hoax.']).stance).toBe('supports');
  });

  it('a denial claim is agreed with by the denial and refuted by the event stated', () => {
    const claim = 'Apple denies it will release a gold iPhone';
    expect(act(claim, 'Apple denied it would release a gold iPhone.')).toBe('asserts');
    expect(act(claim, 'Apple will release a gold iPhone next month.')).toBe('opposite');
  });

  it('a negated claim is agreed with by the opposite verb and refuted by the plain one', () => {
    const claim = 'Putin did not accept the 30-day ceasefire';
    expect(act(claim, 'Putin rejected the 30-day ceasefire.')).toBe('asserts');
    expect(act(claim, 'Putin accepted the 30-day ceasefire on Tuesday.')).toBe('opposite');
  });

  it('a negated debunking word is no debunk ("not a hoax", "has not denied")', () => {
    expect(act('ISIS beheaded Steven Sotloff', 'The video of ISIS beheading Steven Sotloff is not a hoax, officials said.')).not.toBe('calls-false');
  });
});

describe('opposites from WordNet, with negation scope', () => {
  it('an antonym of the claim verb about the claim subject is the opposite', () => {
    expect(claimCore(CEASEFIRE).opposites).toEqual(expect.arrayContaining(['reject']));
    expect(act(CEASEFIRE, 'Putin rejected the 30-day ceasefire.')).toBe('opposite');
    expect(act('Stocks rose on Monday', 'Stocks fell sharply on Monday.')).toBe('opposite');
    expect(act('The bridge is open', 'The bridge is closed after the storm.')).toBe('opposite');
    expect(act('Smith won the election', 'Smith lost the election by 300 votes.')).toBe('opposite');
  });

  it('the claim verb negated is the opposite: "did not accept", "never agreed", "failed to"', () => {
    expect(act(CEASEFIRE, 'Putin did not accept the 30-day ceasefire.')).toBe('opposite');
    expect(act('Putin agreed to the ceasefire', 'Putin never agreed to the ceasefire.')).toBe('opposite');
    expect(act(CEASEFIRE, 'Putin failed to accept the 30-day ceasefire before the deadline.')).toBe('opposite');
    expect(act(CEASEFIRE, 'Putin refused to accept the 30-day ceasefire.')).toBe('opposite');
  });

  it('a possible, wished, negated-opposite or someone else\'s act is no opposite', () => {
    expect(act(CEASEFIRE, 'Putin could reject the 30-day ceasefire.')).toBe('mentions');
    expect(act(CEASEFIRE, 'Trump urged Putin to accept the 30-day ceasefire.')).toBe('mentions');
    expect(act(CEASEFIRE, 'Putin did not reject the 30-day ceasefire.')).toBe('mentions');
    expect(act(CEASEFIRE, 'Zelensky rejected the 30-day ceasefire.')).toBe('not about it');
    expect(act(CEASEFIRE, 'Putin accepted the 30-day ceasefire, but not only that: he proposed talks.')).toBe('asserts');
  });

  it('"However, Putin rejected it" takes the rest of the claim from the sentence before', () => {
    const v = sourceVerdict(CEASEFIRE, ['Trump wanted to push for a 30-day ceasefire, which Ukraine had already accepted.', 'However, Putin rejected it, maintaining that Russia’s goals remain the same.']);
    expect(v).toMatchObject({ stance: 'refutes', quote: 1, attribution: null });
  });
});

describe('who says it', () => {
  it('an attributed denial refutes, with its party', () => {
    const v = sourceVerdict(CEASEFIRE, ['The Kremlin denied that Putin accepted the 30-day ceasefire.']);
    expect(v).toMatchObject({ stance: 'refutes', attribution: 'The Kremlin' });
    expect(readStance(CEASEFIRE, ['The Kremlin denied that Putin accepted the 30-day ceasefire.'])).toMatchObject({ stance: 'refutes', quote: 0, attribution: 'The Kremlin' });
    expect(sourceVerdict(CEASEFIRE, ['Reports that Putin accepted the 30-day ceasefire are false, Dmitry Peskov said.']).attribution).toBe('Dmitry Peskov');
  });

  it('a source giving both sides, each in someone else\'s words, reports', () => {
    const both = ['Moscow said Putin accepted the 30-day ceasefire.', 'Kyiv denied that Putin accepted the ceasefire, calling the claim false.'];
    expect(judgeSentences(CEASEFIRE, both).map((j) => [j.act, j.attribution])).toEqual([
      ['asserts', 'Moscow'],
      ['calls-false', 'Kyiv'],
    ]);
    expect(sourceVerdict(CEASEFIRE, both).stance).toBe('reports');
    expect(readStance(CEASEFIRE, both).stance).toBe('reports');
  });

  it('a rumour reported and its denial quoted is reporting, not refuting', () => {
    const s = ['Putin reportedly accepted the 30-day ceasefire, according to Russian media.', 'The Kremlin denied that Putin accepted the ceasefire.'];
    expect(sourceVerdict(CEASEFIRE, s).stance).toBe('reports');
  });

  it('a source asserting the claim in its own voice supports it', () => {
    expect(sourceVerdict(CEASEFIRE, ['Putin accepted the 30-day ceasefire on Tuesday.']).stance).toBe('supports');
  });
});
