// Markdown articles: front matter, then the body turned into lines. Only what news
// articles use is handled: headings, lists, tables, quotes, links and emphasis.

import { readFrontMatter, splitFrontMatter, type ArticleMeta } from './frontmatter.js';
import { isRule, isTableSeparator, parseBullet, splitCells, tableLineIndexes, type Line } from './lines.js';
import { normaliseSpaces } from './whitespace.js';

/** Removes inline Markdown: links keep their text, images go, emphasis markers go. */
export function stripInlineMarkdown(text: string): string {
  return normaliseSpaces(
    text
      .replace(/!\[[^\]]*\]\([^)]*\)/g, '') // images
      .replace(/\[\^[^\]]+\]/g, '') // footnote references
      .replace(/\[([^\]]+)\]\((?:[^()\s]|\([^)\s]*\))*(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g, '$1') // [t](u "title")
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1') // [t][ref]
      .replace(/<(https?:\/\/[^>\s]+)>/g, '$1') // <http://…>
      .replace(/<br\s*\/?>/gi, ' ')
      .replace(/<\/?(?:a|b|i|u|em|strong|span|sup|sub|small|mark|code|s|del|ins)\b[^>]*>/gi, '')
      .replace(/`([^`]+)`/g, '$1')
      .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2') // **bold**, __bold__
      .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1')
      .replace(/(^|[^\w*\\])\*(?=[^\s*])([^*]*?[^\s*\\])\*(?![\w*])/g, '$1$2') // *em*
      .replace(/(^|[^\w\\])_(?=[^\s_])([^_]*?[^\s_\\])_(?!\w)/g, '$1$2') // _em_, not snake_case
      .replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, '$1'), // escapes
  );
}

const ATX = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;
const FENCE = /^ {0,3}(```|~~~)/;
const REF_DEFINITION = /^ {0,3}\[[^\]]+\]:\s*\S+/;

/** The body of a Markdown article as lines. */
export function markdownToLines(body: string): { lines: Line[]; firstH1?: string } {
  const raw = body.split(/\r\n|\r|\n/);
  const out: Line[] = [];
  let firstH1: string | undefined;
  let inFence = false;
  // Tables are found on the raw lines (a "|" escaped as "\|" is not a column break).
  const trimmed = raw.map((l) => l.replace(/^ {0,3}>\s?/, '').trim());
  const tables = tableLineIndexes(trimmed);

  for (let i = 0; i < raw.length; i++) {
    const line = raw[i];
    if (FENCE.test(line)) {
      inFence = !inFence;
      out.push({ kind: 'blank' });
      continue;
    }
    if (inFence) {
      const text = normaliseSpaces(line);
      out.push(text ? { kind: 'plain', text } : { kind: 'blank' });
      continue;
    }
    const t = trimmed[i];
    if (t === '' || REF_DEFINITION.test(t) || /^<!--.*-->$/.test(t)) {
      out.push({ kind: 'blank' });
      continue;
    }
    if (tables.has(i)) {
      out.push(isTableSeparator(t) ? { kind: 'sep' } : { kind: 'row', cells: splitCells(t).map(stripInlineMarkdown) });
      continue;
    }
    const atx = ATX.exec(t);
    if (atx) {
      const text = stripInlineMarkdown(atx[2]);
      if (atx[1].length === 1 && firstH1 === undefined && out.every((l) => l.kind === 'blank')) firstH1 = text;
      out.push(text ? { kind: 'heading', text } : { kind: 'blank' });
      continue;
    }
    // Setext heading: a line underlined with === or ---.
    const next = trimmed[i + 1];
    const prevOut = out[out.length - 1];
    if (next !== undefined && /^(=+|-+)$/.test(next) && !parseBullet(t) && (prevOut === undefined || prevOut.kind === 'blank')) {
      const text = stripInlineMarkdown(t);
      if (next.startsWith('=') && firstH1 === undefined && out.every((l) => l.kind === 'blank')) firstH1 = text;
      out.push({ kind: 'heading', text });
      i++;
      continue;
    }
    if (isRule(t)) {
      out.push({ kind: 'blank' });
      continue;
    }
    const bullet = parseBullet(t);
    if (bullet) {
      out.push({ kind: 'bullet', marker: bullet.marker, text: stripInlineMarkdown(bullet.text) });
      continue;
    }
    const text = stripInlineMarkdown(t);
    if (!text) {
      out.push({ kind: 'blank' });
      continue;
    }
    // Lines of one Markdown paragraph (no blank line between) are one paragraph; an
    // indented line after a list item continues the item.
    if (prevOut?.kind === 'plain') prevOut.text = `${prevOut.text} ${text}`;
    else if (prevOut?.kind === 'bullet' && /^\s+/.test(line)) prevOut.text = `${prevOut.text} ${text}`;
    else out.push({ kind: 'plain', text });
  }
  return { lines: out, firstH1 };
}

/** Front matter and body lines of a Markdown file. */
export function readMarkdown(text: string, warn: (message: string) => void): { meta: ArticleMeta; lines: Line[] } {
  const { yaml, body } = splitFrontMatter(text);
  const meta = yaml === undefined ? {} : readFrontMatter(yaml, warn);
  const { lines, firstH1 } = markdownToLines(body);
  // Without a title in the front matter, a leading "# Heading" is the title.
  if (meta.title === undefined && firstH1 !== undefined) meta.title = firstH1;
  return { meta, lines };
}
