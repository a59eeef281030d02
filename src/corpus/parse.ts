// One file's bytes to a Source: decode, read the format, clean, number the paragraphs.

import { createHash } from 'node:crypto';
import type { Paragraph, Source } from '../types.js';
import { cleanArticle, cleanLines, type CleanArticle } from './clean.js';
import { decodeText } from './decode.js';
import { SourceError } from './errors.js';
import type { ArticleMeta } from './frontmatter.js';
import { readHtml } from './html.js';
import { detectLanguage } from './language.js';
import type { Line } from './lines.js';
import { readMarkdown } from './markdown.js';
import { repairMojibake } from './mojibake.js';

export type SourceFormat = 'txt' | 'md' | 'html';

export interface ParseInput {
  /** The file name without extension. */
  id: string;
  path?: string;
  bytes: Uint8Array;
  format: SourceFormat;
  /** Told about things that were ignored but did not make the file unusable (a bad front matter field). */
  onWarning?: (message: string) => void;
}

/** Mojibake repair for lines that did not come from one text (HTML elements). */
function repairLines(lines: Line[]): Line[] {
  return lines.map((l) => {
    if (l.kind === 'row') return { ...l, cells: l.cells.map(repairMojibake) };
    if ('text' in l) return { ...l, text: repairMojibake(l.text) };
    return l;
  });
}

function read(text: string, format: SourceFormat, warn: (m: string) => void): { meta: ArticleMeta; article: CleanArticle } {
  switch (format) {
    case 'txt':
      return { meta: {}, article: cleanArticle(text) };
    case 'md': {
      const { meta, lines } = readMarkdown(repairMojibake(text), warn);
      return { meta, article: cleanLines(lines, meta.title) };
    }
    case 'html': {
      const { meta, lines } = readHtml(text);
      const title = meta.title === undefined ? undefined : repairMojibake(meta.title);
      return { meta: { ...meta, title }, article: cleanLines(repairLines(lines), title) };
    }
  }
}

/**
 * Parses one file into a Source (pure: no disk access). Throws SourceError, with a
 * sentence that says why, for files that cannot be used.
 */
export function parseSource(input: ParseInput): Source {
  const { id, path, bytes, format } = input;
  const warn = input.onWarning ?? (() => {});
  const contentHash = createHash('sha256').update(bytes).digest('hex');
  const text = decodeText(bytes);
  const { meta, article } = read(text, format, warn);
  if (article.paragraphs.length === 0) {
    throw new SourceError(
      format === 'html' ? 'no article text found in the HTML' : 'no article text left after removing page furniture',
    );
  }
  const paragraphs: Paragraph[] = article.paragraphs.map((p, i) => ({
    sourceId: id,
    index: i + 1,
    text: p.text,
    ...(p.section === undefined ? {} : { section: p.section }),
    ...(p.table ? { table: true as const } : {}),
  }));
  const source: Source = { id, title: meta.title || article.title || id, paragraphs, contentHash };
  const published = meta.published ?? article.published;
  if (published) source.published = published;
  if (meta.url) source.url = meta.url;
  if (meta.updated) source.modified = meta.updated;
  if (meta.outlet) source.outlet = meta.outlet;
  if (meta.author) source.author = meta.author;
  if (meta.tags?.length) source.tags = meta.tags;
  const language = detectLanguage(`${source.title}\n${paragraphs.map((p) => p.text).join('\n')}`);
  if (language) source.language = language;
  if (path !== undefined) source.path = path;
  return source;
}
