// Pure rendering of chat replies as Discord message payloads (embeds), within Discord's limits.
import { visible } from '../../visible.js';
import { languageName } from '../../corpus/language.js';
import { readableDate } from '../../time.js';
import type { APIEmbed, MessageMentionOptions } from 'discord.js';
import type { ChatReply, HelpEntry } from '../../chat/types.js';
import type { Answer, Digest, Disagreement, Excerpt, SourceSummary, Statement, Story } from '../../types.js';
import { moreLine, storyCopiesLine, updateLine } from '../../digest/render-text.js';
import { excerptDate, sourceNotes } from '../../chat/render-text.js';
import { codeSafe, escapeInline, fitEscaped, safeUrl } from './escape.js';

/** Discord's documented message and embed limits (characters). */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  /** Sum of every title, description, field, footer and author name in one message. */
  total: 6000,
} as const;

export const COLORS = { answer: 0x2f6fde, notFound: 0x99aab5, disagree: 0xf0a500, sources: 0x4f545c, digest: 0x3ba55d } as const;

/** One message as discord.js takes it (channel.send, message.reply, editReply, followUp). */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  allowedMentions: MessageMentionOptions;
}

/** The bot pings nobody, ever: not @everyone, not roles, not users, not the author it replies to. */
export function noMentions(): MessageMentionOptions {
  return { parse: [], repliedUser: false };
}

const NOT_FOUND_TEXT = 'Nothing in the indexed articles answers that. Try other words, or `/sources` to see what is indexed.';
const SHORTENED = 'Shortened (…) to fit Discord’s limits; the sources have the full text.';

/** Renders any chat reply as one or more Discord messages, to be sent in order. */
export function toDiscordMessages(reply: ChatReply): DiscordMessage[] {
  switch (reply.kind) {
    case 'answer':
      return [message(renderAnswer(reply.answer))];
    case 'sources':
      return [message([renderSources(reply.sources, reply.page, reply.pages, reply.total)])];
    case 'quotes':
      return [message([renderQuotes(reply.name, reply.statements)])];
    case 'help':
      return [message([renderHelp(reply.entries)])];
    case 'digest':
      return packEmbeds(renderDigest(reply.digest)).map((embeds) => message(embeds));
    case 'notice': {
      const icon = reply.level === 'error' ? '⚠️ ' : reply.level === 'refused' ? '✋ ' : '';
      const text = fitEscaped(reply.text, LIMITS.content - icon.length).text;
      return [{ content: icon + text, embeds: [], allowedMentions: noMentions() }];
    }
  }
}

function message(embeds: APIEmbed[]): DiscordMessage {
  return { embeds: embeds.map(enforceEmbedLimits), allowedMentions: noMentions() };
}

// ---------------------------------------------------------------- answers

/** "Reading this as: …", within an embed author name's 256 characters. */
function readingName(resolved: string): string {
  const text = `Reading this as: ${visible(resolved).replace(/\s+/g, ' ')}`;
  return text.length <= 256 ? text : `${text.slice(0, 255)}…`;
}

/** Budgets (characters) for the parts of an answer other than the quotes, which take the rest. */
const BUDGET = { disagreements: 1500, summary: 1500, notes: 600, sources: 1600, footer: 120 } as const;

export function renderAnswer(a: Answer): APIEmbed[] {
  const title = fitEscaped(a.question || 'Your question', LIMITS.title).text;
  // A follow-up: what it was read as (issue 21). An author line is plain text (no markdown, no pings).
  const reading = a.resolvedQuestion ? { author: { name: readingName(a.resolvedQuestion) } } : {};
  if (a.status === 'not_found' || a.excerpts.length === 0) {
    const notes = notesText([...(a.notes ?? []), ...(a.searched ? [`Searched: ${a.searched}`] : [])]);
    // answer.text is the CLI's wording (its `sources` command, notes inline); chat says its own.
    const body = NOT_FOUND_TEXT;
    return [{ ...reading, title, description: notes ? `${body}\n\n${notes}` : body, color: COLORS.notFound }];
  }
  const parts = citedParts(
    { excerpts: a.excerpts, disagreements: a.disagreements, summary: a.summary, notes: [...(a.notes ?? []), ...(a.searched ? [`Searched: ${a.searched}`] : [])] },
    LIMITS.total - title.length - 'Sources'.length - BUDGET.footer - (reading.author?.name.length ?? 0),
    LIMITS.description,
  );
  const embeds: APIEmbed[] = [{ ...reading, title, description: parts.quotes, color: COLORS.answer }];
  if (parts.cut) embeds[0].footer = { text: SHORTENED };
  if (parts.disagreements) embeds.push({ description: parts.disagreements, color: COLORS.disagree });
  const extra = [parts.summary, parts.notes].filter(Boolean).join('\n\n');
  if (extra) embeds.push({ description: extra, color: COLORS.answer });
  embeds.push({ title: 'Sources', description: parts.sources, color: COLORS.sources });
  return embeds;
}

interface Cited {
  excerpts: Excerpt[];
  disagreements: Disagreement[];
  summary?: string;
  notes?: string[];
}

interface CitedParts {
  quotes: string;
  disagreements: string;
  summary: string;
  notes: string;
  sources: string;
  /** True when a quote (or anything else) had to be shortened. */
  cut: boolean;
}

/**
 * Fits the parts of a cited text into `budget` characters in all, the quotes into at most
 * `quotesMax`. Disagreements, summary, notes and sources are capped first; the quotes share
 * what is left, short ones whole, long ones cut at a sentence boundary.
 */
export function citedParts(c: Cited, budget: number, quotesMax: number): CitedParts {
  let cut = false;
  const dis = disagreementsText(c.disagreements, BUDGET.disagreements);
  const summary = c.summary ? fitEscaped(c.summary, BUDGET.summary - 16) : { text: '', cut: false };
  const notes = notesText(c.notes);
  const sources = sourcesText(c.excerpts, BUDGET.sources);
  cut = dis.cut || summary.cut || sources.cut;
  const summaryText = summary.text ? `**Summary:** ${summary.text}` : '';
  const used = dis.text.length + summaryText.length + notes.length + sources.text.length;
  // A quote is shown only with its source line, so that every [n] can be looked up.
  const quotes = quotesText(c.excerpts.slice(0, sources.shown), Math.min(quotesMax, budget - used));
  return { quotes: quotes.text, disagreements: dis.text, summary: summaryText, notes, sources: sources.text, cut: cut || quotes.cut };
}

/** `> quote [n]` blocks, separated by blank lines, in at most `max` characters. */
export function quotesText(excerpts: Excerpt[], max: number): { text: string; cut: boolean } {
  const items = excerpts.map((e) => ({ e, full: escapeInline(e.quote), shown: '', date: ` (${escapeInline(excerptDate(e))})` }));
  const overhead = items.reduce((sum, it, i) => sum + 2 + ` [${it.e.n}]`.length + it.date.length + (i ? 2 : 0), 0);
  let avail = Math.max(0, max - overhead);
  let cut = false;
  // Water-filling: the shortest quotes are shown whole, the rest share what is left equally.
  const order = [...items].sort((x, y) => x.full.length - y.full.length);
  order.forEach((it, k) => {
    const share = Math.floor(avail / (order.length - k));
    if (it.full.length <= share) it.shown = it.full;
    else {
      it.shown = fitEscaped(it.e.quote, Math.max(1, share)).text;
      cut = true;
    }
    avail -= it.shown.length;
  });
  // A table row is marked as one: it is cells as written, not a sentence.
  return { text: items.map((it) => `> ${it.e.table ? '*table row:* ' : ''}${it.shown} [${it.e.n}]${it.date}`).join('\n\n'), cut };
}

/** ⚠️ **Sources disagree** on …: “over an hour” [2] vs “two hours” [1], each with its note. */
export function disagreementsText(ds: Disagreement[], max: number): { text: string; cut: boolean } {
  const lines = ds.map((d) => {
    // Issue 20: news updated over time is a timeline, not a dispute.
    if (d.kind === 'update')
      return `🔄 **Updated** — ${fitEscaped(d.topic, 200).text}: ${d.claims.map((c) => `${fitEscaped(c.value, 120).text} [${c.n}] (${c.published ? readableDate(c.published) : 'undated'})`).join(' → ')}`;
    const claims = d.claims.map((c) => `“${fitEscaped(c.value, 120).text}” [${c.n}]${c.by ? ` (${fitEscaped(c.by, 60).text})` : ''}`).join(' vs ');
    const head = `⚠️ **Sources disagree** on ${fitEscaped(d.topic, 200).text}: ${claims}`;
    return d.note ? `${head}\n_${fitEscaped(d.note, 300).text}_` : head;
  });
  return fitLines(lines, max, (k) => `… and ${k} more disagreement${k === 1 ? '' : 's'}`, '\n\n');
}

function notesText(notes: string[] | undefined): string {
  if (!notes?.length) return '';
  return fitLines(notes.map((n) => `_${fitEscaped(n, 280).text}_`), BUDGET.notes, (k) => `_… and ${k} more notes_`).text;
}

/**
 * `[n] [title](url) — sourceId ¶p`, one line per excerpt; no link when there is no usable url.
 * `shown` counts the excerpts whose line is there (the first ones).
 */
export function sourcesText(excerpts: Excerpt[], max: number): { text: string; cut: boolean; shown: number } {
  // Every [n] must stay resolvable: shorten titles, then drop links, then shorten file names
  // and drop titles, before dropping a line.
  const levels = [
    [150, true, 200], [90, true, 200], [50, true, 200], [50, false, 80], [24, false, 40], [0, false, 24],
  ] as const;
  let fitted = { text: '', cut: true, shown: 0 };
  for (const [titleMax, withLinks, idMax] of levels) {
    const lines = excerpts.map((e) => {
      const title = titleMax ? `${link(e.title, withLinks ? e.url : undefined, titleMax)} — ` : '';
      const notes = sourceNotes(e);
      return `[${e.n}] ${title}${fitEscaped(visible(e.sourceId), idMax).text} ¶${e.paragraph}${notes ? fitEscaped(notes, 200).text : ''}`;
    });
    fitted = fitLines(lines, max, (k) => `… and ${k} more`);
    if (!fitted.cut) return { text: fitted.text, cut: titleMax < 150 || !withLinks, shown: excerpts.length };
  }
  return fitted;
}

function link(title: string, url: string | undefined, titleMax = 150): string {
  const t = fitEscaped(title || 'Untitled', titleMax).text;
  const u = safeUrl(url);
  return u && u.length <= 512 ? `[${t}](${u})` : t;
}

/** Joins whole lines while they fit in `max`, then a "… and k more" line. */
export function fitLines(lines: string[], max: number, more: (k: number) => string, sep = '\n'): { text: string; cut: boolean; shown: number } {
  const out: string[] = [];
  let len = 0;
  for (let i = 0; i < lines.length; i++) {
    const add = (out.length ? sep.length : 0) + lines[i].length;
    const tail = i + 1 < lines.length ? sep.length + more(lines.length - i - 1).length : 0;
    if (len + add + tail > max) {
      const rest = more(lines.length - i);
      if (len + (out.length ? sep.length : 0) + rest.length <= max) out.push(rest);
      return { text: out.join(sep), cut: true, shown: i };
    }
    out.push(lines[i]);
    len += add;
  }
  return { text: out.join(sep), cut: false, shown: lines.length };
}

// ---------------------------------------------------------------- other replies

export function renderSources(sources: SourceSummary[], page: number, pages: number, total: number): APIEmbed {
  if (!total) return { title: 'Indexed articles', description: 'Nothing is indexed yet.', color: COLORS.sources };
  const lines = sources.map((s) => {
    const meta = [escapeInline(visible(s.id)), s.published && escapeInline(readableDate(s.published)), s.outlet && fitEscaped(s.outlet, 80).text, s.language && languageName(s.language)]
      .filter(Boolean)
      .join(', ');
    return `• ${link(s.title, s.url)} — ${meta} (${s.paragraphs} ¶)`;
  });
  const embed: APIEmbed = {
    title: `Indexed articles (${total}), newest first — page ${page} of ${pages}`,
    description: fitLines(lines, LIMITS.description, (k) => `… and ${k} more on this page`).text,
    color: COLORS.sources,
  };
  if (page < pages) embed.footer = { text: `More: /sources page:${page + 1}` };
  return embed;
}

export function renderQuotes(name: string, statements: Statement[]): APIEmbed {
  if (!statements.length) {
    return { description: `No attributed statements by “${fitEscaped(name, 200).text}” in the indexed articles.`, color: COLORS.notFound };
  }
  const lines = statements.map(
    (s, i) =>
      `> ${fitEscaped(s.quote, 600).text} [${i + 1}]\n— ${link(s.title, s.url)} — ${escapeInline(visible(s.sourceId))} ¶${s.paragraph}` +
      (s.published ? `, ${escapeInline(readableDate(s.published))}` : ''),
  );
  const n = statements.length;
  return {
    title: fitEscaped(`${statements[0].speaker} — ${n} statement${n === 1 ? '' : 's'}`, LIMITS.title).text,
    description: fitLines(lines, LIMITS.description, (k) => `… and ${k} more`, '\n\n').text,
    color: COLORS.answer,
  };
}

export function renderHelp(entries: HelpEntry[]): APIEmbed {
  const slash = (s: string) => (s.startsWith('/') ? s : `/${s}`);
  const lines = entries.map(
    (e) => `\`${codeSafe(slash(e.usage))}\` — ${escapeInline(e.description)}\nExample: \`${codeSafe(slash(e.example))}\``,
  );
  const intro =
    'I answer only from the indexed news articles, quoting them word for word with numbered citations [n], ' +
    'and I say where the sources disagree.';
  const outro = 'In a channel you can also mention me with your question. Answers to `/ask` are visible only to you until you press **Share**.';
  const body = fitLines(lines, LIMITS.description - intro.length - outro.length - 4, (k) => `… and ${k} more`, '\n\n').text;
  return { title: 'How to ask', description: `${intro}\n\n${body}\n\n${outro}`, color: COLORS.answer };
}

// ---------------------------------------------------------------- digests

export function renderDigest(d: Digest): APIEmbed[] {
  const n = d.newSources;
  const storyCount = d.stories.length + (d.more?.stories ?? 0);
  const head: APIEmbed = {
    title: fitEscaped(`Digest for ${d.date}`, LIMITS.title).text,
    description: d.stories.length
      ? `${n} new article${n === 1 ? '' : 's'} in ${storyCount} stor${storyCount === 1 ? 'y' : 'ies'}.`
      : n
        ? `${n} new article${n === 1 ? '' : 's'}.`
        : 'Nothing new since the last digest.',
    color: COLORS.digest,
    footer: { text: fitEscaped(`Times in ${d.timeZone}`, 200).text },
  };
  const more: APIEmbed[] = d.more ? [{ description: fitEscaped(moreLine(d.more, '/sources'), 500).text, color: COLORS.digest }] : [];
  // Corrections of earlier articles: listed as updates, never as new stories.
  const updates: APIEmbed[] = d.updates?.length
    ? [{ title: 'Updated (corrections)', description: fitLines(d.updates.map((u) => escapeInline(updateLine(u))), 2000, (k) => `… and ${k} more`).text, color: COLORS.digest }]
    : [];
  return [head, ...d.stories.map(renderStory), ...more, ...updates];
}

export function renderStory(s: Story): APIEmbed {
  const title = fitEscaped(s.headline || 'Story', LIMITS.title).text;
  const sources = s.keyPoints.length
    ? null
    : fitLines(s.sources.map((x) => `• ${link(x.title, x.url)} — ${escapeInline(x.id)}`), 1200, (k) => `… and ${k} more`).text;
  const copiesLine = storyCopiesLine(s);
  const copies = copiesLine ? fitEscaped(copiesLine, 300).text : '';
  const joins = (copies ? 4 : 3) * 2;
  const parts = citedParts(
    { excerpts: s.keyPoints, disagreements: s.disputes, summary: s.summary },
    LIMITS.description - joins - (sources?.length ?? 0) - copies.length - SHORTENED.length,
    LIMITS.description,
  );
  const description = [parts.summary, s.keyPoints.length ? parts.quotes : '', parts.disagreements, sources ?? parts.sources, copies]
    .filter(Boolean)
    .join('\n\n');
  const embed: APIEmbed = { title, description, color: COLORS.digest };
  if (parts.cut) embed.footer = { text: SHORTENED };
  return embed;
}

// ---------------------------------------------------------------- limits

export function embedLength(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  );
}

/** Groups embeds into messages of at most 10 embeds and 6,000 characters, keeping their order. */
export function packEmbeds(embeds: APIEmbed[]): APIEmbed[][] {
  const out: APIEmbed[][] = [];
  let current: APIEmbed[] = [];
  let size = 0;
  for (const raw of embeds) {
    const e = enforceEmbedLimits(raw);
    const len = embedLength(e);
    if (current.length && (current.length >= LIMITS.embeds || size + len > LIMITS.total)) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(e);
    size += len;
  }
  if (current.length) out.push(current);
  return out;
}

/** Last line of defence: hard limits per embed field (the renderers above already stay inside). */
function enforceEmbedLimits(e: APIEmbed): APIEmbed {
  const clip = (s: string, max: number) => (s.length <= max ? s : s.slice(0, max - 1) + '…');
  const out: APIEmbed = { ...e };
  if (out.title) out.title = clip(out.title, LIMITS.title);
  if (out.description) out.description = clip(out.description, LIMITS.description);
  if (out.footer) out.footer = { ...out.footer, text: clip(out.footer.text, LIMITS.footer) };
  return out;
}
