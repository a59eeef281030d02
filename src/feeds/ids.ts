// A feed item's source id: its site and a hash of its GUID (else its link), so the same item
// keeps its id across polls and a corrected article replaces the old one.
import { createHash } from 'node:crypto';
import type { FeedItem } from './parse.js';

export function feedItemId(item: Pick<FeedItem, 'key' | 'link'>, feedUrl: string): string {
  const host = hostOf(item.link) ?? hostOf(feedUrl) ?? 'feed';
  const hash = createHash('sha256').update(item.key).digest('hex').slice(0, 12);
  return `${host.replace(/^www\./, '').replace(/[^a-z0-9.-]/gi, '-')}-${hash}`;
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}
