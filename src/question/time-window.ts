// The time window a question sets ("this week", "since Monday", "in March", "over the past 3
// days", "before 2 March"), resolved against the as-of instant in the newsroom's zone, and the
// question without those words (what is searched for). Explicit dates are read by chrono-node;
// the window arithmetic (week starts, month ends, DST) is done here, in the zone.
import { chrono } from '../chrono.js';
import { localDay, zonedInstant, zoneOffsetMinutes, type LocalDay } from './as-of.js';

export interface TimeWindow {
  /** Inclusive start. */
  since?: Date;
  /** Exclusive end. */
  until?: Date;
  /** How a reader says it: "this week (2–7 March 2022)", "March 2022", "since 2 March 2022". */
  label: string;
  /** The words of the question it came from. */
  phrase: string;
}

export interface ReadWindow {
  window: TimeWindow;
  /** The question without the window's words. */
  rest: string;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_NAMES = MONTHS.map((m) => m[0].toUpperCase() + m.slice(1));
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const NUMBERS: Record<string, number> = { a: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, fourteen: 14, thirty: 30 };

interface Ctx {
  asOf: Date;
  tz: string;
  today: LocalDay;
}

const day = (c: Ctx, y: number, m: number, d: number) => zonedInstant(y, m, d, c.tz);
const dayText = (y: number, m: number, d: number) => {
  const n = new Date(Date.UTC(y, m - 1, d));
  return `${n.getUTCDate()} ${MONTH_NAMES[n.getUTCMonth()]} ${n.getUTCFullYear()}`;
};
/** "2–7 March 2022" for a span of days (the last day inclusive). */
function spanText(c: Ctx, since: Date, until: Date): string {
  const a = localDay(since, c.tz);
  const b = localDay(new Date(until.getTime() - 1), c.tz);
  if (a.year === b.year && a.month === b.month && a.day === b.day) return dayText(a.year, a.month, a.day);
  if (a.year === b.year && a.month === b.month) return `${a.day}–${b.day} ${MONTH_NAMES[b.month - 1]} ${b.year}`;
  return `${dayText(a.year, a.month, a.day)} – ${dayText(b.year, b.month, b.day)}`;
}
/** The window ends at the as-of instant when "now" is inside it. */
const untilNow = (c: Ctx, end: Date) => (end.getTime() > c.asOf.getTime() ? new Date(c.asOf.getTime() + 1) : end);

/** Participles not ending in "-ed" that date an event when a year follows ("born in 1946"). */
const EVENT_PARTICIPLES = new Set(['born', 'built', 'made', 'won', 'held', 'begun', 'sold', 'taken', 'given', 'found', 'shot', 'hit', 'set', 'laid', 'broken', 'sworn', 'stolen', 'sunk', 'struck', 'thrown', 'drawn', 'grown', 'flown', 'chosen', 'frozen', 'run', 'lost', 'brought', 'bought', 'caught', 'fought', 'sent', 'spent', 'paid', 'met']);
/** Past participles of reporting ("reported in 2021" is when the sources came out), and of anything happening at all ("what happened in 2021"). */
const REPORTING = new Set(['reported', 'published', 'posted', 'updated', 'written', 'said', 'told', 'announced', 'covered', 'mentioned', 'stated', 'claimed', 'happened', 'occurred', 'changed']);

/**
 * Whether the words before "in 1996" make the year the date of an event the question asks
 * about ("the first mammal cloned in 1996", "a company founded in 1998"), not a window on
 * when the sources were published; the year then stays in the searched text.
 */
export function datesAnEvent(before: string): boolean {
  const word = /(\p{L}+),?\s*$/u.exec(before)?.[1].toLowerCase();
  if (!word || REPORTING.has(word)) return false;
  return EVENT_PARTICIPLES.has(word) || (word.length > 4 && word.endsWith('ed'));
}

type Rule = { re: RegExp; make: (m: RegExpExecArray, c: Ctx) => Omit<TimeWindow, 'phrase'> | null };

const t = (c: Ctx) => c.today;
const RULES: Rule[] = [
  {
    re: /\b(?:so far )?today\b|\btonight\b|\bthis (?:morning|afternoon|evening)\b/i,
    make: (_, c) => ({ since: day(c, t(c).year, t(c).month, t(c).day), until: untilNow(c, day(c, t(c).year, t(c).month, t(c).day + 1)), label: `today (${dayText(t(c).year, t(c).month, t(c).day)})` }),
  },
  {
    re: /\byesterday\b/i,
    make: (_, c) => ({ since: day(c, t(c).year, t(c).month, t(c).day - 1), until: day(c, t(c).year, t(c).month, t(c).day), label: `yesterday (${dayText(t(c).year, t(c).month, t(c).day - 1)})` }),
  },
  {
    // "over the past 3 days", "in the last two weeks", "the past week"
    re: /\b(?:(?:over|in|during|within) )?the (?:past|last) (?:(\d{1,3}|a|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fourteen|thirty) )?(day|week|month|year)s?\b/i,
    make: (m, c) => {
      const n = m[1] ? (NUMBERS[m[1].toLowerCase()] ?? Number(m[1])) : 1;
      const unit = m[2].toLowerCase();
      const { year: y, month: mo, day: d } = t(c);
      const back = unit === 'day' ? [0, 0, n] : unit === 'week' ? [0, 0, 7 * n] : unit === 'month' ? [0, n, 0] : [n, 0, 0];
      const start = day(c, y - back[0], mo - back[1], d - back[2]);
      return { since: start, until: new Date(c.asOf.getTime() + 1), label: `the past ${n === 1 ? unit : `${n} ${unit}s`} (${spanText(c, start, new Date(c.asOf.getTime() + 1))})` };
    },
  },
  {
    re: /\b(?:(?:in|during) )?(this|last) (week|month|year)\b/i,
    make: (m, c) => {
      const which = m[1].toLowerCase();
      const unit = m[2].toLowerCase();
      const { year: y, month: mo, day: d, weekday } = t(c);
      const back = which === 'last' ? 1 : 0;
      let since: Date;
      let end: Date;
      if (unit === 'week') {
        const monday = d - ((weekday + 6) % 7) - 7 * back; // weeks start on Monday
        since = day(c, y, mo, monday);
        end = day(c, y, mo, monday + 7);
      } else if (unit === 'month') {
        since = day(c, y, mo - back, 1);
        end = day(c, y, mo - back + 1, 1);
      } else {
        since = day(c, y - back, 1, 1);
        end = day(c, y - back + 1, 1, 1);
      }
      const until = untilNow(c, end);
      const named = unit === 'month' ? `${MONTH_NAMES[localDay(since, c.tz).month - 1]} ${localDay(since, c.tz).year}` : unit === 'year' ? `${localDay(since, c.tz).year}` : spanText(c, since, until);
      return { since, until, label: `${which} ${unit} (${named})` };
    },
  },
  {
    re: /\bsince (?:last )?(sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b/i,
    make: (m, c) => {
      const want = WEEKDAYS.indexOf(m[1].toLowerCase());
      const { year: y, month: mo, day: d, weekday } = t(c);
      const since = day(c, y, mo, d - ((weekday - want + 7) % 7));
      const s = localDay(since, c.tz);
      return { since, until: new Date(c.asOf.getTime() + 1), label: `since ${WEEKDAYS[want][0].toUpperCase()}${WEEKDAYS[want].slice(1)} (${dayText(s.year, s.month, s.day)})` };
    },
  },
  {
    // "in March", "in March 2022", "during March"
    re: new RegExp(`\\b(?:in|during) (${MONTHS.join('|')})(?:,? (\\d{4}))?\\b`, 'i'),
    make: (m, c) => {
      const month = MONTHS.indexOf(m[1].toLowerCase()) + 1;
      // Without a year, the latest such month that has begun.
      const year = m[2] ? Number(m[2]) : month <= t(c).month ? t(c).year : t(c).year - 1;
      const since = day(c, year, month, 1);
      if (since.getTime() > c.asOf.getTime()) return null;
      return { since, until: untilNow(c, day(c, year, month + 1, 1)), label: `${MONTH_NAMES[month - 1]} ${year}` };
    },
  },
  {
    re: /\b(?:in|during) ((?:19|20)\d{2})\b/i,
    make: (m, c) => {
      const year = Number(m[1]);
      if (year > t(c).year) return null; // a year to come is what the question is about, not when it was reported
      if (datesAnEvent(m.input.slice(0, m.index))) return null;
      return { since: day(c, year, 1, 1), until: untilNow(c, day(c, year + 1, 1, 1)), label: `${year}` };
    },
  },
];

/** "since 2 March", "before March 3, 2022", "after 2022-03-01": the date read by chrono-node. */
function explicitDate(question: string, c: Ctx): { window: Omit<TimeWindow, 'phrase'>; start: number; end: number } | null {
  const re = /\b(since|before|after|until) /gi;
  for (let m = re.exec(question); m; m = re.exec(question)) {
    const at = m.index + m[0].length;
    const offset = zoneOffsetMinutes(c.asOf, c.tz);
    const parsed = chrono().parse(question.slice(at), { instant: c.asOf, timezone: offset }, { forwardDate: false })[0];
    if (!parsed || parsed.index !== 0 || !parsed.start.isCertain('month')) continue;
    const y = parsed.start.get('year')!;
    const mo = parsed.start.get('month')!;
    const hasDay = parsed.start.isCertain('day');
    const d = hasDay ? parsed.start.get('day')! : 1;
    const first = day(c, y, mo, d);
    const next = hasDay ? day(c, y, mo, d + 1) : day(c, y, mo + 1, 1);
    const named = hasDay ? dayText(y, mo, d) : `${MONTH_NAMES[mo - 1]} ${y}`;
    const word = m[1].toLowerCase();
    const window =
      word === 'since' || word === 'after'
        ? { since: word === 'since' ? first : next, until: new Date(c.asOf.getTime() + 1), label: `${word} ${named}` }
        : { until: word === 'until' ? next : first, label: `${word} ${named}` };
    return { window, start: m.index, end: at + parsed.text.length };
  }
  return null;
}

/** The first time window the question sets, or null when it sets none. */
export function readTimeWindow(question: string, asOf: Date, timeZone: string): ReadWindow | null {
  const c: Ctx = { asOf, tz: timeZone, today: localDay(asOf, timeZone) };
  let best: { window: Omit<TimeWindow, 'phrase'>; start: number; end: number } | null = null;
  for (const rule of RULES) {
    const m = rule.re.exec(question);
    if (!m) continue;
    const window = rule.make(m, c);
    if (window && (!best || m.index < best.start)) best = { window, start: m.index, end: m.index + m[0].length };
  }
  const dated = explicitDate(question, c);
  if (dated && (!best || dated.start < best.start)) best = dated;
  if (!best) return null;
  return { window: { ...best.window, phrase: question.slice(best.start, best.end) }, rest: withoutPhrase(question, best.start, best.end) };
}

/** The question with a phrase taken out, and the spaces and commas it leaves tidied. */
export function withoutPhrase(text: string, start: number, end: number): string {
  return tidyQuestion(`${text.slice(0, start)} ${text.slice(end)}`);
}

/** Spaces and commas left where words were taken out, tidied ("died, , in March?" → "died in March?"). */
export function tidyQuestion(text: string): string {
  return text
    .replace(/\s+([?.!,;:])/g, '$1')
    .replace(/,(\s*,)+/g, ',')
    .replace(/,\s*([?.!])/g, '$1')
    .replace(/^[\s,;:]+/, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** Whether a source's date falls in the window; undated sources never do. */
export function inWindow(published: string | undefined, window: Pick<TimeWindow, 'since' | 'until'>, timeZone: string): boolean {
  const at = publishedInstant(published, timeZone);
  if (at === undefined) return false;
  return (!window.since || at >= window.since.getTime()) && (!window.until || at < window.until.getTime());
}

/** A stored published value as an instant: a date alone is read as midday in the newsroom's zone. */
export function publishedInstant(published: string | undefined, timeZone: string): number | undefined {
  if (!published) return undefined;
  const key = `${timeZone}\u0000${published}`;
  if (instants.has(key)) return instants.get(key);
  const at = readInstant(published, timeZone);
  if (instants.size > 100_000) instants.clear();
  instants.set(key, at);
  return at;
}

// Every question reads every source's date: they are worked out once.
const instants = new Map<string, number | undefined>();

function readInstant(published: string, timeZone: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(published.trim());
  if (m) return zonedInstant(Number(m[1]), Number(m[2]), Number(m[3]), timeZone, 12).getTime();
  const t = Date.parse(published);
  return Number.isNaN(t) ? undefined : t;
}
