// Disputes and key points from plain strings: a story of hand-made sources (vectors do not
// matter here, every source gets the same one).
import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/digest/build.js';
import { storyDisputes } from '../../src/digest/disputes.js';
import { groupStories } from '../../src/digest/stories.js';
import { fakeIndex } from './helpers.js';

// Paragraph vectors: different enough not to count as the same wire copy (cosine ≤ 0.92),
// close enough to make one story.
const VECTORS = [
  [1, 0, 0],
  [0.8, 0.6, 0],
  [0.8, 0, 0.6],
  [0.7, 0.5, 0.5],
].map((v) => Float32Array.from(v).map((x, _, a) => x / Math.hypot(...a)));
let next = 0;
const source = (id: string, title: string, ...paragraphs: string[]) => ({
  id,
  title,
  ingestedAt: '2025-03-31T05:00:00.000Z',
  paragraphs: paragraphs.map((text) => ({ text, v: VECTORS[next++ % VECTORS.length] })),
});

describe('storyDisputes', () => {
  it('finds a count disagreement and a duration one, with a sharpened topic', () => {
    const index = fakeIndex([
      source('a', 'Ferry fire in the harbour', 'A fire on a ferry in the harbour killed 5 people on Tuesday, the coastguard said.', 'The blaze lasted three hours before firefighters put it out.'),
      source('b', 'Harbour ferry blaze', 'Seven people were killed when a ferry caught fire in the harbour, officials said.', 'The blaze lasted five hours, according to the fire brigade.'),
    ]);
    const [group] = groupStories(index, index.sources());
    const { disputes, sentences } = storyDisputes(index, group);
    expect(disputes.map((d) => ({ topic: d.topic, kind: d.kind, claims: d.claims.map((c) => [c.sourceId, c.value]) }))).toEqual([
      { topic: 'how long the blaze lasted', kind: 'duration', claims: [['a', 'three hours'], ['b', 'five hours']] },
      { topic: 'how many people were killed', kind: 'count', claims: [['a', '5 people'], ['b', 'Seven people']] },
    ]);
    for (const d of disputes) for (const c of d.claims) expect(sentences.get(c.n)).toMatchObject({ sourceId: c.sourceId, text: c.quote });
  });

  it('does not compare durations that no verb ties to a lasting (no false alarm)', () => {
    const index = fakeIndex([
      source('a', 'Sepsis score study', 'The secondary outcomes were ICU admission and 28-day mortality in the cohort.'),
      source('b', 'Sepsis score trial', 'ICU stay of 3 days or more was a composite secondary outcome of the trial.'),
    ]);
    const [group] = groupStories(index, index.sources());
    expect(storyDisputes(index, group).disputes).toEqual([]);
    const last = fakeIndex([
      source('a', 'Health survey', 'Residents reported on their health in the last 12 months, the survey team said.'),
      source('b', 'Health survey results', 'Residents reported on their health over the last two years, the survey team said.'),
    ]);
    expect(storyDisputes(last, groupStories(last, last.sources())[0]).disputes).toEqual([]);
  });

  it('needs two sources', () => {
    const index = fakeIndex([source('a', 'One', 'The call lasted two hours, the Kremlin said on Tuesday evening.', 'Earlier reports said the call lasted one hour.')]);
    const [group] = groupStories(index, index.sources());
    expect(storyDisputes(index, group).disputes).toEqual([]);
  });
});

describe('buildDigest from plain strings', () => {
  it('shows each claim as a key point, numbered through the digest, quoted verbatim', async () => {
    next = 0;
    const index = fakeIndex([
      source('a', 'Ferry fire in the harbour', 'A fire on a ferry in the harbour killed 5 people on Tuesday, the coastguard said.', 'The blaze lasted three hours before firefighters put it out.'),
      source('b', 'Harbour ferry blaze', 'Seven people were killed when a ferry caught fire in the harbour, officials said.', 'The blaze lasted five hours, according to the fire brigade.'),
    ]);
    const d = await buildDigest({ index, since: new Date('2025-03-31T00:00:00Z'), now: new Date('2025-03-31T06:00:00Z'), timeZone: 'Europe/Berlin' });
    const [story] = d.stories;
    expect(story.keyPoints.map((k) => [k.n, k.sourceId, k.paragraph, k.quote])).toEqual([
      [1, 'a', 1, 'A fire on a ferry in the harbour killed 5 people on Tuesday, the coastguard said.'],
      [2, 'b', 1, 'Seven people were killed when a ferry caught fire in the harbour, officials said.'],
      [3, 'a', 2, 'The blaze lasted three hours before firefighters put it out.'],
      [4, 'b', 2, 'The blaze lasted five hours, according to the fire brigade.'],
    ]);
    expect(d.text).toBe(
      [
        'Newsroom digest — Monday 31 March 2025 (Europe/Berlin)',
        '2 new sources since 31 March 2025, 02:00, 1 story.',
        '',
        '1. Ferry fire in the harbour',
        '   “A fire on a ferry in the harbour killed 5 people on Tuesday, the coastguard said.” [1]',
        '   “Seven people were killed when a ferry caught fire in the harbour, officials said.” [2]',
        '   “The blaze lasted three hours before firefighters put it out.” [3]',
        '   “The blaze lasted five hours, according to the fire brigade.” [4]',
        '   Disputed — how long the blaze lasted: “three hours” [3] vs “five hours” [4].',
        '   Disputed — how many people were killed: “5 people” [1] vs “Seven people” [2].',
        '   Sources (2):',
        '   • Ferry fire in the harbour — a — [1] ¶1, [3] ¶2',
        '   • Harbour ferry blaze — b — [2] ¶1, [4] ¶2',
      ].join('\n'),
    );
  });
});
