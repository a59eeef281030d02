// A view of an index that holds only some of its sources (a desk's): what the digest and the
// source listing read for one desk. Searches go through the search filter instead (search/filter.ts).
import type { ParagraphIndex, Prepared, PrepareRequest } from './paragraph-index.js';

export function restrictedIndex(base: ParagraphIndex, allowed: (sourceId: string) => boolean): ParagraphIndex {
  const view: ParagraphIndex = {
    get embedder() {
      return base.embedder;
    },
    get size() {
      return base.size;
    },
    sources: () => base.sources().filter((s) => allowed(s.id)),
    source: (id) => (allowed(id) ? base.source(id) : undefined),
    paragraph: (key) => {
      const p = base.paragraph(key);
      return p && allowed(p.sourceId) ? p : undefined;
    },
    paragraphsOf: (id) => (allowed(id) ? base.paragraphsOf(id) : []),
    statements: () => base.statements().filter((s) => allowed(s.sourceId)),
    vector: (key) => base.vector(key),
    dense: (vector, k, filter) => base.dense(vector, k, filter).filter((h) => view.paragraph(h.key)),
    lexical: (query, k, filter) => base.lexical(query, k, filter).filter((h) => view.paragraph(h.key)),
    apply: () => {
      throw new Error('a desk view of the index is read-only');
    },
  };
  if (base.prepare) {
    view.prepare = async (need: PrepareRequest): Promise<Prepared> => restrictedIndex(await base.prepare!({ ...need, ...(need.sourceIds ? { sourceIds: need.sourceIds.filter(allowed) } : {}) }), allowed);
  }
  return view;
}
