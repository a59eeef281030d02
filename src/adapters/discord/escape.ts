// Making source and user text inert in Discord: it may not ping, format or hide a link.
import { escapeMarkdown } from 'discord.js';
import { dropDirectionalControls } from '../../chat/bidi.js';
import { cutAtSentence } from '../../chat/cut.js';

const ZWSP = '\u200b';

/**
 * Escapes one piece of text for Discord markdown, on one line.
 *
 * - whitespace (newlines included) collapses to single spaces, so nothing starts a new line
 *   where a heading, list or block quote could begin;
 * - discord.js `escapeMarkdown` escapes backslashes and what formats: `*`, `_`, `__`, `~~`,
 *   `||`, backticks, and `1.` lists (it leaves URLs intact so they stay clickable);
 * - `[` and `]` are escaped everywhere: no masked link `[text](url)` and no fake `[n]` citation;
 * - a leading `>`, `#`, `-`, `+` or `*` is escaped (block quote, heading, subtext `-#`, list);
 * - `@everyone` / `@here` get a zero-width space after the `@`, and so do the `<` of
 *   `<@id>`, `<@!id>`, `<@&id>`, `<#id>`, `</cmd:id>`, `<:emoji:id>`, `<t:…>`, `<id:…>`,
 *   so nothing renders as (or becomes) a mention even where allowed_mentions would not apply.
 */
export function escapeInline(raw: string): string {
  let s = dropDirectionalControls(raw).replace(/\s+/g, ' ').trim();
  s = escapeMarkdown(s, { numberedList: true });
  s = s.replace(/[[\]]/g, '\\$&');
  s = s.replace(/^([>#+*-])/, '\\$1');
  return neutraliseMentions(s);
}

/** `@everyone`, `@here`, `<@id>`, `<#id>`, `<@&id>` and the other `<…>` tags lose their meaning. */
export function neutraliseMentions(s: string): string {
  return s
    .replace(/@(everyone|here)/gi, `@${ZWSP}$1`)
    .replace(/<(?=[@#/:]|a:|t:|id:)/gi, `<${ZWSP}`);
}

/** Text for inside inline code: backticks cannot be escaped there, so they are replaced. */
export function codeSafe(raw: string): string {
  return dropDirectionalControls(raw).replace(/\s+/g, ' ').trim().replace(/`/g, 'ˋ');
}

/**
 * Escapes `raw` (see escapeInline) and fits it in `max` characters, cutting the raw text at a
 * sentence (else word) boundary with an ellipsis, so an escape sequence is never split.
 */
export function fitEscaped(raw: string, max: number): { text: string; cut: boolean } {
  const whole = escapeInline(raw);
  if (whole.length <= max) return { text: whole, cut: false };
  const flat = raw.replace(/\s+/g, ' ').trim();
  let budget = Math.min(max, flat.length);
  for (let i = 0; i < 50 && budget > 0; i++) {
    const c = cutAtSentence(flat, budget);
    const e = escapeInline(c.text);
    if (e.length <= max) return { text: e, cut: true };
    budget -= Math.max(1, e.length - max);
  }
  return { text: '…', cut: true };
}

/** An http(s) URL safe to put in `[text](url)`, or undefined when there is none. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  return u.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
}
