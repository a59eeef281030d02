// Tables in article text ("A | B |" rows) stay rows: one line per row, its cells as written
// and parted by " | ", the header row first. What stands in quotation marks must be the
// source's own words, so a row is never turned into a sentence. A table of contents is
// dropped (its entries are headings); a one-column table is a list.

export interface Table {
  /** The header row, when a separator row follows the first row. */
  header?: string[];
  rows: string[][];
}

export interface RenderedTable {
  /** One line per row; empty when the table carries nothing to index. */
  lines: string[];
  /** A section name the table gives itself (the "Key Points" of a numbered table). */
  section?: string;
  /** The lines are table rows (not a list). */
  rows?: boolean;
}

/** The separator between the cells of a row as the bot stores and shows it. */
export const CELL_SEPARATOR = ' | ';

const NUMBER_HEADER = /^(no\.?|#|number|s\.? ?no\.?|sr\.? ?no\.?|rank)$/i;
const NUMBER_CELL = /^\d{1,3}[.)]?$/;
const LIST_NUMBER = /^\d{1,3}[.)]\s*/;

function trimEmptyColumns(row: string[]): string[] {
  const out = [...row];
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

/** Lower-case, numbering and final punctuation removed: for comparing with headings. */
export function headingKey(text: string): string {
  return text.replace(LIST_NUMBER, '').replace(/[\s.:;!?]+$/, '').replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Renders a table as lines of text. `headings` are the keys (headingKey) of the
 * article's own headings, to recognise a table of contents.
 */
export function renderTable(table: Table, headings: ReadonlySet<string>): RenderedTable {
  const header = table.header ? trimEmptyColumns(table.header) : undefined;
  const rows = table.rows.map(trimEmptyColumns).filter((r) => r.some((c) => c !== ''));
  if (rows.length === 0) return { lines: [] };
  const width = Math.max(header?.length ?? 0, ...rows.map((r) => r.length));

  if (width === 1) {
    const cells = rows.map((r) => r[0]);
    // A table of contents: every entry is one of the article's headings.
    if (cells.every((c) => headings.has(headingKey(c)))) return { lines: [] };
    return { lines: cells.map((c) => `- ${c}`), section: header?.[0] || undefined };
  }

  // "No. | Key Points": numbered statements, one per line ("1. President Trump announced …").
  const numbered = (header !== undefined && NUMBER_HEADER.test(header[0])) || rows.every((r) => NUMBER_CELL.test(r[0]));
  if (numbered && width === 2) {
    const lines = rows.map((r) => `${r[0].replace(/[.)]$/, '')}. ${r[1] ?? ''}`.trim());
    return { lines, section: header?.[1] || undefined };
  }

  const lines = [...(header ? [header] : []), ...rows].map((r) => r.join(CELL_SEPARATOR));
  return { lines, rows: true };
}
