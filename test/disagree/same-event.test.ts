// Values about different events are separate facts, not a dispute (issue 13 part 2).
import { describe, expect, it } from 'vitest';
import { detectDisagreements, type Candidate } from '../../src/disagree/index.js';

const c = (id: number, sourceId: string, text: string, before?: string): Candidate => ({ id, sourceId, text, ...(before ? { before } : {}) });

describe('same event or not', () => {
  it('three stories answering "How many people were killed?" are not a dispute', () => {
    const found = detectDisagreements('How many people were killed?', [
      c(1, 'shooting', 'Two gunmen were killed in the shootout with police in Dallas.'),
      c(2, 'quake', 'The earthquake in Nepal killed more than 200 people.'),
      c(3, 'crash', 'The bus crash in Peru killed two people.'),
    ]);
    expect(found).toEqual([]);
  });

  it('one event told two ways is still a dispute', () => {
    const found = detectDisagreements('How many people were killed?', [
      c(1, 'a', 'The earthquake in Nepal killed more than 200 people.'),
      c(2, 'b', 'The Nepal earthquake killed 80 people, officials said.'),
    ]);
    expect(found).toHaveLength(1);
    expect(found[0].claims.map((x) => x.sourceId).sort()).toEqual(['a', 'b']);
  });

  it('different places named before the sentence make different events', () => {
    const found = detectDisagreements('How many people were injured?', [
      c(1, 'a', 'The blast injured 12 people.', 'A gas explosion hit a market in Lagos on Monday.'),
      c(2, 'b', 'The blast injured 40 people.', 'A gas explosion hit a factory in Karachi on Monday.'),
    ]);
    expect(found).toEqual([]);
  });
});

describe('claims a source does not make (issue 13 part 4)', () => {
  it('a figure the article only reports someone claiming is not its own', () => {
    const found = detectDisagreements('How many people died in the fire?', [
      c(1, 'a', 'The original story claimed that 40 people died in the fire.'),
      c(2, 'b', 'In all, 12 people died in the fire, the fire brigade said.'),
    ]);
    expect(found).toEqual([]);
  });

  it('"$1M" and "$1 million" are one amount', () => {
    const found = detectDisagreements('How much did the start-up raise?', [
      c(1, 'a', 'The start-up raised $1M from investors.'),
      c(2, 'b', 'The start-up raised $1 million from investors.'),
    ]);
    expect(found).toEqual([]);
  });

  it('the same sentences stated as its own are a dispute', () => {
    const found = detectDisagreements('How many people died in the fire?', [
      c(1, 'a', 'In all, 40 people died in the fire.'),
      c(2, 'b', 'In all, 12 people died in the fire, the fire brigade said.'),
    ]);
    expect(found).toHaveLength(1);
  });
});
