// Replicas are told of commits (issue 24): one dedicated connection LISTENs on the change
// channel that the writer NOTIFYs at commit, and each notification runs the index's refresh
// (which reads the change log by revision, so it catches up whatever the notification was).
// A notification can be missed (the connection dropped, or was reconnecting): after every
// (re)connect one refresh runs, and a slow poll stays as the fallback, fast while not listening.
import pg from 'pg';
import { CHANGE_CHANNEL } from './schema.js';

/** The listener's application_name (pg_stat_activity: what an operator, or a test, looks for). */
export const LISTENER_NAME = 'newsroom-bot changes';

export interface ChangeFollowerOptions {
  /** The database to LISTEN on: a connection of its own, not one of the query pool's (LISTEN belongs to a session). */
  url: string;
  /** Reads what changed (PgIndex.refresh); failures are the caller's to log. */
  refresh: () => Promise<unknown>;
  /** The fallback poll while listening, ms. */
  pollMs: number;
  /** The poll while the listener is down, ms. */
  downPollMs: number;
  /** First reconnect delay, doubled per failed try up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** The listener lost its connection, or could not connect at start (once per outage; it goes on trying). */
  onDown?: (err: Error | undefined) => void;
  /** The listener is back after an outage. */
  onUp?: () => void;
}

export interface ChangeFollowerState {
  listening: boolean;
  /** When the listener last connected or went down (ISO). */
  since: string;
  /** Notifications received, reconnects made (after a lost connection). */
  notifications: number;
  reconnects: number;
  /** The poll interval now in force, ms. */
  pollMs: number;
  lastError?: string;
}

export interface ChangeFollower {
  state(): ChangeFollowerState;
  /** Stops listening and polling, and waits for a refresh in flight. */
  close(): Promise<void>;
}

/**
 * Runs `run` one call at a time: a call made while one runs starts one more after it (any
 * number of calls meanwhile share that one), so a change committed during a refresh, whose
 * snapshot may predate it, is still read. The promise settles when a run that started
 * after the call has finished; `run`'s failures are swallowed (the caller's run logs them).
 */
export function coalesced(run: () => Promise<unknown>): { kick: () => Promise<void>; idle: () => Promise<void> } {
  let running: Promise<void> | null = null;
  let again: Promise<void> | null = null;
  const kick = (): Promise<void> => {
    if (!running) {
      running = Promise.resolve()
        .then(run)
        .then(
          () => undefined,
          () => undefined,
        )
        .finally(() => (running = null));
      return running;
    }
    again ??= running.then(() => {
      again = null;
      return kick();
    });
    return again;
  };
  const idle = async () => {
    while (running || again) await (again ?? running);
  };
  return { kick, idle };
}

/** The reconnect delay after `failures` failed tries in a row: doubling, capped. */
export function backoffDelay(failures: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.min(failures, 30));
}

export function followChanges(options: ChangeFollowerOptions): ChangeFollower {
  const { url, pollMs, downPollMs, backoffMs = 500, maxBackoffMs = 30_000 } = options;
  const refresh = coalesced(options.refresh);
  const state: ChangeFollowerState = { listening: false, since: new Date().toISOString(), notifications: 0, reconnects: 0, pollMs: downPollMs };
  let client: pg.Client | null = null;
  let closed = false;
  let failures = 0;
  let everListened = false;
  let retry: NodeJS.Timeout | null = null;
  let poll: NodeJS.Timeout | null = null;

  const schedulePoll = () => {
    if (poll) clearTimeout(poll);
    poll = null;
    if (closed) return;
    state.pollMs = state.listening ? pollMs : downPollMs;
    poll = setTimeout(() => void refresh.kick().finally(schedulePoll), state.pollMs);
    poll.unref();
  };

  const setListening = (on: boolean, err?: Error) => {
    state.listening = on;
    state.since = new Date().toISOString();
    if (err) state.lastError = err.message;
    schedulePoll(); // the interval changes at once, not after the old one ran out
  };

  /** The connection `c` failed or ended: forget it and try again later (once per connection). */
  const lost = (c: pg.Client, err?: Error) => {
    if (client !== c) return;
    client = null;
    c.end().catch(() => undefined);
    if (closed) return;
    if (failures === 0) options.onDown?.(err); // the first failed try since the last success
    setListening(false, err);
    retry = setTimeout(connect, backoffDelay(failures++, backoffMs, maxBackoffMs));
    retry.unref();
  };

  const connect = async () => {
    retry = null;
    if (closed) return;
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, keepAlive: true, application_name: LISTENER_NAME });
    client = c;
    c.on('error', (err) => lost(c, err));
    c.on('end', () => lost(c));
    c.on('notification', (msg) => {
      if (msg.channel !== CHANGE_CHANNEL) return;
      state.notifications++;
      void refresh.kick();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (err) {
      lost(c, err as Error);
      return;
    }
    if (client !== c) {
      await c.end().catch(() => undefined); // closed (or lost) meanwhile
      return;
    }
    failures = 0;
    if (everListened) {
      state.reconnects++;
      options.onUp?.();
    }
    everListened = true;
    setListening(true);
    // Whatever committed before LISTEN took effect (or while the connection was down) notified nobody here.
    void refresh.kick();
  };

  void connect();
  schedulePoll();
  return {
    state: () => ({ ...state }),
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      if (poll) clearTimeout(poll);
      const c = client;
      client = null;
      state.listening = false;
      await c?.end().catch(() => undefined);
      await refresh.idle();
    },
  };
}
