// Low-level Block Kit pieces: block types and sizes, text fitted to a limit, sections and context
// blocks packed from lines, and the mrkdwn lines (quotes, disagreements, citations) that several reply
// kinds share. Untrusted text goes through escape.ts here.
import { visible } from '../../visible.js';
import { readableDate } from '../../time.js';
import type { types as SlackTypes } from '@slack/bolt';
import { sourceNotes } from '../../chat/render-text.js';
import { cutAtSentence } from '../../chat/cut.js';
import type { Disagreement } from '../../types.js';
import { codeSpan, escapeMrkdwn, flattenWhitespace, linkLabel, linkUrl, mrkdwnLiteral } from './escape.js';
import { CONTEXT_ELEMENTS_MAX, SECTION_TEXT_MAX } from './limits.js';

export type SlackBlock =
  | SlackTypes.SectionBlock
  | SlackTypes.ContextBlock
  | SlackTypes.ActionsBlock
  | SlackTypes.HeaderBlock
  | SlackTypes.DividerBlock;

/** Number of characters of text a block shows (what the per-message budget counts). */
export function blockChars(block: SlackBlock): number {
  switch (block.type) {
    case 'section':
      return (block.text?.text.length ?? 0) + (block.fields ?? []).reduce((n, f) => n + f.text.length, 0);
    case 'context':
      return block.elements.reduce((n, e) => n + ('text' in e && typeof e.text === 'string' ? e.text.length : 0), 0);
    case 'header':
      return block.text.text.length;
    default:
      return 0;
  }
}

/**
 * Cuts raw text at a sentence boundary so that, once escaped with `escape`, it fits in `max` characters
 * (escaping only ever lengthens text, so the raw budget shrinks until the escaped text fits).
 */
export function fitText(raw: string, max: number, escape: (s: string) => string): { text: string; cut: boolean } {
  let budget = Math.min(raw.length, max);
  for (let i = 0; i < 40; i++) {
    const { text, cut } = cutAtSentence(raw, budget);
    const out = escape(text);
    if (out.length <= max) return { text: out, cut };
    budget = Math.min(budget - 1, Math.floor((budget * max) / out.length));
    if (budget < 1) break;
  }
  return { text: escape('…'), cut: true };
}

export function section(text: string): SlackTypes.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

export function noteBlock(note: string): SlackTypes.ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: `:scissors: _${escapeMrkdwn(note)}_` }] };
}

/** A mrkdwn section from untrusted raw text, prefixed by our own markup, fitted to the section limit. */
export function literalSection(prefix: string, raw: string, suffix = ''): { block: SlackTypes.SectionBlock; cut: boolean } {
  const room = SECTION_TEXT_MAX - prefix.length - suffix.length;
  const fitted = fitText(raw, room, mrkdwnLiteral);
  return { block: section(prefix + fitted.text + suffix), cut: fitted.cut };
}

export function literal(raw: string, max: number): string {
  return fitText(raw, max, mrkdwnLiteral).text;
}

/** Packs lines into context blocks (≤ 10 elements of ≤ 3,000 characters each). */
export function contextBlocks(lines: string[]): SlackTypes.ContextBlock[] {
  const elements: string[] = [];
  let current = '';
  for (const line of lines) {
    // Lines are built to fit; one that does not is left out rather than cut inside its markup.
    const piece = line.length > SECTION_TEXT_MAX ? '…' : line;
    if (current && current.length + 1 + piece.length > SECTION_TEXT_MAX) {
      elements.push(current);
      current = '';
    }
    current = current ? `${current}\n${piece}` : piece;
  }
  if (current) elements.push(current);
  const blocks: SlackTypes.ContextBlock[] = [];
  for (let i = 0; i < elements.length; i += CONTEXT_ELEMENTS_MAX) {
    blocks.push({
      type: 'context',
      elements: elements.slice(i, i + CONTEXT_ELEMENTS_MAX).map((text) => ({ type: 'mrkdwn' as const, text })),
    });
  }
  return blocks;
}

/** Packs lines into sections of at most 3,000 characters. */
export function sectionBlocks(lines: string[]): SlackTypes.SectionBlock[] {
  const out: SlackTypes.SectionBlock[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + 1 + line.length > SECTION_TEXT_MAX) {
      out.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) out.push(section(current));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Lines shared by answers, quotes and digests

export function quoteLine(quote: string, n: number | undefined, room: number, table = false): { text: string; cut: boolean } {
  // A table row is shown as a row (its cells as written), not in quotation marks.
  const [open, close] = table ? ['_table row:_ ', ''] : ['"', '"'];
  const suffix = n === undefined ? close : `${close} [${n}]`;
  const fitted = fitText(flattenWhitespace(quote), Math.max(100, room - open.length - 2 - suffix.length), mrkdwnLiteral);
  return { text: `> ${open}${fitted.text}${suffix}`, cut: fitted.cut };
}

export function disagreementText(d: Disagreement, label: string): string {
  // Issue 20: news updated over time is a timeline, not a dispute.
  if (d.kind === 'update') {
    const steps = d.claims.slice(0, 8).map((c) => `${literal(flattenWhitespace(c.value), 200)} [${c.n}] (${c.published ? readableDate(c.published) : 'undated'})`);
    return `:arrows_counterclockwise: *Updated* — ${literal(flattenWhitespace(d.topic), 200)}: ${steps.join(' → ')}`;
  }
  const claims = d.claims
    .slice(0, 8)
    .map((c) => `"${literal(flattenWhitespace(c.value), 200)}" [${c.n}]${c.by ? ` (${literal(flattenWhitespace(c.by), 60)})` : ''}`)
    .join(' vs ');
  const more = d.claims.length > 8 ? ` (and ${d.claims.length - 8} more)` : '';
  let text = `:warning: *${label}* on ${literal(flattenWhitespace(d.topic), 200)}: ${claims}${more}`;
  if (d.note?.trim()) text += `\n_${literal(flattenWhitespace(d.note), 600)}_`;
  return text;
}

/**
 * An article's title, linked when it has a safe http(s) URL, cut to about 150 characters and
 * never longer than 1,800 once escaped (a link label escapes only & < >; plain text also shows
 * * _ ~ ` through longer tokens), so a line holding it fits a 3,000-character block.
 */
export function sourceTitle(title: string, url: string | undefined): string {
  const href = linkUrl(url);
  const label = flattenWhitespace(title) || (href ? (url ?? '') : 'Untitled');
  if (href) return `<${href}|${linkLabel(cutAtSentence(label, 150).text)}>`;
  return fitText(cutAtSentence(label, 150).text, 800, mrkdwnLiteral).text;
}

export function citationLine(e: { n: number; sourceId: string; title: string; url?: string; paragraph: number; updated?: string; summaryOnly?: boolean; alsoPublishedBy?: string[] }): string {
  const notes = sourceNotes(e);
  return `[${e.n}] ${sourceTitle(e.title, e.url)} — ${codeSpan(`${visible(e.sourceId)} ¶${e.paragraph}`)}${notes ? literal(notes, 300) : ''}`;
}
