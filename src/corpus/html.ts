// HTML articles: Readability finds the main text; its block elements become lines.
// Metadata: title, outlet, author, published and updated times (page-meta.ts), canonical address.

import { createRequire } from 'node:module';
import type { JSDOM as JSDOMType } from 'jsdom';
import { normalisePublished } from './dateline.js';
import { SourceError } from './errors.js';
import type { ArticleMeta } from './frontmatter.js';
import type { Line } from './lines.js';
import { isSentenceLike } from './headings.js';
import { readPageMeta } from './page-meta.js';
import { countWords, inlineText, normaliseSpaces } from './whitespace.js';

// jsdom takes half a second to load; only HTML sources need it, so it loads on first use
// (synchronously, since parsing is synchronous) instead of slowing every `ask`.
let libraries: { JSDOM: typeof import('jsdom').JSDOM; VirtualConsole: typeof import('jsdom').VirtualConsole; Readability: typeof import('@mozilla/readability').Readability } | undefined;
function htmlLibraries() {
  if (!libraries) {
    const require = createRequire(import.meta.url);
    const jsdom = require('jsdom') as typeof import('jsdom');
    const readability = require('@mozilla/readability') as typeof import('@mozilla/readability');
    libraries = { JSDOM: jsdom.JSDOM, VirtualConsole: jsdom.VirtualConsole, Readability: readability.Readability };
  }
  return libraries;
}

// Bounds the work on hostile or broken pages (Readability gives up past this).
const MAX_ELEMENTS = 100_000;
// jsdom's and Readability's work grows with the square of the nesting depth (measured:
// 300 levels take 2 s, 50,000 levels overflow the stack after 40 s), so deeper pages are
// refused before parsing. Real article pages stay well under 100.
export const MAX_HTML_DEPTH = 256;

// Elements that never hold children, or whose end tag the parser implies (a new <p>
// closes the open one), so they do not deepen the tree however they are written.
const NO_DEPTH = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source',
  'track', 'wbr', 'p', 'li', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th', 'thead', 'tbody',
  'tfoot', 'colgroup', 'rt', 'rp', '!doctype',
]);

/** The deepest element nesting in the markup, estimated from its tags without parsing it. */
export function nestingDepth(html: string): number {
  const markup = html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
    .replace(/<(script|style|textarea|title)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi, '');
  let depth = 0;
  let max = 0;
  for (const m of markup.matchAll(/<(\/?)([a-zA-Z!][\w:-]*)[^>]*?(\/?)>/g)) {
    const name = m[2].toLowerCase();
    if (NO_DEPTH.has(name) || m[3] === '/') continue;
    if (m[1] === '/') depth = Math.max(0, depth - 1);
    else if (++depth > max) max = depth;
  }
  return max;
}

const SKIP = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'button', 'iframe', 'object', 'embed',
  'canvas', 'select', 'input', 'textarea', 'img', 'video', 'audio', 'picture', 'source', 'form', 'nav',
  // Photo captions and credits: measured on the extraction benchmark, hand-marked article
  // bodies leave them out (and a short caption would pass for a heading).
  'figcaption',
]);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'dialog', 'dir',
  'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'header', 'hgroup', 'hr', 'li',
  'main', 'menu', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr',
  'td', 'th', 'caption', 'ul', 'html',
]);

const tag = (el: Element) => el.localName.toLowerCase();

/** Text of a node, with spaces where block elements meet and skipped elements left out. */
function textOf(node: Node): string {
  return inlineText(rawText(node));
}

/**
 * A <pre> block: its lines are as written, so blank lines part paragraphs; inside a
 * paragraph, lines are joined (news pages use <pre> for wrapped statements, not code).
 */
export function preLines(text: string): Line[] {
  return text
    .split(/\r?\n[ \t]*\r?\n/)
    .map(inlineText)
    .filter(Boolean)
    .map((t) => ({ kind: 'plain', text: t }));
}

/** A heading that is really a paragraph (a standfirst or a lede set in <h2>): a finished sentence, or long. */
export function isParagraphHeading(text: string): boolean {
  return isSentenceLike(text) || countWords(text) > 25;
}

function rawText(node: Node): string {
  let out = '';
  const walk = (n: Node) => {
    if (n.nodeType === 3) out += (n as Text).data;
    else if (n.nodeType === 1) {
      const name = tag(n as Element);
      if (SKIP.has(name)) return;
      if (name === 'br') {
        out += ' ';
        return;
      }
      const block = BLOCKS.has(name) || HEADINGS.has(name);
      if (block) out += ' ';
      for (const c of Array.from(n.childNodes)) walk(c);
      if (block) out += ' ';
    }
  };
  walk(node);
  return out;
}

function tableLines(table: Element, out: Line[]): void {
  const rows = Array.from(table.querySelectorAll('tr')).filter((tr) => tr.closest('table') === table);
  const cells = rows.map((tr) =>
    Array.from(tr.children)
      .filter((c) => tag(c) === 'td' || tag(c) === 'th')
      .map((c) => textOf(c)),
  );
  if (rows.length < 2) {
    // A layout table: its text is ordinary text.
    for (const text of cells.flat()) if (text) out.push({ kind: 'plain', text });
    return;
  }
  const first = rows[0];
  const headerRow =
    first.parentElement?.localName === 'thead' ||
    (first.children.length > 0 && Array.from(first.children).every((c) => tag(c) === 'th'));
  cells.forEach((row, i) => {
    out.push({ kind: 'row', cells: row });
    if (i === 0 && headerRow) out.push({ kind: 'sep' });
  });
}

/**
 * A list of links to other pages ("More on this story", related headlines): two items or
 * more, each of them a link and nothing else (link text at least 90% of the item's text).
 */
export function isLinkList(list: Element): boolean {
  const items = Array.from(list.children).filter((c) => tag(c) === 'li');
  if (items.length < 2) return false;
  return items.every((li) => {
    const all = textOf(li).length;
    const linked = Array.from(li.querySelectorAll('a')).reduce((n, a) => n + textOf(a).length, 0);
    return all > 0 && linked >= 0.9 * all;
  });
}

/** Block elements of the article to lines (paragraphs, headings, list items, table rows). */
export function elementToLines(root: Element): Line[] {
  const out: Line[] = [];
  let inline = '';
  const flush = () => {
    const text = inlineText(inline);
    inline = '';
    if (text) out.push({ kind: 'plain', text });
  };
  const walk = (node: Node) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) {
        inline += (child as Text).data;
        continue;
      }
      if (child.nodeType !== 1) continue;
      const el = child as Element;
      const name = tag(el);
      if (SKIP.has(name)) continue;
      if (name === 'br') {
        flush();
      } else if (HEADINGS.has(name)) {
        flush();
        const text = textOf(el);
        if (text) out.push({ kind: isParagraphHeading(text) ? 'plain' : 'heading', text });
      } else if ((name === 'ul' || name === 'ol') && isLinkList(el)) {
        flush(); // headlines of other articles, not this one's text
      } else if (name === 'li') {
        flush();
        const own = Array.from(el.childNodes)
          .filter((c) => !(c.nodeType === 1 && ['ul', 'ol'].includes(tag(c as Element))))
          .map(rawText)
          .join('');
        const text = inlineText(own);
        // The browser draws the numbers of an <ol>; they are not text the page wrote.
        if (text) out.push({ kind: 'bullet', marker: '-', text });
        for (const sub of Array.from(el.children)) if (['ul', 'ol'].includes(tag(sub))) walk(sub);
      } else if (name === 'table') {
        flush();
        tableLines(el, out);
      } else if (name === 'pre') {
        flush();
        out.push(...preLines(el.textContent ?? ''));
      } else if (BLOCKS.has(name)) {
        flush();
        walk(el);
        flush();
      } else {
        walk(el); // inline element: its text joins the current line
      }
    }
  };
  walk(root);
  flush();
  return out;
}

function attr(doc: Document, selector: string, name: string): string | undefined {
  const value = doc.querySelector(selector)?.getAttribute(name)?.trim();
  return value || undefined;
}

function httpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** "Headline | Site" → "Headline", when the site name is known. */
function withoutSiteName(title: string, site: string): string {
  if (!site) return title;
  for (const sep of [' | ', ' - ', ' – ', ' — ', ' :: ', ' · ']) {
    if (title.toLowerCase().endsWith(`${sep}${site}`.toLowerCase())) return title.slice(0, -(sep.length + site.length)).trim();
  }
  return title;
}

/** Main text and metadata of an HTML page; SourceError when it has no article text. */
export function readHtml(html: string): { meta: ArticleMeta; lines: Line[] } {
  const depth = nestingDepth(html);
  if (depth > MAX_HTML_DEPTH) {
    throw new SourceError(`the HTML is nested too deeply to read (${depth} levels; at most ${MAX_HTML_DEPTH})`);
  }
  const { JSDOM, VirtualConsole, Readability } = htmlLibraries();
  let dom: JSDOMType | undefined;
  try {
    // No scripts, no resource loading; parse errors of CSS and the like stay quiet.
    dom = new JSDOM(html, { virtualConsole: new VirtualConsole() });
    const doc = dom.window.document;
    // Read before Readability, which rewrites the document.
    const url = httpUrl(attr(doc, 'link[rel~="canonical"]', 'href')) ?? httpUrl(attr(doc, 'meta[property="og:url"]', 'content'));
    const page = readPageMeta(doc);

    const article = new Readability<Node>(doc, { maxElemsToParse: MAX_ELEMENTS, serializer: (n) => n }).parse();
    const content = article?.content;
    if (!article || !content || content.nodeType !== 1) throw new SourceError('no article text found in the HTML');
    const lines = elementToLines(content as Element);

    const meta: ArticleMeta = {};
    // The outlet is the site, never the byline (that is the author).
    const outlet = page.outlet ?? inlineText(article.siteName ?? '');
    const title = withoutSiteName(inlineText(article.title ?? ''), outlet);
    if (title) meta.title = title;
    if (outlet) meta.outlet = outlet;
    const author = page.author ?? inlineText(article.byline ?? '');
    if (author) meta.author = author;
    const published = page.published ?? normalisePublished(article.publishedTime);
    if (published) meta.published = published;
    if (page.updated) meta.updated = page.updated;
    if (url) meta.url = url;
    return { meta, lines };
  } catch (e) {
    if (e instanceof SourceError) throw e;
    if (e instanceof RangeError) throw new SourceError('the HTML is nested too deeply to read');
    const message = (e as Error).message ?? String(e);
    if (/Aborting parsing document/.test(message)) {
      throw new SourceError(`the HTML page is too large to read (more than ${MAX_ELEMENTS} elements)`);
    }
    throw new SourceError(`the HTML could not be read (${message.split('\n')[0]})`);
  } finally {
    dom?.window.close();
  }
}
