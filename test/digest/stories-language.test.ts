// A story never mixes languages, however alike the English model finds two articles.
import { describe, expect, it } from 'vitest';
import { groupStories } from '../../src/digest/stories.js';
import type { SourceRecord } from '../../src/index/paragraph-index.js';
import { fakeIndex } from './helpers.js';

const LONG = 'one two three four five six seven eight nine ten';
const v = () => Float32Array.from([1, 0, 0]);

describe('groupStories across languages', () => {
  it('keeps same-looking sources in different languages in different stories', () => {
    const index = fakeIndex([
      { id: 'es-1', title: 'Tormenta en la costa', paragraphs: [{ text: LONG, v: v() }] },
      { id: 'pt-1', title: 'Tempestade na costa', paragraphs: [{ text: LONG, v: v() }] },
      { id: 'es-2', title: 'Tormenta en la costa norte', paragraphs: [{ text: LONG, v: v() }] },
    ]);
    const language: Record<string, string> = { 'es-1': 'es', 'es-2': 'es', 'pt-1': 'pt' };
    const sources: SourceRecord[] = index.sources().map((s) => ({ ...s, language: language[s.id] }));
    const groups = groupStories(index, sources).map((g) => g.sources.map((s) => s.id).sort());
    expect(groups).toEqual([['es-1', 'es-2'], ['pt-1']]);
    // Without languages (snapshots from before they were stored) the vectors decide, as before.
    expect(groupStories(index, index.sources()).map((g) => g.sources.length)).toEqual([3]);
  });
});
