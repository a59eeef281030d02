// Cutting to platform limits: never inside a character, at a sentence end where there is one.
import { describe, expect, it } from 'vitest';
import { cutAtSentence, safeCut, splitForLimit } from '../../src/chat/cut.js';
import { dropDirectionalControls } from '../../src/chat/bidi.js';

const wellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('cutting text', () => {
  it('never splits a surrogate pair, whatever the limit', () => {
    const text = 'ab' + '😀'.repeat(499);
    for (let max = 2; max < 60; max++) {
      const { text: out, cut } = cutAtSentence(text, max);
      expect(cut).toBe(true);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(wellFormed(out)).toBe(true);
    }
    for (const chunk of splitForLimit('😀'.repeat(300), 101)) expect(wellFormed(chunk)).toBe(true);
    expect(splitForLimit('😀'.repeat(300), 101).join('')).toBe('😀'.repeat(300));
  });

  it('keeps a cluster (skin tone, accent) whole', () => {
    const thumbs = '👍🏽'.repeat(50);
    const cutAt = safeCut(thumbs, 7); // inside the third 👍🏽 (4 code units each)
    expect(cutAt).toBe(4);
    const accented = 'e\u0301'.repeat(20); // é as e + combining accent
    expect(safeCut(accented, 5)).toBe(4);
  });

  it('keeps flags whole however long the run (regional indicators pair from the start)', () => {
    const flags = '🇺🇸'.repeat(40);
    for (const at of [78, 82, 86, 150]) expect(safeCut(flags, at) % 4).toBe(0);
    const chunks = splitForLimit(flags, 70);
    expect(chunks.join('')).toBe(flags);
    for (const c of chunks) expect(c.startsWith('🇺🇸')).toBe(true);
  });

  it('cuts Japanese and Chinese text at 。！？', () => {
    const ja = '首相は会談が生産的だったと述べた。'.repeat(20);
    const { text } = cutAtSentence(ja, 100);
    expect(text.endsWith('。…')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(100);
  });

  it('keeps a quote with a rare CJK character (𠮷) well formed at the cut', () => {
    const quote = 'xx' + '𠮷野家の社長は会談が生産的だったと述べ、来週にも再開する見通しを示した'.repeat(200);
    for (const max of [2999, 3000, 3001, 997]) expect(wellFormed(cutAtSentence(quote, max).text)).toBe(true);
  });

  it('drops directional overrides and isolates, keeps the letters and the plain marks', () => {
    expect(dropDirectionalControls('We won\u202E. tsol yehT')).toBe('We won. tsol yehT');
    expect(dropDirectionalControls('a\u2066b\u2069c\u202Ad\u202C')).toBe('abcd');
    expect(dropDirectionalControls('שלום\u200F!')).toBe('שלום\u200F!');
  });
});
