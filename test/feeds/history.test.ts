// A source's history in the index: first seen, last updated, and the headline a correction replaced.
import { describe, expect, it } from 'vitest';
import { LocalIndex } from '../../src/index/local-index.js';
import type { Source } from '../../src/types.js';

const source = (title: string, text: string, hash: string): Source => ({ id: 's1', title, contentHash: hash, paragraphs: [{ sourceId: 's1', index: 1, text }] });
const v = () => [Float32Array.from([1, 0, 0])];

describe('source history', () => {
  it('keeps first-seen, stamps updates, and keeps the replaced headline through a later text-only update', () => {
    const index = LocalIndex.empty({ id: 'test', dimension: 3 });
    index.apply({ upserts: [{ source: source('Toll rises', 'The storm killed 15 people.', 'a'), vectors: v(), ingestedAt: '2026-12-01T10:00:00.000Z' }], removals: [] });
    expect(index.source('s1')).toMatchObject({ firstSeen: '2026-12-01T10:00:00.000Z' });
    expect(index.source('s1')?.updated).toBeUndefined();
    index.apply({ upserts: [{ source: source('Mayor corrects toll', 'The storm killed 15 people.', 'b'), vectors: v(), ingestedAt: '2026-12-01T11:00:00.000Z' }], removals: [] });
    expect(index.source('s1')).toMatchObject({ firstSeen: '2026-12-01T10:00:00.000Z', updated: '2026-12-01T11:00:00.000Z', previousTitle: 'Toll rises' });
    index.apply({ upserts: [{ source: source('Mayor corrects toll', 'The storm killed 14 people.', 'c'), vectors: v(), ingestedAt: '2026-12-01T12:00:00.000Z' }], removals: [] });
    expect(index.source('s1')).toMatchObject({ firstSeen: '2026-12-01T10:00:00.000Z', updated: '2026-12-01T12:00:00.000Z', previousTitle: 'Toll rises', title: 'Mayor corrects toll' });
    expect(index.paragraphsOf('s1').map((p) => p.text)).toEqual(['The storm killed 14 people.']);
  });
});
