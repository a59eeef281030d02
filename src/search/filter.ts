// What a search may return, applied by the backend while it picks candidates (not by dropping
// results afterwards), so a narrow filter still gets its full k of candidates.
export interface SearchFilter {
  /** Only paragraphs of these sources (a desk's sources, or those a time window/outlet selects). */
  sourceIds?: ReadonlySet<string>;
}

/** Whether a filter restricts anything. */
export function isFiltering(filter: SearchFilter | undefined): filter is SearchFilter & { sourceIds: ReadonlySet<string> } {
  return filter?.sourceIds !== undefined;
}
