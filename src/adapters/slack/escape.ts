// Making untrusted text (article text, titles, questions) safe for Slack's mrkdwn, and reading Slack's
// own markup back into plain text. Pure functions.
//
// Slack's mrkdwn has exactly three reserved characters, written as entities: & → &amp;, < → &lt;,
// > → &gt;. Every control sequence (<!channel>, <!everyone>, <@U123>, <http://x|y>) starts with `<`,
// so escaping `<` makes any such sequence in a source or a question inert text.
//
// mrkdwn has no escape for the formatting characters * _ ~ `. Inside text we show verbatim we use the
// fallback of a date token with an invalid format, `<!date^00000000^{_}|*>`: Slack clients render the
// fallback as plain text, so the character shows as itself (and copies as itself) but can never open
// or close bold, italics, strike-through or code. The same technique is used by jsx-slack (its <Escape>).
// Inside link labels, where tokens cannot nest, look-alike characters are used instead.

import { dropDirectionalControls } from '../../chat/bidi.js';

const ZWJ = '\u200D';
const SOFT_HYPHEN = '\u00AD';

/** The literal-character token: renders `ch` as plain text, never as formatting. */
export function literalChar(ch: string): string {
  return `<!date^00000000^{_}|${ch}>`;
}

/** Escapes `&`, `<`, `>` (Slack's only entities). */
export function escapeEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Plainly written @everyone / @here / @channel cannot ping through the API (only <!everyone> can, and
 * only `link_names` would turn the plain form into one), but they are kept inert anyway: a zero-width
 * joiner after the @ stops any parser from matching them.
 */
export function defuseBroadcasts(text: string): string {
  // Not inside an e-mail address (press@here.com copies as written).
  return text.replace(/(^|[^\w.+-])@(everyone|here|channel)\b/gi, `$1@${ZWJ}$2`);
}

/**
 * Untrusted text for a mrkdwn field where formatting characters may stay as they are (the top-level
 * fallback `text`): entities escaped and broadcasts defused.
 */
export function escapeMrkdwn(text: string): string {
  return defuseBroadcasts(escapeEntities(dropDirectionalControls(text)));
}

/**
 * Untrusted text shown verbatim inside our own mrkdwn: entities escaped, broadcasts defused, the
 * formatting characters * _ ~ ` shown literally, and a line that would start a block quote (`>`)
 * kept from doing so.
 */
export function mrkdwnLiteral(text: string): string {
  return escapeMrkdwn(text)
    .replace(/[*_~`]/g, literalChar)
    .replace(/^&gt;/gm, `${SOFT_HYPHEN}&gt;`);
}

/** Collapses every run of whitespace (newlines included) to one space: for quotes and titles. */
export function flattenWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Text for a link label (`<url|label>`): tokens cannot nest there, so look-alikes replace * _ ~ ` |. */
export function linkLabel(text: string): string {
  return escapeMrkdwn(flattenWhitespace(text))
    .replace(/\*/g, '\u2217')
    .replace(/_/g, '\u02CD')
    .replace(/`/g, '\u02CB')
    .replace(/~/g, '\u223C')
    .replace(/\|/g, '\u00A6');
}

/** A URL safe to put inside `<…|…>`: http(s) only, entities escaped, `|` and spaces percent-encoded. */
export function linkUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  const href = escapeEntities(parsed.href.replace(/\|/g, '%7C').replace(/ /g, '%20'));
  // A link that long would crowd out the text it belongs to; the title is shown without it.
  return href.length <= 1000 ? href : undefined;
}

/** Inline code: formatting characters are inert inside it; entities still need escaping, backticks a look-alike. */
export function codeSpan(text: string): string {
  return '`' + escapeMrkdwn(flattenWhitespace(text)).replace(/`/g, '\u02CB') + '`';
}

/** A user mention we build ourselves, only from an id shaped like Slack's (never from free text). */
export function userMention(userId: string): string {
  return /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : mrkdwnLiteral(userId);
}

/** Removes mentions of the bot (`<@UBOT>` or `<@UBOT|name>`) from message text. */
export function stripBotMention(text: string, botUserId: string | undefined): string {
  if (!botUserId) return text;
  const id = botUserId.replace(/[^A-Z0-9]/gi, '');
  return text.replace(new RegExp(`<@${id}(?:\\|[^>]*)?>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Reads the text of a Slack message event back into what the person typed: `<@U1>` → `@U1`,
 * `<#C1|news>` → `#news`, `<!here>` → `@here`, `<https://x.com|x.com>` → `x.com`, entities decoded.
 */
export function decodeSlackText(text: string): string {
  const decoded = text.replace(/<([^<>]*)>/g, (_m, inner: string) => {
    const bar = inner.indexOf('|');
    const target = bar >= 0 ? inner.slice(0, bar) : inner;
    const label = bar >= 0 ? inner.slice(bar + 1) : undefined;
    if (target.startsWith('@')) return label ? `@${label}` : target;
    if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
    if (target.startsWith('!')) {
      const name = target.slice(1).split('^')[0];
      if (name === 'here' || name === 'channel' || name === 'everyone') return `@${name}`;
      return label ?? '';
    }
    return label ?? target;
  });
  return decoded.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
