// Every setting, read from the environment once and validated together, so that a bad
// start lists all its problems at once in plain words.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { redactUrls } from './log.js';
import { isTimeZone } from './time.js';

/** The bundled model belongs to the package, wherever the bot is started from (user data paths are read from the working folder). */
const BUNDLED_MODEL_DIR = fileURLToPath(new URL('../models/onnx-community/all-MiniLM-L6-v2-ONNX', import.meta.url));

const csv = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []));
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() ? v.trim() : undefined));
const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? def : ['true', '1', 'yes'].includes(v)));

const schema = z
  .object({
    INDEX_DIR: z.string().default('index-data'),
    /** postgres://…: the index lives in PostgreSQL with pgvector (docs/operations.md); unset: local snapshots in INDEX_DIR. */
    DATABASE_URL: optionalString,
    /** With DATABASE_URL: replicas are told of commits (LISTEN/NOTIFY); this poll of the change log is the fallback while they listen (ms). */
    DATABASE_POLL_MS: int(30_000, 100, 3_600_000),
    CORPUS_DIR: z.string().default('seeds'),
    MAX_SOURCE_BYTES: int(20 * 1024 * 1024, 1, 1024 * 1024 * 1024),

    EMBEDDINGS: z.enum(['local', 'openai']).default('local'),
    EMBED_MODEL_DIR: z.string().default(BUNDLED_MODEL_DIR),
    EMBED_DTYPE: z.enum(['q4', 'q8', 'int8', 'uint8', 'fp16', 'fp32', 'q4f16', 'bnb4']).default('q4'),
    EMBED_MODEL: z.string().default('text-embedding-3-small'),
    EMBED_BATCH: int(32, 1, 2048),

    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: optionalString.pipe(z.url({ message: 'OPENAI_BASE_URL must be a URL such as http://localhost:11434/v1' }).optional()),
    LLM_MODEL: z.string().default('gpt-4o-mini'),
    LLM_TIMEOUT_MS: int(20_000, 100, 300_000),
    LLM: z.enum(['auto', 'off']).default('auto'),

    MAX_QUESTION_CHARS: int(1000, 10, 100_000),
    NOT_FOUND_THRESHOLD: z.coerce.number().min(-1).max(2).optional(),
    RATE_LIMIT_QUESTIONS: int(5, 1, 10_000),
    RATE_LIMIT_WINDOW_S: int(30, 1, 86_400),
    MAX_CONCURRENT_ANSWERS: int(4, 1, 256),

    SLACK_BOT_TOKEN: optionalString,
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_APP_TOKEN: optionalString,
    SLACK_PORT: int(3000, 0, 65_535),
    /** Interface Slack's HTTP endpoint (public: Slack posts to it) listens on. */
    SLACK_HOST: z.string().default('0.0.0.0'),
    SLACK_API_URL: optionalString,
    /** How long `serve` waits for Slack's auth.test (the token check) at start before it gives up. */
    SLACK_START_TIMEOUT_MS: int(30_000, 1000, 600_000),

    DISCORD_TOKEN: optionalString,
    DISCORD_APP_ID: optionalString,
    DISCORD_API_URL: optionalString,

    DIGEST_CRON: optionalString,
    DIGEST_TZ: z.string().default('UTC'),
    /** The newsroom's zone for "today", "this week" and ask's as-of time (issue 20); DIGEST_TZ when unset. */
    NEWSROOM_TZ: optionalString,
    DIGEST_SLACK_CHANNELS: csv,
    DIGEST_DISCORD_CHANNELS: csv,
    DIGEST_POST_WHEN_EMPTY: bool(true),
    DIGEST_CATCH_UP: bool(true),
    INBOX_DIR: optionalString,
    FEEDS: csv,
    /** Feeds that may be on internal addresses (exact URLs, or prefixes ending at a "/"); every other feed's requests must stay public. */
    FEEDS_INTERNAL: csv,
    FEED_POLL_MINUTES: z.coerce.number().min(0.01).max(1440).default(15),
    FEED_TIMEOUT_MS: int(15_000, 100, 300_000),
    FEED_MAX_BYTES: int(5 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    /** Inbox files + feed sources waiting for serve's ingest worker above which feed polls are skipped and inbox scans put off. */
    INGEST_QUEUE_MAX: int(1000, 1, 1_000_000),

    /** Conversations (thread follow-ups, issue 21): turns kept per thread, idle minutes before it is forgotten, threads kept. */
    CONVERSATION_TURNS: int(6, 1, 100),
    CONVERSATION_TTL_MINUTES: int(1440, 1, 60 * 24 * 90),
    CONVERSATIONS_MAX: int(10_000, 1, 10_000_000),
    /** Desks (issue 21): a YAML file naming desks (channel → sources, digest); see docs/operations.md. */
    DESKS_FILE: optionalString,
    /** What a channel in no desk sees: every source (all) or nothing (none). */
    DESKS_DEFAULT: z.enum(['all', 'none']).default('all'),

    HTTP_PORT: int(8080, 0, 65_535),
    /** Interface /healthz, /readyz and /metrics listen on: loopback unless opened on purpose. */
    HTTP_HOST: z.string().default('127.0.0.1'),
    FEEDBACK_FILE: optionalString,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['auto', 'json', 'human']).default('auto'),
    SHUTDOWN_GRACE_MS: int(10_000, 0, 600_000),
  })
  .superRefine((c, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (c.SLACK_BOT_TOKEN && !c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET)
      problem('SLACK_SIGNING_SECRET', 'SLACK_SIGNING_SECRET is required when SLACK_BOT_TOKEN is set and SLACK_APP_TOKEN is not (HTTP mode needs it to verify requests)');
    if (c.SLACK_BOT_TOKEN && !c.SLACK_BOT_TOKEN.startsWith('xoxb-'))
      problem('SLACK_BOT_TOKEN', 'SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
    if (c.SLACK_APP_TOKEN && !c.SLACK_APP_TOKEN.startsWith('xapp-'))
      problem('SLACK_APP_TOKEN', 'SLACK_APP_TOKEN must be an app-level token starting with xapp- (Socket Mode)');
    if ((c.SLACK_APP_TOKEN || c.SLACK_SIGNING_SECRET) && !c.SLACK_BOT_TOKEN)
      problem('SLACK_BOT_TOKEN', 'SLACK_BOT_TOKEN is required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set');
    // (Checked here, not by a schema rule, so the message never repeats the URL and its password.)
    if (c.DATABASE_URL && !/^postgres(ql)?:\/\//.test(c.DATABASE_URL))
      problem('DATABASE_URL', 'DATABASE_URL must be a postgres:// or postgresql:// URL (for example postgres://newsroom:secret@db:5432/newsroom)');
    if (c.DISCORD_TOKEN && !c.DISCORD_APP_ID)
      problem('DISCORD_APP_ID', 'DISCORD_APP_ID is required when DISCORD_TOKEN is set (the application id from the Discord developer portal)');
    if (c.EMBEDDINGS === 'openai' && !c.OPENAI_API_KEY && !c.OPENAI_BASE_URL)
      problem('EMBEDDINGS', 'EMBEDDINGS=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local OpenAI-compatible server)');
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: c.DIGEST_TZ });
    } catch {
      problem('DIGEST_TZ', `DIGEST_TZ "${c.DIGEST_TZ}" is not an IANA time zone (for example Europe/Berlin)`);
    }
    if (c.NEWSROOM_TZ && !isTimeZone(c.NEWSROOM_TZ)) problem('NEWSROOM_TZ', `NEWSROOM_TZ "${c.NEWSROOM_TZ}" is not an IANA time zone (for example Europe/Berlin)`);
    for (const feed of c.FEEDS) if (!/^https?:\/\/[^\s/]+/i.test(feed)) problem('FEEDS', `FEEDS must be http(s) addresses separated by commas (got "${redactUrls(feed).slice(0, 60)}")`);
    if (c.DIGEST_SLACK_CHANNELS.length && !c.SLACK_BOT_TOKEN)
      problem('DIGEST_SLACK_CHANNELS', 'DIGEST_SLACK_CHANNELS is set but Slack is not configured (SLACK_BOT_TOKEN)');
    if (c.DIGEST_DISCORD_CHANNELS.length && !c.DISCORD_TOKEN)
      problem('DIGEST_DISCORD_CHANNELS', 'DIGEST_DISCORD_CHANNELS is set but Discord is not configured (DISCORD_TOKEN)');
  });

/** Settings whose values may hold credentials: their values never appear in messages. */
export const CREDENTIAL_SETTING = /TOKEN|SECRET|KEY|PASSWORD|PASS|URL|DSN|AUTH|CREDENTIAL/i;

/** A URL as it may be shown: scheme, host and path, without user, password, query or fragment. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(an invalid URL)';
  }
}

export type Env = z.input<typeof schema>;
type Parsed = z.output<typeof schema>;

export interface Config extends Parsed {
  /** True when an LLM endpoint is configured and not switched off. */
  llmEnabled: boolean;
  indexDir: string;
  corpusDir: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Config {
  // `KEY=` (common in env files) means "not set", not "zero" or "the current folder".
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = schema.safeParse(given);
  if (!result.success) {
    const problems = result.error.issues.map((i) => {
      const key = i.path.join('.');
      if (i.code === 'custom') return i.message;
      const got = env[key];
      // A token, a key or a URL (which may carry user:password@ or ?key=) is never echoed back.
      if (got === undefined || CREDENTIAL_SETTING.test(key)) return `${key}: ${i.message}`;
      return `${key}: ${i.message} (got "${got.length > 40 ? got.slice(0, 40) + '…' : got}")`;
    });
    throw new ConfigError(problems);
  }
  const c = result.data;
  return {
    ...c,
    llmEnabled: c.LLM !== 'off' && Boolean(c.OPENAI_API_KEY || c.OPENAI_BASE_URL),
    EMBED_MODEL_DIR: resolve(cwd, c.EMBED_MODEL_DIR),
    indexDir: resolve(cwd, c.INDEX_DIR),
    corpusDir: resolve(cwd, c.CORPUS_DIR),
  };
}

/** The settings as environment variables again (for a child process that must see the same configuration). */
export function configToEnv(config: Config): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(key) || value === undefined) continue;
    env[key] = Array.isArray(value) ? value.join(',') : String(value);
  }
  env.INDEX_DIR = config.indexDir;
  env.CORPUS_DIR = config.corpusDir;
  return env;
}
