// ChatReply → Slack Block Kit. Pure functions: a reply in, blocks and fallback text out.
//
// Every piece of text that comes from an article, the core or a user goes through escape.ts before it
// lands in mrkdwn. Limits (see limits.ts): every section ≤ 3,000 characters, at most 47 content blocks
// (the handlers add the button row), at most 12,000 characters per message, fallback text ≤ 3,000.
// Answers that do not fit are cut at a sentence boundary with a visible note; lists and digests can be
// split into several messages with toSlackMessages.
import { disagreementLine, excerptDate, sourceNotes } from '../../chat/render-text.js';
import { visible } from '../../visible.js';
import { languageName } from '../../corpus/language.js';
import { readableDate } from '../../time.js';
import type { types as SlackTypes } from '@slack/bolt';
import { cutAtSentence } from '../../chat/cut.js';
import type { ChatReply } from '../../chat/types.js';
import type { Answer, SourceSummary, Statement } from '../../types.js';
import {
  blockChars,
  citationLine,
  contextBlocks,
  disagreementText,
  fitText,
  literal,
  literalSection,
  noteBlock,
  quoteLine,
  section,
  sectionBlocks,
  sourceTitle,
  type SlackBlock,
} from './blocks.js';
import { codeSpan, escapeMrkdwn, flattenWhitespace, userMention } from './escape.js';
import { CONTENT_BLOCKS_MAX, FALLBACK_TEXT_MAX, MESSAGE_CHARS_MAX, SECTION_TEXT_MAX } from './limits.js';
import { counted, digestUnits } from './render-digest.js';
import { fitUnits, splitUnits, type Unit } from './units.js';

// Block helpers that callers import from here.
export { blockChars, fitText, type SlackBlock };

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

function budgets(options: RenderOptions): { maxBlocks: number; maxChars: number } {
  return {
    maxBlocks: Math.max(3, Math.min(options.maxBlocks ?? CONTENT_BLOCKS_MAX, CONTENT_BLOCKS_MAX)),
    maxChars: Math.max(1000, options.maxChars ?? MESSAGE_CHARS_MAX),
  };
}

// ---------------------------------------------------------------------------------------------
// Answers

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
  if (answer.resolvedQuestion) {
    // A follow-up: what it was read as (issue 21).
    const r = literalSection('_Reading this as:_ ', flattenWhitespace(answer.resolvedQuestion));
    units.push({ blocks: [r.block], priority: 'keep', cut: r.cut });
  }

  const notFound = answer.status === 'not_found' || answer.excerpts.length === 0;
  if (notFound) {
    // answer.text is the CLI's wording (its `sources` command, notes inline); chat says its own.
    const nf = literalSection(':mag: ', NOT_FOUND_TEXT);
    units.push({ blocks: [nf.block], priority: 'keep', cut: nf.cut });
  }

  const disagreements: Unit[] = answer.disagreements.map((d) => ({
    blocks: [section(disagreementText(d, 'Sources disagree'))],
    priority: 'keep',
  }));
  const excerpts: Unit[] = answer.excerpts.slice(0, shown).map((e) => {
    // Every quote carries its source's date (issue 20).
    const date = ` _(${literal(excerptDate(e), 60)})_`;
    const line = quoteLine(e.quote, e.n, SECTION_TEXT_MAX - date.length, e.table);
    return { blocks: [section(line.text + date)], priority: 'body', cut: line.cut };
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

  const notes = [...(answer.notes ?? []), ...(answer.searched ? [`Searched: ${answer.searched}`] : [])].filter((n) => n.trim());
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
  const meta = [s.outlet, s.published && readableDate(s.published), s.language && languageName(s.language)].filter((x): x is string => Boolean(x && x.trim()));
  const metaText = meta.length ? ` — ${literal(flattenWhitespace(meta.join(', ')), 200)}` : '';
  const notes = sourceNotes(s);
  return `• ${sourceTitle(s.title, s.url)}${metaText}${notes ? literal(notes, 200) : ''} · ${codeSpan(visible(s.id))} · ${s.paragraphs} ¶`;
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
  const published = s.published ? `, ${literal(readableDate(s.published), 40)}` : '';
  const attribution = `\n— ${literal(flattenWhitespace(s.speakerAsWritten), 100)}, ${sourceTitle(s.title, s.url)}${published} ${codeSpan(`${visible(s.sourceId)} ¶${s.paragraph}`)}`;
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
      if (a.status === 'not_found' || a.excerpts.length === 0) lines.push(NOT_FOUND_TEXT);
      if (a.summary?.trim()) lines.push(a.summary.trim());
      for (const d of a.disagreements) lines.push(d.kind === 'update' ? disagreementLine(d) : `⚠ ${disagreementLine(d)}`);
      for (const e of a.excerpts) lines.push(`"${flattenWhitespace(e.quote)}" [${e.n}] (${excerptDate(e)})`);
      return lines.join('\n');
    }
    case 'quotes':
      return reply.statements.length
        ? `Quotes from ${reply.name}: ${reply.statements.length}. "${flattenWhitespace(reply.statements[0].quote)}"`
        : `No quotes from ${reply.name} in the indexed articles.`;
    case 'digest': {
      const d = reply.digest;
      if (d.newSources === 0 && d.stories.length === 0) return `Newsroom digest ${d.date}: no new articles.`;
      return [
        `Newsroom digest ${d.date}: ${counted(d.stories.length, 'story', 'stories')}, ${counted(d.newSources, 'new article', 'new articles')}.`,
        ...d.stories.map((s) => `• ${flattenWhitespace(s.headline)}`),
      ].join('\n');
    }
    case 'help':
      return `How to use newsroom-bot: ${reply.entries.map((e) => `/${e.command}`).join(', ')}`;
    case 'sources':
    case 'notice':
      return shortTitle(reply);
  }
}
