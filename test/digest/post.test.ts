// Posting: each destination on its own, retried on 429/5xx/network errors, failures recorded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeError, isTransient, postDigest, type DigestTarget } from '../../src/digest/post.js';
import { StateStore, readState } from '../../src/digest/state.js';
import type { Digest } from '../../src/types.js';
import { connectionRefused, fakePlatform, rateLimited, recordingLogger } from './helpers.js';

const digest: Digest = { date: '2025-03-31', timeZone: 'Europe/Berlin', since: '2025-03-30T06:00:00.000Z', newSources: 0, stories: [], text: 'No new sources since 30 March 2025, 08:00 (Europe/Berlin).' };
const RETRY = { retries: 3, minTimeout: 1, maxTimeout: 2 };
const OCC = '2025-03-31T06:00:00.000Z';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'digest-post-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('isTransient', () => {
  it('retries network errors, 429 and 5xx; not 4xx refusals', () => {
    expect(isTransient(rateLimited())).toBe(true);
    expect(isTransient(connectionRefused())).toBe(true);
    expect(isTransient({ status: 503 })).toBe(true);
    expect(isTransient({ code: 'slack_webapi_http_error', statusCode: 502 })).toBe(true);
    expect(isTransient(new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }))).toBe(true);
    expect(isTransient({ status: 404, message: 'Unknown Channel' })).toBe(false);
    expect(isTransient({ code: 'slack_webapi_platform_error', data: { error: 'channel_not_found' } })).toBe(false);
    expect(isTransient(new Error('bug'))).toBe(false);
  });

  it('describes an error in one line', () => {
    expect(describeError(rateLimited())).toBe('HTTP 429 — slack_webapi_rate_limited_error — You are being rate limited.');
  });
});

describe('postDigest', () => {
  it('posts to each destination once; one that keeps failing is logged and recorded as failed', async () => {
    const flaky = fakePlatform('slack', (attempt) => {
      if (attempt <= 2) throw rateLimited();
    });
    const down = fakePlatform('discord', () => {
      throw connectionRefused();
    });
    const store = new StateStore(join(dir, 'digest-state.json'));
    const { logger, lines } = recordingLogger();
    const outcomes = await postDigest({
      digest,
      destinations: [
        { platform: flaky, channelId: 'C1' },
        { platform: down, channelId: '42' },
      ],
      state: store,
      retry: RETRY,
      occurrence: OCC,
      until: OCC,
      since: digest.since,
      now: () => new Date('2025-03-31T06:00:10.000Z'),
      logger,
    });
    expect(outcomes).toEqual([
      { destination: 'slack:C1', ok: true, attempts: 3 },
      { destination: 'discord:42', ok: false, attempts: 4, error: 'ECONNREFUSED — connect ECONNREFUSED 127.0.0.1:9' },
    ]);
    expect(flaky.posts).toEqual([{ channelId: 'C1', reply: { kind: 'digest', digest } }]);
    expect(down.posts).toEqual([]);
    expect(readState(store.file)).toEqual({
      version: 1,
      coveredUntil: OCC,
      destinations: {
        'slack:C1': { lastPosted: { at: '2025-03-31T06:00:10.000Z', occurrence: OCC, date: '2025-03-31', until: OCC } },
        'discord:42': {
          lastFailure: { at: '2025-03-31T06:00:10.000Z', occurrence: OCC, date: '2025-03-31', error: 'ECONNREFUSED — connect ECONNREFUSED 127.0.0.1:9', attempts: 4, from: '2025-03-30T06:00:00.000Z' },
        },
      },
    });
    const failed = lines.filter((l) => l.msg === 'digest not posted: destination keeps failing');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ level: 50, destination: 'discord:42', attempts: 4 });
    // Both were tried in parallel: two retries for Slack, four (all) for Discord.
    expect(lines.filter((l) => l.msg === 'digest post failed; retrying').map((l) => l.destination).sort()).toEqual(['discord:42', 'discord:42', 'discord:42', 'discord:42', 'slack:C1', 'slack:C1']);
  });

  it('a digest of several messages that fails mid-way is resumed from the first message not delivered', async () => {
    const delivered: number[] = [];
    let calls = 0;
    // Five messages; the third fails with a 503 on the first try.
    const split: DigestTarget = {
      name: 'slack',
      async post(_channelId, _reply, progress) {
        calls++;
        for (let i = progress?.skip ?? 0; i < 5; i++) {
          if (i === 2 && calls === 1) throw Object.assign(new Error('Service Unavailable'), { status: 503 });
          delivered.push(i + 1);
          progress?.sent();
        }
      },
    };
    const store = new StateStore(join(dir, 'digest-state.json'));
    const [out] = await postDigest({ digest, destinations: [{ platform: split, channelId: 'C1' }], state: store, retry: RETRY, occurrence: OCC, until: OCC });
    expect(out).toEqual({ destination: 'slack:C1', ok: true, attempts: 2 });
    expect(delivered).toEqual([1, 2, 3, 4, 5]);
  });

  it('does not retry a refusal (channel not found)', async () => {
    const refusing = fakePlatform('discord', () => {
      throw Object.assign(new Error('Unknown Channel'), { status: 404, code: 10003 });
    });
    const store = new StateStore(join(dir, 'digest-state.json'));
    const [out] = await postDigest({ digest, destinations: [{ platform: refusing, channelId: '7' }], state: store, retry: RETRY, occurrence: OCC, until: OCC });
    expect(out).toEqual({ destination: 'discord:7', ok: false, attempts: 1, error: 'HTTP 404 — Unknown Channel' });
    expect(store.get().destinations['discord:7'].lastPosted).toBeUndefined();
  });

  it('a hanging destination does not hold up the others', async () => {
    let release!: (e: Error) => void;
    const hanging = fakePlatform('discord', () => new Promise<void>((_, reject) => (release = reject)));
    const ok = fakePlatform('slack');
    const store = new StateStore(join(dir, 'digest-state.json'));
    const run = postDigest({
      digest,
      destinations: [
        { platform: hanging, channelId: '42' },
        { platform: ok, channelId: 'C1' },
      ],
      state: store,
      retry: { retries: 0 },
      occurrence: OCC,
      until: OCC,
    });
    await vi.waitFor(() => expect(store.get().destinations['slack:C1']?.lastPosted?.occurrence).toBe(OCC), { timeout: 2000 });
    expect(ok.posts).toHaveLength(1);
    expect(hanging.attempts).toBe(1);
    release(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const outcomes = await run;
    expect(outcomes.map((o) => [o.destination, o.ok])).toEqual([
      ['discord:42', false],
      ['slack:C1', true],
    ]);
  });
});
