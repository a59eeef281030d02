// Issue 19 item 7: credentials in URLs (user:password, ?token=, ?api_key=, …) never reach a log
// line, /readyz, or Bolt's own messages.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { register } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSlackConnection } from '../../src/adapters/slack/index.js';
import { boltLogger } from '../../src/adapters/slack/bolt-logger.js';
import { healthRoutes } from '../../src/health.js';
import { createLogger, redactUrls } from '../../src/log.js';
import { createCoreDouble } from '../adapters/slack/core-double.js';

const SECRETS = /hunter2|s3cr3t|abc123|zz9|sigvalue/;

function recording(format: 'json' | 'human' = 'json', level = 'trace') {
  let text = '';
  const destination = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { logger: createLogger({ level, destination, format }), text: () => text };
}

afterEach(() => vi.restoreAllMocks());

describe('redactUrls', () => {
  it('hides userinfo and secret-looking query values, keeps the rest of the address', () => {
    expect(redactUrls('feed https://editor:hunter2@wire.example/rss?token=abc123&lang=en failed')).toBe('feed https://[redacted]@wire.example/rss?token=[redacted]&lang=en failed');
    expect(redactUrls('http://a.example/x?api_key=zz9&X-Amz-Signature=sigvalue&page=2#top')).toBe('http://a.example/x?api_key=[redacted]&X-Amz-Signature=[redacted]&page=2#top');
    expect(redactUrls('http://a.example/x?password=p&auth=q&client_secret=r&sig=s')).toBe('http://a.example/x?password=[redacted]&auth=[redacted]&client_secret=[redacted]&sig=[redacted]');
    expect(redactUrls('no address here; key=value')).toBe('no address here; key=value');
    expect(redactUrls('https://user@host.example/path')).toBe('https://[redacted]@host.example/path');
  });
});

describe('the bot logger', () => {
  it.each(['json', 'human'] as const)('redacts URLs in fields, nested values, errors and messages (%s)', (format) => {
    const { logger, text } = recording(format);
    logger.warn({ feed: 'https://editor:hunter2@wire.example/rss?token=abc123', error: 'HTTP 500', nested: { urls: ['http://x.example/?key=zz9'] } }, 'feed failed; retrying with backoff');
    logger.child({ component: 'feeds' }).error({ err: new Error('fetch http://u:s3cr3t@h.example/ failed') }, 'poll of http://a:hunter2@b.example/?sig=sigvalue failed');
    expect(text()).toMatch(/wire\.example\/rss\?token=\[redacted\]/);
    expect(text()).toMatch(/HTTP 500/);
    expect(text()).not.toMatch(SECRETS);
  });
});

describe('/readyz', () => {
  it('shows feed addresses without their credentials', async () => {
    const [, readyz] = healthRoutes({
      registry: register,
      readiness: () => ({ ready: true, checks: { index: true }, detail: { feeds: [{ url: 'https://editor:hunter2@wire.example/rss?token=abc123', ok: false, error: 'HTTP 401' }] } }),
    });
    const server = createServer((req, res) => readyz.handler(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const body = await (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`)).text();
      expect(body).toContain('https://[redacted]@wire.example/rss?token=[redacted]');
      expect(body).not.toMatch(SECRETS);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe("Bolt's own messages", () => {
  it('go through a logger that redacts URLs', () => {
    const { logger, text } = recording();
    const bolt = boltLogger(logger);
    bolt.warn('http request failed', 'https://bot:hunter2@slack.internal.example/api/chat.postMessage?token=abc123');
    bolt.error(new Error('connect ECONNREFUSED for https://bot:hunter2@slack.internal.example/api/'));
    expect(text()).toMatch(/slack\.internal\.example/);
    expect(text()).not.toMatch(SECRETS);
  });

  it('a failing SLACK_API_URL with a password is never printed, in our logs or on the console', async () => {
    const { logger, text } = recording('json', 'debug');
    const printed: string[] = [];
    for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void printed.push(a.map(String).join(' ')));
    const conn = createSlackConnection({
      core: createCoreDouble({}),
      botToken: 'xoxb-test',
      appToken: 'xapp-test',
      slackApiUrl: 'http://bot:hunter2@127.0.0.1:9/api/?token=abc123',
      feedbackFile: '/dev/null',
      logger,
      retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 },
      apiTimeoutMs: 2000,
      // The token check retries on a client of its own, within this limit (issue 25).
      startTimeoutMs: 3000,
    });
    await expect(conn.start()).rejects.toBeTruthy();
    await conn.stop().catch(() => undefined);
    const all = text() + printed.join('\n');
    expect(all).not.toMatch(SECRETS);
  }, 30_000);
});
