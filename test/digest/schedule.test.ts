// The schedule with an injected clock: croner's fire times in Europe/Berlin across both DST
// changes, and the pure decision of what is due.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { digestCron, dueRun, nextOccurrence, occurrenceAtOrBefore, ScheduleError, startScheduler } from '../../src/digest/schedule.js';
import { emptyState, type DigestState } from '../../src/digest/state.js';

const TZ = 'Europe/Berlin';
const cron = digestCron('0 8 * * 1-5', TZ);
const iso = (d: Date | undefined) => d?.toISOString();

function runsFrom(from: string, n: number, pattern = '0 8 * * 1-5'): string[] {
  const c = digestCron(pattern, TZ);
  const out: string[] = [];
  let at = new Date(from);
  for (let i = 0; i < n; i++) {
    at = nextOccurrence(c, at)!;
    out.push(at.toISOString());
  }
  return out;
}

describe('fire times in Europe/Berlin', () => {
  it('08:00 local on both sides of the March change (CET +1 → CEST +2 on Sunday 30 March 2025)', () => {
    expect(runsFrom('2025-03-27T00:00:00Z', 4)).toEqual([
      '2025-03-27T07:00:00.000Z', // Thu, CET
      '2025-03-28T07:00:00.000Z', // Fri, CET
      '2025-03-31T06:00:00.000Z', // Mon, CEST
      '2025-04-01T06:00:00.000Z',
    ]);
  });

  it('08:00 local on both sides of the October change (CEST → CET on Sunday 26 October 2025)', () => {
    expect(runsFrom('2025-10-23T00:00:00Z', 4)).toEqual([
      '2025-10-23T06:00:00.000Z',
      '2025-10-24T06:00:00.000Z',
      '2025-10-27T07:00:00.000Z',
      '2025-10-28T07:00:00.000Z',
    ]);
  });

  it('a time the spring change skips runs once after the gap; a repeated time runs once', () => {
    expect(runsFrom('2025-03-29T00:00:00Z', 3, '30 2 * * *')).toEqual(['2025-03-29T01:30:00.000Z', '2025-03-30T01:00:00.000Z', '2025-03-31T00:30:00.000Z']);
    expect(runsFrom('2025-10-25T00:00:00Z', 3, '30 2 * * *')).toEqual(['2025-10-25T00:30:00.000Z', '2025-10-26T00:30:00.000Z', '2025-10-27T01:30:00.000Z']);
  });

  it('finds the occurrence at or before an instant', () => {
    expect(iso(occurrenceAtOrBefore(cron, new Date('2025-03-31T06:00:00.000Z')))).toBe('2025-03-31T06:00:00.000Z');
    expect(iso(occurrenceAtOrBefore(cron, new Date('2025-03-31T05:59:59.999Z')))).toBe('2025-03-28T07:00:00.000Z');
  });

  it('rejects a pattern that is not cron, with a sentence', () => {
    expect(() => digestCron('every morning', TZ)).toThrow(ScheduleError);
    expect(() => digestCron('every morning', TZ)).toThrow(/DIGEST_CRON "every morning" is not a cron pattern/);
  });
});

describe('dueRun', () => {
  const dests = ['slack:C1', 'discord:42'];
  const posted = (occurrence: string, ...keys: string[]): DigestState => ({
    version: 1,
    destinations: Object.fromEntries(keys.map((k) => [k, { lastPosted: { at: occurrence, occurrence, date: occurrence.slice(0, 10), until: occurrence } }])),
  });
  const at = (s: string, state: DigestState = emptyState(), catchUp = true) => dueRun({ cron, timeZone: TZ, now: new Date(s), state, destinations: dests, catchUp });

  it('is due at the occurrence, for every destination, on time', () => {
    expect(at('2025-03-31T06:00:00.000Z')).toEqual({ occurrence: new Date('2025-03-31T06:00:00.000Z'), date: '2025-03-31', destinations: dests, late: false });
    expect(at('2025-10-27T07:00:30.000Z')?.late).toBe(false); // within the grace period
  });

  it('is not due twice for one occurrence, per destination', () => {
    const occ = '2025-03-31T06:00:00.000Z';
    expect(at('2025-03-31T06:00:05.000Z', posted(occ, 'slack:C1', 'discord:42'))).toBeNull();
    expect(at('2025-03-31T06:00:05.000Z', posted(occ, 'slack:C1'))?.destinations).toEqual(['discord:42']);
    // An earlier occurrence posted does not count for today's.
    expect(at('2025-03-31T06:00:05.000Z', posted('2025-03-28T07:00:00.000Z', 'slack:C1', 'discord:42'))?.destinations).toEqual(dests);
  });

  it('catches up later the same local day, once', () => {
    const late = at('2025-03-31T15:00:00.000Z');
    expect(late).toEqual({ occurrence: new Date('2025-03-31T06:00:00.000Z'), date: '2025-03-31', destinations: dests, late: true });
    expect(at('2025-03-31T15:00:00.000Z', posted('2025-03-31T06:00:00.000Z', ...dests))).toBeNull();
    // 23:30 Berlin is still Monday (21:30 UTC).
    expect(at('2025-03-31T21:30:00.000Z')?.late).toBe(true);
  });

  it('does not catch up when catch-up is off', () => {
    expect(at('2025-03-31T15:00:00.000Z', emptyState(), false)).toBeNull();
    expect(at('2025-03-31T06:01:00.000Z', emptyState(), false)?.late).toBe(false);
  });

  it('does not catch up the next day, nor a backlog', () => {
    // 00:30 Berlin on Tuesday: Monday's 08:00 was missed, but it is another day now.
    expect(at('2025-03-31T22:30:00.000Z')).toBeNull();
    // Saturday: Friday's digest is not posted, nor Thursday's.
    expect(at('2025-03-29T09:00:00.000Z')).toBeNull();
    // Tuesday 07:00 Berlin, before its 08:00: nothing due (Monday's is not carried over).
    expect(at('2025-04-01T05:00:00.000Z')).toBeNull();
  });

  it('treats an occurrence skipped as empty as handled', () => {
    const occ = '2025-03-31T06:00:00.000Z';
    const state: DigestState = { version: 1, destinations: { 'slack:C1': { lastSkipped: { at: occ, occurrence: occ, date: '2025-03-31' } } } };
    expect(at('2025-03-31T10:00:00.000Z', state)?.destinations).toEqual(['discord:42']);
  });
});

describe('startScheduler (fake timers)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('checks on start, wakes at each 08:00 Berlin across the March change, and stops', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2025-03-27T12:00:00Z'));
    const checks: string[] = [];
    const s = startScheduler({ cron, now: () => new Date(), check: async () => void checks.push(new Date().toISOString()), maxSleepMs: 3_600_000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(checks).toEqual(['2025-03-27T12:00:00.000Z']); // the start-up check
    expect(iso(s.next())).toBe('2025-03-28T07:00:00.000Z');
    await vi.advanceTimersByTimeAsync(5 * 86_400_000);
    expect(checks).toEqual(['2025-03-27T12:00:00.000Z', '2025-03-28T07:00:00.000Z', '2025-03-31T06:00:00.000Z', '2025-04-01T06:00:00.000Z']);
    await s.stop();
    await vi.advanceTimersByTimeAsync(2 * 86_400_000);
    expect(checks).toHaveLength(4);
  });

  it('keeps going after a failed check', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2025-03-28T06:59:00Z'));
    const errors: unknown[] = [];
    let n = 0;
    const s = startScheduler({
      cron,
      now: () => new Date(),
      check: async () => {
        n++;
        throw new Error('boom');
      },
      onError: (e) => errors.push(e),
    });
    await vi.advanceTimersByTimeAsync(4 * 86_400_000);
    expect(n).toBe(4); // start, Fri 28, Mon 31, Tue 1
    expect(errors).toHaveLength(4);
    await s.stop();
  });
});
