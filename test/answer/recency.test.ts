// The recency prior (issue 20): learned by scripts/train-recency.ts from committed data, it
// orders sentences that answer about as well newest first and leaves whether anything answers alone.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readData, train } from '../../scripts/train-recency.js';
import { RECENCY_PRIOR, recencyFeatures, withRecency } from '../../src/answer/recency.js';
import type { ScoredSentence } from '../../src/answer/sentences.js';

const sentence = (id: string, score: number, published?: string) =>
  ({ text: id, score, hit: { source: { id, ...(published ? { published } : {}) } } }) as unknown as ScoredSentence;

describe('recency prior', () => {
  it('scripts/train-recency.ts reproduces the committed weights from the committed data', () => {
    const committed = JSON.parse(readFileSync('src/answer/recency-model.json', 'utf8'));
    expect(train(readData())).toEqual(committed);
  });

  it('the learned shape prefers the newer of two equally relevant sources, and fades with age', () => {
    const asOf = new Date('2022-03-10T12:00:00Z');
    const ordered = withRecency([sentence('old', 0.6, '2022-02-01'), sentence('new', 0.6, '2022-03-09')], asOf, RECENCY_PRIOR, 'UTC');
    expect(ordered.map((s) => s.hit.source.id)).toEqual(['new', 'old']);
    const f = (published: string) => recencyFeatures(0.6, published, asOf, RECENCY_PRIOR.scales, 'UTC');
    const prior = (x: number[]) => x.slice(1).reduce((s, v, i) => s + v * RECENCY_PRIOR.weights[i + 1], 0);
    expect(prior(f('2022-03-09'))).toBeGreaterThan(prior(f('2022-02-01')));
    // Years back, two sources a month apart are almost alike: archive questions keep their relevance order.
    const far = new Date('2026-12-01T00:00:00Z');
    const g = (published: string) => recencyFeatures(0.6, published, far, RECENCY_PRIOR.scales, 'UTC');
    expect(Math.abs(prior(g('2022-03-09')) - prior(g('2022-02-01')))).toBeLessThan(0.05);
  });

  it('only reorders: the scores are left as they were', () => {
    const input = [sentence('a', 0.9, '2020-01-01'), sentence('b', 0.5, '2022-03-09'), sentence('c', 0.2)];
    const out = withRecency(input, new Date('2022-03-10T00:00:00Z'), RECENCY_PRIOR, 'UTC');
    expect(out.map((s) => s.score).sort()).toEqual([0.2, 0.5, 0.9]);
    expect(out).toHaveLength(3);
  });
});
