// Sentence splitting that keeps quoted speech whole ("“Every day people are dying. This war
// is so bad.”" is one unit) and does not break after initials or common abbreviations
// ("Donald J. Trump", "U.S. President", "c. 2500 BC").

export interface SentenceSpan {
  text: string;
  start: number;
  end: number;
}

const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr st jr sr prof gen col lt sgt capt cmdr adm rep sen gov pres supt insp rev fr ' +
    'u.s u.k u.n e.u a.k.a c ca vs no nos approx etc e.g i.e inc ltd co corp dept est fig vol ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec mt ft'
  ).split(/\s+/),
);

const OPEN_QUOTES = '“‘«';
const CJK_STOPS = '。！？｡';
const CLOSE_QUOTES = '”’»';
/** Longest stretch kept together because of an unclosed quotation mark. */
const MAX_QUOTE_SPAN = 600;

export function splitSentences(text: string): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  let start = 0;
  let depth = 0;
  let quoteOpenedAt = -1;
  let straightOpen = false;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const t = raw.trim();
    if (t) out.push({ text: t, start: start + lead, end: start + lead + t.length });
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      push(i);
      depth = 0;
      straightOpen = false;
      continue;
    }
    if (ch === '“' || ch === '«') {
      depth++;
      quoteOpenedAt = i;
    } else if (ch === '”' || ch === '»') depth = Math.max(0, depth - 1);
    else if (ch === '"') {
      straightOpen = !straightOpen;
      if (straightOpen) quoteOpenedAt = i;
    }
    if ((depth > 0 || straightOpen) && i - quoteOpenedAt > MAX_QUOTE_SPAN) {
      depth = 0;
      straightOpen = false;
    }
    if (ch === '「' || ch === '『') depth++;
    else if (ch === '」' || ch === '』') depth = Math.max(0, depth - 1);
    if (CJK_STOPS.includes(ch)) {
      // A Chinese/Japanese full stop ends a sentence with no space after it.
      let j = i + 1;
      while (j < text.length && '」』”’）)'.includes(text[j])) {
        if (text[j] === '」' || text[j] === '』' || text[j] === '”') depth = Math.max(0, depth - 1);
        j++;
      }
      if (depth > 0 || straightOpen) continue;
      // 「…。」と言った: after a closing quote the sentence goes on unless a space follows.
      if (j > i + 1 && j < text.length && !/\s/.test(text[j])) continue;
      push(j);
      i = j - 1;
      continue;
    }
    if (ch !== '.' && ch !== '!' && ch !== '?') continue;
    // Closing quotes and brackets right after the stop belong to this sentence.
    let j = i + 1;
    while (j < text.length && (CLOSE_QUOTES.includes(text[j]) || text[j] === '"' || text[j] === "'" || text[j] === ')' || text[j] === ']')) {
      if (text[j] === '”' || text[j] === '»') depth = Math.max(0, depth - 1);
      if (text[j] === '"') straightOpen = false;
      j++;
    }
    if (j < text.length && !/\s/.test(text[j])) continue;
    let k = j;
    while (k < text.length && /[ \t]/.test(text[k])) k++;
    if (k >= text.length) continue;
    const next = text[k];
    if (!(/[\p{Lu}\d]/u.test(next) || OPEN_QUOTES.includes(next) || next === '"' || next === '(' || next === '\n')) continue;
    if (depth > 0 || straightOpen) continue;
    if (ch === '.') {
      const before = /([\p{L}.]+)\.$/u.exec(text.slice(Math.max(0, i - 12), i + 1));
      const word = before ? before[1].toLowerCase() : '';
      if (/^\p{Lu}$/u.test(before?.[1] ?? '') || ABBREVIATIONS.has(word) || /^(\p{L}\.)+\p{L}$/u.test(before?.[1] ?? '')) continue;
    }
    push(j);
  }
  push(text.length);
  return out;
}
