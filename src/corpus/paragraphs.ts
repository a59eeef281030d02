// Blocks to paragraphs: each paragraph carries the heading it sits under; a list stays
// with the paragraph that introduces it; a table is one paragraph of rows.

import type { Block } from './structure.js';
import { headingKey, renderTable } from './tables.js';

export interface CleanParagraph {
  text: string;
  /** The heading the paragraph sits under. */
  section?: string;
  /** The text is table rows, one a line, cells parted by " | ". */
  table?: true;
}

function paragraph(text: string, section: string | undefined): CleanParagraph {
  return section === undefined ? { text } : { text, section };
}

export function assembleParagraphs(blocks: Block[]): CleanParagraph[] {
  const headings = new Set(blocks.flatMap((b) => (b.kind === 'heading' ? [headingKey(b.text)] : [])));
  const out: CleanParagraph[] = [];
  let section: string | undefined;
  // The paragraph a following list would belong to.
  let leadIn: CleanParagraph | undefined;
  for (const block of blocks) {
    switch (block.kind) {
      case 'heading':
        section = block.text;
        leadIn = undefined;
        break;
      case 'text':
        leadIn = paragraph(block.text, section);
        out.push(leadIn);
        break;
      case 'list': {
        const items = block.items.join('\n');
        // "...including:" then the list, or a list written right under its paragraph.
        if (leadIn && (/:$/.test(leadIn.text) || !block.gapBefore)) {
          leadIn.text = `${leadIn.text}\n${items}`;
        } else {
          out.push(paragraph(items, section));
          leadIn = undefined;
        }
        break;
      }
      case 'table': {
        const rendered = renderTable(block.table, headings);
        if (rendered.lines.length > 0) {
          const p = paragraph(rendered.lines.join('\n'), rendered.section ?? section);
          out.push(rendered.rows ? { ...p, table: true } : p);
        }
        leadIn = undefined;
        break;
      }
    }
  }
  return out;
}
