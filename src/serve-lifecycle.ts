// How `serve` stops and how it ends after a failed start. Node is PID 1 in a container, where
// a signal without a handler is ignored: the handlers are installed on serve's first line, so
// `docker stop` during start-up does not wait out its grace period and kill the process.
import type { Logger } from './log.js';

type Exit = (code: number) => void;

export interface SignalSource {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

export interface ServeLifecycleOptions {
  logger: Logger;
  /** How long a graceful stop may take before the process exits 1 (SHUTDOWN_GRACE_MS). */
  graceMs: number;
  /** How long a failed start may take to close what it opened before the process is ended. */
  failedStartMs?: number;
  /** For tests: where signals come from and how the process ends. */
  signals?: SignalSource;
  exit?: Exit;
}

export interface ServeLifecycle {
  /** Called when a signal ends start-up (a child process to stop before exiting). */
  onStartupStop(fn: () => void): void;
  /** The bot has started: a signal from now on stops it gracefully. */
  running(bot: { stop(reason?: string): Promise<void> }): void;
  /**
   * Start-up failed and the caller closed what it opened: the event loop should now empty and
   * the process end with its exit code. If something still holds it open, this says so and ends it.
   */
  failedStart(code: number): void;
}

export const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
const FAILED_START_MS = 3000;

export function handleServeSignals(options: ServeLifecycleOptions): ServeLifecycle {
  const { logger } = options;
  const signals = options.signals ?? process;
  const exit: Exit =
    options.exit ??
    ((code) => {
      logger.flush();
      process.exit(code);
    });
  let bot: { stop(reason?: string): Promise<void> } | null = null;
  const atStartupStop: (() => void)[] = [];
  let stopping = false;

  const onSignal = (signal: NodeJS.Signals) => {
    // A second signal while stopping means "now".
    if (stopping) {
      logger.warn({ signal }, 'second signal while stopping; exiting now');
      return exit(130);
    }
    stopping = true;
    if (!bot) {
      // Nothing is served yet: no answer in progress to finish. An index being built on first
      // start is published only when complete, so the next start builds it again.
      logger.info({ signal }, 'stop requested during start-up; exiting');
      for (const fn of atStartupStop) fn();
      return exit(0);
    }
    const timer = setTimeout(() => {
      logger.error({ graceMs: options.graceMs }, 'shutdown took too long; exiting');
      exit(1);
    }, options.graceMs);
    timer.unref();
    void bot.stop(signal);
  };
  for (const s of SIGNALS) signals.on(s, onSignal);

  return {
    onStartupStop(fn) {
      atStartupStop.push(fn);
    },
    running(started) {
      bot = started;
      logger.info('serving; SIGTERM or SIGINT stops it');
    },
    failedStart(code) {
      for (const s of SIGNALS) signals.off(s, onSignal);
      // Unref'd: it fires only if a forgotten handle (a socket, a retry timer) keeps the process
      // alive, so that a restart policy still sees the failure.
      const timer = setTimeout(() => {
        logger.error({ waitedMs: options.failedStartMs ?? FAILED_START_MS }, 'start-up failed but something kept the process alive; exiting');
        exit(code);
      }, options.failedStartMs ?? FAILED_START_MS);
      timer.unref();
    },
  };
}
