// The one place callers go through before reading paragraphs: a backend with `prepare`
// fetches what is needed; an in-memory index is its own view.
import type { ParagraphIndex, PrepareRequest } from './paragraph-index.js';

export function prepared(index: ParagraphIndex, need: PrepareRequest): Promise<ParagraphIndex> {
  return index.prepare ? index.prepare(need) : Promise.resolve(index);
}
