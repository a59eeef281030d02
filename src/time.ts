// Dates and times as the newsroom reads them, in its own IANA time zone (shared by answers, chat and the digest).

const partsCache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    partsCache.set(timeZone, f);
  }
  return f;
}

interface LocalParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

function localParts(d: Date, timeZone: string): LocalParts {
  const out: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(d)) out[p.type] = p.value;
  return { year: out.year, month: out.month, day: out.day, hour: out.hour, minute: out.minute };
}

/** The calendar date of an instant in a time zone, as YYYY-MM-DD. */
export function localDate(d: Date, timeZone: string): string {
  const p = localParts(d, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** "2025-03-31" → "Monday 31 March 2025" (the weekday of that calendar date, whatever the zone). */
export function longDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!m) return isoDate;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const weekday = WEEKDAYS[new Date(Date.UTC(y, mo - 1, d)).getUTCDay()];
  return `${weekday} ${d} ${MONTHS[mo - 1]} ${y}`;
}

/** An instant as the newsroom reads it: "30 March 2025, 08:00". */
export function localDateTime(d: Date, timeZone: string): string {
  const p = localParts(d, timeZone);
  return `${Number(p.day)} ${MONTHS[Number(p.month) - 1]} ${p.year}, ${p.hour}:${p.minute}`;
}

/** True when the string names a time zone this runtime knows (IANA, e.g. Europe/Berlin). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

// The newsroom's time zone for dates shown next to sources (set once from DIGEST_TZ at start-up;
// UTC until then, e.g. in tests).
let displayZone = 'UTC';
export function setDisplayTimeZone(timeZone: string): void {
  if (isTimeZone(timeZone)) displayZone = timeZone;
}

/**
 * A stored published/updated value as a reader reads it: "14 March 2025" for a date,
 * "14 March 2025, 11:00" for an instant (in the newsroom's time zone), and a date-time
 * without an offset as written (its zone is unknown). Anything else unchanged.
 */
export function readableDate(value: string, timeZone: string = displayZone): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value.trim());
  if (!m) return value;
  const [, y, mo, d, h, mi, zone] = m;
  const month = MONTHS[Number(mo) - 1];
  if (!month) return value;
  if (h === undefined) return `${Number(d)} ${month} ${y}`;
  if (zone === undefined) return `${Number(d)} ${month} ${y}, ${h}:${mi}`;
  const instant = new Date(value.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(instant.getTime()) ? value : localDateTime(instant, timeZone);
}

/** Newest first by published date; sources without a date come last (most recently indexed first). */
export function newestFirst<T extends { id: string; published?: string; ingestedAt?: string }>(a: T, b: T): number {
  const time = (s: T) => (s.published ? Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s.published) ? `${s.published}T12:00:00Z` : s.published) : NaN);
  const ta = time(a);
  const tb = time(b);
  if (Number.isNaN(ta) !== Number.isNaN(tb)) return Number.isNaN(ta) ? 1 : -1;
  if (!Number.isNaN(ta) && ta !== tb) return tb - ta;
  if (Number.isNaN(ta) && a.ingestedAt !== b.ingestedAt) return (b.ingestedAt ?? '').localeCompare(a.ingestedAt ?? '');
  return a.id.localeCompare(b.id);
}
