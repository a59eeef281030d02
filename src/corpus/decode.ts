// Bytes to text. Valid UTF-8 (with or without BOM) is taken as is; anything else is
// detected with chardet and decoded with iconv-lite (Windows-1252 for the Latin-1 family,
// since its 0x80-0x9F are curly quotes and dashes, not control codes).

import * as chardet from 'chardet';
import iconv from 'iconv-lite';
import { SourceError } from './errors.js';

const LATIN_FAMILY = new Set(['iso-8859-1', 'iso-8859-15', 'windows-1252']);
// Beyond this share of replacement or control characters the "text" is not text.
const MAX_BAD_SHARE = 0.01;
// Replacement characters and control codes (C1 codes too: a legacy decode that yields
// them was the wrong one).
// eslint-disable-next-line no-control-regex
const BAD_DECODED = /[\uFFFD\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F]/g;
// In valid UTF-8 only C0 controls count: C1 codes there are mojibake that gets repaired.
// eslint-disable-next-line no-control-regex
const BAD_UTF8 = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/g;

function badShare(text: string, bad: RegExp): number {
  if (text.length === 0) return 0;
  return (text.match(bad) ?? []).length / text.length;
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function decodeLegacy(bytes: Uint8Array): string {
  const detected = chardet.detect(bytes);
  const name = detected?.toLowerCase();
  const encoding = name && LATIN_FAMILY.has(name) ? 'windows-1252' : name;
  if (!encoding || !iconv.encodingExists(encoding)) {
    throw new SourceError('cannot decode the text: it is not UTF-8 and its encoding could not be recognised; save it as UTF-8');
  }
  const text = iconv.decode(Buffer.from(bytes), encoding);
  if (badShare(text, BAD_DECODED) > MAX_BAD_SHARE) {
    throw new SourceError(`cannot decode the text: it is not UTF-8 and does not read as ${detected}; save it as UTF-8`);
  }
  return text;
}

/** Decodes a file's bytes to text, or throws SourceError saying why the file is unusable. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new SourceError('empty file');
  let text: string;
  // UTF-16 files legitimately contain NUL bytes, so their BOM is checked first.
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    text = iconv.decode(Buffer.from(bytes), bytes[0] === 0xff ? 'utf-16le' : 'utf-16be');
  } else {
    if (bytes.includes(0)) throw new SourceError('binary file (contains NUL bytes)');
    try {
      // Strips a UTF-8 BOM.
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = decodeLegacy(bytes);
    }
  }
  text = text.replace(/^\uFEFF/, '');
  if (!/\S/u.test(text.replace(/[\u00A0\u200B\u2060\uFEFF]/g, ''))) {
    throw new SourceError('the file contains only whitespace');
  }
  if (badShare(text, BAD_UTF8) > MAX_BAD_SHARE) throw new SourceError('binary file (contains control characters)');
  return text;
}
