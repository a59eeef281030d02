// Cutting text to a platform limit without breaking a sentence, a word, or a character in half.

const NOTE = '…';
// A sentence ends at . ! ? before a space, or at the full-width 。！？ (no space follows those).
const SENTENCE_END = /[.!?]["'”’)\]]*(?=\s)|[。！？]["'”’」』)\]]*/g;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * The largest index ≤ `at` that does not fall inside a character: not between the halves of
 * a surrogate pair (an emoji, "𠮷"), nor inside a cluster such as 👍🏽 or a letter with its accent.
 */
export function safeCut(text: string, at: number): number {
  if (at <= 0) return 0;
  if (at >= text.length) return text.length;
  // Segment from a point that is surely a boundary: before a printable ASCII character, which
  // never continues a cluster. Starting inside one (half a flag 🇺🇸) would pair the rest wrongly.
  // A cluster is short, so a nearby such point keeps this cheap on long texts.
  let from = Math.max(0, at - 64);
  while (from > 0 && !/[\x20-\x7E]/.test(text[from])) from--;
  let best = from;
  for (const { index } of graphemes.segment(text.slice(from, Math.min(text.length, at + 64)))) {
    if (from + index > at) break;
    best = from + index;
  }
  return best;
}

/**
 * Returns `text` unchanged when it fits in `max` characters; otherwise the longest prefix
 * that ends at a sentence boundary (falling back to a word boundary, then a character one)
 * plus an ellipsis.
 */
export function cutAtSentence(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  const room = Math.max(1, max - NOTE.length);
  const head = text.slice(0, safeCut(text, room));
  let best = -1;
  for (const m of head.matchAll(SENTENCE_END)) best = m.index + m[0].length;
  if (best < room * 0.3) {
    const space = head.lastIndexOf(' ');
    best = space > room * 0.3 ? space : head.length;
  }
  return { text: head.slice(0, best).trimEnd() + NOTE, cut: true };
}

/** Splits text into chunks of at most `max` characters, at paragraph, then sentence, then word boundaries. */
export function splitForLimit(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let at = window.lastIndexOf('\n\n');
    if (at < max * 0.3) at = window.lastIndexOf('\n');
    if (at < max * 0.3) {
      let last = -1;
      for (const m of window.matchAll(SENTENCE_END)) last = m.index + m[0].length;
      at = last;
    }
    if (at < max * 0.3) at = window.lastIndexOf(' ');
    if (at <= 0) at = safeCut(rest, max) || max;
    chunks.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest) chunks.push(rest);
  return chunks;
}
