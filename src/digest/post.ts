// Posting a digest to its destinations: each on its own, retried with backoff (p-retry) on
// network errors, 429 and 5xx; other refusals (channel not found, no permission) fail at
// once. A destination that keeps failing is logged and recorded in the state as failed —
// not marked as posted, so it is tried again at the next occurrence (or a catch-up) with the
// sources it missed — and never holds up the others. A digest split into several messages
// is resumed on retry from the first message not yet delivered (see DigestTarget), so what
// went out before a failure mid-way is not posted twice.
//
// Errors are recognised by shape, not by class, so this stage imports no chat SDK:
// `status`/`statusCode` (Discord's REST errors, Slack's HTTP errors), Slack's error codes,
// and Node's network error codes.
import pRetry, { AbortError } from 'p-retry';
import type { Logger } from 'pino';
import type { Digest } from '../types.js';
import type { DigestStateStore } from './state.js';

/**
 * What the digest needs of a chat platform: a name and a way to post a digest into a
 * channel. The platforms' connections (src/chat) fit it; the digest does not import them.
 */
export interface DigestTarget {
  readonly name: string;
  /**
   * Posts the digest's messages in order. With `progress`: skips the first `skip` messages
   * (delivered by an earlier attempt) and calls `sent()` after each one delivered, so a retry
   * after a failure mid-way resumes where it stopped instead of repeating what went out.
   */
  post(channelId: string, reply: { kind: 'digest'; digest: Digest }, progress?: DigestProgress): Promise<void>;
}

export interface DigestProgress {
  /** Messages already delivered: start after them. */
  readonly skip: number;
  /** Called once after each message is delivered. */
  sent(): void;
}

export interface DigestDestination {
  platform: DigestTarget;
  channelId: string;
}

export interface RetryOptions {
  /** Retries after the first attempt (default 4). */
  retries?: number;
  /** First backoff delay in ms (default 2,000; doubles each time). */
  minTimeout?: number;
  /** Longest backoff delay in ms (default 60,000). */
  maxTimeout?: number;
  factor?: number;
  /** A 429's Retry-After is honoured up to this many ms (default 60,000). */
  maxRetryAfterMs?: number;
}

export interface PostOutcome {
  destination: string;
  ok: boolean;
  attempts: number;
  error?: string;
}

export interface PostDigestOptions {
  digest: Digest;
  destinations: DigestDestination[];
  state: DigestStateStore;
  retry?: RetryOptions;
  /** The scheduled occurrence (ISO) this is for, or "manual". */
  occurrence: string;
  /** Sources indexed up to this instant (ISO) are in the digest. */
  until: string;
  /** ...and after this one (ISO); kept with a failure so the next digest starts there. */
  since?: string;
  now?: () => Date;
  logger?: Logger;
  /** Called once per destination with the outcome (metrics). */
  onOutcome?: (platform: string, outcome: 'posted' | 'failed') => void;
}

/** "slack:C123": how a destination is named in the state and the logs. */
export function destinationKey(d: DigestDestination): string {
  return `${d.platform.name}:${d.channelId}`;
}

const NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT',
  'slack_webapi_request_error', 'slack_webapi_rate_limited_error',
]);

interface ErrorShape {
  status?: unknown;
  statusCode?: unknown;
  code?: unknown;
  retryAfter?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
}

function statusOf(e: ErrorShape): number | undefined {
  const s = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (s !== undefined) return s;
  if (e.code === 'slack_webapi_rate_limited_error') return 429;
  return undefined;
}

/** Worth another try: the network, rate limits (429) and server errors (5xx). */
export function isTransient(err: unknown): boolean {
  for (let e = err as ErrorShape | undefined, depth = 0; e && typeof e === 'object' && depth < 4; e = e.cause as ErrorShape | undefined, depth++) {
    const status = statusOf(e);
    if (status !== undefined) return status === 429 || status === 408 || status >= 500;
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
    if (e.name === 'AbortError' || e.name === 'TimeoutError' || e.name === 'ConnectTimeoutError') return true;
  }
  return false;
}

/** Seconds to wait that a 429 asked for (Slack's `retryAfter`, Discord's `retry_after`), if any. */
function retryAfterMs(err: unknown): number | undefined {
  const e = err as ErrorShape & { retry_after?: unknown; data?: { retry_after?: unknown } };
  const s = typeof e?.retryAfter === 'number' ? e.retryAfter : typeof e?.retry_after === 'number' ? e.retry_after : undefined;
  return s !== undefined && s > 0 ? s * 1000 : undefined;
}

/** A sentence about a failure, without message text or tokens. */
export function describeError(err: unknown): string {
  const e = err as ErrorShape;
  const status = e && typeof e === 'object' ? statusOf(e) : undefined;
  const code = e && typeof e === 'object' && typeof e.code === 'string' ? e.code : undefined;
  const message = e && typeof e === 'object' && typeof e.message === 'string' ? e.message.split('\n')[0].slice(0, 200) : String(err).slice(0, 200);
  return [status !== undefined ? `HTTP ${status}` : undefined, code, message].filter(Boolean).join(' — ');
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function postDigest(options: PostDigestOptions): Promise<PostOutcome[]> {
  const now = options.now ?? (() => new Date());
  const retry = options.retry ?? {};
  const reply: { kind: 'digest'; digest: Digest } = { kind: 'digest', digest: options.digest };
  return Promise.all(
    options.destinations.map(async (dest): Promise<PostOutcome> => {
      const key = destinationKey(dest);
      let attempts = 0;
      // Messages of this digest delivered so far: a retry resumes after them.
      let delivered = 0;
      try {
        await pRetry(
          async () => {
            attempts++;
            try {
              await dest.platform.post(dest.channelId, reply, { skip: delivered, sent: () => void delivered++ });
            } catch (err) {
              if (!isTransient(err)) throw new AbortError(err instanceof Error ? err : new Error(String(err)));
              throw err;
            }
          },
          {
            retries: retry.retries ?? 4,
            minTimeout: retry.minTimeout ?? 2000,
            maxTimeout: retry.maxTimeout ?? 60_000,
            factor: retry.factor ?? 2,
            onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
              options.logger?.warn({ destination: key, attempt: attemptNumber, retriesLeft, err: describeError(error) }, 'digest post failed; retrying');
              const wait = retryAfterMs(error);
              if (wait && retriesLeft > 0) await sleep(Math.min(wait, retry.maxRetryAfterMs ?? 60_000));
            },
          },
        );
      } catch (err) {
        const error = describeError(err);
        options.logger?.error({ destination: key, attempts, err: error, date: options.digest.date }, 'digest not posted: destination keeps failing');
        await options.state.update((s) => {
          const d = (s.destinations[key] ??= {});
          d.lastFailure = { at: now().toISOString(), occurrence: options.occurrence, date: options.digest.date, error, attempts, ...(options.since ? { from: options.since } : {}) };
        });
        options.onOutcome?.(dest.platform.name, 'failed');
        return { destination: key, ok: false, attempts, error };
      }
      // Recorded the moment it is posted: a restart after this never posts it again.
      await options.state.update((s) => {
        const d = (s.destinations[key] ??= {});
        d.lastPosted = { at: now().toISOString(), occurrence: options.occurrence, date: options.digest.date, until: options.until };
        if (!s.coveredUntil || s.coveredUntil < options.until) s.coveredUntil = options.until;
      });
      options.logger?.info({ destination: key, attempts, date: options.digest.date, stories: options.digest.stories.length, sources: options.digest.newSources }, 'digest posted');
      options.onOutcome?.(dest.platform.name, 'posted');
      return { destination: key, ok: true, attempts };
    }),
  );
}
