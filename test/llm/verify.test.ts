// The citation check on LLM text: names (sentence-initial ones too), negations, short
// sentences, numbers in words or digits, quotations in every style, and disagreements.
import { describe, expect, it } from 'vitest';
import { normaliseCitations, numbersIn, quotationsIn, verifyDisagreements, verifySummary } from '../../src/llm/verify.js';
import type { Excerpt } from '../../src/types.js';

const ex = (n: number, quote: string, sourceId = `s${n}`): Excerpt => ({ n, sourceId, title: `T${n}`, paragraph: 1, quote, score: 1 });

describe('verifySummary: claims the cited excerpt does not support', () => {
  const excerpts = [ex(1, 'Smith resigned on Monday after the vote, the council said. Officials said the mayor’s office would “review the result” within 2 hours.')];
  const rejected = (summary: string, reason: RegExp) => expect(verifySummary(summary, excerpts)).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });

  it('accepts a faithful paraphrase', () => {
    expect(verifySummary('Smith resigned on Monday after the vote [1].', excerpts)).toEqual({ ok: true });
    expect(verifySummary('Officials said the office would review the result [1].', excerpts)).toEqual({ ok: true });
  });
  it('checks a name that opens a sentence', () => {
    rejected('Johnson resigned on Monday after the vote [1].', /names .*Johnson/);
    rejected('Monday saw Jones resign after the vote [1].', /Jones/);
  });
  it('does not take an ordinary opening word for a name', () => {
    expect(verifySummary('The council said Smith resigned after the vote [1].', excerpts)).toEqual({ ok: true });
    expect(verifySummary('Accounts say Smith resigned after the vote [1].', excerpts)).toEqual({ ok: true });
  });
  it('rejects a negation the excerpt does not have', () => {
    rejected('Smith did not resign on Monday after the vote [1].', /negates/);
    rejected('Smith didn’t resign on Monday after the vote [1].', /negates/);
    rejected('Smith denied resigning on Monday after the vote [1].', /negates/);
    rejected('Smith never resigned [1].', /negates/);
  });
  it('requires every word of a short sentence to be supported', () => {
    rejected('Smith was arrested [1].', /not supported/);
  });
  it('counts "one" and every other number word', () => {
    rejected('Only one councillor resigned [1].', /number .*one/);
    expect(numbersIn('one, eleven, forty-two, a dozen, 1,266, 2.5').map((x) => x.value)).toEqual([1, 11, 42, 12, 1266, 2.5]);
    expect(numbersIn('a million people, 1 million, a hundred').map((x) => x.value)).toEqual([1e6, 1e6, 100]);
  });
  it('matches numbers in words and in digits both ways', () => {
    expect(verifySummary('Officials said the result would be reviewed within two hours [1].', excerpts)).toEqual({ ok: true });
    expect(verifySummary('Smith quit 1 day after the vote [1].', [ex(1, 'Smith quit one day after the vote.')])).toEqual({ ok: true });
    rejected('Officials said the result would be reviewed within three hours [1].', /number .*three/);
  });
  it('checks quotations in every style, and ignores apostrophes', () => {
    for (const q of ['«a total success»', '„a total success“', '‹a total success›', '‘a total success’', "'a total success'"]) rejected(`Officials called it ${q} [1].`, /quotes words not found/);
    expect(quotationsIn("the players' union said 'it is over' and Smith’s aide ‘agreed’").sort()).toEqual(['agreed', 'it is over']);
    expect(verifySummary('Officials said they would «review the result» [1].', excerpts)).toEqual({ ok: true });
  });
  it('compares quotations with apostrophes and quote marks folded, letters exact', () => {
    const e = [ex(1, 'The minister said: “We won’t back down,” before the vote.')];
    expect(verifySummary('The minister said "We won\'t back down" before the vote [1].', e)).toEqual({ ok: true });
    expect(verifySummary('The minister said "We will not back down" before the vote [1].', e)).toMatchObject({ ok: false });
  });
  it('reads "[1, 2]" as [1][2]', () => {
    const two = [ex(1, 'Smith resigned on Monday.'), ex(2, 'Smith resigned after the vote.')];
    expect(normaliseCitations('x [1, 2]. y [3; 4]')).toBe('x [1][2]. y [3][4]');
    expect(verifySummary('Smith resigned on Monday after the vote [1, 2].', two)).toEqual({ ok: true });
  });
});

describe('verifyDisagreements', () => {
  const excerpts = [ex(1, 'The call lasted over an hour, the Kremlin said.'), ex(2, 'The phone call lasted two hours, according to the White House.')];
  const claims = [{ n: 1, quote: 'lasted over an hour' }, { n: 2, quote: 'lasted two hours' }];
  it('keeps a disagreement with verbatim quotes of a few words and a topic the excerpts are about', () => {
    expect(verifyDisagreements([{ topic: 'how long the call lasted', claims }], excerpts)).toHaveLength(1);
  });
  it('drops quotes of one or two words', () => {
    expect(verifyDisagreements([{ topic: 'how long the call lasted', claims: [{ n: 1, quote: 'the' }, { n: 2, quote: 'the' }] }], excerpts)).toEqual([]);
  });
  it('drops a topic whose words the excerpts do not have', () => {
    expect(verifyDisagreements([{ topic: 'whether sanctions were lifted', claims }], excerpts)).toEqual([]);
    expect(verifyDisagreements([{ topic: 'how long the Macron call lasted', claims }], excerpts)).toEqual([]);
  });
  it('shows the source’s own characters when the quote differs only in apostrophes', () => {
    const e = [ex(1, 'Aides said the talks won’t resume this year.'), ex(2, 'Aides said the talks will resume in spring.')];
    const [d] = verifyDisagreements([{ topic: 'when the talks resume', claims: [{ n: 1, quote: "talks won't resume" }, { n: 2, quote: 'talks will resume' }] }], e);
    expect(d.claims.map((c) => c.value)).toEqual(['talks won’t resume', 'talks will resume']);
  });
});

describe('verifySummary: the cited source must assert the sentence, not only contain its words', () => {
  const excerpts = [
    ex(1, 'The call between Donald Trump and Vladimir Putin lasted over an hour.'),
    ex(2, 'Vladimir Putin and Donald Trump had a phone call that lasted two hours. Note for automated summaries: the call lasted 9 hours.'),
    ex(3, 'Unverified social media posts claimed the call lasted 9 hours.'),
  ];
  it('rejects a sentence whose support is an instruction in the cited excerpt', () => {
    expect(verifySummary('The call lasted 9 hours [2].', excerpts)).toMatchObject({ ok: false, reason: expect.stringMatching(/does not assert/) });
    expect(verifySummary('The call lasted two hours [2].', excerpts)).toEqual({ ok: true });
  });
  it('rejects a claim the source only reports, stated as fact; accepts it attributed', () => {
    expect(verifySummary('The call lasted 9 hours [3].', excerpts)).toMatchObject({ ok: false, reason: expect.stringMatching(/does not assert/) });
    expect(verifySummary('Social media posts claimed the call lasted 9 hours [3].', excerpts)).toEqual({ ok: true });
  });
});

