// Issue 19 item 9: a digest story shows two or three key sentences (README), its disputes'
// claims among them, and never the same sentence twice.
import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/digest/build.js';
import { fitKeyPoints, keyPoints } from '../../src/digest/key-points.js';
import { groupStories } from '../../src/digest/stories.js';
import { fakeIndex } from './helpers.js';

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
const words = (t: string) => t.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

describe('key sentences per story', () => {
  it('a story with many disputes shows at most three key sentences, each once, and every claim shown is one of them', async () => {
    next = 0;
    const index = fakeIndex([
      source('a', 'Ferry fire in the harbour', 'A fire on a ferry in the harbour killed 5 people on Tuesday, the coastguard said.', 'The blaze lasted three hours before firefighters put it out.', 'Repairs to the ferry will cost 4 million euros, the operator said on Wednesday.', 'The ferry carried 300 passengers when the fire broke out near the harbour wall.'),
      source('b', 'Harbour ferry blaze', 'Seven people were killed when a ferry caught fire in the harbour, officials said.', 'The blaze lasted five hours, according to the fire brigade.', 'Repairs to the ferry will cost 9 million euros, the operator said on Wednesday.', 'The ferry carried 450 passengers when the fire broke out near the harbour wall.'),
      source('c', 'Deadly ferry fire', 'Nine people were killed in the ferry fire in the harbour on Tuesday, police said.', 'The blaze lasted seven hours, the harbour master said.', 'The ferry carried 500 passengers when the fire broke out, the operator said.'),
    ]);
    const d = await buildDigest({ index, since: new Date('2025-03-31T00:00:00Z'), now: new Date('2025-03-31T06:00:00Z'), timeZone: 'Europe/Berlin' });
    expect(d.stories).toHaveLength(1);
    const [story] = d.stories;
    expect(story.disputes.length).toBeGreaterThanOrEqual(1);
    expect(story.keyPoints.length).toBeGreaterThanOrEqual(2);
    expect(story.keyPoints.length).toBeLessThanOrEqual(3);
    expect(new Set(story.keyPoints.map((k) => words(k.quote))).size).toBe(story.keyPoints.length);
    for (const dispute of story.disputes)
      for (const c of dispute.claims) expect(story.keyPoints.find((k) => k.n === c.n)).toMatchObject({ sourceId: c.sourceId, quote: c.quote });
    const quoted = d.text.split('\n').filter((l) => /^\s+“.*” \[\d+\]( \(.*\))?$/.test(l));
    expect(quoted).toHaveLength(story.keyPoints.length);
  });

  it('two paragraphs carrying the same sentence give it once', async () => {
    next = 0;
    const line = 'The mayor said the new river bridge will open to traffic in May next year.';
    const index = fakeIndex([source('a', 'River bridge opens in May', `${line} Work began.`, `Officials repeated it. ${line}`, 'Engineers tested the steel frame of the river bridge for three weeks in March.')]);
    const [group] = groupStories(index, index.sources());
    const points = await keyPoints(index, group);
    expect(points).toHaveLength(2);
    expect(new Set(points.map((p) => p.quote)).size).toBe(2);
  });

  it('fits disputes in order while their claims fit, reusing key points that quote a claim', () => {
    const kp = (sourceId: string, paragraph: number, quote: string) => ({ sourceId, title: sourceId, paragraph, quote, score: 1 });
    const claim = (sourceId: string, paragraph: number, text: string) => ({ sourceId, paragraph, text });
    const fitted = fitKeyPoints(
      [kp('a', 1, 'Five died.'), kp('b', 2, 'Other point.'), kp('c', 1, 'Third point.')],
      [{ claims: [claim('a', 1, 'Five died.'), claim('b', 1, 'Seven died.')] }, { claims: [claim('a', 2, 'Three hours.'), claim('b', 3, 'Five hours.')] }],
      (id) => ({ title: id }),
    );
    expect(fitted.points.map((p) => p.quote)).toEqual(['Five died.', 'Other point.', 'Seven died.']);
    expect(fitted.disputes).toEqual([{ index: 0, claims: [{ claim: 0, point: 0 }, { claim: 1, point: 2 }] }]);
    // A first dispute with more sides than places keeps its first ones.
    const four = fitKeyPoints([], [{ claims: ['a', 'b', 'c', 'd'].map((id) => claim(id, 1, `${id} said so.`)) }], (id) => ({ title: id }));
    expect(four.points.map((p) => p.sourceId)).toEqual(['a', 'b', 'c']);
    expect(four.disputes[0].claims.map((c) => c.claim)).toEqual([0, 1, 2]);
  });
});
