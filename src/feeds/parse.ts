// RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed through feedsmith, normalised to the few fields
// the newsroom needs. Pure: text in, items out.
import { parseFeed } from 'feedsmith';

export interface FeedItem {
  /** The item's identity: its GUID / Atom id / JSON Feed id, else its link. */
  key: string;
  link?: string;
  title?: string;
  author?: string;
  /** ISO date-time. */
  published?: string;
  updated?: string;
  /** The feed's own text for the item (HTML): full content when the feed has it, else the summary. */
  content?: string;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title?: string;
  items: FeedItem[];
}

type Loose = Record<string, unknown> | undefined;

/** A string field, or the `value` of an object field (Atom text constructs). */
function text(x: unknown): string | undefined {
  const v = typeof x === 'string' ? x : x && typeof x === 'object' && typeof (x as { value?: unknown }).value === 'string' ? (x as { value: string }).value : undefined;
  const t = v?.trim();
  return t ? t : undefined;
}

function isoDate(x: unknown): string | undefined {
  const t = text(x) ?? (x instanceof Date ? x.toISOString() : undefined);
  if (!t) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function firstName(list: unknown): string | undefined {
  if (!Array.isArray(list)) return undefined;
  for (const a of list) {
    const name = typeof a === 'string' ? a : text((a as Loose)?.name);
    if (name?.trim()) return name.trim();
  }
  return undefined;
}

/** Items of any supported format; throws when the text is no feed. */
export function parseFeedText(body: string): ParsedFeed {
  const parsed = parseFeed(body) as { format: ParsedFeed['format']; feed: Record<string, unknown> };
  const feed = parsed.feed;
  const raw = ((parsed.format === 'atom' ? feed.entries : feed.items) ?? []) as Record<string, unknown>[];
  const items = raw.map((i) => normalise(parsed.format, i)).filter((i): i is FeedItem => i !== undefined);
  return { format: parsed.format, title: text(feed.title), items };
}

function normalise(format: ParsedFeed['format'], i: Record<string, unknown>): FeedItem | undefined {
  const dc = i.dc as Loose;
  let item: Omit<FeedItem, 'key'> & { id?: string };
  if (format === 'atom') {
    const links = (i.links ?? []) as Loose[];
    const link = links.find((l) => !l?.rel || l.rel === 'alternate') ?? links[0];
    item = {
      id: text(i.id),
      link: text(link?.href),
      title: text(i.title),
      author: firstName(i.authors),
      published: isoDate(i.published) ?? isoDate(i.updated),
      updated: isoDate(i.updated),
      content: text(i.content) ?? text(i.summary),
    };
  } else if (format === 'json') {
    item = {
      id: text(i.id),
      link: text(i.url) ?? text(i.external_url),
      title: text(i.title),
      author: firstName(i.authors) ?? text((i.author as Loose)?.name),
      published: isoDate(i.date_published),
      updated: isoDate(i.date_modified),
      content: text(i.content_html) ?? htmlOfPlain(text(i.content_text)) ?? htmlOfPlain(text(i.summary)),
    };
  } else {
    const guid = text(i.guid);
    item = {
      id: guid,
      link: text(i.link) ?? (guid && /^https?:\/\//.test(guid) ? guid : undefined),
      title: text(i.title),
      author: firstName(dc?.creators) ?? text(dc?.creator) ?? firstName(i.authors),
      published: isoDate(i.pubDate) ?? isoDate(dc?.date) ?? firstDate(dc?.dates),
      updated: isoDate((i.atom as Loose)?.updated) ?? isoDate((i.dcterms as Loose)?.modified),
      content: text((i.content as Loose)?.encoded) ?? text(i.description),
    };
  }
  const key = item.id ?? item.link;
  if (!key || (!item.link && !item.content)) return undefined;
  const { id: _id, ...rest } = item;
  return { key, ...strip(rest) };
}

function firstDate(list: unknown): string | undefined {
  return Array.isArray(list) ? isoDate(list[0]) : undefined;
}

function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ESCAPES[c]);
}

/** Plain text as HTML paragraphs (JSON Feed's content_text). */
export function htmlOfPlain(t: string | undefined): string | undefined {
  if (!t) return undefined;
  return t
    .split(/\n\s*\n/)
    .map((p) => `<p>${escapeHtml(p.trim())}</p>`)
    .join('\n');
}
