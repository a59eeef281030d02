// The article-extraction benchmark's metric (scrapinghub/article-extraction-benchmark,
// evaluate.py): \w+ tokens, 4-token shingles counted as a multiset, per page TP/FP/FN
// normalised to sum 1, precision and recall averaged over pages, F1 of the averages.

export interface PageCounts {
  tp: number;
  fp: number;
  fn: number;
}

// Python's \w with re.UNICODE: letters, digits and the underscore.
const TOKEN = /[\p{L}\p{N}_]+/gu;

function shingles(text: string, n = 4): Map<string, number> {
  const tokens = text.match(TOKEN) ?? [];
  const out = new Map<string, number>();
  for (let i = 0; i < Math.max(1, tokens.length - n + 1); i++) {
    const s = tokens.slice(i, i + n);
    if (s.length === 0) continue;
    const key = s.join('\u0001');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/** TP/FP/FN of one page, normalised so that long pages weigh the same as short ones. */
export function pageCounts(truth: string, predicted: string): PageCounts {
  const t = shingles(truth);
  const p = shingles(predicted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const key of new Set([...t.keys(), ...p.keys()])) {
    const a = t.get(key) ?? 0;
    const b = p.get(key) ?? 0;
    tp += Math.min(a, b);
    fp += Math.max(0, b - a);
    fn += Math.max(0, a - b);
  }
  const s = tp + fp + fn;
  return s > 0 ? { tp: tp / s, fp: fp / s, fn: fn / s } : { tp, fp, fn };
}

function precision({ tp, fp, fn }: PageCounts): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fp === 0) return 0;
  return tp / (tp + fp);
}

function recall({ tp, fp, fn }: PageCounts): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fn === 0) return 0;
  return tp / (tp + fn);
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** Precision and recall averaged over pages (as evaluate.py does), and their F1. */
export function score(pages: PageCounts[]): { precision: number; recall: number; f1: number } {
  const p = mean(pages.filter((c) => c.tp + c.fp > 0).map(precision));
  const r = mean(pages.filter((c) => c.tp + c.fn > 0).map(recall));
  return { precision: p, recall: r, f1: p + r > 0 ? (2 * p * r) / (p + r) : 0 };
}

/** Pages are split by a hash of their id: the tuning part is fixed before any tuning. */
export function isTuningPage(idHash: string): boolean {
  return parseInt(idHash.slice(0, 2), 16) < 128;
}

// A source line break kept in a paragraph: a "\n" of the paragraph where the page's markup
// has the words on either side in one text node, parted only by whitespace with a newline
// (the page's own line wrapping), rather than in two elements (list items, table rows).
const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Markup reduced to its text with element boundaries kept: block-level tags become a
// separator, inline tags (<a>, <em>) vanish, so words of one text run stay adjacent.
const BLOCK_TAG = /<\/?(p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|section|article|header|footer|blockquote|figure|figcaption|pre|dd|dt|aside|nav|main|hr|img|iframe|script|style)\b[^>]*>/gi;
export function textNodes(markup: string): string {
  return markup.replace(/<!--[\s\S]*?-->/g, '\u0001').replace(BLOCK_TAG, '\u0001').replace(/<[^>]*>/g, '');
}

export function sourceBreaks(text: string, markup: string): number {
  const lines = text.split('\n');
  let n = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    const before = lines[i].split(' ').slice(-3).join(' ');
    const after = lines[i + 1].split(' ').slice(0, 3).join(' ');
    if (!before || !after) continue;
    const wrapped = new RegExp(`${escape(before).replace(/ /g, '\\s+')}[ \\t]*\\r?\\n\\s*${escape(after).replace(/ /g, '\\s+')}`);
    if (wrapped.test(markup)) n++;
  }
  return n;
}
