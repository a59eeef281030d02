// Digest → Slack units: a header with the day's counts, then one unit per story (headline, summary,
// key quotes, disputes, citations).
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
    const line = quoteLine(k.quote, k.n, SECTION_TEXT_MAX);
    cut ||= line.cut;
    return line.text;
  });
  blocks.push(...sectionBlocks(points));
  for (const d of story.disputes) blocks.push(section(disagreementText(d, 'Disputed')));
  const cited: Excerpt[] = story.keyPoints;
  const lines = cited.map(citationLine);
  if (lines.length) blocks.push(...contextBlocks(lines));
  else if (story.sources.length) blocks.push(...contextBlocks(story.sources.map((s) => `• ${sourceTitle(s.title, s.url)}`)));
  return { blocks, priority: 'body', cut };
}

export function digestUnits(digest: Digest): Unit[] {
  const title = `Newsroom digest — ${digest.date}`.slice(0, HEADER_TEXT_MAX);
  const since = digest.since ? ` since ${digest.since}` : '';
  const meta = `${digest.newSources} new article${digest.newSources === 1 ? '' : 's'}${since} · ${digest.timeZone}`;
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
  return units;
}
