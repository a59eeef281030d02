// The line model shared by the text, Markdown and HTML readers: each reader turns its
// input into these lines, and one cleaning pipeline turns lines into paragraphs.

import { normaliseSpaces, toLines } from './whitespace.js';

export type Line =
  | { kind: 'blank' }
  /** Ordinary text; may still turn out to be a heading (see headings.ts). */
  | { kind: 'plain'; text: string }
  /** A heading the input marked as one (Markdown "#", HTML <h2>). */
  | { kind: 'heading'; text: string }
  /** A list item; `marker` is "-" for symbol bullets, or the number as written ("1)", "2."). */
  | { kind: 'bullet'; text: string; marker: string }
  | { kind: 'row'; cells: string[] }
  /** The "---|---|" line under a table's header row. */
  | { kind: 'sep' };

// "- item", "• item", "* item", "+ item", "1) item", "2. item". En and em dashes are left
// out on purpose: a line starting with "– " is usually speech or a dateline.
const BULLET = /^(?:([-*+•·▪◦‣●○■□➢►✓✔])|(\d{1,3}[.)]))\s+(\S.*)$/u;

export function parseBullet(text: string): { marker: string; text: string } | undefined {
  const m = BULLET.exec(text);
  if (!m) return undefined;
  return { marker: m[1] ? '-' : m[2], text: m[3] };
}

/** A "---|---|" or "| :--- | ---: |" separator row. */
export function isTableSeparator(text: string): boolean {
  return text.includes('-') && /^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$/.test(text);
}

/** Cells of a "A | B |" row; "\|" is a literal bar (Markdown). */
export function splitCells(text: string): string[] {
  let t = text.trim();
  if (t.startsWith('|')) t = t.slice(1);
  if (t.endsWith('|') && !t.endsWith('\\|')) t = t.slice(0, -1);
  return t.split(/(?<!\\)\|/).map((c) => normaliseSpaces(c.replace(/\\\|/g, '|')));
}

/** A horizontal rule ("---", "***", "* * *"): a break, not text. */
export function isRule(text: string): boolean {
  return /^([-*_=~])(\s*\1){2,}$/.test(text);
}

/**
 * Indexes of lines that form tables: runs of lines containing "|" that either include a
 * separator row or all start or end with "|" (two rows at least). A lone "News | Site"
 * title is not a table.
 */
export function tableLineIndexes(texts: string[]): Set<number> {
  const out = new Set<number>();
  let i = 0;
  while (i < texts.length) {
    if (!texts[i].includes('|')) {
      i++;
      continue;
    }
    let j = i;
    while (j < texts.length && texts[j].includes('|')) j++;
    const run = texts.slice(i, j);
    const hasSep = run.some(isTableSeparator);
    const piped = run.every((t) => t.startsWith('|') || t.endsWith('|'));
    if (hasSep || (piped && run.length >= 2)) for (let k = i; k < j; k++) out.add(k);
    i = j;
  }
  return out;
}

/** Classifies already-normalised lines of plain text (no Markdown syntax). */
export function classifyTextLines(texts: string[]): Line[] {
  const tables = tableLineIndexes(texts);
  return texts.map((text, i): Line => {
    if (text === '') return { kind: 'blank' };
    if (tables.has(i)) return isTableSeparator(text) ? { kind: 'sep' } : { kind: 'row', cells: splitCells(text) };
    if (isRule(text)) return { kind: 'blank' };
    const bullet = parseBullet(text);
    if (bullet) return { kind: 'bullet', ...bullet };
    return { kind: 'plain', text };
  });
}

const TERMINAL_END = /[.!?:;。！？：；]["'”’)\]」』]*$/;

/**
 * Re-joins hard-wrapped text (lines cut at a fixed width, as in e-mail or old wire copy).
 * Wrapping shows as short lines (at most ~100 characters) where a line without final
 * punctuation is followed by one that starts in lower case, mid-sentence. In such text a
 * "full" line (at least 60% of the wrap width) that does not end a sentence continues on
 * the next line; short lines (headings, last lines of paragraphs) do not. Text with one
 * paragraph per line is left alone.
 */
export function joinHardWrapped(lines: Line[]): Line[] {
  const plain = lines.map((l) => (l.kind === 'plain' ? l.text : l.kind === 'bullet' ? `${l.marker} ${l.text}` : ''));
  const lengths = plain.filter(Boolean).map((t) => t.length).sort((a, b) => a - b);
  if (lengths.length < 3) return lines;
  const width = lengths[Math.floor(lengths.length * 0.9)];
  if (width > 100 || width < 30) return lines;
  const full = (t: string) => t.length >= width * 0.6;
  let open = 0; // full lines without final punctuation, followed by a text line
  let midSentence = 0; // ... whose next line starts in lower case
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!plain[i] || !plain[i + 1] || lines[i + 1].kind !== 'plain' || !full(plain[i]) || TERMINAL_END.test(plain[i])) continue;
    open++;
    if (/^\p{Ll}/u.test(plain[i + 1])) midSentence++;
  }
  if (midSentence < 2 || midSentence < open * 0.3) return lines;

  const out: Line[] = [];
  let lastPhysical = ''; // the last input line, as wrapped (not the joined paragraph)
  for (const line of lines) {
    const prev = out[out.length - 1];
    const continues = line.kind === 'plain' && full(lastPhysical) && !TERMINAL_END.test(lastPhysical);
    if (continues && prev?.kind === 'plain') {
      out[out.length - 1] = { kind: 'plain', text: `${prev.text} ${line.text}` };
    } else if (continues && prev?.kind === 'bullet') {
      // A wrapped list item continues on the next line.
      out[out.length - 1] = { ...prev, text: `${prev.text} ${line.text}` };
    } else {
      out.push(line);
    }
    lastPhysical =
      line.kind === 'plain' ? line.text : line.kind === 'bullet' ? `${line.marker} ${line.text}` : '';
  }
  return out;
}

/** Plain text (already repaired) to lines. */
export function textToLines(text: string): Line[] {
  return joinHardWrapped(classifyTextLines(toLines(text)));
}
