import { test } from 'vitest';
import { loadIndex } from '../../src/index/store.js';
import { groupStories, dot } from '../../src/digest/stories.js';
import { newSources } from '../../src/digest/select.js';
test('scratch', async () => {
  const index = loadIndex('/tmp/digest-all-index');
  const groups = groupStories(index, newSources(index, { now: new Date('2030-01-01') }));
  for (const g of groups.slice(1, 3)) {
    for (const s of g.sources) {
      const other = g.sources.find((x) => x.id !== s.id)!;
      for (const p of index.paragraphsOf(s.id)) console.log(s.id, p.index, dot(index.vector(p.key)!, g.vectors.get(other.id)!).toFixed(3), dot(index.vector(p.key)!, g.centroid).toFixed(3), p.text.slice(0, 80));
    }
  }
}, 120000);
