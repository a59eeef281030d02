// Relative dates in a question, resolved against a fixed as-of instant in a fixed zone.
import { describe, expect, it } from 'vitest';
import { newsroomTimeZone, parseAsOf, AsOfError } from '../../src/question/as-of.js';
import { inWindow, readTimeWindow } from '../../src/question/time-window.js';

const iso = (d?: Date) => d?.toISOString();
// Thursday 10 March 2022, 15:00 in London (GMT).
const asOf = new Date('2022-03-10T15:00:00Z');
const read = (q: string, at = asOf, tz = 'Europe/London') => readTimeWindow(q, at, tz);

describe('time windows read from the question', () => {
  it('today and yesterday are calendar days in the zone; today ends now', () => {
    expect(iso(read('What happened today?')!.window.since)).toBe('2022-03-10T00:00:00.000Z');
    expect(iso(read('What happened today?')!.window.until)).toBe('2022-03-10T15:00:00.001Z');
    const y = read('Who won yesterday?')!;
    expect([iso(y.window.since), iso(y.window.until)]).toEqual(['2022-03-09T00:00:00.000Z', '2022-03-10T00:00:00.000Z']);
    expect(y.rest).toBe('Who won?');
    expect(y.window.label).toBe('yesterday (9 March 2022)');
  });

  it('this week starts on Monday; last week is the whole week before', () => {
    const w = read('How many people died this week?')!;
    expect(iso(w.window.since)).toBe('2022-03-07T00:00:00.000Z');
    expect(w.rest).toBe('How many people died?');
    expect(w.window.label).toBe('this week (7–10 March 2022)');
    const l = read('What did the mayor say last week?')!;
    expect([iso(l.window.since), iso(l.window.until)]).toEqual(['2022-02-28T00:00:00.000Z', '2022-03-07T00:00:00.000Z']);
  });

  it('since Monday, over the past 3 days, in March, in 2021, before and after a date', () => {
    expect(iso(read('What has the council decided since Monday?')!.window.since)).toBe('2022-03-07T00:00:00.000Z');
    const p = read('What happened in Kyiv over the past 3 days?')!;
    expect(iso(p.window.since)).toBe('2022-03-07T00:00:00.000Z');
    expect(p.rest).toBe('What happened in Kyiv?');
    const m = read('What did CNN report in March about the strike?')!;
    expect([iso(m.window.since), m.window.label]).toEqual(['2022-03-01T00:00:00.000Z', 'March 2022']);
    // A month still to come this year is last year's.
    expect(read('What happened in November?')!.window.label).toBe('November 2021');
    const y = read('Who led the polls in 2021?')!;
    expect([iso(y.window.since), iso(y.window.until)]).toEqual(['2021-01-01T00:00:00.000Z', '2022-01-01T00:00:00.000Z']);
    // A year to come is what the question asks about, not a window.
    expect(read('Will the ozone layer recover in 2066?')).toBeNull();
    // A year after an event's participle dates the event, not the reports; reporting verbs still set a window.
    expect(read('Which sheep was the first mammal to be cloned in 1996?')).toBeNull();
    expect(read('Where was the senator born in 1946?')).toBeNull();
    expect(read('What was reported in 2021 about the bridge?')!.window.label).toBe('2021');
    expect(read('What happened in 2021 at the port?')!.window.label).toBe('2021');
    const b = read('What was the toll before 5 March?')!;
    expect([b.window.since, iso(b.window.until), b.rest]).toEqual([undefined, '2022-03-05T00:00:00.000Z', 'What was the toll?']);
    const a = read('What did the port say after March 2, 2022?')!;
    expect(iso(a.window.since)).toBe('2022-03-03T00:00:00.000Z');
    expect(read('How long did the call last?')).toBeNull();
  });

  it('a day across a DST change is 23 hours, and the window follows the zone (Europe/London, 27 March 2022)', () => {
    // Monday 28 March 2022, 09:00 BST; clocks went forward at 01:00 GMT on Sunday 27 March.
    const monday = new Date('2022-03-28T08:00:00Z');
    const y = read('What happened yesterday?', monday)!;
    expect([iso(y.window.since), iso(y.window.until)]).toEqual(['2022-03-27T00:00:00.000Z', '2022-03-27T23:00:00.000Z']);
    // New York has been on EDT since 13 March: its Monday starts at 04:00 UTC.
    const ny = read('What happened this week?', monday, 'America/New_York')!;
    expect(iso(ny.window.since)).toBe('2022-03-28T04:00:00.000Z');
    // 06:30 UTC on Monday is still Sunday evening in Los Angeles.
    expect(read('What happened today?', new Date('2022-03-28T06:30:00Z'), 'America/Los_Angeles')!.window.label).toBe('today (27 March 2022)');
  });

  it('a source is in the window by its published date; a date alone counts as midday in the zone; undated never', () => {
    const w = read('What happened yesterday?')!.window;
    expect(inWindow('2022-03-09', w, 'Europe/London')).toBe(true);
    expect(inWindow('2022-03-09T23:30:00Z', w, 'Europe/London')).toBe(true);
    expect(inWindow('2022-03-10T00:30:00+01:00', w, 'Europe/London')).toBe(true);
    expect(inWindow('2022-03-10', w, 'Europe/London')).toBe(false);
    expect(inWindow(undefined, w, 'Europe/London')).toBe(false);
  });
});

describe('the as-of instant', () => {
  it('--as-of reads a date (end of that day) or a date and time in the newsroom zone, and refuses anything else', () => {
    expect(parseAsOf('2022-03-10', 'Europe/Berlin').toISOString()).toBe('2022-03-10T22:59:59.999Z');
    expect(parseAsOf('2022-07-10T09:30', 'Europe/Berlin').toISOString()).toBe('2022-07-10T07:30:00.000Z');
    expect(() => parseAsOf('2022-02-30', 'UTC')).toThrow(AsOfError);
    expect(() => parseAsOf('yesterday', 'UTC')).toThrow(/YYYY-MM-DD/);
  });

  it('NEWSROOM_TZ, then DIGEST_TZ, then UTC', () => {
    expect(newsroomTimeZone({ NEWSROOM_TZ: 'Asia/Tokyo', DIGEST_TZ: 'Europe/Berlin' })).toBe('Asia/Tokyo');
    expect(newsroomTimeZone({ NEWSROOM_TZ: 'Mars/Olympus', DIGEST_TZ: 'Europe/Berlin' })).toBe('Europe/Berlin');
    expect(newsroomTimeZone({})).toBe('UTC');
  });
});
