// Splits long paragraphs: the embedding model (MiniLM) sees at most 256 word pieces, so
// a paragraph past about 200 words is cut at sentence boundaries into pieces of similar size.

import { parseBullet } from './lines.js';
import { splitSentences } from './sentences.js';
import { countWords } from './whitespace.js';

export const MAX_PARAGRAPH_WORDS = 200;

interface Unit {
  start: number;
  end: number;
  words: number;
}

/** Sentence spans, widened to the start of their line when they open it (keeps list markers). */
function units(text: string): Unit[] {
  return splitSentences(text).map((s) => {
    const lineStart = text.lastIndexOf('\n', s.start - 1) + 1;
    const prefix = text.slice(lineStart, s.start);
    const start = prefix.trim() === '' || parseBullet(`${prefix}x`) ? lineStart : s.start;
    return { start, end: s.end, words: countWords(text.slice(start, s.end)) };
  });
}

/** Cuts one over-long sentence by words, preferring a cut after a comma or semicolon. */
function splitLongUnit(text: string, unit: Unit, max: number): Unit[] {
  const out: Unit[] = [];
  const words = [...text.slice(unit.start, unit.end).matchAll(/\S+/g)].map((m) => ({
    start: unit.start + m.index,
    end: unit.start + m.index + m[0].length,
    text: m[0],
  }));
  let i = 0;
  while (i < words.length) {
    let j = Math.min(words.length, i + max);
    if (j < words.length) {
      // Look back over the second half of the window for a clause boundary.
      for (let k = j - 1; k > i + max / 2; k--) {
        if (/[,;:—–]$/.test(words[k].text)) {
          j = k + 1;
          break;
        }
      }
    }
    out.push({ start: words[i].start, end: words[j - 1].end, words: j - i });
    i = j;
  }
  return out;
}

/** A paragraph cut into pieces of at most `max` words, at sentence boundaries where possible. */
export function chunkText(text: string, max = MAX_PARAGRAPH_WORDS): string[] {
  const total = countWords(text);
  if (total <= max) return [text];
  const all = units(text).flatMap((u) => (u.words > max ? splitLongUnit(text, u, max) : [u]));
  // Aim for pieces of equal size rather than full pieces and a short tail.
  const target = total / Math.ceil(total / max);
  const pieces: string[] = [];
  let first: Unit | undefined;
  let last: Unit | undefined;
  let words = 0;
  for (const u of all) {
    if (first && last) {
      const over = words + u.words > max;
      const closerWithout = words + u.words > target && words + u.words - target > target - words;
      if (over || closerWithout) {
        pieces.push(text.slice(first.start, last.end));
        first = undefined;
        words = 0;
      }
    }
    first ??= u;
    last = u;
    words += u.words;
  }
  if (first && last) pieces.push(text.slice(first.start, last.end));
  return pieces;
}

/** Applies chunkText to every paragraph, keeping each piece's section. */
export function chunkParagraphs<P extends { text: string }>(paragraphs: P[], max = MAX_PARAGRAPH_WORDS): P[] {
  return paragraphs.flatMap((p) => chunkText(p.text, max).map((text) => ({ ...p, text })));
}
