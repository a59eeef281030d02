// What the poller remembers between polls, per feed: its validators (ETag, Last-Modified),
// its failures and backoff, and each item it has indexed (with its page's validators), so a
// restart does not re-fetch every page. Saved atomically next to the index.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FeedItem } from './parse.js';

export interface ItemState {
  id: string;
  item: FeedItem;
  /** What the feed said about the item last time (a changed entry re-fetches the page). */
  signature: string;
  firstSeen: number;
  etag?: string;
  lastModified?: string;
  /** sha256 of the page's bytes last read: the same bytes again are not extracted again. */
  pageHash?: string;
  summaryOnly?: boolean;
}

export interface FeedState {
  url: string;
  title?: string;
  etag?: string;
  lastModified?: string;
  items: Record<string, ItemState>;
  failures: number;
  retryAt?: number;
  lastError?: string;
  lastPolled?: number;
  lastSuccess?: number;
  /** The feed's host is on a private address (its pages may be too). */
  privateFeed?: boolean;
}

export function emptyFeedState(url: string): FeedState {
  return { url, items: {}, failures: 0 };
}

export function readFeedStates(file: string | undefined): Map<string, FeedState> {
  const out = new Map<string, FeedState>();
  if (!file) return out;
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { feeds?: FeedState[] };
    for (const f of saved.feeds ?? []) if (f && typeof f.url === 'string' && f.items) out.set(f.url, f);
  } catch {
    // No state yet, or unreadable: every item is looked at again (unchanged ones are not re-indexed).
  }
  return out;
}

export function writeFeedStates(file: string | undefined, states: Iterable<FeedState>): void {
  if (!file) return;
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ feeds: [...states] }));
  renameSync(tmp, file);
}
