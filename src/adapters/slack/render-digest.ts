// Digest → Slack units: a header with the day's counts, then one unit per story (headline, summary,
// key quotes, disputes, citations).
import { moreLine, storyCopiesLine, updateLine } from '../../digest/render-text.js';
import { excerptDate } from '../../chat/render-text.js';
import { localDateTime } from '../../time.js';
import type { Digest, Excerpt, Story } from '../../types.js';
import {
  citationLine,
  contextBlocks,
  disagreementText,
  literal,
  quoteLine,
  section,
  sectionBlocks,
  sourceTitle,
  type SlackBlock,
} from './blocks.js';
import { flattenWhitespace } from './escape.js';
import { HEADER_TEXT_MAX, SECTION_TEXT_MAX } from './limits.js';
import type { Unit } from './units.js';

function storyUnit(story: Story): Unit {
  const blocks: SlackBlock[] = [{ type: 'divider' }];
  let headline = `*${literal(flattenWhitespace(story.headline), 300)}*`;
  if (story.summary?.trim()) headline += `\n${literal(story.summary.trim(), SECTION_TEXT_MAX - headline.length - 10)}`;
  blocks.push(section(headline));
  let cut = false;
  const points = story.keyPoints.map((k) => {
    const date = ` _(${literal(excerptDate(k), 60)})_`;
    const line = quoteLine(k.quote, k.n, SECTION_TEXT_MAX - date.length, k.table);
    cut ||= line.cut;
    return line.text + date;
  });
  blocks.push(...sectionBlocks(points));
  for (const d of story.disputes) blocks.push(section(disagreementText(d, 'Disputed')));
  const cited: Excerpt[] = story.keyPoints;
  const lines = cited.map(citationLine);
  if (lines.length) blocks.push(...contextBlocks(lines));
  else if (story.sources.length) blocks.push(...contextBlocks(story.sources.map((s) => `• ${sourceTitle(s.title, s.url)}`)));
  const copies = storyCopiesLine(story);
  if (copies) blocks.push(...contextBlocks([literal(copies, 500)]));
  return { blocks, priority: 'body', cut };
}

/** "3 new articles", "1 story": a count with its noun. */
export function counted(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The digest's since-time as the newsroom reads it ("21 November 2026, 07:56", in its zone), as the plain-text digest shows it. */
export function digestSince(digest: Digest): string | undefined {
  if (!digest.since) return undefined;
  const since = new Date(digest.since);
  if (Number.isNaN(since.getTime())) return digest.since;
  try {
    return localDateTime(since, digest.timeZone);
  } catch {
    return digest.since; // an unknown zone: the instant as it came
  }
}

export function digestUnits(digest: Digest): Unit[] {
  const title = `Newsroom digest — ${digest.date}`.slice(0, HEADER_TEXT_MAX);
  const sinceText = digestSince(digest);
  const since = sinceText ? ` since ${sinceText}` : '';
  const meta = `${counted(digest.newSources, 'new article', 'new articles')}${since} · ${digest.timeZone}`;
  const units: Unit[] = [
    {
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: title, emoji: false } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: literal(meta, 500) }] },
      ],
      priority: 'keep',
    },
  ];
  if (digest.stories.length === 0) units.push({ blocks: [section('Nothing new came in.')], priority: 'keep' });
  for (const story of digest.stories) units.push(storyUnit(story));
  if (digest.more) units.push({ blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: literal(moreLine(digest.more, '/sources'), 500) }] }], priority: 'keep' });
  // Corrections of earlier articles: listed as updates, never as new stories.
  if (digest.updates?.length) units.push({ blocks: [section(`*Updated* (corrections)\n${literal(digest.updates.map(updateLine).join('\n'), 2500)}`)], priority: 'keep' });
  return units;
}
