// The digest service with an injected clock: scheduled posts, restarts, catch-up, failures.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDigestService, type DigestServiceOptions } from '../../src/digest/service.js';
import type { LocalIndex } from '../../src/index/local-index.js';
import type { Digest } from '../../src/types.js';
import { connectionRefused, fakePlatform, rateLimited, recordingLogger, smallIndex, type FakePlatform } from './helpers.js';

const TZ = 'Europe/Berlin';
const INGESTED = new Date('2025-03-30T18:00:00Z'); // Sunday evening
const MON_0800 = new Date('2025-03-31T06:00:00Z'); // Monday 08:00 CEST
const RETRY = { retries: 3, minTimeout: 1, maxTimeout: 2 };

let root: string;
let index: LocalIndex;
const dirs: string[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'digest-service-'));
  dirs.push(root);
  index = await smallIndex(root, INGESTED);
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function freshStateFile(): string {
  const d = mkdtempSync(join(tmpdir(), 'digest-state-'));
  dirs.push(d);
  return join(d, 'digest-state.json');
}

const digestOf = (p: FakePlatform, i = 0): Digest => {
  const r = p.posts[i].reply;
  if (r.kind !== 'digest') throw new Error('not a digest');
  return r.digest;
};

function service(stateFile: string, clock: () => Date, platforms: { slack: FakePlatform; discord: FakePlatform }, extra: Partial<DigestServiceOptions> = {}) {
  return createDigestService({
    index: () => index,
    stateFile,
    cron: '0 8 * * 1-5',
    timeZone: TZ,
    destinations: [
      { platform: platforms.slack, channelId: 'C1' },
      { platform: platforms.discord, channelId: '42' },
    ],
    postWhenEmpty: true,
    catchUp: true,
    now: clock,
    retry: RETRY,
    ...extra,
  });
}

describe('digest service', () => {
  it('posts the 08:00 digest once per destination, across restarts; a failing one is retried at start-up until it gets it', async () => {
    const stateFile = freshStateFile();
    let discordUp = false;
    const slack = fakePlatform('slack', (attempt) => {
      if (attempt <= 2) throw rateLimited();
    });
    const discord = fakePlatform('discord', () => {
      if (!discordUp) throw connectionRefused();
    });
    let clock = MON_0800;
    const { logger, lines } = recordingLogger();
    const first = service(stateFile, () => clock, { slack, discord }, { logger });
    const report = await first.check();
    expect(report?.outcomes.map((o) => [o.destination, o.ok, o.attempts])).toEqual([
      ['slack:C1', true, 3],
      ['discord:42', false, 4],
    ]);
    expect(slack.posts).toHaveLength(1);
    expect(digestOf(slack)).toMatchObject({ date: '2025-03-31', newSources: 3, since: '2025-03-30T06:00:00.000Z' });
    expect(lines.some((l) => l.msg === 'digest not posted: destination keeps failing' && l.destination === 'discord:42')).toBe(true);
    expect(first.state().destinations['discord:42']).toMatchObject({ lastFailure: { occurrence: MON_0800.toISOString(), attempts: 4 } });
    expect(first.state().destinations['discord:42'].lastPosted).toBeUndefined();

    // Restart a few minutes later: Slack had it; Discord is still down.
    clock = new Date('2025-03-31T06:05:00Z');
    const second = service(stateFile, () => clock, { slack, discord });
    const again = await second.check();
    expect(again?.outcomes.map((o) => [o.destination, o.ok])).toEqual([['discord:42', false]]);
    expect(slack.posts).toHaveLength(1);

    // Discord is back; another restart delivers it there, with the same sources.
    discordUp = true;
    clock = new Date('2025-03-31T06:10:00Z');
    const third = service(stateFile, () => clock, { slack, discord });
    expect((await third.check())?.outcomes.map((o) => [o.destination, o.ok])).toEqual([['discord:42', true]]);
    expect(discord.posts).toHaveLength(1);
    expect(digestOf(discord)).toMatchObject({ newSources: 3, since: '2025-03-30T06:00:00.000Z' });

    // And nothing more today, however often it restarts.
    clock = new Date('2025-03-31T12:00:00Z');
    expect(await service(stateFile, () => clock, { slack, discord }).check()).toBeNull();
    expect([slack.posts.length, discord.posts.length]).toEqual([1, 1]);
  });

  it('catches up once after a restart later the same day', async () => {
    const stateFile = freshStateFile();
    const slack = fakePlatform('slack');
    const discord = fakePlatform('discord');
    let clock = new Date('2025-03-31T13:00:00Z'); // 15:00 Berlin
    const a = service(stateFile, () => clock, { slack, discord });
    await a.start();
    await a.idle();
    await a.stop();
    expect([slack.posts.length, discord.posts.length]).toEqual([1, 1]);
    expect(a.state().destinations['slack:C1'].lastPosted).toEqual({ at: clock.toISOString(), occurrence: MON_0800.toISOString(), date: '2025-03-31', until: clock.toISOString() });

    clock = new Date('2025-03-31T14:00:00Z');
    const b = service(stateFile, () => clock, { slack, discord });
    await b.start();
    await b.idle();
    await b.stop();
    expect([slack.posts.length, discord.posts.length]).toEqual([1, 1]);
  });

  it('does not catch up the next day, nor when catch-up is off', async () => {
    const slack = fakePlatform('slack');
    const discord = fakePlatform('discord');
    // Tuesday 07:00 Berlin: Monday 08:00 was missed, Tuesday 08:00 not yet due.
    const tuesday = service(freshStateFile(), () => new Date('2025-04-01T05:00:00Z'), { slack, discord });
    await tuesday.start();
    await tuesday.idle();
    expect(tuesday.nextRun()?.toISOString()).toBe('2025-04-01T06:00:00.000Z');
    await tuesday.stop();
    const off = service(freshStateFile(), () => new Date('2025-03-31T13:00:00Z'), { slack, discord }, { catchUp: false });
    await off.start();
    await off.idle();
    await off.stop();
    expect([slack.posts.length, discord.posts.length]).toEqual([0, 0]);
  });

  it('runs on a timer: 08:00 each weekday; a destination that missed a day gets what it missed', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2025-03-31T05:58:00Z'));
    let discordUp = false;
    const slack = fakePlatform('slack');
    const discord = fakePlatform('discord', () => {
      if (!discordUp) throw connectionRefused();
    });
    const svc = service(freshStateFile(), () => new Date(), { slack, discord });
    await svc.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect([slack.posts.length, discord.attempts]).toEqual([0, 0]); // nothing due at 07:59
    await vi.advanceTimersByTimeAsync(70_000); // 08:00:10: fired at 08:00, retries (1–2 ms apart) done
    expect(slack.posts).toHaveLength(1);
    expect(digestOf(slack, 0).newSources).toBe(3);
    expect(discord.posts).toHaveLength(0);
    expect(discord.attempts).toBe(4);

    discordUp = true;
    await vi.advanceTimersByTimeAsync(86_400_000);
    // Tuesday: Slack had Monday's sources, so nothing is new for it; Discord gets Monday's three.
    expect(slack.posts).toHaveLength(2);
    expect(digestOf(slack, 1)).toMatchObject({ date: '2025-04-01', newSources: 0, since: '2025-03-31T06:00:00.000Z', text: 'No new sources since 31 March 2025, 08:00 (Europe/Berlin).' });
    expect(discord.posts).toHaveLength(1);
    expect(digestOf(discord, 0)).toMatchObject({ date: '2025-04-01', newSources: 3, since: '2025-03-30T06:00:00.000Z' });
    await svc.stop();
  });

  it('skips an empty digest when postWhenEmpty is off, and records it', async () => {
    const slack = fakePlatform('slack');
    const discord = fakePlatform('discord');
    const stateFile = freshStateFile();
    const svc = service(stateFile, () => new Date('2025-04-01T06:00:00Z'), { slack, discord }, { postWhenEmpty: false, firstDigestHours: 1 });
    const report = await svc.check();
    expect(report).toMatchObject({ occurrence: '2025-04-01T06:00:00.000Z', outcomes: [], skipped: ['slack:C1', 'discord:42'] });
    expect([slack.posts.length, discord.posts.length]).toEqual([0, 0]);
    expect(svc.state().destinations['slack:C1'].lastSkipped?.occurrence).toBe('2025-04-01T06:00:00.000Z');
    expect(await svc.check()).toBeNull();
  });

  it('previews without changing the state; postNow posts at once and does not stand in for the scheduled digest', async () => {
    const slack = fakePlatform('slack');
    const discord = fakePlatform('discord');
    const stateFile = freshStateFile();
    let clock = new Date('2025-03-31T05:00:00Z');
    const svc = service(stateFile, () => clock, { slack, discord });
    const preview = await svc.preview();
    expect(preview.newSources).toBe(3);
    expect(existsSync(stateFile)).toBe(false);
    const manual = await svc.postNow();
    expect(manual.outcomes.map((o) => o.ok)).toEqual([true, true]);
    const saved = readFileSync(stateFile, 'utf8');
    expect(JSON.parse(saved).destinations['slack:C1'].lastPosted.occurrence).toBe('manual');
    expect((await svc.preview()).newSources).toBe(0);
    expect((await svc.preview(new Date('2025-03-30T00:00:00Z'))).newSources).toBe(3);
    expect(readFileSync(stateFile, 'utf8')).toBe(saved);

    clock = MON_0800;
    const scheduled = await svc.check();
    expect(scheduled?.outcomes.map((o) => o.ok)).toEqual([true, true]);
    expect(digestOf(slack, 1).newSources).toBe(0);
  });
  it('a serving process re-reads the state: what `digest --post` posted meanwhile is not posted again, and its record is kept', async () => {
    const stateFile = freshStateFile();
    const serveSlack = fakePlatform('slack');
    const serveDiscord = fakePlatform('discord');
    let clock = new Date('2025-03-31T05:00:00Z'); // 07:00: serve starts and reads the state
    const serve = service(stateFile, () => clock, { slack: serveSlack, discord: serveDiscord }, { postWhenEmpty: false });
    expect(serve.state().destinations).toEqual({});

    // 07:30: an admin runs `digest --post` in another process.
    clock = new Date('2025-03-31T05:30:00Z');
    const cliSlack = fakePlatform('slack');
    const cliDiscord = fakePlatform('discord');
    const cli = service(stateFile, () => clock, { slack: cliSlack, discord: cliDiscord }, { postWhenEmpty: false });
    const manual = await cli.postNow();
    expect(manual.outcomes.map((o) => o.ok)).toEqual([true, true]);
    expect(digestOf(cliSlack).newSources).toBe(3);

    // 08:00: the schedule in serve finds nothing new since 07:30 and posts nothing.
    clock = MON_0800;
    const report = await serve.check();
    expect(report?.outcomes).toEqual([]);
    expect(report?.skipped).toEqual(['slack:C1', 'discord:42']);
    expect([serveSlack.posts.length, serveDiscord.posts.length]).toEqual([0, 0]);
    const saved = JSON.parse(readFileSync(stateFile, 'utf8'));
    expect(saved.destinations['slack:C1'].lastPosted).toMatchObject({ occurrence: 'manual', until: '2025-03-31T05:30:00.000Z' });
    expect(saved.destinations['discord:42'].lastPosted).toMatchObject({ occurrence: 'manual' });
    expect(saved.destinations['slack:C1'].lastSkipped).toMatchObject({ occurrence: '2025-03-31T06:00:00.000Z' });
    expect(saved.coveredUntil).toBe('2025-03-31T05:30:00.000Z');
  });

  it('a write keeps what another process wrote to the state file meanwhile', async () => {
    const stateFile = freshStateFile();
    const slack = fakePlatform('slack');
    const discord = fakePlatform('discord');
    const clock = new Date('2025-03-31T05:00:00Z');
    const a = service(stateFile, () => clock, { slack, discord });
    const b = createDigestService({ index: () => index, stateFile, timeZone: TZ, destinations: [{ platform: fakePlatform('slack'), channelId: 'C9' }], postWhenEmpty: true, catchUp: true, now: () => clock, retry: RETRY });
    await b.postNow();
    await a.postNow();
    const saved = JSON.parse(readFileSync(stateFile, 'utf8'));
    expect(Object.keys(saved.destinations).sort()).toEqual(['discord:42', 'slack:C1', 'slack:C9']);
  });
});
