// One pino logger for the process. Secrets and message text never reach the logs.
import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths redacted wherever they appear in a log record. */
export const REDACT_PATHS = [
  'token', '*.token', 'botToken', '*.botToken', 'appToken', '*.appToken', 'signingSecret', '*.signingSecret',
  'apiKey', '*.apiKey', 'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization',
  'text', '*.text', 'question', '*.question', 'content', '*.content',
];

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'newsroom-bot' } },
    (options.destination ?? pino.destination({ dest: 2, sync: true })) as pino.DestinationStream,
  );
}

/** A logger that drops everything (tests, libraries used without a logger). */
export const silentLogger: Logger = pino({ level: 'silent' });
