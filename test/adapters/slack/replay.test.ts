// Issue 19 item 9: the same signed slash command sent again inside the five-minute window is
// answered once; the signatures remembered for that are bounded in number and in age.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackConnection, type SlackConnection } from '../../../src/adapters/slack/index.js';
import { MAX_REMEMBERED_SIGNATURES, signatureMemory } from '../../../src/adapters/slack/replay.js';
import { silentLogger } from '../../../src/log.js';
import { postSigned, slashCommandForm, startFakeSlack, waitFor, type FakeSlack } from '../../fakes/slack-server.js';
import { createCoreDouble } from './core-double.js';

const SECRET = 'test-signing-secret';
const FORM = 'application/x-www-form-urlencoded' as const;
let fake: FakeSlack;
let conn: SlackConnection | undefined;
let dir: string;

beforeEach(async () => {
  fake = await startFakeSlack();
  dir = await mkdtemp(join(tmpdir(), 'slack-replay-'));
});
afterEach(async () => {
  await conn?.stop();
  conn = undefined;
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a replayed signed request', () => {
  it('is acknowledged but answered once; a new request with the same text is answered', async () => {
    const core = createCoreDouble({ delayMs: 50 });
    conn = createSlackConnection({
      core,
      botToken: 'xoxb-test',
      signingSecret: SECRET,
      port: 0,
      host: '127.0.0.1',
      slackApiUrl: fake.apiUrl,
      feedbackFile: join(dir, 'votes.jsonl'),
      logger: silentLogger,
      retryConfig: { retries: 0 },
      apiTimeoutMs: 5000,
    });
    await conn.start();
    const url = `http://127.0.0.1:${conn.port()}/slack/events`;
    const form = slashCommandForm({ command: '/ask', text: 'How long did the call last?', userId: 'U1', responseUrl: fake.responseUrl('once') });
    const at = Math.floor(Date.now() / 1000) - 30;
    const first = await postSigned(url, form, { signingSecret: SECRET, contentType: FORM, timestampSec: at });
    expect(first.status).toBe(200);
    await waitFor(() => fake.responsesFor('once').length > 0, 5000, 'the answer');
    for (let i = 0; i < 3; i++) {
      const again = await postSigned(url, form, { signingSecret: SECRET, contentType: FORM, timestampSec: at });
      expect(again.status).toBe(200);
      expect(again.body).toBe('');
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(core.requests).toHaveLength(1);
    expect(fake.responsesFor('once')).toHaveLength(1);
    // The same command signed anew (a person asking again) is a new request.
    const fresh = await postSigned(url, form, { signingSecret: SECRET, contentType: FORM, timestampSec: at + 1 });
    expect(fresh.status).toBe(200);
    await waitFor(() => core.requests.length === 2, 5000, 'the second request');
  }, 30_000);
});

describe('signature memory', () => {
  it('forgets a signature once its timestamp can no longer be accepted, and holds a bounded number', () => {
    let now = 0;
    const seen = signatureMemory(() => now);
    expect(seen.add('1:v0=a')).toBe(true);
    expect(seen.add('1:v0=a')).toBe(false);
    now += 9 * 60_000;
    expect(seen.add('1:v0=a')).toBe(false); // still inside the window either side
    now += 2 * 60_000;
    expect(seen.add('1:v0=a')).toBe(true);
    for (let i = 0; i < MAX_REMEMBERED_SIGNATURES + 100; i++) seen.add(`2:v0=${i}`);
    expect(seen.size).toBe(MAX_REMEMBERED_SIGNATURES);
  });
});
