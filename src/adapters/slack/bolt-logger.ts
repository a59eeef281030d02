// Bolt (and its WebClient and Socket Mode client) log through @slack/logger's interface; this hands
// those lines to the process's pino logger. Bolt's debug lines carry request bodies (message text), so
// they go out at pino's `trace` level only, never at `debug` or above.
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { redactUrls, type Logger } from '../../log.js';

// Bolt's own lines name the API address (SLACK_API_URL), credentials and all: they are hidden here too.
function format(parts: unknown[]): string {
  return redactUrls(parts
    .map((p) => {
      if (typeof p === 'string') return p;
      if (p instanceof Error) return p.message;
      try {
        return JSON.stringify(p);
      } catch {
        return String(p);
      }
    })
    .join(' '));
}

export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'slack-bolt' });
  return {
    debug: (...msg: unknown[]) => {
      if (log.isLevelEnabled('trace')) log.trace(format(msg));
    },
    info: (...msg: unknown[]) => log.info(format(msg)),
    warn: (...msg: unknown[]) => log.warn(format(msg)),
    error: (...msg: unknown[]) => log.error(format(msg)),
    // pino's level governs; Bolt asking to change it is ignored.
    setLevel: () => undefined,
    getLevel: () => boltLevel(logger),
    setName: () => undefined,
  };
}

/** The @slack/logger level matching pino's, so that Bolt skips building debug lines nobody will see. */
export function boltLevel(logger: Logger): LogLevel {
  if (logger.isLevelEnabled('trace')) return LogLevel.DEBUG;
  if (logger.isLevelEnabled('info')) return LogLevel.INFO;
  if (logger.isLevelEnabled('warn')) return LogLevel.WARN;
  return LogLevel.ERROR;
}
