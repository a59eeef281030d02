// YAML front matter of a Markdown article (title, url, published, outlet). A field of
// the wrong type is ignored with a warning: the article itself is still usable.

import { parse as parseYaml } from 'yaml';
import { normalisePublished } from './dateline.js';

export interface ArticleMeta {
  title?: string;
  url?: string;
  published?: string;
  /** When the page says it was last changed. */
  updated?: string;
  outlet?: string;
  /** The byline. */
  author?: string;
  /** Front matter `tags` (a list, or words parted by commas): a desk may select sources by them. */
  tags?: string[];
}

const FENCE = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/** Splits "---\nyaml\n---\nbody" into its parts; `yaml` is undefined without front matter. */
export function splitFrontMatter(text: string): { yaml?: string; body: string } {
  const m = FENCE.exec(text);
  if (!m) return { body: text };
  return { yaml: m[1], body: text.slice(m[0].length) };
}

function firstOf(data: Record<string, unknown>, keys: string[]): [string, unknown] | undefined {
  for (const k of keys) if (data[k] !== undefined && data[k] !== null) return [k, data[k]];
  return undefined;
}

/** Reads the known fields; anything unusable goes to `warn` as a sentence. */
export function readFrontMatter(yaml: string, warn: (message: string) => void): ArticleMeta {
  let data: unknown;
  try {
    data = parseYaml(yaml);
  } catch (e) {
    warn(`front matter is not valid YAML and was ignored (${(e as Error).message.split('\n')[0]})`);
    return {};
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    warn('front matter is not a list of "key: value" fields and was ignored');
    return {};
  }
  const fields = data as Record<string, unknown>;
  const meta: ArticleMeta = {};

  // Text fields: a number is taken as its text ("title: 42" → "42").
  const text = (keys: string[], label: string): string | undefined => {
    const found = firstOf(fields, keys);
    if (!found) return undefined;
    const [key, value] = found;
    if (typeof value === 'string' && value.trim()) return value.trim();
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    warn(`front matter field "${key}" should be text (the ${label}); it was ignored`);
    return undefined;
  };

  meta.title = text(['title', 'headline'], 'title');
  meta.outlet = text(['outlet', 'publication', 'site', 'publisher'], 'outlet');

  const tags = fields.tags ?? fields.keywords;
  if (Array.isArray(tags) || typeof tags === 'string') {
    const list = (Array.isArray(tags) ? tags : tags.split(',')).filter((t) => typeof t === 'string' || typeof t === 'number').map((t) => String(t).trim()).filter(Boolean);
    if (list.length) meta.tags = list;
  } else if (tags !== undefined && tags !== null) warn('front matter field "tags" should be a list of words; it was ignored');

  const url = text(['url', 'link', 'canonical'], 'address');
  if (url !== undefined) {
    try {
      const u = new URL(url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http');
      meta.url = url;
    } catch {
      warn(`front matter url "${url}" is not an http(s) address; it was ignored`);
    }
  }

  const date = firstOf(fields, ['published', 'date', 'published_at', 'datePublished']);
  if (date) {
    const [key, value] = date;
    const published = typeof value === 'string' || value instanceof Date ? normalisePublished(value) : undefined;
    if (published) meta.published = published;
    else warn(`front matter field "${key}" is not a date (e.g. 2025-03-14); it was ignored`);
  }

  for (const k of Object.keys(meta) as (keyof ArticleMeta)[]) if (meta[k] === undefined) delete meta[k];
  return meta;
}
