// The whole bot as `npm start` runs it, in Slack HTTP mode against the fake Slack: an
// answer end to end, health and metrics on their own loopback port, secrets kept out of the logs,
// and a shutdown that finishes the answer in flight.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackConnection } from '../../src/adapters/slack/index.js';
import { loadConfig } from '../../src/config.js';
import { createLocalEmbedder } from '../../src/embed/local.js';
import { ingest } from '../../src/index/ingest.js';
import { createLogger } from '../../src/log.js';
import { startBot, type RunningBot } from '../../src/serve.js';
import { eventCallback, postSigned, slashCommandForm, startFakeSlack, waitFor, type FakeSlack } from '../fakes/slack-server.js';

const BOT_TOKEN = 'xoxb-secret-token-123456';
const SIGNING_SECRET = 'signing-secret-abcdef';
const QUESTION = 'How long did the call between Trump and Putin last?';

let root: string;
let fake: FakeSlack;
let bot: RunningBot;
let base: string;
const logs: string[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'serve-test-'));
  fake = await startFakeSlack();
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    SLACK_PORT: '0',
    SLACK_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    INDEX_DIR: join(root, 'index'),
    CORPUS_DIR: join(process.cwd(), 'seeds'),
    LOG_LEVEL: 'debug',
  });
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => logs.push(line) } as unknown as NodeJS.WritableStream });
  bot = await startBot(config, logger, { reloadIntervalMs: 200 });
  base = `http://127.0.0.1:${(bot.connections[0] as SlackConnection).port()}`;
}, 120_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  rmSync(root, { recursive: true, force: true });
});

const ask = (text: string, responseId: string, user = 'U1') =>
  postSigned(`${base}/slack/events`, slashCommandForm({ command: '/ask', text, userId: user, responseUrl: fake.responseUrl(responseId) }), {
    signingSecret: SIGNING_SECRET,
    contentType: 'application/x-www-form-urlencoded',
  });

describe('the bot in Slack HTTP mode', () => {
  it('answers /ask through response_url with the excerpts and the disagreement', async () => {
    const ack = await ask(QUESTION, 'r1');
    expect(ack.status).toBe(200);
    const answer = await waitFor(() => fake.responsesFor('r1').find((r) => JSON.stringify(r.body).includes('lasted')), 15_000, 'answer');
    const body = JSON.stringify(answer.body);
    expect(body).toContain('lasted over an hour');
    expect(body).toMatch(/Sources disagree/);
  }, 30_000);

  it('serves /healthz, /readyz and /metrics on their own loopback port, not on the public Slack port', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics']) expect((await fetch(`${base}${path}`)).status, path).toBe(404);
    const admin = `http://127.0.0.1:${bot.healthPort()}`;
    expect(bot.healthPort()).not.toBe((bot.connections[0] as SlackConnection).port());
    const health = await fetch(`${admin}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${admin}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { index: true, indexOnDisk: true, slack: true } });
    const metrics = await (await fetch(`${admin}/metrics`)).text();
    expect(metrics).toMatch(/newsroom_questions_total\{platform="slack",status="answered"\} 1/);
    expect(metrics).toMatch(/newsroom_disagreements_flagged_total 1/);
    expect(metrics).toMatch(/newsroom_answer_seconds_count 1/);
  });

  it('keeps tokens, secrets and message text out of the logs', () => {
    const all = logs.join('\n');
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain(SIGNING_SECRET);
    expect(all).not.toContain(QUESTION);
    expect(all).not.toContain('lasted over an hour');
  });

  it('a Slack outage (5xx from response_url and from the Web API) delays answers but loses and repeats none', async () => {
    fake.failResponses(2, 503);
    await ask('Where did Russian and Ukrainian negotiators meet before the call?', 'r5', 'U5');
    await waitFor(() => fake.responsesFor('r5').some((r) => JSON.stringify(r.body).includes('Istanbul')), 20_000, 'answer after the outage');
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.responsesFor('r5').filter((r) => JSON.stringify(r.body).includes('Istanbul'))).toHaveLength(1);

    fake.failApi('chat.postMessage', 2, 500);
    const mention = { type: 'app_mention', user: 'U6', text: `<@${fake.botUserId}> How much did the rouble strengthen against the dollar?`, ts: '1700000001.000100', channel: 'C1', event_ts: '1700000001.000100' };
    const res = await postSigned(`${base}/slack/events`, JSON.stringify(eventCallback({ eventId: 'Ev-outage', event: mention })), { signingSecret: SIGNING_SECRET, contentType: 'application/json' });
    expect(res.status).toBe(200);
    const ok = () => fake.callsTo('chat.postMessage').filter((c) => c.status === 200 && JSON.stringify(c.body).includes('5%'));
    await waitFor(() => ok().length > 0, 30_000, 'threaded answer after the outage');
    await new Promise((r) => setTimeout(r, 300));
    expect(ok()).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage').filter((c) => c.status === 500)).toHaveLength(2);
  }, 60_000);

  it('picks up a snapshot published by another ingest while running', async () => {
    const corpus = join(root, 'late');
    mkdirSync(corpus);
    writeFileSync(join(corpus, 'late_news.txt'), 'Grain corridor reopened\n\nThe Black Sea grain corridor reopened on Friday after a three-week pause, port officials in Odesa said.\n');
    const embedder = await createLocalEmbedder({ modelDir: 'models/onnx-community/all-MiniLM-L6-v2-ONNX' });
    await ingest({ paths: [corpus], indexDir: join(root, 'index'), embedder });
    await waitFor(() => logs.some((l) => l.includes('loaded a new index snapshot')), 10_000, 'reload');
    await ask('When did the Black Sea grain corridor reopen?', 'r3', 'U3');
    const answer = await waitFor(() => fake.responsesFor('r3').find((r) => JSON.stringify(r.body).includes('grain corridor reopened')), 15_000, 'answer');
    expect(JSON.stringify(answer.body)).toContain('late_news');
  }, 60_000);

  it('on shutdown, stops taking work but finishes the answer in flight', async () => {
    const ack = await ask('How many drones did Russia launch after the call?', 'r2', 'U2');
    expect(ack.status).toBe(200);
    const stopped = bot.stop('SIGTERM');
    await waitFor(() => fake.responsesFor('r2').some((r) => JSON.stringify(r.body).includes('140 drones')), 15_000, 'answer in flight');
    await stopped;
    await bot.done;
    await expect(fetch(`${base}/slack/events`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
  }, 30_000);
});
