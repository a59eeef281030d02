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
  /** Reads what changed (PgIndex.refresh, which coalesces overlapping calls); failures are the caller's to log. */
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
  /** Test hook: awaited before each reconnect try, after the backoff. */
  beforeReconnect?: () => Promise<void>;
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

/** The reconnect delay after `failures` failed tries in a row: doubling, capped. */
export function backoffDelay(failures: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.min(failures, 30));
}

/** TCP keepalive's first probe after this much silence (Linux's default is 2 h). */
export const LISTENER_KEEPALIVE_MS = 10_000;

/**
 * The listening connection's settings. Keepalive probes early: a connection a NAT or firewall
 * dropped silently sends no error, and without them the listener would say it listens, deaf,
 * for hours (only the slow poll would read commits).
 */
export function listenerClientConfig(url: string): pg.ClientConfig {
  return { connectionString: url, connectionTimeoutMillis: 5000, keepAlive: true, keepAliveInitialDelayMillis: LISTENER_KEEPALIVE_MS, application_name: LISTENER_NAME };
}

interface ListenerOptions {
  url: string;
  backoffMs: number;
  maxBackoffMs: number;
  onNotification: () => void;
  /** Listening now (LISTEN took effect), or not (lost, or could not connect; `err` says why). */
  onListening: (on: boolean, err?: Error) => void;
  onDown?: (err: Error | undefined) => void;
  onUp?: () => void;
  beforeReconnect?: () => Promise<void>;
}

/** The connection lifecycle: one LISTENing connection, reconnected with backoff when lost. */
function listenForChanges(o: ListenerOptions): { close: () => Promise<void> } {
  let client: pg.Client | null = null;
  let closed = false;
  let failures = 0;
  let everListened = false;
  let retry: NodeJS.Timeout | null = null;

  /** The connection `c` failed or ended: forget it and try again later (once per connection). */
  const lost = (c: pg.Client, err?: Error) => {
    if (client !== c) return;
    client = null;
    c.end().catch(() => undefined);
    if (closed) return;
    if (failures === 0) o.onDown?.(err); // the first failed try since the last success
    o.onListening(false, err);
    retry = setTimeout(() => void reconnect(), backoffDelay(failures++, o.backoffMs, o.maxBackoffMs));
    retry.unref();
  };

  const reconnect = async () => {
    retry = null;
    await o.beforeReconnect?.();
    await connect();
  };

  const connect = async () => {
    if (closed) return;
    const c = new pg.Client(listenerClientConfig(o.url));
    client = c;
    c.on('error', (err) => lost(c, err));
    c.on('end', () => lost(c));
    c.on('notification', (msg) => {
      if (msg.channel === CHANGE_CHANNEL) o.onNotification();
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
    if (everListened) o.onUp?.();
    everListened = true;
    o.onListening(true);
  };

  void connect();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}

/**
 * Refresh scheduling: a refresh on each notification and after each (re)connect (whatever
 * committed before LISTEN took effect notified nobody here), and the fallback poll, slow
 * while listening, fast while not. Overlapping refreshes are the index's to coalesce
 * (PgIndex.refresh reads once more after a running read for calls made during it).
 */
export function followChanges(options: ChangeFollowerOptions): ChangeFollower {
  const { pollMs, downPollMs } = options;
  const state: ChangeFollowerState = { listening: false, since: new Date().toISOString(), notifications: 0, reconnects: 0, pollMs: downPollMs };
  let closed = false;
  let heard = false;
  let poll: NodeJS.Timeout | null = null;
  const inFlight = new Set<Promise<void>>();

  const refresh = (): Promise<void> => {
    const run = Promise.resolve()
      .then(options.refresh)
      .then(
        () => undefined,
        () => undefined, // the caller's refresh logs its failures
      );
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
    return run;
  };

  const schedulePoll = () => {
    if (poll) clearTimeout(poll);
    poll = null;
    if (closed) return;
    state.pollMs = state.listening ? pollMs : downPollMs;
    poll = setTimeout(() => void refresh().finally(schedulePoll), state.pollMs);
    poll.unref();
  };

  const listener = listenForChanges({
    url: options.url,
    backoffMs: options.backoffMs ?? 500,
    maxBackoffMs: options.maxBackoffMs ?? 30_000,
    ...(options.onDown ? { onDown: options.onDown } : {}),
    ...(options.onUp ? { onUp: options.onUp } : {}),
    ...(options.beforeReconnect ? { beforeReconnect: options.beforeReconnect } : {}),
    onNotification: () => {
      state.notifications++;
      void refresh();
    },
    onListening: (on, err) => {
      state.listening = on;
      state.since = new Date().toISOString();
      if (on && heard) state.reconnects++;
      heard ||= on;
      if (err) state.lastError = err.message;
      schedulePoll(); // the interval changes at once, not after the old one ran out
      if (on) void refresh();
    },
  });

  schedulePoll();
  return {
    state: () => ({ ...state }),
    async close() {
      closed = true;
      if (poll) clearTimeout(poll);
      state.listening = false;
      await listener.close();
      while (inFlight.size) await Promise.all(inFlight);
    },
  };
}
