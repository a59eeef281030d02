// ChatReply → Slack Block Kit. Pure functions: a reply in, blocks and fallback text out.
//
// Every piece of text that comes from an article, the core or a user goes through escape.ts before it
// lands in mrkdwn. Limits (see limits.ts): every section ≤ 3,000 characters, at most 47 content blocks
// (the handlers add the button row), at most 12,000 characters per message, fallback text ≤ 3,000.
// Answers that do not fit are cut at a sentence boundary with a visible note; lists and digests can be
// split into several messages with toSlackMessages.
import type { types as SlackTypes } from '@slack/bolt';
import { cutAtSentence } from '../../chat/cut.js';
import type { ChatReply } from '../../chat/types.js';
import type { Answer, Digest, Disagreement, Excerpt, SourceSummary, Statement, Story } from '../../types.js';
import {
  codeSpan,
  escapeMrkdwn,
  flattenWhitespace,
  linkOrTitle,
  mrkdwnLiteral,
  userMention,
} from './escape.js';
import {
  CONTENT_BLOCKS_MAX,
  CONTEXT_ELEMENTS_MAX,
  FALLBACK_TEXT_MAX,
  HEADER_TEXT_MAX,
  MESSAGE_CHARS_MAX,
  SECTION_TEXT_MAX,
} from './limits.js';

export type SlackBlock =
  | SlackTypes.SectionBlock
  | SlackTypes.ContextBlock
  | SlackTypes.ActionsBlock
  | SlackTypes.HeaderBlock
  | SlackTypes.DividerBlock;

/** One Slack message: fallback text plus blocks. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

export interface RenderOptions {
  /** Content blocks per message (default 47: Slack's 50 less room for the handlers' rows). */
  maxBlocks?: number;
  /** Characters of text per message (default 12,000). */
  maxChars?: number;
}

/** Action ids of the buttons under answers (the handlers listen for these). */
export const ACTION_SHARE = 'newsroom_share';
export const ACTION_VOTE_UP = 'newsroom_vote_up';
export const ACTION_VOTE_DOWN = 'newsroom_vote_down';

export const CUT_NOTES: Record<ChatReply['kind'], string> = {
  answer: '…answer shortened; ask a narrower question.',
  sources: '…list shortened; ask for another page with /sources <page>.',
  quotes: '…more quotes than fit here; try a fuller name.',
  digest: '…digest shortened.',
  help: '…help shortened.',
  notice: '…shortened.',
};

const NOT_FOUND_TEXT = 'Nothing in the indexed articles answers that. Try other words, or /sources to see what is indexed.';

// ---------------------------------------------------------------------------------------------
// Public API

/** Blocks for one message; content that does not fit is cut, with a visible note. */
export function toSlackBlocks(reply: ChatReply, options: RenderOptions = {}): SlackBlock[] {
  const { maxBlocks, maxChars } = budgets(options);
  if (reply.kind === 'answer') return fitAnswer(reply.answer, maxBlocks, maxChars);
  return fitUnits(unitsFor(reply), noteBlock(CUT_NOTES[reply.kind]), maxBlocks, maxChars).blocks;
}

/** The top-level `text` of a message: notifications and screen readers read it. At most 3,000 characters. */
export function toSlackText(reply: ChatReply): string {
  return fitText(fallbackRaw(reply), FALLBACK_TEXT_MAX, escapeMrkdwn).text;
}

/** One message for the reply (answers, help, notices) or several in order (long source lists, quotes, digests). */
export function toSlackMessages(reply: ChatReply, options: RenderOptions = {}): SlackMessage[] {
  const text = toSlackText(reply);
  if (reply.kind === 'answer' || reply.kind === 'help' || reply.kind === 'notice') {
    return [{ text, blocks: toSlackBlocks(reply, options) }];
  }
  const { maxBlocks, maxChars } = budgets(options);
  const pages = splitUnits(unitsFor(reply), maxBlocks, maxChars);
  if (pages.length <= 1) return [{ text, blocks: pages[0] ?? [] }];
  const title = shortTitle(reply);
  return pages.map((blocks, i) => ({
    text: i === 0 ? text : fitText(`${title} (part ${i + 1} of ${pages.length})`, FALLBACK_TEXT_MAX, escapeMrkdwn).text,
    blocks,
  }));
}

/** The button row under an answer: Share in channel (ephemeral answers only), 👍, 👎. */
export function answerActions(replyId: string, options: { share: boolean }): SlackTypes.ActionsBlock {
  const elements: SlackTypes.Button[] = [];
  if (options.share) {
    elements.push({
      type: 'button',
      action_id: ACTION_SHARE,
      text: { type: 'plain_text', text: 'Share in channel' },
      value: replyId,
      style: 'primary',
    });
  }
  elements.push(
    {
      type: 'button',
      action_id: ACTION_VOTE_UP,
      text: { type: 'plain_text', text: '👍', emoji: true },
      value: replyId,
      accessibility_label: 'This answer helped',
    },
    {
      type: 'button',
      action_id: ACTION_VOTE_DOWN,
      text: { type: 'plain_text', text: '👎', emoji: true },
      value: replyId,
      accessibility_label: 'This answer did not help',
    },
  );
  return { type: 'actions', block_id: 'newsroom_answer_actions', elements };
}

/** The line under an answer someone shared into a channel. */
export function sharedByBlock(userId: string): SlackTypes.ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: `Shared by ${userMention(userId)}` }] };
}

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

// ---------------------------------------------------------------------------------------------
// Units: groups of blocks that belong together, with a priority for when a message must be cut.

interface Unit {
  blocks: SlackBlock[];
  /** tail: always kept, after the note (sources, notes); keep: kept before body (question, disagreements); body: dropped from the end. */
  priority: 'tail' | 'keep' | 'body';
  /** True when text inside was already shortened to fit a block. */
  cut?: boolean;
}

function budgets(options: RenderOptions): { maxBlocks: number; maxChars: number } {
  return {
    maxBlocks: Math.max(3, Math.min(options.maxBlocks ?? CONTENT_BLOCKS_MAX, CONTENT_BLOCKS_MAX)),
    maxChars: Math.max(1000, options.maxChars ?? MESSAGE_CHARS_MAX),
  };
}

function unitChars(unit: Unit): number {
  return unit.blocks.reduce((n, b) => n + blockChars(b), 0);
}

function section(text: string): SlackTypes.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function noteBlock(note: string): SlackTypes.ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: `:scissors: _${escapeMrkdwn(note)}_` }] };
}

/** A mrkdwn section from untrusted raw text, prefixed by our own markup, fitted to the section limit. */
function literalSection(prefix: string, raw: string, suffix = ''): { block: SlackTypes.SectionBlock; cut: boolean } {
  const room = SECTION_TEXT_MAX - prefix.length - suffix.length;
  const fitted = fitText(raw, room, mrkdwnLiteral);
  return { block: section(prefix + fitted.text + suffix), cut: fitted.cut };
}

function literal(raw: string, max: number): string {
  return fitText(raw, max, mrkdwnLiteral).text;
}

/** Packs lines into context blocks (≤ 10 elements of ≤ 3,000 characters each). */
function contextBlocks(lines: string[]): SlackTypes.ContextBlock[] {
  const elements: string[] = [];
  let current = '';
  for (const line of lines) {
    const piece = line.length > SECTION_TEXT_MAX ? line.slice(0, SECTION_TEXT_MAX) : line;
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
function sectionBlocks(lines: string[]): SlackTypes.SectionBlock[] {
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

/**
 * Selects units for one message: tail units first, then keep units, then body units in order until the
 * first that does not fit. Output keeps the original order, with the note between body and tail.
 */
function fitUnits(
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
function splitUnits(units: Unit[], maxBlocks: number, maxChars: number): SlackBlock[][] {
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

// ---------------------------------------------------------------------------------------------
// Answers

function quoteLine(quote: string, n: number | undefined, room: number): { text: string; cut: boolean } {
  const suffix = n === undefined ? '"' : `" [${n}]`;
  const fitted = fitText(flattenWhitespace(quote), Math.max(100, room - 3 - suffix.length), mrkdwnLiteral);
  return { text: `> "${fitted.text}${suffix}`, cut: fitted.cut };
}

function disagreementText(d: Disagreement, label: string): string {
  const claims = d.claims
    .slice(0, 8)
    .map((c) => `"${literal(flattenWhitespace(c.value), 200)}" [${c.n}]`)
    .join(' vs ');
  const more = d.claims.length > 8 ? ` (and ${d.claims.length - 8} more)` : '';
  let text = `:warning: *${label}* on ${literal(flattenWhitespace(d.topic), 200)}: ${claims}${more}`;
  if (d.note?.trim()) text += `\n_${literal(flattenWhitespace(d.note), 600)}_`;
  return text;
}

function citationLine(e: { n: number; sourceId: string; title: string; url?: string; paragraph: number }): string {
  const title = cutAtSentence(flattenWhitespace(e.title), 150).text;
  return `[${e.n}] ${linkOrTitle(title, e.url)} — ${codeSpan(`${e.sourceId} ¶${e.paragraph}`)}`;
}

function citedNumbers(answer: Answer): Set<number> {
  const cited = new Set<number>();
  for (const d of answer.disagreements) for (const c of d.claims) cited.add(c.n);
  for (const m of (answer.summary ?? '').matchAll(/\[(\d+)\]/g)) cited.add(Number(m[1]));
  return cited;
}

function answerUnits(answer: Answer, shown: number): Unit[] {
  const units: Unit[] = [];
  const q = literalSection('*Question:* ', flattenWhitespace(answer.question));
  units.push({ blocks: [q.block], priority: 'keep', cut: q.cut });

  const notFound = answer.status === 'not_found' || answer.excerpts.length === 0;
  if (notFound) {
    const nf = literalSection(':mag: ', answer.text?.trim() ? answer.text.trim() : NOT_FOUND_TEXT);
    units.push({ blocks: [nf.block], priority: 'keep', cut: nf.cut });
  }

  const disagreements: Unit[] = answer.disagreements.map((d) => ({
    blocks: [section(disagreementText(d, 'Sources disagree'))],
    priority: 'keep',
  }));
  const excerpts: Unit[] = answer.excerpts.slice(0, shown).map((e) => {
    const line = quoteLine(e.quote, e.n, SECTION_TEXT_MAX);
    return { blocks: [section(line.text)], priority: 'body', cut: line.cut };
  });

  if (answer.summary?.trim()) {
    // The summary is the answer: the disagreements come right under it, then the quotes it rests on.
    const s = literalSection('*In short:* ', answer.summary.trim());
    units.push({ blocks: [s.block], priority: 'keep', cut: s.cut });
    units.push(...disagreements, ...excerpts);
  } else {
    // The quotes are the answer: the disagreements come right under them.
    units.push(...excerpts, ...disagreements);
  }

  const notes = (answer.notes ?? []).filter((n) => n.trim());
  if (notes.length) {
    const room = Math.max(100, Math.floor((SECTION_TEXT_MAX - notes.length * 25) / notes.length));
    const lines = notes.map((n) => `:information_source: ${literal(flattenWhitespace(n), room)}`);
    units.push({ blocks: contextBlocks(lines), priority: 'tail' });
  }

  // Excerpts left out on an earlier pass: the message must carry the note.
  if (shown < answer.excerpts.length) units[0].cut = true;

  const visible = new Set<number>([...answer.excerpts.slice(0, shown).map((e) => e.n), ...citedNumbers(answer)]);
  const sources = answer.excerpts.filter((e) => visible.has(e.n)).map(citationLine);
  if (sources.length) units.push({ blocks: contextBlocks(sources), priority: 'tail' });
  return units;
}

function fitAnswer(answer: Answer, maxBlocks: number, maxChars: number): SlackBlock[] {
  const note = noteBlock(CUT_NOTES.answer);
  let shown = answer.excerpts.length;
  for (;;) {
    const result = fitUnits(answerUnits(answer, shown), note, maxBlocks, maxChars);
    if (result.droppedBody === 0 || shown === 0) return result.blocks;
    shown = Math.max(0, shown - result.droppedBody);
  }
}

// ---------------------------------------------------------------------------------------------
// Other replies

function unitsFor(reply: ChatReply): Unit[] {
  switch (reply.kind) {
    case 'answer':
      return answerUnits(reply.answer, reply.answer.excerpts.length);
    case 'sources':
      return sourcesUnits(reply.sources, reply.page, reply.pages, reply.total);
    case 'quotes':
      return quotesUnits(reply.name, reply.statements);
    case 'digest':
      return digestUnits(reply.digest);
    case 'help':
      return helpUnits(reply.entries);
    case 'notice': {
      const emoji = reply.level === 'refused' ? ':hand:' : reply.level === 'error' ? ':warning:' : ':information_source:';
      const s = literalSection(`${emoji} `, reply.text.trim());
      return [{ blocks: [s.block], priority: 'keep', cut: s.cut }];
    }
  }
}

function sourceLine(s: SourceSummary): string {
  const title = cutAtSentence(flattenWhitespace(s.title), 150).text;
  const meta = [s.outlet, s.published?.slice(0, 10)].filter((x): x is string => Boolean(x && x.trim()));
  const metaText = meta.length ? ` — ${literal(flattenWhitespace(meta.join(', ')), 200)}` : '';
  return `• ${linkOrTitle(title, s.url)}${metaText} · ${codeSpan(s.id)} · ${s.paragraphs} ¶`;
}

function sourcesUnits(sources: SourceSummary[], page: number, pages: number, total: number): Unit[] {
  const units: Unit[] = [];
  const header = total === 0
    ? '*Indexed sources:* none yet. Once articles are ingested they are listed here.'
    : `*Indexed sources* — page ${page} of ${pages} · ${total} in all`;
  units.push({ blocks: [section(header)], priority: 'keep' });
  const lines = sources.map(sourceLine);
  for (let i = 0; i < lines.length; i += 10) {
    units.push({ blocks: sectionBlocks(lines.slice(i, i + 10)), priority: 'body' });
  }
  if (page < pages) {
    units.push({
      blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: `More: \`/sources ${page + 1}\`` }] }],
      priority: 'tail',
    });
  }
  return units;
}

function statementText(s: Statement): { text: string; cut: boolean } {
  const published = s.published ? `, ${literal(s.published.slice(0, 10), 40)}` : '';
  const title = cutAtSentence(flattenWhitespace(s.title), 150).text;
  const attribution = `\n— ${literal(flattenWhitespace(s.speakerAsWritten), 100)}, ${linkOrTitle(title, s.url)}${published} ${codeSpan(`${s.sourceId} ¶${s.paragraph}`)}`;
  const q = quoteLine(s.quote, undefined, SECTION_TEXT_MAX - attribution.length);
  return { text: q.text + attribution, cut: q.cut };
}

function quotesUnits(name: string, statements: Statement[]): Unit[] {
  const who = literal(flattenWhitespace(name), 200);
  const header = statements.length === 0
    ? `:mag: No quotes from *${who}* in the indexed articles.`
    : `*What ${who} said* — ${statements.length} quote${statements.length === 1 ? '' : 's'} from the indexed articles`;
  const units: Unit[] = [{ blocks: [section(header)], priority: 'keep' }];
  for (const s of statements) {
    const t = statementText(s);
    units.push({ blocks: [section(t.text)], priority: 'body', cut: t.cut });
  }
  return units;
}

function helpUnits(entries: Extract<ChatReply, { kind: 'help' }>['entries']): Unit[] {
  const units: Unit[] = [
    {
      blocks: [
        section(
          '*newsroom-bot* answers only from the indexed news articles: it quotes them word for word, numbers its sources [n], and says where they disagree.',
        ),
      ],
      priority: 'keep',
    },
  ];
  const slash = (s: string): string => (s.trim().startsWith('/') ? s.trim() : `/${s.trim()}`);
  for (const e of entries) {
    const lines = [`*/${e.command}* — ${literal(flattenWhitespace(e.description), 1000)}`];
    if (e.usage.trim()) lines.push(`Usage: ${codeSpan(slash(e.usage))}`);
    if (e.example.trim()) lines.push(`Example: ${codeSpan(slash(e.example))}`);
    units.push({ blocks: [section(lines.join('\n'))], priority: 'body' });
  }
  units.push({
    blocks: [
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: 'In a channel, mention the bot with your question; or send it a direct message.' }],
      },
    ],
    priority: 'tail',
  });
  return units;
}

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
  else if (story.sources.length) blocks.push(...contextBlocks(story.sources.map((s) => `• ${linkOrTitle(s.title, s.url)}`)));
  return { blocks, priority: 'body', cut };
}

function digestUnits(digest: Digest): Unit[] {
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

// ---------------------------------------------------------------------------------------------
// Fallback text

function shortTitle(reply: ChatReply): string {
  switch (reply.kind) {
    case 'answer':
      return `Answer: ${reply.answer.question}`;
    case 'sources':
      return `Indexed sources, page ${reply.page} of ${reply.pages} (${reply.total} in all)`;
    case 'quotes':
      return `Quotes from ${reply.name}`;
    case 'digest':
      return `Newsroom digest ${reply.digest.date}`;
    case 'help':
      return 'How to use newsroom-bot';
    case 'notice':
      return reply.text;
  }
}

function fallbackRaw(reply: ChatReply): string {
  switch (reply.kind) {
    case 'answer': {
      const a = reply.answer;
      const lines = [`Q: ${flattenWhitespace(a.question)}`];
      if (a.status === 'not_found' || a.excerpts.length === 0) lines.push(a.text?.trim() || NOT_FOUND_TEXT);
      if (a.summary?.trim()) lines.push(a.summary.trim());
      for (const d of a.disagreements) {
        lines.push(`⚠ Sources disagree on ${d.topic}: ${d.claims.map((c) => `"${c.value}" [${c.n}]`).join(' vs ')}`);
      }
      for (const e of a.excerpts) lines.push(`"${flattenWhitespace(e.quote)}" [${e.n}]`);
      return lines.join('\n');
    }
    case 'quotes':
      return reply.statements.length
        ? `Quotes from ${reply.name}: ${reply.statements.length}. "${flattenWhitespace(reply.statements[0].quote)}"`
        : `No quotes from ${reply.name} in the indexed articles.`;
    case 'digest':
      return [
        `Newsroom digest ${reply.digest.date}: ${reply.digest.stories.length} stories, ${reply.digest.newSources} new articles.`,
        ...reply.digest.stories.map((s) => `• ${flattenWhitespace(s.headline)}`),
      ].join('\n');
    case 'help':
      return `How to use newsroom-bot: ${reply.entries.map((e) => `/${e.command}`).join(', ')}`;
    case 'sources':
    case 'notice':
      return shortTitle(reply);
  }
}
