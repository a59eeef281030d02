import { describe, expect, it } from 'vitest';
import { claimOfQuestion } from '../../src/claims/claim-of-question.js';

describe('the claim a question is about', () => {
  it.each([
    ['Is it true that a Russian man was saved from a bear by a Justin Bieber ringtone?', 'a Russian man was saved from a bear by a Justin Bieber ringtone'],
    ['Did Putin accept the 30-day ceasefire?', 'Putin accepted the 30-day ceasefire'],
    ['Does Apple plan a new iPhone?', 'Apple plans a new iPhone'],
    ['Is the bridge closed?', 'the bridge is closed'],
    ['Putin accepted the ceasefire?', 'Putin accepted the ceasefire'],
  ])('%s', (q, claim) => {
    expect(claimOfQuestion(q)).toBe(claim);
  });

  it('wh-questions and either-or questions ask for a value, not about a claim', () => {
    expect(claimOfQuestion('How long did the call last?')).toBeNull();
    expect(claimOfQuestion('Who is the EU foreign policy chief?')).toBeNull();
    expect(claimOfQuestion('Was it built in 1990 or 1991?')).toBeNull();
  });
});
