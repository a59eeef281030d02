// Stance disagreements: one source supports the claim a yes/no question is about, another refutes it.
import { describe, expect, it } from 'vitest';
import { detectStanceDisagreements, sourceStances, type StanceSentence } from '../../src/disagree/index.js';

const s = (id: number, sourceId: string, text: string): StanceSentence => ({ id, sourceId, text });

const SUPPORTS = s(1, 'a', 'Putin accepted the 30-day ceasefire on Tuesday, the Kremlin said.');
const REFUTES = [
  s(2, 'b', 'Trump wanted to push for a 30-day ceasefire, which Ukraine had already accepted.'),
  s(3, 'b', 'However, Putin rejected it, maintaining that Russia’s goals in the conflict remain the same.'),
];

describe('stance disagreements', () => {
  it('one source supports, another refutes: both quoted and cited', () => {
    const found = detectStanceDisagreements('Did Putin accept the 30-day ceasefire?', [SUPPORTS, ...REFUTES]);
    expect(found).toEqual([
      {
        topic: 'whether Putin accepted the 30-day ceasefire',
        kind: 'stance',
        claims: [
          { value: 'yes', n: 1, sourceId: 'a', quote: SUPPORTS.text },
          { value: 'no', n: 3, sourceId: 'b', quote: REFUTES[1].text },
        ],
      },
    ]);
  });

  it('sources on one side are no disagreement', () => {
    expect(detectStanceDisagreements('Did Putin accept the 30-day ceasefire?', [SUPPORTS, s(4, 'c', 'Putin accepted the 30-day ceasefire proposed by Washington.')])).toEqual([]);
  });

  it('wh-questions have no claim to take a stance on', () => {
    expect(detectStanceDisagreements('When did Putin accept the ceasefire?', [SUPPORTS, ...REFUTES])).toEqual([]);
  });

  it('a source about something else takes no side', () => {
    const stances = sourceStances('Putin accepted the 30-day ceasefire', [SUPPORTS, s(5, 'd', 'Heavy rain flooded the valley overnight.')]);
    expect(stances.map((x) => [x.sourceId, x.stance])).toEqual([
      ['a', 'supports'],
      ['d', 'unrelated'],
    ]);
  });
});
