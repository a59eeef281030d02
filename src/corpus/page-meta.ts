// What a web page says about itself: published and updated times, outlet and author, from
// meta tags, JSON-LD (schema.org NewsArticle and kin) and <time> elements. Read from the
// parsed document before Readability rewrites it. The outlet comes from og:site_name or
// the publisher, never from the byline (the byline is the author).
import { normalisePublished } from './dateline.js';
import { inlineText } from './whitespace.js';

export interface PageMeta {
  published?: string;
  updated?: string;
  outlet?: string;
  author?: string;
}

type Node = Record<string, unknown>;

const ARTICLE_TYPES = /^(NewsArticle|Article|BlogPosting|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|Report|TechArticle|ScholarlyArticle|LiveBlogPosting|SocialMediaPosting|WebPage|ItemPage)$/;

/** Every object in the page's JSON-LD blocks (arrays and @graph flattened), articles first. */
export function jsonLdNodes(doc: Document): Node[] {
  const out: Node[] = [];
  const visit = (v: unknown, depth: number) => {
    if (depth > 4 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach((x) => visit(x, depth + 1));
    const node = v as Node;
    out.push(node);
    if (node['@graph']) visit(node['@graph'], depth + 1);
  };
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      visit(JSON.parse(script.textContent ?? ''), 0);
    } catch {
      // A broken block is skipped; others may still be fine.
    }
  }
  const isArticle = (n: Node) => [n['@type']].flat().some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t));
  return [...out.filter(isArticle), ...out.filter((n) => !isArticle(n))];
}

function nameOf(v: unknown): string | undefined {
  if (typeof v === 'string') return /^https?:\/\//.test(v) ? undefined : v;
  if (Array.isArray(v)) {
    const names = v.map(nameOf).filter((x): x is string => Boolean(x));
    return names.length ? names.join(', ') : undefined;
  }
  if (v && typeof v === 'object') return nameOf((v as Node).name);
  return undefined;
}

function fromJsonLd(nodes: Node[], key: string): string | undefined {
  for (const n of nodes) {
    const v = n[key];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return undefined;
}

function metaContent(doc: Document, names: string[]): string | undefined {
  for (const name of names) {
    const el = doc.querySelector(`meta[property="${name}" i], meta[name="${name}" i], meta[itemprop="${name}" i]`);
    const value = el?.getAttribute('content')?.trim();
    if (value) return value;
  }
  return undefined;
}

function timeAttr(doc: Document, selector: string): string | undefined {
  for (const el of Array.from(doc.querySelectorAll(selector))) {
    const v = (el.getAttribute('datetime') ?? el.getAttribute('content') ?? '').trim();
    if (v) return v;
  }
  return undefined;
}

const PUBLISHED_META = [
  'article:published_time', 'og:article:published_time', 'og:published_time', 'published_time', 'datePublished',
  'pubdate', 'publishdate', 'publish-date', 'publish_date', 'date', 'dc.date', 'dc.date.issued', 'dcterms.created',
  'dcterms.date', 'sailthru.date', 'parsely-pub-date', 'article.published', 'cxenseparse:recs:publishtime',
];
const UPDATED_META = ['article:modified_time', 'og:updated_time', 'og:article:modified_time', 'dateModified', 'last-modified', 'dcterms.modified', 'article.updated'];

/** The first of the values that reads as a date (normalised as the Source stores it). */
function firstDate(values: (string | undefined)[]): string | undefined {
  for (const v of values) {
    const d = v === undefined ? undefined : normalisePublished(unixSeconds(v) ?? v);
    if (d) return d;
  }
  return undefined;
}

/** "1574168580" (seconds) or 13 digits (milliseconds) as a date. */
function unixSeconds(v: string): Date | undefined {
  if (/^\d{10}$/.test(v)) return new Date(Number(v) * 1000);
  if (/^\d{13}$/.test(v)) return new Date(Number(v));
  return undefined;
}

/** Metadata of a parsed page. `readability` is what Readability found (its fallbacks). */
export function readPageMeta(doc: Document): PageMeta {
  const nodes = jsonLdNodes(doc);
  const meta: PageMeta = {};
  const published = firstDate([
    ...PUBLISHED_META.map((n) => metaContent(doc, [n])),
    fromJsonLd(nodes, 'datePublished'),
    fromJsonLd(nodes, 'dateCreated'),
    timeAttr(doc, '[itemprop="datePublished"]'),
    timeAttr(doc, 'time[pubdate]'),
    timeAttr(doc, 'time[datetime]'),
  ]);
  const updated = firstDate([
    ...UPDATED_META.map((n) => metaContent(doc, [n])),
    fromJsonLd(nodes, 'dateModified'),
    timeAttr(doc, '[itemprop="dateModified"]'),
  ]);
  const outlet =
    metaContent(doc, ['og:site_name']) ??
    nodes.map((n) => nameOf(n.publisher)).find(Boolean) ??
    metaContent(doc, ['application-name', 'publisher', 'dc.publisher']);
  const author = nodes.map((n) => nameOf(n.author)).find(Boolean) ?? metaContent(doc, ['author', 'dc.creator', 'parsely-author', 'sailthru.author']);
  if (published) meta.published = published;
  if (updated) meta.updated = updated;
  const clean = (t: string | undefined) => (t === undefined ? undefined : inlineText(t) || undefined);
  const o = clean(outlet);
  if (o && !/^https?:\/\//.test(o) && o.length <= 100) meta.outlet = o;
  const a = clean(author);
  if (a && !/^https?:\/\//.test(a) && a.length <= 200) meta.author = a;
  return meta;
}
