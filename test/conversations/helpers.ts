// A small index for conversation tests: a person (Pete Hegseth), a call described by the White
// House and by the Kremlin, and an unrelated council story.
import { LocalIndex } from '../../src/index/local-index.js';
import type { Source } from '../../src/types.js';
import { hashEmbedder } from '../fixtures/hash-embedder.js';

const ARTICLES: [string, string, string[]][] = [
  ['hegseth', 'Pete Hegseth confirmed as defence secretary', [
    'Pete Hegseth was confirmed as defence secretary on Friday after a close vote in the Senate.',
    'Pete Hegseth said the borders would be secured with more troops and new fences along the southern frontier.',
  ]],
  ['call', 'White House describes the call with Putin', [
    'The White House said the call with Putin lasted two hours and covered a ceasefire.',
    'Officials said the leaders agreed to speak again next month.',
  ]],
  ['kremlin', 'Kremlin gives its account', ['The Kremlin said the call with Putin was frank and lasted ninety minutes.']],
  ['budget', 'Council passes the harbour budget', ['The council voted seven to two for the harbour budget on Tuesday.']],
];

export async function smallIndex(): Promise<LocalIndex> {
  const embedder = hashEmbedder();
  const index = LocalIndex.empty({ id: embedder.id, dimension: embedder.dimension }, 16);
  const sources: Source[] = ARTICLES.map(([id, title, paragraphs]) => ({
    id,
    title,
    contentHash: id,
    paragraphs: paragraphs.map((text, i) => ({ sourceId: id, index: i + 1, text })),
  }));
  index.apply({
    upserts: await Promise.all(sources.map(async (source) => ({ source, vectors: await embedder.embedPassages(source.paragraphs.map((p) => p.text)), ingestedAt: '2025-01-01T00:00:00.000Z' }))),
    removals: [],
  });
  return index;
}

