// Whitespace normalisation. Only spacing changes here: quote characters and words are
// left alone, because every quote shown to a user must be a substring of the cleaned text.

// Space-like characters that should read as one ordinary space (NBSP, thin and figure
// spaces, ideographic space, tabs).
const SPACE_LIKE = /[\t\v\f\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
// Invisible characters that only break matching: zero-width space, word joiner, BOM,
// soft hyphen. (ZWJ is kept: emoji sequences need it.)
const INVISIBLE = /[\u200B\u2060\uFEFF\u00AD]/g;
// Control characters other than newline; C1 controls are what is left of a failed decode.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g;

/** One line: space-like characters to spaces, runs of spaces collapsed, trimmed. */
export function normaliseSpaces(line: string): string {
  return line
    .replace(INVISIBLE, '')
    .replace(CONTROL, '')
    .replace(SPACE_LIKE, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/**
 * Text as a browser shows it: the line breaks of the HTML source are only spaces there
 * (wrapped source lines must not cut a sentence in two).
 */
export function inlineText(raw: string): string {
  return normaliseSpaces(raw.replace(/[\r\n\u2028\u2029]+/g, ' '));
}

/** Splits text into lines (any newline convention), each normalised. */
export function toLines(text: string): string[] {
  return text.split(/\r\n|\r|\n|\u2028|\u2029/).map(normaliseSpaces);
}

// Chinese and Japanese are written without spaces: each character counts as a word (the
// embedding model reads them one piece each), the rest by whitespace.
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;

/** Number of words: whitespace-separated, and one per Chinese or Japanese character. */
export function countWords(text: string): number {
  const cjk = text.match(CJK)?.length ?? 0;
  const rest = (cjk ? text.replace(CJK, ' ') : text).match(/\S+/g)?.length ?? 0;
  return cjk + rest;
}
