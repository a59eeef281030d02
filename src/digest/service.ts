// The digest in the `serve` process: the schedule, the posting state and the destinations,
// tied together. `preview` builds without touching the state (`/digest` in chat, `digest
// --json`); `postNow` posts at once (admin `digest --post`); `start` runs the schedule
// (with a catch-up check on start-up) until `stop`.
import type { Logger } from 'pino';
import type { ParagraphIndex } from '../index/paragraph-index.js';
import type { Digest, Story } from '../types.js';
import { buildDigest } from './build.js';
import type { Embed } from './key-points.js';
import { destinationKey, postDigest, type DigestDestination, type PostOutcome, type RetryOptions } from './post.js';
import { digestCron, dueRun, startScheduler, type Scheduler, type Timers } from './schedule.js';
import { coveredFor, StateStore, type DigestState, type SharedDigestState } from './state.js';
import { isTimeZone, localDate } from '../time.js';

export interface DigestServiceOptions {
  /** The current index (it is replaced after each ingest). */
  index: () => ParagraphIndex;
  /** `<indexDir>/digest-state.json` (see state.ts). */
  stateFile: string;
  /** State in a database shared by replicas (used instead of `stateFile`). */
  shared?: SharedDigestState;
  /** DIGEST_CRON, e.g. "0 8 * * 1-5"; without it `start` schedules nothing. */
  cron?: string;
  /** DIGEST_TZ: IANA zone the cron and the digest's dates are read in. */
  timeZone: string;
  destinations: DigestDestination[];
  /** Post "No new sources since …" when nothing came in (otherwise the occurrence is skipped). */
  postWhenEmpty: boolean;
  /** Post a digest missed while the bot was down, once, if it is still the same local day. */
  catchUp: boolean;
  now?: () => Date;
  logger?: Logger;
  embed?: Embed;
  summarise?: (story: Story) => Promise<string | undefined>;
  retry?: RetryOptions;
  /** See select.ts; off by default. */
  staleAfterDays?: number;
  /** With no digest posted yet, the first one covers this many hours back (default 24). */
  firstDigestHours?: number;
  /** Timer functions (tests). */
  timers?: Timers;
  /** Longest sleep of the schedule loop between clock checks, in ms. */
  maxSleepMs?: number;
  /** Metrics hook: one call per destination and post. */
  onOutcome?: (platform: string, outcome: 'posted' | 'failed') => void;
}

export interface RunReport {
  /** The occurrence (ISO) or "manual". */
  occurrence: string;
  date: string;
  /** True for a catch-up after start-up. */
  late: boolean;
  outcomes: PostOutcome[];
  /** Destinations skipped because nothing was new and `postWhenEmpty` is off. */
  skipped: string[];
}

export interface DigestService {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Settles when the schedule's current check (if any) has finished. */
  idle(): Promise<void>;
  /** The digest as it would be posted now (since the last one, or since `since`); changes nothing. */
  preview(since?: Date): Promise<Digest>;
  /** Posts a digest to every destination now, whatever the schedule says. */
  postNow(): Promise<RunReport>;
  /** What the schedule does when it wakes: posts the due occurrence to whoever has not had it. */
  check(): Promise<RunReport | null>;
  /** The next scheduled occurrence, once started. */
  nextRun(): Date | undefined;
  state(): DigestState;
}

export function createDigestService(options: DigestServiceOptions): DigestService {
  if (!isTimeZone(options.timeZone)) throw new Error(`DIGEST_TZ "${options.timeZone}" is not an IANA time zone (for example Europe/Berlin).`);
  const now = options.now ?? (() => new Date());
  const cron = options.cron ? digestCron(options.cron, options.timeZone) : undefined;
  const shared = options.shared;
  const store = shared?.store ?? new StateStore(options.stateFile);
  const log = options.logger;
  const keys = options.destinations.map(destinationKey);
  let scheduler: Scheduler | undefined;
  let lock: Promise<unknown> = Promise.resolve();

  /** One run at a time (the schedule, `postNow`); with replicas, one across all of them. */
  const exclusive = <T>(inner: () => Promise<T>): Promise<T> => {
    const fn = shared ? () => shared.exclusive(inner) : inner;
    const run = lock.then(fn, fn);
    lock = run.catch(() => undefined);
    return run;
  };

  const firstSince = (at: Date) => new Date(at.getTime() - (options.firstDigestHours ?? 24) * 3_600_000);

  const build = (since: Date, at: Date) =>
    buildDigest({
      index: options.index(),
      since,
      now: at,
      timeZone: options.timeZone,
      embed: options.embed,
      summarise: options.summarise,
      staleAfterDays: options.staleAfterDays,
    });

  async function deliver(targets: DigestDestination[], occurrence: string, at: Date, late: boolean, force: boolean): Promise<RunReport> {
    const report: RunReport = { occurrence, date: localDate(at, options.timeZone), late, outcomes: [], skipped: [] };
    // Another process (`digest --post`) may have posted since this one last read the state.
    store.refresh();
    // Destinations that missed a digest get their own, from where they were left.
    const bySince = new Map<string, DigestDestination[]>();
    for (const d of targets) {
      const since = coveredFor(store.get(), destinationKey(d)) ?? firstSince(at).toISOString();
      bySince.set(since, [...(bySince.get(since) ?? []), d]);
    }
    for (const [since, group] of bySince) {
      const digest = await build(new Date(since), at);
      if (digest.newSources === 0 && !options.postWhenEmpty && !force) {
        await store.update((s) => {
          for (const d of group) (s.destinations[destinationKey(d)] ??= {}).lastSkipped = { at: at.toISOString(), occurrence, date: digest.date };
        });
        report.skipped.push(...group.map(destinationKey));
        log?.info({ destinations: group.map(destinationKey), since }, 'nothing new; digest not posted');
        continue;
      }
      const outcomes = await postDigest({
        digest,
        destinations: group,
        state: store,
        retry: options.retry,
        occurrence,
        until: at.toISOString(),
        since,
        now,
        logger: log,
        onOutcome: options.onOutcome,
      });
      report.outcomes.push(...outcomes);
    }
    return report;
  }

  const check = (): Promise<RunReport | null> =>
    exclusive(async () => {
      if (!cron) return null;
      const at = now();
      // What another process (`digest --post`) recorded counts too.
      store.refresh();
      const due = dueRun({ cron, timeZone: options.timeZone, now: at, state: store.get(), destinations: keys, catchUp: options.catchUp });
      if (!due) return null;
      if (due.late) log?.info({ occurrence: due.occurrence.toISOString(), destinations: due.destinations }, 'posting a digest missed earlier today');
      const targets = options.destinations.filter((d) => due.destinations.includes(destinationKey(d)));
      return deliver(targets, due.occurrence.toISOString(), at, due.late, false);
    });

  return {
    async start() {
      if (!cron || scheduler) return;
      if (!options.destinations.length) log?.warn('DIGEST_CRON is set but no digest channels are configured; nothing will be posted');
      scheduler = startScheduler({
        cron,
        now,
        check: async () => void (await check()),
        timers: options.timers,
        maxSleepMs: options.maxSleepMs,
        onError: (err) => log?.error({ err: (err as Error)?.message ?? String(err) }, 'digest run failed'),
      });
      log?.info({ next: scheduler.next()?.toISOString(), timeZone: options.timeZone, destinations: keys }, 'digest scheduled');
    },
    async stop() {
      await scheduler?.stop();
      scheduler = undefined;
      await lock;
    },
    idle: async () => {
      await scheduler?.idle();
      await lock;
    },
    async preview(since?: Date) {
      const at = now();
      await shared?.pull();
      const mark = store.refresh().coveredUntil;
      return build(since ?? (mark ? new Date(mark) : firstSince(at)), at);
    },
    postNow: () => exclusive(() => deliver(options.destinations, 'manual', now(), false, true)),
    check,
    nextRun: () => scheduler?.next(),
    state: () => store.get(),
  };
}
