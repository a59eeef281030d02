// What a question asks to be searched: its time window and outlets, read from its words and
// resolved to the indexed sources they select, and the question left to search for.
import { outletOf, readOutlets, isOutlet } from './outlets.js';
import { inWindow, publishedInstant, readTimeWindow, type TimeWindow } from './time-window.js';
import { localDay } from './as-of.js';

export interface FilterSource {
  id: string;
  published?: string;
  outlet?: string;
  url?: string;
}

export interface QuestionFilters {
  /** The question without the filter words: what is searched for. */
  text: string;
  window?: TimeWindow;
  /** Outlets as named in the question. */
  outlets?: string[];
  /** Named outlets that no indexed source is from. */
  unknownOutlets?: string[];
}

/** The filters a question sets, read against the indexed sources' outlets. */
export function readFilters(question: string, asOf: Date, timeZone: string, sources: FilterSource[]): QuestionFilters {
  let text = question;
  const out: QuestionFilters = { text };
  const outlets = readOutlets(text, sources);
  if (outlets) {
    text = outlets.rest;
    out.outlets = outlets.names;
    const unknown = outlets.names.filter((n) => !sources.some((s) => isOutlet(n, s)));
    if (unknown.length) out.unknownOutlets = unknown;
  }
  const window = readTimeWindow(text, asOf, timeZone);
  if (window) {
    text = window.rest;
    out.window = window.window;
  }
  // A question that is nothing but filters ("What did CNN report this week?") still has words to search for.
  out.text = /[\p{L}\p{N}]{3,}/u.test(text.replace(/\b(what|who|did|does|report(ed)?|say|said|news)\b/gi, '')) ? text : question;
  return out;
}

/**
 * The sources the filters let through, or undefined when they let every source through.
 * Sources published after the as-of instant are never searched (they did not exist yet).
 * Undated sources cannot be placed in time: no date filter leaves them out (their quotes say "undated").
 */
export function selectSources(sources: FilterSource[], filters: QuestionFilters, asOf: Date, timeZone: string): Set<string> | undefined {
  const names = filters.outlets?.filter((n) => !filters.unknownOutlets?.includes(n)) ?? [];
  let dropped = false;
  const ids = new Set<string>();
  for (const s of sources) {
    const keep =
      !publishedAfter(s.published, asOf, timeZone) &&
      (!filters.window || !s.published || inWindow(s.published, filters.window, timeZone)) &&
      (!filters.outlets || names.some((n) => isOutlet(n, s)));
    if (keep) ids.add(s.id);
    else dropped = true;
  }
  return dropped ? ids : undefined;
}

/** Published after the as-of instant: for a date alone, only when that whole day is after it. */
export function publishedAfter(published: string | undefined, asOf: Date, timeZone: string): boolean {
  if (!published) return false;
  // A date alone is read as its midday; its day began 12 hours before (a DST day is close enough here).
  const at = publishedInstant(published, timeZone);
  if (at !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(published.trim())) return at - 12 * 3_600_000 > asOf.getTime();
  return at !== undefined && at > asOf.getTime();
}

/** "CNN, March 2022", or "all sources": what was searched, as the reply says it. */
export function searchedLabel(filters: QuestionFilters): string {
  const parts: string[] = [];
  if (filters.outlets?.length) parts.push(filters.outlets.join(' and '));
  if (filters.window) parts.push(filters.window.label);
  return parts.length ? parts.join(', ') : 'all sources';
}

/** The distinct outlets of the indexed sources, most sources first (what a reader can filter by). */
export function indexedOutlets(sources: FilterSource[]): string[] {
  const count = new Map<string, number>();
  for (const s of sources) {
    const o = outletOf(s);
    if (o) count.set(o, (count.get(o) ?? 0) + 1);
  }
  return [...count.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([o]) => o);
}

/** The as-of instant as a reader reads it: "10 March 2022". */
export function asOfDate(asOf: Date, timeZone: string): string {
  const d = localDay(asOf, timeZone);
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
