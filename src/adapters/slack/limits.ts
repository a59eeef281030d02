// Slack's message limits, and the budgets this adapter chooses inside them.

/** Slack: a section's text (and any text object) holds at most 3,000 characters. */
export const SECTION_TEXT_MAX = 3000;
/** Slack: a message holds at most 50 blocks. */
export const MESSAGE_BLOCKS_MAX = 50;
/** Slack: a context block holds at most 10 elements. */
export const CONTEXT_ELEMENTS_MAX = 10;
/** Slack: a header block's plain text holds at most 150 characters. */
export const HEADER_TEXT_MAX = 150;
/** Slack: a button's value holds at most 2,000 characters (ours are ids of about 36). */
export const BUTTON_VALUE_MAX = 2000;

/**
 * Our choice: the top-level `text` (the notification and accessibility fallback when blocks are present)
 * is kept to 3,000 characters. Slack truncates `text` only past 40,000 and advises under 4,000; 3,000
 * matches the section limit so the fallback is never longer than what one block could show.
 */
export const FALLBACK_TEXT_MAX = 3000;

/**
 * Our choice: the renderer fills at most 47 blocks, leaving 3 of Slack's 50 for what the handlers add
 * (the Share / 👍 / 👎 row, the "Shared by" line, and one spare).
 */
export const CONTENT_BLOCKS_MAX = MESSAGE_BLOCKS_MAX - 3;

/**
 * Our choice: at most 12,000 characters of text per message. Slack accepts more (50 × 3,000) but a
 * reply that long is unreadable in a channel; longer answers are cut with a note, longer lists and
 * digests are split into several messages.
 */
export const MESSAGE_CHARS_MAX = 12_000;

/** Slack: a response_url accepts at most 5 posts (within 30 minutes). */
export const RESPONSE_URL_POSTS_MAX = 5;
