// Lines to blocks: decides which plain lines are headings, gathers list items and table
// rows, and reads FAQ sections (questions become headings; unanswered ones vanish).

import { parseDateLine } from './dateline.js';
import { isFaqHeading, isHeadingLike, questionOf, stripAnswerLabel } from './headings.js';
import type { Line } from './lines.js';
import type { Table } from './tables.js';

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string; gapBefore: boolean }
  /** List items as lines, marker first ("- Land distribution"). */
  | { kind: 'list'; items: string[]; gapBefore: boolean }
  | { kind: 'table'; table: Table };

function nextNonBlank(lines: Line[], from: number): number {
  let i = from;
  while (i < lines.length && lines[i].kind === 'blank') i++;
  return i;
}

/** Lines to blocks. Date-only lines inside the body are dropped. */
export function toBlocks(lines: Line[]): Block[] {
  const blocks: Block[] = [];
  let gap = false;
  let inFaq = false;
  let underQuestion = false;

  const heading = (text: string, question = false) => {
    blocks.push({ kind: 'heading', text: text.replace(/\s*:$/, '') });
    if (isFaqHeading(text)) inFaq = true;
    else if (!question) inFaq = false;
    underQuestion = question;
  };
  // A plain line that stands for a heading: not a question, short, no final punctuation.
  const headingCandidate = (line: Line | undefined): boolean =>
    line?.kind === 'plain' &&
    isHeadingLike(line.text) &&
    !isFaqHeading(line.text) &&
    questionOf(line.text, inFaq) === undefined &&
    parseDateLine(line.text) === undefined;

  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.kind === 'blank') {
      gap = true;
      i++;
      continue;
    }
    if (line.kind === 'heading') {
      heading(line.text, inFaq && /\?$/.test(line.text));
      i++;
    } else if (line.kind === 'row' || line.kind === 'sep') {
      let j = i;
      const rows: string[][] = [];
      let header: string[] | undefined;
      for (; j < lines.length; j++) {
        const l = lines[j];
        if (l.kind === 'sep') {
          // The separator right under the first row makes that row the header.
          if (j === i + 1 && rows.length === 1 && header === undefined) header = rows.pop();
        } else if (l.kind === 'row') rows.push(l.cells);
        else break;
      }
      blocks.push({ kind: 'table', table: header ? { header, rows } : { rows } });
      i = j;
    } else if (line.kind === 'bullet') {
      const items: string[] = [];
      let j = i;
      // Loose lists (a blank line between items) are still one list.
      while (j < lines.length) {
        const l = lines[j];
        if (l.kind === 'bullet') {
          items.push(`${l.marker} ${l.text}`);
          j++;
        } else if (l.kind === 'blank' && lines[nextNonBlank(lines, j)]?.kind === 'bullet') j++;
        else break;
      }
      blocks.push({ kind: 'list', items, gapBefore: gap });
      i = j;
    } else if (isFaqHeading(line.text) && isHeadingLike(line.text)) {
      heading(line.text);
      i++;
    } else if (questionOf(line.text, inFaq) !== undefined) {
      heading(questionOf(line.text, inFaq) as string, true);
      i++;
    } else if (parseDateLine(line.text) !== undefined) {
      i++;
    } else if (headingCandidate(line)) {
      // A run of heading-like lines. Headings must introduce something: with content after
      // the run, its last line (or two) are headings; a longer run is a list without
      // markers; with nothing after, the run is debris (other headlines, credits).
      const run: string[] = [];
      let j = i;
      while (j < lines.length) {
        const k = nextNonBlank(lines, j);
        const l = lines[k];
        if (!headingCandidate(l) || l.kind !== 'plain') break;
        run.push(l.text);
        j = k + 1;
      }
      const after = lines[nextNonBlank(lines, j)];
      const contentAfter =
        after !== undefined &&
        (after.kind === 'bullet' ||
          after.kind === 'row' ||
          after.kind === 'sep' ||
          (after.kind === 'plain' && !isFaqHeading(after.text) && questionOf(after.text, inFaq) === undefined));
      if (contentAfter) {
        if (run.length >= 3) {
          blocks.push({ kind: 'text', text: run.slice(0, -1).join('\n'), gapBefore: gap });
          heading(run[run.length - 1]);
        } else {
          for (const text of run) heading(text);
        }
      } else if (run.length >= 3) {
        // A list without markers at the end (tour dates, results): text, not debris.
        blocks.push({ kind: 'text', text: run.join('\n'), gapBefore: gap });
      }
      i = j;
    } else {
      const text = inFaq || underQuestion ? stripAnswerLabel(line.text) : line.text;
      blocks.push({ kind: 'text', text, gapBefore: gap });
      i++;
    }
    gap = false;
  }
  return blocks;
}
