// Dates: the dateline of a plain-text article, and published dates from metadata.

import type * as Chrono from 'chrono-node';
import { chrono } from '../chrono.js';

// Parsing never depends on today's date: only dates with a known day, month and year count.
const REFERENCE = new Date(Date.UTC(2000, 0, 1));
const LABEL = /^(published|updated|posted|date|last updated)(\s+on)?\s*:?\s*/i;

function ymd(c: Chrono.ParsedComponents): string | undefined {
  if (!c.isCertain('year') || !c.isCertain('month') || !c.isCertain('day')) return undefined;
  const y = c.get('year');
  const m = c.get('month');
  const d = c.get('day');
  if (y === null || m === null || d === null) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * The date (YYYY-MM-DD) when the line is only a date ("14 Mar 2025",
 * "Published: March 14, 2025, 10:32 AM"); undefined for any other line.
 */
export function parseDateLine(line: string): string | undefined {
  if (line.length > 60 || !/\d/.test(line)) return undefined;
  const text = line.replace(LABEL, '').replace(/[\s.,;|–—-]+$/, '');
  if (!text) return undefined;
  const results = chrono().strict.parse(text, REFERENCE);
  if (results.length !== 1) return undefined;
  const r = results[0];
  if (r.index !== 0 || r.text.length !== text.length) return undefined;
  return ymd(r.start);
}

const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A published date as the Source stores it: an ISO date or date-time is kept as given
 * (a space before the time becomes "T"); other spellings become YYYY-MM-DD. Undefined
 * when it is not a date.
 */
export function normalisePublished(value: string | Date | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  const text = value.trim();
  if (ISO.test(text)) {
    const iso = text.replace(' ', 'T');
    return Number.isNaN(Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso)) ? undefined : iso;
  }
  const results = chrono().strict.parse(text, REFERENCE);
  return results.length > 0 ? ymd(results[0].start) : undefined;
}
