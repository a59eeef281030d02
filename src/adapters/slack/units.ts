// Units of blocks and how they fill messages: cutting to one message by priority (with a note), or
// splitting across several.
import { blockChars, type SlackBlock } from './blocks.js';

// ---------------------------------------------------------------------------------------------
// Units: groups of blocks that belong together, with a priority for when a message must be cut.

export interface Unit {
  blocks: SlackBlock[];
  /** tail: always kept, after the note (sources, notes); keep: kept before body (question, disagreements); body: dropped from the end. */
  priority: 'tail' | 'keep' | 'body';
  /** True when text inside was already shortened to fit a block. */
  cut?: boolean;
}

function unitChars(unit: Unit): number {
  return unit.blocks.reduce((n, b) => n + blockChars(b), 0);
}

/**
 * Selects units for one message: tail units first, then keep units, then body units in order until the
 * first that does not fit. Output keeps the original order, with the note between body and tail.
 */
export function fitUnits(
  units: Unit[],
  note: SlackBlock,
  maxBlocks: number,
  maxChars: number,
): { blocks: SlackBlock[]; cut: boolean; droppedBody: number } {
  const totalBlocks = units.reduce((n, u) => n + u.blocks.length, 0);
  const totalChars = units.reduce((n, u) => n + unitChars(u), 0);
  const alreadyCut = units.some((u) => u.cut);
  if (totalBlocks <= maxBlocks && totalChars <= maxChars && !alreadyCut) {
    return { blocks: units.flatMap((u) => u.blocks), cut: false, droppedBody: 0 };
  }
  let blocksLeft = maxBlocks - 1;
  let charsLeft = maxChars - blockChars(note);
  const chosen = new Set<Unit>();
  let dropped = false;
  let droppedBody = 0;
  for (const priority of ['tail', 'keep', 'body'] as const) {
    let stopped = false;
    for (const unit of units.filter((u) => u.priority === priority)) {
      const b = unit.blocks.length;
      const c = unitChars(unit);
      if (!stopped && b <= blocksLeft && c <= charsLeft) {
        chosen.add(unit);
        blocksLeft -= b;
        charsLeft -= c;
      } else {
        dropped = true;
        if (priority === 'body') {
          stopped = true;
          droppedBody++;
        }
      }
    }
  }
  const cut = dropped || alreadyCut;
  const head = units.filter((u) => u.priority !== 'tail' && chosen.has(u)).flatMap((u) => u.blocks);
  const tail = units.filter((u) => u.priority === 'tail' && chosen.has(u)).flatMap((u) => u.blocks);
  return { blocks: cut ? [...head, note, ...tail] : [...head, ...tail], cut, droppedBody };
}

/** Packs units into pages of at most maxBlocks / maxChars; a unit larger than a page is split by block. */
export function splitUnits(units: Unit[], maxBlocks: number, maxChars: number): SlackBlock[][] {
  const pages: SlackBlock[][] = [];
  let page: SlackBlock[] = [];
  let pageChars = 0;
  const flush = (): void => {
    while (page[0]?.type === 'divider') page.shift();
    if (page.length) pages.push(page);
    page = [];
    pageChars = 0;
  };
  const place = (blocks: SlackBlock[], chars: number): void => {
    if (page.length + blocks.length > maxBlocks || pageChars + chars > maxChars) flush();
    page.push(...blocks);
    pageChars += chars;
  };
  for (const unit of units) {
    const chars = unitChars(unit);
    if (unit.blocks.length <= maxBlocks && chars <= maxChars) place(unit.blocks, chars);
    else for (const block of unit.blocks) place([block], blockChars(block));
  }
  flush();
  return pages;
}
