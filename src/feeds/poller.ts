// Polls the configured feeds: each feed with a conditional request, each new or changed
// item's page fetched (a bounded number at a time per host), extracted and handed to the
// index in one batch per poll. A feed that fails is retried with backoff and reported in
// `status()`; it never stops the others. Pages of items first seen within `recheckMs` are
// re-fetched conditionally each poll, so a correction at the same address replaces the old
// text; an item whose page cannot be fetched is indexed from the feed's own text (a summary)
// and its page tried again at the next polls.
import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { Source } from '../types.js';
import { isInternalFeed } from './address.js';
import { FetchError, fetchBounded, type HttpOptions } from './http.js';
import { feedItemId } from './ids.js';
import { parseFeedText, type FeedItem } from './parse.js';
import { emptyFeedState, readFeedStates, writeFeedStates, type FeedState, type ItemState } from './state.js';

/** What the poller hands over for one item: the corpus turns it into a Source. */
export interface FeedPage {
  item: FeedItem;
  feedUrl: string;
  /** The feed's title: the outlet when the page names none. */
  feedTitle?: string;
  /** The article page's bytes, when it was fetched. */
  page?: Uint8Array;
}

export interface FeedPollerOptions {
  feeds: string[];
  /** The article in a page (or the feed's summary): corpus/feed-item.ts. Throws when there is none. */
  toSource: (page: FeedPage) => Source;
  /** Indexes new and changed sources (ingest, then reload); throws to have them tried again next poll. */
  index: (sources: Source[]) => Promise<void>;
  /** The contentHash of an indexed source (an unchanged page is not re-indexed). */
  indexedHash: (id: string) => string | undefined;
  http?: HttpOptions;
  /** Feeds the operator lists as internal (FEEDS_INTERNAL): they, their redirects and their pages may be on private addresses. */
  internalFeeds?: string[];
  /** Requests at once to one host (default 2); a host whose last answer was slow gets 1. */
  perHost?: number;
  /** A request slower than this marks its host slow (default: half the request timeout). */
  slowMs?: number;
  /** Item pages of one feed are started within this long of its poll (default 60 s); the rest wait for the next poll. */
  feedBudgetMs?: number;
  /** The same for every feed of one poll (default 120 s). */
  pollBudgetMs?: number;
  /** First retry delay of a failing feed, in ms (default 60,000; doubles, at most `maxRetryMs`). */
  retryMs?: number;
  maxRetryMs?: number;
  /** Pages of items first seen this recently are re-checked each poll for corrections (default 24 h). */
  recheckMs?: number;
  /** Where the poller's memory is saved (feeds-state.json next to the index); none: in memory only. */
  stateFile?: string;
  now?: () => number;
  logger?: Logger;
  onFeed?: (feed: string, outcome: 'ok' | 'not_modified' | 'failed') => void;
  /** Asked before each timed poll: false skips it (the index is behind; back-pressure). */
  mayPoll?: () => boolean;
  /** After each poll that finished, with its duration (fetching, extracting and indexing). */
  onPolled?: (report: PollReport, ms: number) => void;
}

export interface FeedStatus {
  url: string;
  ok: boolean;
  failures: number;
  items: number;
  lastPolled?: string;
  lastSuccess?: string;
  error?: string;
  retryAt?: string;
}

export interface PollReport {
  polled: number;
  failed: number;
  /** Sources handed to the index (new or changed). */
  sources: Source[];
  /** Of those, indexed from the feed's text because the page could not be fetched. */
  summaries: number;
  /** Item pages not started because the feed's or the poll's time budget ran out (tried next poll). */
  deferred: number;
}

export interface FeedPoller {
  /** One poll of every feed that is due; resolves when its sources are indexed. */
  pollOnce(): Promise<PollReport>;
  status(): FeedStatus[];
  /** Polls now and then every `intervalMs` until stopped. */
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

/** A feed's poll, with the state to keep once its sources are indexed. */
interface FeedResult {
  sources: Source[];
  next: FeedState;
  outcome: 'ok' | 'not_modified' | 'failed';
  /** Item pages left for the next poll (time budget). */
  deferred: number;
}

/** When a feed's item pages may still be started, and how many were not. */
interface Budget {
  deadline: number;
  deferred: number;
}

/**
 * Requests to one host at a time, at most `perHost`; a host whose last request took longer
 * than `slowMs` (or timed out) gets one slot until it answers quickly again, so a slow host
 * spends fewer of the poll's connections and its own budget is what it uses up.
 */
function hostSlots(options: FeedPollerOptions): <T>(url: string, task: () => Promise<T>) => Promise<T> {
  const perHost = options.perHost ?? 2;
  const slowMs = options.slowMs ?? (options.http?.timeoutMs ?? 15_000) / 2;
  const limits = new Map<string, ReturnType<typeof pLimit>>();
  return <T>(url: string, task: () => Promise<T>): Promise<T> => {
    let host = 'unknown';
    try {
      host = new URL(url).host;
    } catch {
      // checkUrl reports it
    }
    if (!limits.has(host)) limits.set(host, pLimit(perHost));
    const limit = limits.get(host)!;
    return limit(async () => {
      const t = performance.now();
      try {
        return await task();
      } finally {
        limit.concurrency = performance.now() - t > slowMs ? 1 : perHost;
      }
    });
  };
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export function createFeedPoller(options: FeedPollerOptions): FeedPoller {
  const now = options.now ?? (() => Date.now());
  const states = readFeedStates(options.stateFile);
  for (const url of options.feeds) if (!states.has(url)) states.set(url, emptyFeedState(url));
  const limited = hostSlots(options);
  const ctx: PollContext = { options, now, limited };

  const commit = (list: FeedResult[]) => {
    for (const r of list) {
      states.set(r.next.url, r.next);
      options.onFeed?.(r.next.url, r.outcome);
    }
    writeFeedStates(options.stateFile, [...states.values()].filter((s) => options.feeds.includes(s.url)));
  };

  /**
   * Each feed's sources are indexed as soon as its poll finishes (issue 19 item 6: a slow feed
   * no longer holds back the others); feeds that finish while an index call runs go into the
   * next call together. A failed index call forgets only its own feeds' items (they come again).
   */
  async function pollOnceNow(): Promise<PollReport> {
    const began = performance.now();
    const pollDeadline = now() + (options.pollBudgetMs ?? 120_000);
    const due = options.feeds.filter((u) => (states.get(u)!.retryAt ?? 0) <= now());
    const sources: Source[] = [];
    const results: FeedResult[] = [];
    let waiting: FeedResult[] = [];
    let failure: unknown;
    // Index calls run one after another: each takes every feed that finished since the last one.
    let chain: Promise<void> = Promise.resolve();
    const indexWaiting = async () => {
      const batch = waiting;
      waiting = [];
      if (!batch.length) return;
      const seen = new Set(sources.map((x) => x.id));
      const fresh = batch.flatMap((r) => r.sources).filter((x) => !seen.has(x.id) && (seen.add(x.id), true));
      try {
        if (fresh.length) await options.index(fresh);
        sources.push(...fresh);
        commit(batch);
      } catch (err) {
        failure ??= err;
        // Nothing polled is remembered (the items come again next poll), except the failures' backoff.
        commit(batch.filter((r) => r.outcome === 'failed'));
      }
    };
    await Promise.all(
      due.map((u) =>
        pollFeed(ctx, states.get(u)!, pollDeadline).then((r) => {
          results.push(r);
          waiting.push(r);
          chain = chain.then(indexWaiting);
        }),
      ),
    );
    await chain;
    if (failure) throw failure;
    const report = {
      polled: due.length,
      failed: results.filter((r) => r.outcome === 'failed').length,
      sources,
      summaries: sources.filter((s) => s.summaryOnly).length,
      deferred: results.reduce((n, r) => n + r.deferred, 0),
    };
    options.onPolled?.(report, performance.now() - began);
    return report;
  }

  let current: Promise<unknown> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const pollOnce = (): Promise<PollReport> => {
    const run = current.then(pollOnceNow, pollOnceNow);
    current = run.catch(() => undefined);
    return run;
  };
  return {
    pollOnce,
    status: () =>
      options.feeds.map((url) => {
        const s = states.get(url)!;
        return {
          url,
          ok: s.failures === 0,
          failures: s.failures,
          items: Object.keys(s.items).length,
          ...(s.lastPolled ? { lastPolled: iso(s.lastPolled) } : {}),
          ...(s.lastSuccess ? { lastSuccess: iso(s.lastSuccess) } : {}),
          ...(s.lastError ? { error: s.lastError } : {}),
          ...(s.failures && s.retryAt ? { retryAt: iso(s.retryAt) } : {}),
        };
      }),
    start(intervalMs) {
      // Polls start every `intervalMs` (start to start); one that runs longer is followed at once.
      const loop = () => {
        if (stopped) return;
        const began = now();
        if (options.mayPoll && !options.mayPoll()) {
          options.logger?.info('feed poll skipped: the ingest queue is full; polling again at the next interval');
          timer = setTimeout(loop, intervalMs);
          return;
        }
        pollOnce()
          .catch((err) => {
            // Interrupted by the bot stopping: not a failure (the items come again at the next start).
            if (stopped) options.logger?.info({ err: (err as Error).message }, 'feed poll interrupted by shutdown');
            else options.logger?.error({ err: (err as Error).message }, 'feed poll failed; will try again at the next poll');
          })
          .finally(() => {
            if (!stopped) timer = setTimeout(loop, Math.max(0, intervalMs - (now() - began)));
          });
      };
      loop();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}

interface PollContext {
  options: FeedPollerOptions;
  now: () => number;
  limited: <T>(url: string, task: () => Promise<T>) => Promise<T>;
}

async function pollFeed(ctx: PollContext, state: FeedState, pollDeadline = Infinity): Promise<FeedResult> {
  const { options, now } = ctx;
  const at = now();
  const budget: Budget = { deadline: Math.min(pollDeadline, at + (options.feedBudgetMs ?? 60_000)), deferred: 0 };
  try {
    // Only a feed the operator chose as internal may reach private addresses, on any hop; its items' pages too.
    const internal = isInternalFeed(state.url, options.internalFeeds);
    const r = await ctx.limited(state.url, () => fetchBounded(state.url, { ...options.http, allowPrivate: internal }, { etag: state.etag, lastModified: state.lastModified }));
    const next: FeedState = { ...state, items: { ...state.items }, failures: 0, retryAt: undefined, lastError: undefined, lastPolled: at, lastSuccess: at };
    next.privateFeed = internal;
    let items: FeedItem[];
    if (r.status === 304) items = Object.values(state.items).map((i) => i.item);
    else {
      const feed = parseFeedText(new TextDecoder().decode(r.body));
      items = feed.items;
      Object.assign(next, { title: feed.title, etag: r.etag, lastModified: r.lastModified });
    }
    const sources = (await Promise.all(items.map((item) => pollItem(ctx, next, item, budget)))).filter((s): s is Source => s !== undefined);
    forgetOld(ctx, next, new Set(items.map((i) => i.key)));
    if (sources.length) options.logger?.info({ feed: state.url, sources: sources.length }, 'feed items to index');
    return { sources, next, outcome: r.status === 304 ? 'not_modified' : 'ok', deferred: budget.deferred };
  } catch (err) {
    const failures = state.failures + 1;
    const delay = Math.min((options.retryMs ?? 60_000) * 2 ** (failures - 1), options.maxRetryMs ?? 3_600_000);
    const error = err instanceof FetchError ? err.message : `not a feed (${(err as Error).message.slice(0, 200)})`;
    options.logger?.warn({ feed: state.url, error, failures }, 'feed failed; retrying with backoff');
    return { sources: [], next: { ...state, failures, retryAt: at + delay, lastError: error, lastPolled: at }, outcome: 'failed', deferred: budget.deferred };
  }
}

class OutOfBudget extends Error {}

/** Items gone from the feed and past the re-check window are forgotten (their sources stay indexed). */
function forgetOld(ctx: PollContext, state: FeedState, present: Set<string>): void {
  const window = ctx.options.recheckMs ?? 24 * 3_600_000;
  for (const [key, s] of Object.entries(state.items)) if (!present.has(key) && ctx.now() - s.firstSeen > window) delete state.items[key];
}

function signatureOf(item: FeedItem): string {
  return createHash('sha256').update(JSON.stringify([item.link, item.title, item.updated, item.content])).digest('hex').slice(0, 16);
}

/** The source to index for one item, or undefined when nothing changed. Updates `state.items`. */
async function pollItem(ctx: PollContext, state: FeedState, item: FeedItem, budget: Budget = { deadline: Infinity, deferred: 0 }): Promise<Source | undefined> {
  const { options, now } = ctx;
  const prev = state.items[item.key];
  const signature = signatureOf(item);
  const id = feedItemId(item, state.url);
  const recent = prev !== undefined && now() - prev.firstSeen < (options.recheckMs ?? 24 * 3_600_000);
  const indexed = options.indexedHash(id);
  if (prev && prev.signature === signature && !recent && indexed !== undefined) return undefined;
  const entry: ItemState = { id, item, signature, firstSeen: prev?.firstSeen ?? now() };
  let page: { body: Uint8Array; etag?: string; lastModified?: string; pageHash: string } | undefined;
  let pageError: string | undefined;
  if (item.link) {
    // An unchanged entry of an indexed item asks for the page conditionally.
    const validators = prev && prev.signature === signature && indexed !== undefined && !prev.summaryOnly ? prev : {};
    try {
      const http = { ...options.http, allowPrivate: state.privateFeed === true };
      const r = await ctx.limited(item.link, () => {
        // Out of time: the item is left as it was (not remembered), so the next poll takes it.
        if (now() > budget.deadline) throw new OutOfBudget();
        return fetchBounded(item.link!, http, validators);
      });
      if (r.status === 304) {
        if (prev) state.items[item.key] = { ...prev, item, signature };
        return undefined;
      }
      // A server without validators sends the same bytes again: nothing to extract.
      const pageHash = createHash('sha256').update(r.body).digest('hex');
      if (prev && prev.signature === signature && prev.pageHash === pageHash && indexed !== undefined) {
        state.items[item.key] = { ...prev, item, ...(r.etag ? { etag: r.etag } : {}), ...(r.lastModified ? { lastModified: r.lastModified } : {}) };
        return undefined;
      }
      page = { ...r, pageHash };
    } catch (err) {
      if (err instanceof OutOfBudget) {
        budget.deferred++;
        return undefined;
      }
      pageError = (err as Error).message;
    }
  }
  // A page that fails after the article was indexed from it keeps the article (not its summary).
  if (!page && prev && !prev.summaryOnly && indexed !== undefined) return undefined;
  let source: Source;
  try {
    source = options.toSource({ item, feedUrl: state.url, feedTitle: state.title, page: page?.body });
  } catch (err) {
    options.logger?.warn({ feed: state.url, item: item.link ?? item.key, reason: (err as Error).message }, 'feed item skipped');
    return undefined;
  }
  if (pageError) options.logger?.info({ item: item.link, error: pageError }, 'page not fetched; indexing the feed summary');
  state.items[item.key] = { ...entry, ...(page ? { pageHash: page.pageHash } : {}), ...(page?.etag ? { etag: page.etag } : {}), ...(page?.lastModified ? { lastModified: page.lastModified } : {}), ...(source.summaryOnly ? { summaryOnly: true } : {}) };
  return indexed === source.contentHash ? undefined : source;
}
