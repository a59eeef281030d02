// Not every sentence is the source's claim (issue 13 part 4).
import { describe, expect, it } from 'vitest';
import { assertionOf, isOwnClaim } from '../../src/claims/index.js';

describe('what a sentence asserts', () => {
  it.each([
    ['Did the senator resign on Monday?', 'question'],
    ['The original story claimed that the singer had died.', 'reports'],
    ['He reportedly filed for divorce.', 'reports'],
    ['Reports that he was arrested turned out to be false.', 'rumour'],
    ['The story claiming he died is a hoax.', 'rumour'],
    ['Putin rejected the proposal.', 'asserts'],
    ['Police said the man was arrested on Monday.', 'asserts'],
  ])('%s → %s', (sentence, kind) => {
    expect(assertionOf(sentence).kind).toBe(kind);
  });

  it('reads negation from the verb', () => {
    expect(assertionOf('He did not file the lawsuit.').negated).toBe(true);
    expect(assertionOf('He filed the lawsuit.').negated).toBe(false);
  });

  it('own claims: attributed and hedged facts stay, claimed ones, questions and rumours do not', () => {
    expect(isOwnClaim('According to police, 12 people died.')).toBe(true);
    expect(isOwnClaim('Officials said 12 people died.')).toBe(true);
    expect(isOwnClaim('The original story claimed that 40 people died.')).toBe(false);
    expect(isOwnClaim('Did 40 people die?')).toBe(false);
    expect(isOwnClaim('Rumours that 40 people died are false.')).toBe(false);
  });
});

describe('a claim verb in a side clause', () => {
  it('leaves the sentence the source’s own (WikiContradict #33)', () => {
    expect(isOwnClaim('The Baltic Sea is not a mediterranean sea because is a brackish inland sea, alleged to be the largest body of brackish water in the world.')).toBe(true);
  });
});
