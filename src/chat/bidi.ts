// Directional formatting characters from a source (U+202A–U+202E embeddings and overrides,
// U+2066–U+2069 isolates) keep acting past the end of the text they came in: a right-to-left
// override in a quote would reverse our closing quote mark and its [n]. They are dropped from
// untrusted text before it is shown; the letters, and the marks U+200E/U+200F that only
// nudge neutral characters, are kept.
const DIRECTIONAL = /[\u202A-\u202E\u2066-\u2069]/g;

export function dropDirectionalControls(text: string): string {
  return text.replace(DIRECTIONAL, '');
}
