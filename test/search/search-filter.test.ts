// The search filter (SearchFilter.sourceIds) on the local backend: applied while candidates
// are picked, so a filter that selects sources far down the unfiltered ranking still gets
// its full k, and nothing outside it comes back.
import { describe, expect, it } from 'vitest';
import { LocalIndex } from '../../src/index/local-index.js';
import { hybridSearch } from '../../src/search/search.js';
import type { Source } from '../../src/types.js';
import { hashEmbedder } from '../fixtures/hash-embedder.js';

const embedder = hashEmbedder();

/** 200 stories about the harbour budget, and two about the ferry strike that mention the harbour once. */
async function newsroomIndex(): Promise<LocalIndex> {
  const index = LocalIndex.empty({ id: embedder.id, dimension: embedder.dimension }, 64);
  const sources: Source[] = [];
  for (let i = 0; i < 200; i++) {
    const id = `budget-${i}`;
    sources.push({
      id,
      title: `Harbour budget ${i}`,
      paragraphs: [
        { sourceId: id, index: 1, text: `The harbour budget vote ${i} passed after the council debated the harbour budget.` },
        { sourceId: id, index: 2, text: `Harbour budget spending on the harbour wall rose, the council said (${i}).` },
      ],
    });
  }
  for (const id of ['strike-a', 'strike-b']) {
    sources.push({
      id,
      title: `Ferry strike ${id}`,
      paragraphs: [
        { sourceId: id, index: 1, text: 'Ferry crews walked out on Tuesday morning over pay.' },
        { sourceId: id, index: 2, text: 'The union said the harbour would stay closed to ferries.' },
        { sourceId: id, index: 3, text: 'Talks resume next week, the operator said.' },
      ],
    });
  }
  const vectors = await Promise.all(sources.map((s) => embedder.embedPassages(s.paragraphs.map((p) => p.text))));
  index.apply({ upserts: sources.map((source, i) => ({ source, vectors: vectors[i], ingestedAt: '2026-03-01T00:00:00Z' })), removals: [] });
  return index;
}

describe('search filter on the local index', () => {
  it('dense search returns the k nearest among the filtered sources, even when none of them is near the top unfiltered', async () => {
    const index = await newsroomIndex();
    const v = await embedder.embedQuery('harbour budget vote');
    const unfiltered = index.dense(v, 5).map((h) => index.paragraph(h.key)!.sourceId);
    expect(unfiltered.some((id) => id.startsWith('strike'))).toBe(false);
    const filter = { sourceIds: new Set(['strike-a', 'strike-b']) };
    const hits = index.dense(v, 5, filter);
    // All five come from the filter's six paragraphs, best first: dropping results after an
    // unfiltered top 5 would have left none.
    expect(hits).toHaveLength(5);
    expect(new Set(hits.map((h) => index.paragraph(h.key)!.sourceId))).toEqual(new Set(['strike-a', 'strike-b']));
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    expect(index.dense(v, 50, filter)).toHaveLength(6);
  });

  it('keyword search scores only the filtered sources', async () => {
    const index = await newsroomIndex();
    const hits = index.lexical('harbour budget', 3, { sourceIds: new Set(['strike-b']) });
    expect(hits.map((h) => index.paragraph(h.key)!.text)).toEqual(['The union said the harbour would stay closed to ferries.']);
    expect(index.lexical('harbour budget', 3, { sourceIds: new Set() })).toEqual([]);
    expect(index.lexical('harbour budget', 3).every((h) => index.paragraph(h.key)!.sourceId.startsWith('budget'))).toBe(true);
  });

  it('hybrid search passes the filter to both lists', async () => {
    const index = await newsroomIndex();
    const q = 'harbour budget vote';
    const ranked = hybridSearch(index, q, await embedder.embedQuery(q), { k: 4, filter: { sourceIds: new Set(['strike-a', 'budget-7']) } });
    expect(ranked.length).toBe(4);
    expect(ranked.every((r) => r.source.id === 'strike-a' || r.source.id === 'budget-7')).toBe(true);
    expect(ranked.some((r) => r.source.id === 'budget-7')).toBe(true);
    // An empty filter selects nothing (a window with no sources), not everything.
    expect(hybridSearch(index, q, await embedder.embedQuery(q), { filter: { sourceIds: new Set() } })).toEqual([]);
  });
});
