// What counts as new for a digest.
//
// A source is new when it was indexed (`ingestedAt`) after `since` and not after `now`.
// Indexing time, not `published`, decides: most articles carry no publication date (four
// of the five seeds), a date-only `published` has no time zone, and an article published
// yesterday but ingested this morning must still reach the editors once. Sources that are
// re-indexed because their text changed count as new again (they were updated).
// Optionally (`staleAfterDays`), an article whose known publication date lies that many days
// before `since` is left out: an archive import or an `ingest --rebuild` re-stamps
// `ingestedAt`, and old news is not news.
import type { ParagraphIndex, SourceRecord } from '../index/paragraph-index.js';

export interface NewSourceOptions {
  since?: Date;
  now: Date;
  staleAfterDays?: number;
}

const DAY_MS = 86_400_000;

export function newSources(index: Pick<ParagraphIndex, 'sources'>, options: NewSourceOptions): SourceRecord[] {
  const from = options.since?.getTime() ?? -Infinity;
  const to = options.now.getTime();
  const staleBefore = options.staleAfterDays !== undefined ? (options.since?.getTime() ?? to) - options.staleAfterDays * DAY_MS : undefined;
  return index
    .sources()
    .filter((s) => {
      const t = Date.parse(s.ingestedAt);
      if (!(t > from && t <= to)) return false;
      if (staleBefore !== undefined && s.published) {
        const p = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s.published) ? `${s.published}T23:59:59Z` : s.published);
        if (!Number.isNaN(p) && p < staleBefore) return false;
      }
      return true;
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}
