// The plain-text rendering of an answer: what the CLI prints and what chat adapters
// fall back to. Chat adapters escape it for their platform.
import { visible } from '../visible.js';
import { readableDate } from '../time.js';
import type { Answer, Disagreement, Excerpt } from '../types.js';

export function disagreementLine(d: Disagreement): string {
  if (d.kind === 'update') return updateLine(d);
  const sides = d.claims.map((c) => `“${c.value}” [${c.n}]${c.by ? ` (${visible(c.by)})` : ''}`).join(' vs ');
  return `Sources disagree on ${d.topic}: ${sides}.${d.note ? ` ${d.note}` : ''}`;
}

/** "Updated — how many people died: 12 [1] (2 March 2026) → 31 [2] (3 March 2026)": oldest first. */
export function updateLine(d: Disagreement): string {
  return `Updated — ${d.topic}: ${d.claims.map((c) => `${c.value} [${c.n}] (${c.published ? readableDate(c.published) : 'undated'})`).join(' → ')}`;
}

/** "2026-12-01 10:05 UTC": when a source was updated (the version quoted). */
export function updatedTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** ", updated …", " (feed summary)", "; also published by …": what a reader needs to weigh a citation. */
export function sourceNotes(s: { updated?: string; summaryOnly?: boolean; alsoPublishedBy?: string[]; copyOf?: string }): string {
  return (
    (s.updated ? `, updated ${updatedTime(s.updated)}` : '') +
    (s.summaryOnly ? ' (feed summary; the page could not be fetched)' : '') +
    (s.copyOf ? `, same wire story as ${s.copyOf}` : '') +
    (s.alsoPublishedBy?.length ? `; also published by ${s.alsoPublishedBy.join(', ')}` : '')
  );
}

/**
 * A quote as shown: the source's own sentence in quotation marks, or a table row marked as
 * one (its cells as written), since a row is not a sentence the source wrote.
 */
export function quoteText(e: { quote: string; table?: true }): string {
  return e.table ? `table row: ${e.quote}` : `“${e.quote}”`;
}

/** The source's date as a reader needs it beside a quote: published (or updated), else "undated". */
export function excerptDate(e: { published?: string; updated?: string }): string {
  return e.published ? readableDate(e.published) : e.updated ? `updated ${readableDate(e.updated)}` : 'undated';
}

export function sourceLine(e: Excerpt): string {
  const when = `, ${excerptDate(e)}`;
  const link = e.url ? ` <${e.url}>` : '';
  return `[${e.n}] ${visible(e.title)} — ${visible(e.sourceId)}, paragraph ${e.paragraph}${when}${sourceNotes(e)}${link}`;
}

export function renderAnswerText(answer: Omit<Answer, 'text'>, sourceCount?: number): string {
  if (answer.status === 'not_found') {
    const where = sourceCount !== undefined ? ` (${sourceCount} indexed source${sourceCount === 1 ? '' : 's'})` : '';
    return [
      `Nothing in the indexed sources${where} answers this question, so I won't guess.`,
      'Try other words, or list what is indexed with `sources`.',
      ...(answer.notes ?? []).map((n) => `Note: ${n}`),
      ...(answer.searched ? [`Searched: ${answer.searched}`] : []),
    ].join('\n');
  }
  const lines: string[] = [];
  if (answer.summary) lines.push(answer.summary, '');
  for (const e of answer.excerpts) lines.push(`${quoteText(e)} [${e.n}] (${excerptDate(e)})`);
  if (answer.disagreements.length) {
    lines.push('');
    for (const d of answer.disagreements) lines.push(d.kind === 'update' ? disagreementLine(d) : `⚠ ${disagreementLine(d)}`);
  }
  for (const n of answer.notes ?? []) lines.push('', `Note: ${n}`);
  lines.push('', 'Sources:');
  for (const e of answer.excerpts) lines.push(sourceLine(e));
  if (answer.searched) lines.push(`Searched: ${answer.searched}`);
  return lines.join('\n');
}
