// One pino logger for the process. Secrets and message text never reach the logs.
import { pino, type Logger } from 'pino';
import { humanDestination } from './log-format.js';

export type { Logger };

/** Paths redacted wherever they appear in a log record. */
export const REDACT_PATHS = [
  'token', '*.token', 'botToken', '*.botToken', 'appToken', '*.appToken', 'signingSecret', '*.signingSecret',
  'apiKey', '*.apiKey', 'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization',
  'text', '*.text', 'question', '*.question', 'content', '*.content',
];

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i;
/** Query parameters whose names look like credentials (token, api_key, secret, password, sig, auth…). */
const SECRET_PARAM = /([?&;][^=&;#]*?(?:token|key|secret|passw|pwd|sig|auth|session|credential|private)[^=&;#]*=)[^&;#]*/gi;

/**
 * URLs in a text with their credentials hidden: user:password before the host, and the values
 * of secret-looking query parameters (issue 19: a FEEDS or SLACK_API_URL credential must not
 * reach a log line or /readyz).
 */
export function redactUrls(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(URL_IN_TEXT, (url) => url.replace(USERINFO, '$1[redacted]@').replace(SECRET_PARAM, '$1[redacted]'));
}

/** A copy of a value (a log record, a JSON body) with every URL in its strings redacted. */
export function redactUrlsDeep<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return redactUrls(value) as T;
  if (!value || typeof value !== 'object' || depth > 6) return value;
  if (value instanceof Error) {
    const e = value as Error & { code?: unknown };
    return { type: e.name, message: redactUrls(e.message), ...(e.code !== undefined ? { code: e.code } : {}), ...(e.stack ? { stack: redactUrls(e.stack) } : {}) } as T;
  }
  if (Array.isArray(value)) return value.map((v) => redactUrlsDeep(v, depth + 1)) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactUrlsDeep(v, depth + 1)])) as T;
}

/**
 * `format: 'human'` writes one readable line per record (console mode, a terminal);
 * 'json' (the default) one JSON object per line, for log collectors.
 */
export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream; format?: 'json' | 'human' } = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const base = options.destination ?? pino.destination({ dest: 2, sync: true });
  const destination = options.format === 'human' ? humanDestination(options.destination ?? process.stderr) : base;
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { app: 'newsroom-bot' },
      // Credentials in URLs are hidden in every record: its fields and its message.
      formatters: { log: (record) => redactUrlsDeep(record) },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? redactUrls(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    destination as pino.DestinationStream,
  );
}

/** A logger that drops everything (tests, libraries used without a logger). */
export const silentLogger: Logger = pino({ level: 'silent' });
