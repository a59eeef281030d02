// Updates are not disputes (issue 20): the same figure reported differently on different days is
// news being updated (oldest first, newest quoted first); different figures on the same day from
// different sources stay a dispute, with who says which; what is counted must be what is asked.
import { describe, expect, it } from 'vitest';
import { disagreementLine } from '../../src/answer/render-text.js';
import { newestQuotedFirst } from '../../src/answer/newest-first.js';
import { detectDisagreements, type Candidate } from '../../src/disagree/index.js';
import { attributionOf } from '../../src/disagree/updates.js';
import { storyDisputes } from '../../src/digest/disputes.js';
import { disputeLine } from '../../src/digest/render-text.js';
import { groupStories } from '../../src/digest/stories.js';
import type { Excerpt } from '../../src/types.js';
import { fakeIndex } from '../digest/helpers.js';

const c = (id: number, sourceId: string, published: string | undefined, text: string): Candidate => ({ id, sourceId, text, relevance: 0.6, ...(published ? { published } : {}) });

const QUAKE = [
  c(1, 'q1', '2026-03-02', 'A magnitude 6.8 earthquake struck the mountain town of Varek on Monday, killing at least 12 people, officials said.'),
  c(2, 'q2', '2026-03-03', 'The death toll from the Varek earthquake rose to 31 on Tuesday as rescuers pulled more bodies from the rubble.'),
  c(3, 'q3', '2026-03-05', 'The number of people killed in the Varek earthquake has climbed to 57, the interior ministry said on Thursday.'),
];

describe('updates and disputes', () => {
  it('three tolls on three days are an update in time order, and the magnitude is not a toll', () => {
    // Given newest first, as a search may rank them.
    const [d] = detectDisagreements('How many people died in the Varek earthquake?', [...QUAKE].reverse());
    expect(d.kind).toBe('update');
    expect(d.claims.map((x) => [x.value, x.published])).toEqual([
      ['at least 12 people', '2026-03-02'],
      ['31', '2026-03-03'],
      ['57', '2026-03-05'],
    ]);
    expect(disagreementLine(d)).toBe('Updated — how many people died in the Varek earthquake: at least 12 people [1] (2 March 2026) → 31 [2] (3 March 2026) → 57 [3] (5 March 2026)');
  });

  it('a fire that "now" covers more two days later is an update', () => {
    const [d] = detectDisagreements('How big is the Ridge fire?', [
      c(1, 'f1', '2026-07-10', 'The Ridge fire has burned 4,000 acres north of Alder, fire officials said.'),
      c(2, 'f2', '2026-07-12', 'The Ridge fire has now grown to 9,500 acres, officials said on Sunday.'),
    ]);
    expect([d.kind, d.claims.map((x) => x.value)]).toEqual(['update', ['4,000 acres', '9,500 acres']]);
  });

  it('two figures from two sources on the same day stay a dispute, each with who gives it', () => {
    const [d] = detectDisagreements('How many workers joined the strike at the port of Calder?', [
      c(1, 's1', '2026-05-04', 'About 3,000 dock workers walked off the job at the port of Calder on Monday, the union said.'),
      c(2, 's2', '2026-05-04', 'Only around 400 workers joined the strike at the port of Calder on Monday, according to the port authority.'),
    ]);
    expect(d.kind).toBe('count');
    expect(d.claims.map((x) => [x.value, x.by])).toEqual([
      ['About 3,000 dock workers', 'the union'],
      ['around 400 workers', 'the port authority'],
    ]);
    expect(disagreementLine(d)).toContain('“About 3,000 dock workers” [1] (the union) vs “around 400 workers” [2] (the port authority)');
  });

  it('the same day: later with change wording is an update, without it a dispute; undated sources are a dispute', () => {
    const q = 'How many people were evacuated from Alder?';
    const morning = c(1, 'a', '2026-07-10T08:00:00Z', 'Officials evacuated 200 people from Alder as the fire approached.');
    const evening = c(2, 'b', '2026-07-10T19:00:00Z', 'The number of people evacuated from Alder has risen to 1,500, officials said.');
    expect(detectDisagreements(q, [morning, evening])[0]?.kind).toBe('update');
    const flat = c(2, 'b', '2026-07-10T19:00:00Z', 'Officials evacuated 1,500 people from Alder as the fire approached.');
    expect(detectDisagreements(q, [morning, flat])[0]?.kind).toBe('count');
    const undated = [c(1, 'a', undefined, morning.text), c(2, 'b', '2026-07-12', evening.text)];
    expect(detectDisagreements(q, undated)[0]?.kind).toBe('count');
  });

  it('the update\'s latest report is quoted first; every citation is renumbered with it', () => {
    const [d] = detectDisagreements('How many people died in the Varek earthquake?', QUAKE);
    const excerpt = (n: number, sourceId: string): Excerpt => ({ n, sourceId, title: sourceId, paragraph: 1, quote: QUAKE[n - 1].text, score: 1 });
    const out = newestQuotedFirst([excerpt(1, 'q1'), excerpt(2, 'q2'), excerpt(3, 'q3')], [d]);
    expect(out.excerpts.map((e) => [e.n, e.sourceId])).toEqual([[1, 'q3'], [2, 'q1'], [3, 'q2']]);
    expect(out.disagreements[0].claims.map((x) => [x.n, x.sourceId])).toEqual([[2, 'q1'], [3, 'q2'], [1, 'q3']]);
  });

  it('who gives a figure, read from the sentence', () => {
    expect(attributionOf('About 3,000 workers walked out, the union said.')).toBe('the union');
    expect(attributionOf('Only 400 joined, according to the port authority.')).toBe('the port authority');
    expect(attributionOf('Police said 12 people were arrested.')).toBe('Police');
    expect(attributionOf('Twelve people were arrested on Monday.')).toBeUndefined();
  });
});

// Paragraph vectors: one story, not wire copies.
const VECTORS = [[1, 0, 0], [0.8, 0.6, 0], [0.8, 0, 0.6]].map((v) => Float32Array.from(v).map((x, _, a) => x / Math.hypot(...a)));
let next = 0;
const source = (id: string, published: string, ...paragraphs: string[]) => ({ id, title: `Story ${id}`, published, paragraphs: paragraphs.map((text) => ({ text, v: VECTORS[next++ % VECTORS.length] })) });

describe('the digest follows the same rule', () => {
  it('lists a toll reported on two days as Updated, not Disputed', () => {
    const index = fakeIndex([
      source('a', '2026-03-02', 'The Varek earthquake killed 12 people on Monday, officials said.'),
      source('b', '2026-03-04', 'The Varek earthquake has now killed 57 people, officials said.'),
    ]);
    const { disputes } = storyDisputes(index, groupStories(index, index.sources())[0]);
    expect(disputes.map((d) => d.kind)).toEqual(['update']);
    expect(disputeLine(disputes[0])).toMatch(/^Updated — how many people were killed: 12 people \[\d+\] \(2 March 2026\) → 57 people \[\d+\] \(4 March 2026\)$/);
  });

  it('shows no dispute for two events the same-event check cannot call one (a 1998 bombing, a 2015 shooting), caveat or not', () => {
    const index = fakeIndex([
      source('a', '1998-08-16', 'The bombing killed more than 200 people, police said.'),
      source('b', '2015-12-03', 'The shooting killed two people, police said.'),
    ]);
    const groups = groupStories(index, index.sources());
    expect(groups).toHaveLength(1);
    expect(storyDisputes(index, groups[0]).disputes).toEqual([]);
  });

  it('still shows a real same-day dispute', () => {
    const index = fakeIndex([
      source('a', '2026-05-04', 'A fire on a ferry in the harbour killed 5 people on Tuesday, the coastguard said.'),
      source('b', '2026-05-04', 'Seven people were killed when a ferry caught fire in the harbour, officials said.'),
    ]);
    const { disputes } = storyDisputes(index, groupStories(index, index.sources())[0]);
    expect(disputes.map((d) => [d.kind, d.claims.map((x) => x.by)])).toEqual([['count', ['the coastguard', 'officials']]]);
    expect(disputeLine(disputes[0])).toContain('(the coastguard) vs');
  });
});
