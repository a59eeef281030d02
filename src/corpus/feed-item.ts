// A feed item to a Source (feeds/ hands it here): the article page extracted exactly as an .html file is, with the
// feed's title, link, author and dates; or, when the page could not be fetched, the feed's
// own text for the item, marked as a summary. Pure: bytes in, Source out.
import { createHash } from 'node:crypto';
import { escapeHtml, feedItemId, type FeedPage } from '../feeds/index.js';
import type { Source } from '../types.js';
import { SourceError } from './errors.js';
import { parseSource } from './parse.js';

/** The Source for a feed item, or a SourceError when neither the page nor the feed has text. */
export function itemSource(input: FeedPage): Source {
  const { item, feedUrl } = input;
  const id = feedItemId(item, feedUrl);
  if (input.page) {
    try {
      return withFeedMeta(parseSource({ id, bytes: input.page, format: 'html' }), input, false);
    } catch (err) {
      if (!(err instanceof SourceError) || !item.content) throw err;
    }
  }
  if (!item.content) throw new SourceError('the page could not be read and the feed has no text for the item');
  const html = `<!doctype html><html><head><title>${escapeHtml(item.title ?? '')}</title></head><body><article>${item.content}</article></body></html>`;
  return withFeedMeta(parseSource({ id, bytes: Buffer.from(html, 'utf8'), format: 'html' }), input, true);
}

function withFeedMeta(parsed: Source, input: FeedPage, summaryOnly: boolean): Source {
  const { item } = input;
  const title = item.title ?? parsed.title;
  const source: Source = {
    id: parsed.id,
    title,
    paragraphs: parsed.paragraphs,
    // What decides "changed": the headline and the article text, not the page's bytes (ads, timestamps).
    contentHash: createHash('sha256')
      .update([title, ...parsed.paragraphs.map((p) => p.text)].join('\n\n'))
      .digest('hex'),
  };
  const url = item.link ?? parsed.url;
  if (url) source.url = url;
  const published = item.published ?? parsed.published;
  if (published) source.published = published;
  // The feed names the outlet the newsroom follows; a page's own site name (or byline) is the fallback.
  const outlet = input.feedTitle ?? parsed.outlet;
  if (outlet) source.outlet = outlet;
  if (item.author) source.author = item.author;
  if (summaryOnly) source.summaryOnly = true;
  source.feed = input.feedUrl;
  return source;
}
