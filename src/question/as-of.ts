// "Now", made explicit: the instant a question is asked as of (ask --as-of, a chat message's
// time, or the clock), and the newsroom's time zone that "today" and "this week" are read in.
import { isTimeZone } from '../time.js';

/** The newsroom's zone: NEWSROOM_TZ, else DIGEST_TZ, else UTC (an unknown zone name is skipped). */
export function newsroomTimeZone(env: Record<string, string | undefined> = process.env): string {
  for (const name of [env.NEWSROOM_TZ, env.DIGEST_TZ]) if (name && isTimeZone(name)) return name;
  return 'UTC';
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** Minutes the zone is ahead of UTC at that instant (+60 for Europe/Berlin in winter). */
export function zoneOffsetMinutes(at: Date, timeZone: string): number {
  let f = offsetFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormats.set(timeZone, f);
  }
  const name = f.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
}

/**
 * The instant of a wall-clock time in a zone. Month and day may overflow (day 0 is the last
 * day of the month before), which is how callers step through the calendar. A time the zone
 * skips (a spring-forward gap) comes out as an instant just after the gap.
 */
export function zonedInstant(year: number, month: number, day: number, timeZone: string, hour = 0, minute = 0): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const off = (t: number) => zoneOffsetMinutes(new Date(t), timeZone) * 60_000;
  const first = wall - off(wall);
  const second = wall - off(first);
  // Consistent: the zone's offset at the answer is the one used to find it.
  return new Date(off(second) === wall - second ? second : Math.max(first, second));
}

export interface LocalDay {
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

/** The calendar day an instant falls on in a zone. */
export function localDay(at: Date, timeZone: string): LocalDay {
  const shifted = new Date(at.getTime() + zoneOffsetMinutes(at, timeZone) * 60_000);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate(), weekday: shifted.getUTCDay() };
}

export class AsOfError extends Error {}

/**
 * `--as-of YYYY-MM-DD[THH:MM]` in the newsroom's zone. A date alone means the end of that day:
 * "as of 3 March" includes what was published on 3 March.
 */
export function parseAsOf(text: string, timeZone: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/.exec(text.trim());
  const bad = () => new AsOfError(`--as-of takes a date, or a date and time, in ${timeZone}: YYYY-MM-DD or YYYY-MM-DDTHH:MM (got "${text.slice(0, 40)}").`);
  if (!m) throw bad();
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) throw bad();
  if (m[4] === undefined) return new Date(zonedInstant(y, mo, d + 1, timeZone).getTime() - 1);
  const [h, mi] = [Number(m[4]), Number(m[5])];
  if (h > 23 || mi > 59) throw bad();
  return zonedInstant(y, mo, d, timeZone, h, mi);
}
