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

/**
 * `format: 'human'` writes one readable line per record (console mode, a terminal);
 * 'json' (the default) one JSON object per line, for log collectors.
 */
export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream; format?: 'json' | 'human' } = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const base = options.destination ?? pino.destination({ dest: 2, sync: true });
  const destination = options.format === 'human' ? humanDestination(options.destination ?? process.stderr) : base;
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'newsroom-bot' } }, destination as pino.DestinationStream);
}

/** A logger that drops everything (tests, libraries used without a logger). */
export const silentLogger: Logger = pino({ level: 'silent' });
