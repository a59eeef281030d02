// Grouping without the model: vectors and titles chosen by hand.
import { describe, expect, it } from 'vitest';
import { averageLinkage, groupStories, headlineOf, sourceVector } from '../../src/digest/stories.js';
import { newSources } from '../../src/digest/select.js';
import { fakeIndex } from './helpers.js';

function unit(...xs: number[]): Float32Array {
  const v = Float32Array.from(xs);
  const n = Math.hypot(...xs);
  return v.map((x) => x / n);
}

const LONG = 'one two three four five six seven eight nine ten';

describe('averageLinkage', () => {
  it('merges by average similarity and stops at the cut', () => {
    // 0-1 close, 2 close to 1 but not on average to {0,1}; 3 alone.
    const S = [
      [1, 0.9, 0.5, 0.1],
      [0.9, 1, 0.7, 0.1],
      [0.5, 0.7, 1, 0.1],
      [0.1, 0.1, 0.1, 1],
    ];
    expect(averageLinkage(4, (i, j) => S[i][j], 0.62)).toEqual([[0, 1], [2], [3]]);
    expect(averageLinkage(4, (i, j) => S[i][j], 0.55)).toEqual([[0, 1, 2], [3]]);
    expect(averageLinkage(4, (i, j) => S[i][j], 0.95)).toEqual([[0], [1], [2], [3]]);
    expect(averageLinkage(0, () => 0, 0.5)).toEqual([]);
  });

  it('does not chain: a path of close pairs is not one story', () => {
    // 0~1~2~3~4 each 0.7 to its neighbour, 0.2 to others.
    const sim = (i: number, j: number) => (Math.abs(i - j) === 1 ? 0.7 : 0.2);
    const groups = averageLinkage(5, sim, 0.62);
    expect(groups.every((g) => g.length <= 2)).toBe(true);
    expect(groups.flat().sort()).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('groupStories', () => {
  const index = fakeIndex([
    { id: 'a', title: 'Storm hits coast', paragraphs: [{ text: LONG, v: unit(1, 0, 0) }, { text: 'Short', v: unit(0, 0, 1) }] },
    { id: 'b', title: 'Storm floods towns on coast', paragraphs: [{ text: LONG, v: unit(0.8, 0.6, 0) }] },
    { id: 'c', title: 'Central bank holds rates', paragraphs: [{ text: LONG, v: unit(0, 0.2, 1) }] },
    { id: 'd', title: 'Sources say…', paragraphs: [{ text: LONG, v: unit(0.95, 0.3, 0) }] },
  ]);

  it('leaves short paragraphs out of a source’s vector when it has longer ones', () => {
    expect(Array.from(sourceVector(index, 'a')!)).toEqual([1, 0, 0]);
  });

  it('groups by cosine plus title overlap, largest story first, nearest-centroid source first', () => {
    const groups = groupStories(index, index.sources());
    expect(groups.map((g) => g.sources.map((s) => s.id))).toEqual([['d', 'a', 'b'], ['c']]);
    // The title made from a first sentence ("…") is passed over for the headline.
    expect(headlineOf(groups[0])).toBe('Storm hits coast');
    expect(headlineOf(groups[1])).toBe('Central bank holds rates');
  });

  it('title words tip a borderline pair over the cut', () => {
    const idx = fakeIndex([
      { id: 'x', title: 'Storm Elin floods Brittany', paragraphs: [{ text: LONG, v: unit(1, 0) }] },
      { id: 'y', title: 'Storm Elin: floods in Brittany', paragraphs: [{ text: LONG, v: unit(0.6, 0.8) }] },
      { id: 'z', title: 'Rates held', paragraphs: [{ text: LONG, v: unit(0.6, 0.8) }] },
    ]);
    // cos 0.6 < 0.62, but x and y share all four title terms (+0.15); y and z are identical (1.0).
    expect(groupStories(idx, idx.sources().filter((s) => s.id !== 'z')).map((g) => g.sources.length)).toEqual([2]);
    expect(groupStories(idx, idx.sources().filter((s) => s.id !== 'y')).map((g) => g.sources.length)).toEqual([1, 1]);
  });
});

describe('newSources', () => {
  const index = fakeIndex([
    { id: 'old', title: 'Old', ingestedAt: '2025-03-01T10:00:00.000Z', paragraphs: [] },
    { id: 'edge', title: 'Edge', ingestedAt: '2025-03-02T08:00:00.000Z', paragraphs: [] },
    { id: 'new', title: 'New', ingestedAt: '2025-03-02T09:00:00.000Z', paragraphs: [] },
    { id: 'archive', title: 'Archive', ingestedAt: '2025-03-02T09:00:00.000Z', published: '2019-05-01', paragraphs: [] },
    { id: 'later', title: 'Later', ingestedAt: '2025-03-03T09:00:00.000Z', paragraphs: [] },
  ]);
  const since = new Date('2025-03-02T08:00:00.000Z');
  const now = new Date('2025-03-03T08:00:00.000Z');

  it('takes what was indexed after `since` and up to `now`', () => {
    expect(newSources(index, { since, now }).map((s) => s.id)).toEqual(['archive', 'new']);
    expect(newSources(index, { now }).map((s) => s.id)).toEqual(['archive', 'edge', 'new', 'old']);
  });

  it('can leave out old articles indexed late (staleAfterDays)', () => {
    expect(newSources(index, { since, now, staleAfterDays: 7 }).map((s) => s.id)).toEqual(['new']);
  });
});
