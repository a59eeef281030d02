// Tables in article text ("A | B |" rows) become sentences a reader can quote and the
// embedding model can read; a table of contents is dropped (its entries are headings).

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
}

const NUMBER_HEADER = /^(no\.?|#|number|s\.? ?no\.?|sr\.? ?no\.?|rank)$/i;
const NUMBER_CELL = /^\d{1,3}[.)]?$/;
const LIST_NUMBER = /^\d{1,3}[.)]\s*/;

function sentence(text: string): string {
  return /[.!?…]["'”’)]*$/.test(text) ? text : `${text}.`;
}

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

  // "No. | Key Points": numbered statements, one per line.
  const numbered = (header !== undefined && NUMBER_HEADER.test(header[0])) || rows.every((r) => NUMBER_CELL.test(r[0]));
  if (numbered) {
    const lines = rows.map((r) => {
      const n = r[0].replace(/[.)]$/, '');
      const extra = r
        .slice(2)
        .map((v, k) => (v === '' ? '' : header?.[k + 2] ? `${header[k + 2]}: ${v}` : v))
        .filter(Boolean);
      const body = [r[1] ?? '', ...extra].filter(Boolean).join('; ');
      return `${n}. ${body}`.trim();
    });
    const section = header && width === 2 && header[1] ? header[1] : undefined;
    return { lines, section };
  }

  if (header) {
    // "United Kingdom — Defense Spending Target: 2.5% of GDP."
    const lines = rows.map((r) => {
      const subject = r[0];
      const pairs = r
        .slice(1)
        .map((v, k) => (v === '' ? '' : header[k + 1] ? `${header[k + 1]}: ${v}` : v))
        .filter(Boolean);
      if (pairs.length === 0) return sentence(subject);
      return sentence(subject ? `${subject} — ${pairs.join('; ')}` : pairs.join('; '));
    });
    return { lines };
  }

  return { lines: rows.map((r) => sentence(r.filter(Boolean).join(' — '))) };
}
