// The head of an article: its title line, a dateline, and a repeat of the title.

import { parseDateLine } from './dateline.js';
import { SENTENCE_END } from './headings.js';
import type { Line } from './lines.js';
import { splitSentences } from './sentences.js';
import { countWords } from './whitespace.js';

export interface Header {
  title?: string;
  published?: string;
  /** The lines after the head. */
  lines: Line[];
}

function sameText(a: string, b: string): boolean {
  const key = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  return key(a) === key(b);
}

/** A title line: not too long, and not ending like a sentence or a lead-in ("?" and "!" are fine). */
function isTitleLike(text: string): boolean {
  return countWords(text) <= 30 && !/[.,;:…。、．｡]$/.test(text);
}

/**
 * Takes the title (unless `knownTitle` is given, e.g. from front matter), the first
 * date-only line as `published`, and repeats of the title off the top of the lines.
 */
export function extractHeader(lines: Line[], knownTitle?: string): Header {
  let title = knownTitle;
  let published: string | undefined;
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line.kind === 'blank') continue;
    if (line.kind !== 'plain' && line.kind !== 'heading') break;
    const date = parseDateLine(line.text);
    if (date) {
      published ??= date;
      continue;
    }
    if (title !== undefined && sameText(line.text, title)) continue; // title repeated
    if (title === undefined && (line.kind === 'heading' || isTitleLike(line.text))) {
      title = line.text;
      continue;
    }
    break;
  }
  return { title, published, lines: lines.slice(i) };
}

/** A title for an article that has no title line: its first sentence, shortened. */
export function titleFromText(text: string, maxWords = 20): string {
  const firstLine = text.split('\n')[0];
  const first = splitSentences(firstLine)[0]?.text ?? firstLine;
  const words = first.replace(SENTENCE_END, (end) => end.replace(/^[.…]+/, '')).trim().split(/\s+/);
  if (words.length <= maxWords) return words.join(' ');
  return `${words.slice(0, maxWords).join(' ').replace(/[,;:]$/, '')}…`;
}
