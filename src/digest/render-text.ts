// The plain-text rendering of a digest: `Digest.text`, what the console and the CLI print.
// Slack and Discord render the structured Digest themselves (headline, keyPoints with their
// `n`, disputes as "Disputed", citation lines from keyPoints); this follows the same order.
import { quoteText } from '../answer/render-text.js';
import type { Digest, Disagreement, Excerpt, SourceSummary, Story } from '../types.js';
import { localDateTime, longDate, readableDate } from './time.js';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "Disputed — how long the call lasted: “over an hour” [4] vs “two hours” [5]." */
export function disputeLine(d: Disagreement): string {
  const sides = d.claims.map((c) => `“${c.value}” [${c.n}]`).join(' vs ');
  return `Disputed — ${d.topic}: ${sides}.${d.note ? ` ${d.note}` : ''}`;
}

/** "Title — Outlet, 2025-03-14 — sourceId — [1] ¶3, [4] ¶12" */
export function storySourceLine(s: SourceSummary, cited: Excerpt[]): string {
  const meta = [s.outlet, s.published && readableDate(s.published)].filter(Boolean).join(', ');
  const refs = cited.filter((e) => e.sourceId === s.id).map((e) => `[${e.n}] ¶${e.paragraph}`);
  return [s.title, meta, s.id, refs.length ? refs.join(', ') : 'not quoted'].filter(Boolean).join(' — ') + (s.url ? ` <${s.url}>` : '');
}

export function renderStoryText(story: Story, position: number): string {
  const lines = [`${position}. ${story.headline}`];
  if (story.summary?.trim()) lines.push(`   ${story.summary.trim()}`);
  for (const k of story.keyPoints) lines.push(`   ${quoteText(k)} [${k.n}]`);
  for (const d of story.disputes) lines.push(`   ${disputeLine(d)}`);
  lines.push(`   ${story.sources.length === 1 ? 'Source' : `Sources (${story.sources.length})`}:`);
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
  if (d.newSources === 0) return emptyDigestLine(since, d.timeZone);
  const head = `Newsroom digest — ${longDate(d.date)} (${d.timeZone})`;
  const counts = `${plural(d.newSources, 'new source', 'new sources')}${since ? ` since ${localDateTime(since, d.timeZone)}` : ''}, ${plural(d.stories.length + (d.more?.stories ?? 0), 'story', 'stories')}.`;
  return [head, counts, ...d.stories.map((s, i) => `\n${renderStoryText(s, i + 1)}`), ...(d.more ? [`\n${moreLine(d.more)}`] : [])].join('\n');
}
