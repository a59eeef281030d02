// The plain-text rendering of a digest: `Digest.text`, what the console and the CLI print.
// Slack and Discord render the structured Digest themselves (headline, keyPoints with their
// `n`, disputes as "Disputed", citation lines from keyPoints); this follows the same order.
import { excerptDate, quoteText, updateLine as updateLineOf } from '../answer/render-text.js';
import type { Digest, Disagreement, Excerpt, SourceSummary, Story } from '../types.js';
import { localDateTime, longDate, readableDate } from '../time.js';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "Disputed — how long the call lasted: “over an hour” [4] vs “two hours” [5]." */
export function disputeLine(d: Disagreement): string {
  // Issue 20: figures that changed from one report to a later one are listed as updated, oldest first.
  if (d.kind === 'update') return updateLineOf(d);
  const sides = d.claims.map((c) => `“${c.value}” [${c.n}]${c.by ? ` (${c.by})` : ''}`).join(' vs ');
  return `Disputed — ${d.topic}: ${sides}.${d.note ? ` ${d.note}` : ''}`;
}

/** "Title — Outlet, 2025-03-14 — sourceId — [1] ¶3, [4] ¶12" */
export function storySourceLine(s: SourceSummary, cited: Excerpt[]): string {
  const meta = [s.outlet, s.published && readableDate(s.published)].filter(Boolean).join(', ');
  const refs = cited.filter((e) => e.sourceId === s.id).map((e) => `[${e.n}] ¶${e.paragraph}`);
  const quoted = refs.length ? refs.join(', ') : s.copyOf ? `copy of ${s.copyOf}'s wire story` : 'not quoted';
  return [s.title, meta, s.id, quoted].filter(Boolean).join(' — ') + (s.url ? ` <${s.url}>` : '');
}

/** "Sources (3; 1 independent report)" when some are wire copies of another. */
export function storySourcesLabel(story: Pick<Story, 'sources' | 'reports'>): string {
  const n = story.sources.length;
  const independent = story.reports !== undefined && story.reports < n ? `; ${plural(story.reports, 'independent report', 'independent reports')}` : '';
  return n === 1 ? 'Source' : `Sources (${n}${independent})`;
}

/** "4 sources, 2 independent reports; also published by Coast Daily, Valley Post (wire copies)", or none. */
export function storyCopiesLine(story: Pick<Story, 'sources' | 'reports'>): string | undefined {
  const copies = story.sources.filter((s) => s.copyOf);
  if (!copies.length || story.reports === undefined) return undefined;
  const names = [...new Set(copies.map((s) => s.outlet ?? s.id))];
  return `${plural(story.sources.length, 'source', 'sources')}, ${plural(story.reports, 'independent report', 'independent reports')}; also published by ${names.join(', ')} (wire copies)`;
}

/** "• New headline (was “Old headline”) — updated 2026-12-01 10:05 UTC — id" */
export function updateLine(s: SourceSummary): string {
  const was = s.previousTitle && s.previousTitle !== s.title ? ` (was “${s.previousTitle}”)` : '';
  const when = s.updated ? ` — updated ${s.updated.slice(0, 16).replace('T', ' ')} UTC` : '';
  return `• ${s.title}${was}${when} — ${s.id}${s.url ? ` <${s.url}>` : ''}`;
}

export function renderStoryText(story: Story, position: number): string {
  const lines = [`${position}. ${story.headline}`];
  if (story.summary?.trim()) lines.push(`   ${story.summary.trim()}`);
  for (const k of story.keyPoints) lines.push(`   ${quoteText(k)} [${k.n}] (${excerptDate(k)})`);
  for (const d of story.disputes) lines.push(`   ${disputeLine(d)}`);
  lines.push(`   ${storySourcesLabel(story)}:`);
  for (const s of story.sources) lines.push(`   • ${storySourceLine(s, story.keyPoints)}`);
  return lines.join('\n');
}

export function emptyDigestLine(since: Date | undefined, timeZone: string): string {
  return since ? `No new sources since ${localDateTime(since, timeZone)} (${timeZone}).` : 'No sources are indexed yet.';
}

/** The line for the stories a digest leaves out. */
export function moreLine(more: { stories: number; sources: number }, command = 'sources'): string {
  return `… and ${plural(more.stories, 'smaller story', 'smaller stories')} (${plural(more.sources, 'source', 'sources')}); list them with ${command}.`;
}

export function renderDigestText(d: Omit<Digest, 'text'>): string {
  const since = d.since ? new Date(d.since) : undefined;
  const updates = d.updates?.length ? [`\nUpdated since the last digest (corrections, not new stories):`, ...d.updates.map(updateLine)] : [];
  if (d.newSources === 0) return updates.length ? [emptyDigestLine(since, d.timeZone), ...updates].join('\n') : emptyDigestLine(since, d.timeZone);
  const head = `Newsroom digest — ${longDate(d.date)} (${d.timeZone})`;
  const counts = `${plural(d.newSources, 'new source', 'new sources')}${since ? ` since ${localDateTime(since, d.timeZone)}` : ''}, ${plural(d.stories.length + (d.more?.stories ?? 0), 'story', 'stories')}.`;
  return [head, counts, ...d.stories.map((s, i) => `\n${renderStoryText(s, i + 1)}`), ...(d.more ? [`\n${moreLine(d.more)}`] : []), ...updates].join('\n');
}
