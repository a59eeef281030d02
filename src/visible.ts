// A file name (a source's id) or a title taken from one may hold newlines and terminal escape
// sequences: printed raw, "a\n[2] Fake source" forges a citation line and "\x1b]…" talks to
// the reader's terminal. Wherever such names are shown they are shown escaped, visibly.

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The text with control characters written as escapes (\n, \r, \t, \xHH, \uHHHH). */
export function visible(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`);
  });
}
