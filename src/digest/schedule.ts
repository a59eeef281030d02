// When the digest is due: croner computes the occurrences of DIGEST_CRON in DIGEST_TZ
// (so "0 8 * * 1-5" in Europe/Berlin is 07:00 UTC in winter and 06:00 UTC in summer, and a
// time that a spring-forward skips runs once right after the gap); `dueRun` decides from the
// clock and the posting state alone (pure, so tests drive it with any instant); the
// scheduler is a thin timer loop that wakes at each occurrence and asks again.
//
// Rules:
// - An occurrence is posted at most once per destination (the state records the occurrence).
// - A digest missed while the bot was down is posted once on start-up while it is still the
//   same local day (`catchUp`), only for the latest occurrence (never a backlog), and never
//   the next day.
import { Cron } from 'croner';
import { handled, type DigestState } from './state.js';
import { localDate } from '../time.js';

export class ScheduleError extends Error {}

/** Parses a cron pattern for a time zone (no timer is started). Throws ScheduleError with a sentence. */
export function digestCron(pattern: string, timeZone: string): Cron {
  try {
    return new Cron(pattern, { timezone: timeZone, mode: '5-or-6-parts' });
  } catch (e) {
    throw new ScheduleError(`DIGEST_CRON "${pattern}" is not a cron pattern (for example "0 8 * * 1-5" for 08:00 on weekdays): ${(e as Error).message}`);
  }
}

/** The latest occurrence at or before `at`. */
export function occurrenceAtOrBefore(cron: Cron, at: Date): Date | undefined {
  return cron.previousRuns(1, new Date(at.getTime() + 1))[0];
}

/** The first occurrence strictly after `at`. */
export function nextOccurrence(cron: Cron, at: Date): Date | undefined {
  return cron.nextRun(at) ?? undefined;
}

export interface DueInput {
  cron: Cron;
  timeZone: string;
  now: Date;
  state: DigestState;
  /** Destination keys ("slack:C123"). */
  destinations: string[];
  /** Post a digest missed earlier today (while the bot was down). */
  catchUp: boolean;
  /** A wake-up this late is still on time (timer slack), not a catch-up. Default 2 minutes. */
  graceMs?: number;
}

export interface Due {
  occurrence: Date;
  /** Local date of the occurrence. */
  date: string;
  /** Destinations that have not had this occurrence yet (failed ones included). */
  destinations: string[];
  /** True when posted after the grace period (a catch-up). */
  late: boolean;
}

export function dueRun(input: DueInput): Due | null {
  const occurrence = occurrenceAtOrBefore(input.cron, input.now);
  if (!occurrence) return null;
  const date = localDate(occurrence, input.timeZone);
  if (date !== localDate(input.now, input.timeZone)) return null; // no catch-up the next day
  const late = input.now.getTime() - occurrence.getTime() > (input.graceMs ?? 120_000);
  if (late && !input.catchUp) return null;
  const key = occurrence.toISOString();
  const destinations = input.destinations.filter((d) => !handled(input.state, d, key));
  if (destinations.length === 0) return null;
  return { occurrence, date, destinations, late };
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SchedulerOptions {
  cron: Cron;
  now: () => Date;
  /** Called on start and at every occurrence; decides itself (with `dueRun`) what to do. Never runs twice at once. */
  check: () => Promise<void>;
  /** Longest sleep between clock checks (a suspended machine or a changed clock is noticed). Default 10 minutes. */
  maxSleepMs?: number;
  timers?: Timers;
  onError?: (err: unknown) => void;
}

export interface Scheduler {
  /** The next occurrence the loop will wake for. */
  next(): Date | undefined;
  /** Settles when the current check (if any) has finished. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function startScheduler(options: SchedulerOptions): Scheduler {
  const timers: Timers = options.timers ?? {
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  const maxSleep = options.maxSleepMs ?? 600_000;
  let stopped = false;
  let handle: unknown;
  let running: Promise<void> = Promise.resolve();
  let next = nextOccurrence(options.cron, options.now());

  const runCheck = () => {
    running = running.then(() => options.check()).catch((e) => options.onError?.(e));
    return running;
  };
  const arm = () => {
    if (stopped) return;
    const wait = next ? Math.max(0, Math.min(next.getTime() - options.now().getTime(), maxSleep)) : maxSleep;
    handle = timers.setTimeout(tick, wait);
  };
  const tick = () => {
    handle = undefined;
    if (stopped) return;
    const now = options.now();
    if (next && now.getTime() >= next.getTime()) {
      next = nextOccurrence(options.cron, now);
      void runCheck().then(arm);
    } else {
      if (!next) next = nextOccurrence(options.cron, now);
      arm();
    }
  };

  // On start: a catch-up check (dueRun decides whether anything is due), then the loop.
  void runCheck().then(arm);
  return {
    next: () => next,
    idle: () => running,
    async stop() {
      stopped = true;
      if (handle !== undefined) timers.clearTimeout(handle);
      handle = undefined;
      await running;
    },
  };
}
