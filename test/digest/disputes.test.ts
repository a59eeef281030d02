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

  it('no "Disputed" line between two different stories grouped together (issue 13)', () => {
    const index = fakeIndex([
      source('a', 'Shootout in Dallas', 'Two gunmen were killed in a shootout with police in Dallas on Sunday, officials said.'),
      source('b', 'Earthquake in Nepal', 'The earthquake in Nepal killed more than 200 people on Sunday, officials said.'),
    ]);
    const [group] = groupStories(index, index.sources());
    expect(group.sources).toHaveLength(2);
    expect(storyDisputes(index, group).disputes).toEqual([]);
  });

  it('needs two sources', () => {
    const index = fakeIndex([source('a', 'One', 'The call lasted two hours, the Kremlin said on Tuesday evening.', 'Earlier reports said the call lasted one hour.')]);
    const [group] = groupStories(index, index.sources());
    expect(storyDisputes(index, group).disputes).toEqual([]);
  });
});

// Disputes on what a story's own sentences count: questions derived from the count and the verb
// that governs it ("destroying 12 homes" → "How many homes were destroyed?"), not from a fixed list.
const HERALD = 'A wildfire swept through the hillside community of Pine Ridge on Tuesday night, destroying 12 homes before firefighters contained it early Wednesday.';
const GAZETTE = 'The fire that tore through Pine Ridge on Tuesday destroyed 15 homes, county officials said on Wednesday.';
const disputesOf = (...docs: ReturnType<typeof source>[]) => {
  const index = fakeIndex(docs);
  const groups = groupStories(index, index.sources());
  expect(groups).toHaveLength(1);
  return storyDisputes(index, groups[0]);
};
const shown = (r: ReturnType<typeof storyDisputes>) => r.disputes.map((d) => [d.topic, d.claims.map((c) => `${c.sourceId}: ${c.value}`)]);

describe('disputes on what the sources count', () => {
  it('12 homes destroyed in one source and 15 in the other: one Disputed line, both sentences quoted and cited', async () => {
    next = 0;
    const index = fakeIndex([source('herald', 'Wildfire destroys homes in Pine Ridge', HERALD), source('gazette', 'Pine Ridge fire leaves families homeless', GAZETTE)]);
    const d = await buildDigest({ index, since: new Date('2025-03-31T00:00:00Z'), now: new Date('2025-03-31T06:00:00Z'), timeZone: 'Europe/Berlin' });
    expect(d.stories).toHaveLength(1);
    const [story] = d.stories;
    expect(story.disputes.map((x) => ({ topic: x.topic, kind: x.kind, claims: x.claims.map((c) => [c.n, c.sourceId, c.value, c.quote]) }))).toEqual([
      { topic: 'how many homes were destroyed', kind: 'count', claims: [[1, 'gazette', '15 homes', GAZETTE], [2, 'herald', '12 homes', HERALD]] },
    ]);
    expect(d.text.split('\n').slice(3)).toEqual([
      '1. Pine Ridge fire leaves families homeless',
      `   “${GAZETTE}” [1] (undated)`,
      `   “${HERALD}” [2] (undated)`,
      '   Disputed — how many homes were destroyed: “15 homes” [1] (county officials) vs “12 homes” [2].',
      '   Sources (2):',
      '   • Pine Ridge fire leaves families homeless — gazette — [1] ¶1',
      '   • Wildfire destroys homes in Pine Ridge — herald — [2] ¶1',
    ]);
  });

  it('finds the count whichever way the sentence puts it: a passive, a spelled-out number', () => {
    next = 0;
    expect(shown(disputesOf(source('a', 'Ferry rescue', 'Coastguards rescued 20 people from the burning ferry on Tuesday.'), source('b', 'Ferry fire rescue', 'Twenty-five people were rescued from the ferry, the coastguard said.')))).toEqual([
      ['how many people were rescued', ['b: Twenty-five people', 'a: 20 people']],
    ]);
  });

  it('140 drones launched and 85 drones shot down are different things: no dispute', async () => {
    next = 0;
    const launched = source('a', 'Russian drone attack', 'Russia launched 140 drones at Ukraine overnight, the air force said.');
    const shotDown = source('b', 'Drones downed over Ukraine', 'The Ukrainian Air Force shot down 85 drones launched by Russia.');
    expect(disputesOf(launched, shotDown).disputes).toEqual([]);
    next = 0;
    const index = fakeIndex([launched, shotDown]);
    const d = await buildDigest({ index, since: new Date('2025-03-31T00:00:00Z'), now: new Date('2025-03-31T06:00:00Z'), timeZone: 'Europe/Berlin' });
    expect(d.text).not.toContain('Disputed');
    // The same figures counted with the same verb do disagree ("shot down" kept in the topic).
    next = 0;
    expect(shown(disputesOf(launched, source('b', 'Drone attack on Ukraine', 'Overnight Russia launched 150 drones, Ukraine’s air force said.')))).toEqual([
      ['how many drones were launched', ['a: 140 drones', 'b: 150 drones']],
    ]);
    next = 0;
    expect(shown(disputesOf(shotDown, source('c', 'Air defence', 'Air defences shot down 90 drones overnight, officials said.')))).toEqual([
      ['how many drones were shot down', ['b: 85 drones', 'c: 90 drones']],
    ]);
  });

  it('counts with different verbs are not compared (destroyed vs damaged)', () => {
    next = 0;
    expect(disputesOf(source('a', 'Storm damage', 'The storm destroyed 12 homes in the valley.'), source('b', 'Storm damage in the valley', 'The storm damaged 40 homes in the valley.')).disputes).toEqual([]);
  });

  it('agreeing sources are not a dispute: 12 and 12, 12 and “a dozen”', () => {
    next = 0;
    expect(disputesOf(source('a', 'Fire', GAZETTE.replace('15', '12')), source('b', 'Fire in Pine Ridge', HERALD)).disputes).toEqual([]);
    next = 0;
    expect(disputesOf(source('a', 'Fire', 'A dozen homes were destroyed in the Pine Ridge fire on Tuesday.'), source('b', 'Fire in Pine Ridge', HERALD)).disputes).toEqual([]);
  });

  it('a source that also gives the other figure does not disagree', () => {
    next = 0;
    const both = source('b', 'Fire in Pine Ridge', GAZETTE, 'Earlier reports said 12 homes were destroyed.');
    expect(disputesOf(source('a', 'Fire', HERALD), both).disputes).toEqual([]);
  });
});

describe('buildDigest from plain strings', () => {
  it('shows each claim as a key point, numbered through the digest, quoted verbatim (at most three key sentences: the second dispute does not fit, issue 19)', async () => {
    next = 0;
    const index = fakeIndex([
      source('a', 'Ferry fire in the harbour', 'A fire on a ferry in the harbour killed 5 people on Tuesday, the coastguard said.', 'The blaze lasted three hours before firefighters put it out.'),
      source('b', 'Harbour ferry blaze', 'Seven people were killed when a ferry caught fire in the harbour, officials said.', 'The blaze lasted five hours, according to the fire brigade.'),
    ]);
    const d = await buildDigest({ index, since: new Date('2025-03-31T00:00:00Z'), now: new Date('2025-03-31T06:00:00Z'), timeZone: 'Europe/Berlin' });
    const [story] = d.stories;
    expect(story.keyPoints.map((k) => [k.n, k.sourceId, k.paragraph, k.quote])).toEqual([
      [1, 'a', 1, 'A fire on a ferry in the harbour killed 5 people on Tuesday, the coastguard said.'],
      [2, 'a', 2, 'The blaze lasted three hours before firefighters put it out.'],
      [3, 'b', 2, 'The blaze lasted five hours, according to the fire brigade.'],
    ]);
    expect(d.text).toBe(
      [
        'Newsroom digest — Monday 31 March 2025 (Europe/Berlin)',
        '2 new sources since 31 March 2025, 02:00, 1 story.',
        '',
        '1. Ferry fire in the harbour',
        '   “A fire on a ferry in the harbour killed 5 people on Tuesday, the coastguard said.” [1] (undated)',
        '   “The blaze lasted three hours before firefighters put it out.” [2] (undated)',
        '   “The blaze lasted five hours, according to the fire brigade.” [3] (undated)',
        '   Disputed — how long the blaze lasted: “three hours” [2] vs “five hours” [3] (the fire brigade).',
        '   Sources (2):',
        '   • Ferry fire in the harbour — a — [1] ¶1, [2] ¶2',
        '   • Harbour ferry blaze — b — [3] ¶2',
      ].join('\n'),
    );
  });
});
