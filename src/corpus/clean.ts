// The cleaning pipeline shared by all formats: lines in, title and paragraphs out.

import { chunkParagraphs } from './chunk.js';
import { removeFurniture } from './furniture.js';
import { extractHeader, titleFromText } from './header.js';
import { textToLines, type Line } from './lines.js';
import { repairMojibake } from './mojibake.js';
import { assembleParagraphs, type CleanParagraph } from './paragraphs.js';
import { toBlocks } from './structure.js';

export interface CleanArticle {
  /** The article's title; its first sentence when it has no title line; "" when it has no text. */
  title: string;
  /** YYYY-MM-DD from a dateline. */
  published?: string;
  paragraphs: CleanParagraph[];
}

/** Cleans lines from any reader. `knownTitle` comes from metadata (front matter, <title>). */
export function cleanLines(lines: Line[], knownTitle?: string): CleanArticle {
  const head = extractHeader(removeFurniture(lines), knownTitle);
  const paragraphs = chunkParagraphs(assembleParagraphs(toBlocks(head.lines)));
  const title = head.title ?? (paragraphs[0] ? titleFromText(paragraphs[0].text) : '');
  return head.published ? { title, published: head.published, paragraphs } : { title, paragraphs };
}

/** Cleans a plain-text article (the seed format): mojibake, furniture, headings, lists, tables, FAQ. */
export function cleanArticle(raw: string): CleanArticle {
  return cleanLines(textToLines(repairMojibake(raw)));
}
