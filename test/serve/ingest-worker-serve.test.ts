// serve with a stand-in ingest worker (test/fixtures/fake-ingest-worker.mjs, no model) and the
// fake Slack and OpenAI (review 24): a job the worker refuses shows in /readyz and in
// newsroom_ingest_jobs_total; an unreadable inbox file fails the inbox's job so it is tried
// again; a shutdown with a job in flight logs no failure; a worker that cannot be set up
// leaves nothing open.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startBot, type RunningBot } from '../../src/serve.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai-server.js';
import { startFakeSlack, waitFor, type FakeSlack } from '../fakes/slack-server.js';

const FAKE = join(process.cwd(), 'test', 'fixtures', 'fake-ingest-worker.mjs');
let root: string;
let openai: FakeOpenAI;
let slack: FakeSlack;
let bot: RunningBot | undefined;
let logs: { level: number; msg: string; err?: string }[];

beforeAll(async () => {
  openai = await startFakeOpenAI();
  slack = await startFakeSlack();
});
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  rmSync(root, { recursive: true, force: true });
});
afterAll(async () => {
  await slack?.close();
  await openai?.close();
});

const configFor = (extra: Record<string, string> = {}): Config => {
  root = mkdtempSync(join(tmpdir(), 'serve-worker-fake-'));
  for (const d of ['corpus', 'inbox']) mkdirSync(join(root, d));
  writeFileSync(join(root, 'corpus', 'budget.txt'), 'City budget passes\n\nThe city council passed the annual budget of 310 million euros on Friday.\n');
  return loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-worker-test',
    SLACK_SIGNING_SECRET: 'secret',
    SLACK_API_URL: slack.apiUrl,
    SLACK_PORT: '0',
    SLACK_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    INDEX_DIR: join(root, 'index'),
    CORPUS_DIR: join(root, 'corpus'),
    INBOX_DIR: join(root, 'inbox'),
    EMBEDDINGS: 'openai',
    OPENAI_BASE_URL: openai.baseURL,
    LLM: 'off',
    LOG_LEVEL: 'info',
    ...extra,
  });
};
const logger = () => {
  logs = [];
  return createLogger({ level: 'info', destination: { write: (line: string) => logs.push(JSON.parse(line)) } as unknown as NodeJS.WritableStream });
};
const startWith = async (mode: string) => {
  bot = await startBot(configFor(), logger(), { ingestWorker: { module: FAKE, env: { FAKE_MODE: mode }, backoffMs: 50 } });
  return bot;
};
/** A file written a while ago, so the inbox takes it at its second scan. */
const drop = (name: string) => {
  const path = join(root, 'inbox', name);
  writeFileSync(path, `A story\n\nSomething happened in ${name} on Monday.\n`);
  const t = new Date(Date.now() - 10_000);
  utimesSync(path, t, t);
};
const logged = (msg: string) => logs.filter((l) => l.msg === msg);
const admin = async (path: string) => (await fetch(`http://127.0.0.1:${bot!.healthPort()}${path}`)).text();

describe('serve with its ingest worker (a stand-in)', () => {
  // Review 24 finding 6.
  it('a job the worker refuses shows in /readyz detail.queue and in newsroom_ingest_jobs_total{outcome="failed"}', async () => {
    await startWith('refuse');
    drop('refused.md');
    await waitFor(() => logged('inbox ingest failed; will retry').length, 30_000, 'the inbox job to fail');
    const ready = JSON.parse(await admin('/readyz')) as { detail: { queue: { worker: Record<string, unknown> } } };
    expect(ready.detail.queue.worker).toMatchObject({ state: 'idle', failedJobs: 1, lastError: 'refused: the index was built with another embedder' });
    expect(await admin('/metrics')).toMatch(/newsroom_ingest_jobs_total\{outcome="failed"\} 1\b/);
  }, 60_000);

  // Review 24 finding 3: before, the file counted as ingested and was never tried again.
  it('an inbox file the worker could not read fails the inbox job (tried again later), not "ingested"', async () => {
    await startWith('unreadable');
    drop('locked.md');
    const failed = await waitFor(() => logged('inbox ingest failed; will retry')[0], 30_000, 'the inbox job to fail');
    expect(failed.err).toMatch(/could not read .*locked\.md/);
    expect(logged('inbox files ingested')).toEqual([]);
  }, 60_000);

  // Review 24 finding 7: the producers stop before the queue closes.
  it('a shutdown with an inbox job in flight logs no failure', async () => {
    const b = await startWith('hang');
    drop('slow.md');
    await waitFor(() => b.ingestStatus()?.worker.state === 'busy', 30_000, 'the worker to be busy');
    await b.stop();
    bot = undefined;
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
    expect(logged('inbox ingest interrupted by shutdown')).toHaveLength(1);
  }, 60_000);

  // Review 24 finding 8: a failed ingest set-up closes what start-up opened.
  it('an ingest worker that cannot be set up fails the start and closes the platforms and the health server', async () => {
    const [slackPort, httpPort] = [await freePort(), await freePort()];
    const config = configFor({ SLACK_PORT: String(slackPort), HTTP_PORT: String(httpPort) });
    await expect(startBot(config, logger(), { ingestWorker: { module: join(root, 'missing-child.js') } })).rejects.toThrow('no built ingest worker');
    expect(await listening(slackPort)).toBe(false);
    expect(await listening(httpPort)).toBe(false);
  }, 60_000);
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Whether something accepts connections on the port (a refused or failed connect: no). */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.setTimeout(5000, () => (socket.destroy(), resolve(false)));
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
