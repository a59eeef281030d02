import { describe, expect, it } from 'vitest';
import { chunkText, cleanArticle } from '../../src/corpus/index.js';
import { countWords } from '../../src/corpus/whitespace.js';

// 18 sentences of 25 words: 450 words.
const sentence = (i: number) => `Sentence ${i} says that the talks between the two leaders went on for hours and covered land, power plants and prisoners in detail on Tuesday.`;
const long = Array.from({ length: 18 }, (_, i) => sentence(i + 1)).join(' ');

describe('chunking long paragraphs', () => {
  it('builds the 450-word fixture', () => {
    expect(countWords(long)).toBe(450);
  });

  it('splits a 450-word paragraph into three 150-word pieces at sentence ends', () => {
    const pieces = chunkText(long);
    expect(pieces.map(countWords)).toEqual([150, 150, 150]);
    expect(pieces[0].startsWith('Sentence 1 says')).toBe(true);
    expect(pieces[0].endsWith('Sentence 6 says that the talks between the two leaders went on for hours and covered land, power plants and prisoners in detail on Tuesday.')).toBe(true);
    expect(pieces[1].startsWith('Sentence 7 says')).toBe(true);
    expect(pieces.join(' ')).toBe(long);
  });

  it('leaves a paragraph of 200 words whole', () => {
    const text = Array.from({ length: 8 }, (_, i) => sentence(i + 1)).join(' ');
    expect(chunkText(text)).toEqual([text]);
  });

  it('cuts a single over-long sentence by words, at a comma when it can', () => {
    const words = Array.from({ length: 300 }, (_, i) => (i === 179 ? `w${i},` : `w${i}`)).join(' ') + '.';
    const pieces = chunkText(words);
    expect(pieces.map(countWords)).toEqual([180, 120]);
    expect(pieces[0].endsWith('w179,')).toBe(true);
  });

  it('keeps list markers with their items when a list is split', () => {
    const items = Array.from({ length: 30 }, (_, i) => `- Item ${i} covers the issue of land, power plants and prisoners held by both sides.`);
    const pieces = chunkText(['Topics:', ...items].join('\n'));
    expect(pieces.length).toBe(3);
    for (const p of pieces) expect(countWords(p)).toBeLessThanOrEqual(200);
    expect(pieces[1].startsWith('- Item')).toBe(true);
  });

  it('is applied by cleanArticle, keeping the section', () => {
    const a = cleanArticle(`Title\nA Long Section\n${long}`);
    expect(a.paragraphs).toHaveLength(3);
    expect(a.paragraphs.every((p) => p.section === 'A Long Section')).toBe(true);
  });
});
