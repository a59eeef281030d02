// Stance disagreements with attributed refutations (issue 23): a denial the source gives to a
// party is shown with that party; a source giving both sides takes none.
import { describe, expect, it } from 'vitest';
import { detectStanceDisagreements, sourceStances, type StanceSentence } from '../../src/disagree/index.js';

const s = (id: number, sourceId: string, text: string): StanceSentence => ({ id, sourceId, text });
const QUESTION = 'Did Putin accept the 30-day ceasefire?';
const SUPPORTS = s(1, 'a', 'Putin accepted the 30-day ceasefire on Tuesday, Russian state media reported.');

describe('attributed refutations', () => {
  it('a denial by a party is shown with that party', () => {
    const denial = s(2, 'b', 'The Kremlin denied that Putin accepted the 30-day ceasefire.');
    const [d] = detectStanceDisagreements(QUESTION, [SUPPORTS, denial]);
    expect(d.claims).toEqual([
      { value: 'yes', n: 1, sourceId: 'a', quote: SUPPORTS.text },
      { value: 'no, according to the Kremlin', n: 2, sourceId: 'b', quote: denial.text },
    ]);
  });

  it('a source stating the opposite in its own voice is shown as a plain "no"', () => {
    const own = s(3, 'c', 'Putin did not accept the 30-day ceasefire, despite pressure from Washington.');
    const [d] = detectStanceDisagreements(QUESTION, [SUPPORTS, own]);
    expect(d.claims.find((c) => c.sourceId === 'c')).toEqual({ value: 'no', n: 3, sourceId: 'c', quote: own.text });
  });

  it('a source reporting both sides is counted as reporting, not as a side', () => {
    const both = [s(4, 'd', 'Moscow said Putin accepted the 30-day ceasefire.'), s(5, 'd', 'Kyiv denied that Putin accepted the ceasefire, calling the claim false.')];
    const stances = sourceStances('Putin accepted the 30-day ceasefire', [SUPPORTS, ...both]);
    expect(stances.find((x) => x.sourceId === 'd')?.stance).toBe('reports');
    expect(detectStanceDisagreements(QUESTION, [SUPPORTS, ...both])).toEqual([]);
  });
});
