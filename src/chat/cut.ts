// Cutting text to a platform limit without breaking a sentence (or a word) in half.

const NOTE = '…';

/**
 * Returns `text` unchanged when it fits in `max` characters; otherwise the longest prefix
 * that ends at a sentence boundary (falling back to a word boundary) plus an ellipsis.
 */
export function cutAtSentence(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  const room = Math.max(1, max - NOTE.length);
  const head = text.slice(0, room);
  let best = -1;
  const re = /[.!?]["'”’)\]]*(?=\s)/g;
  for (let m = re.exec(head); m; m = re.exec(head)) best = m.index + m[0].length;
  if (best < room * 0.3) {
    const space = head.lastIndexOf(' ');
    best = space > room * 0.3 ? space : room;
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
      const re = /[.!?]["'”’)\]]*\s/g;
      let m: RegExpExecArray | null;
      let last = -1;
      while ((m = re.exec(window))) last = m.index + m[0].length;
      at = last;
    }
    if (at < max * 0.3) at = window.lastIndexOf(' ');
    if (at <= 0) at = max;
    chunks.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest) chunks.push(rest);
  return chunks;
}
