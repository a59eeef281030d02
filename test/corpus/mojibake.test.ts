import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repairMojibake } from '../../src/corpus/index.js';

const seed000 = readFileSync(new URL('../../seeds/000_450ac052006812d4.txt', import.meta.url), 'utf8').split('\n');
const lineWith = (needle: string) => {
  const line = seed000.find((l) => l.includes(needle));
  if (!line) throw new Error(`seed line with ${needle} not found`);
  return line;
};

describe('repairMojibake: the Thai "โ" quote of seed 000', () => {
  it('turns โ inside a word into an apostrophe (real seed line)', () => {
    const line = lineWith('substantial Russian drone attacks');
    expect(line).toContain('Ukraine\u0E42s');
    expect(repairMojibake(line)).toBe(
      '- Ukraine\u2019s military continues to defend against substantial Russian drone attacks, revealing ongoing conflict intensity.',
    );
  });

  it('turns โ at the edges of a word into opening and closing quotes (real seed line)', () => {
    const line = lineWith('hails \u0E42great talks');
    expect(repairMojibake(line.split('\n')[0])).toBe(
      '- Ukraine-Russia war latest: Trump hails \u201Cgreat talks\u201D with Putin and Kyiv as EU criticises US peace negotiations',
    );
  });

  it('uses single quotes when the line quotes with single marks', () => {
    expect(repairMojibake('Trump hails \u2018good possibility\u2019 but \u0E42bad timing\u0E42 as well')).toBe(
      'Trump hails \u2018good possibility\u2019 but \u2018bad timing\u2019 as well',
    );
  });

  it('uses the document\u2019s quote style when the line has none', () => {
    expect(repairMojibake('He said \u2018fine\u2019.\nThe plan \u0E42has gone down badly\u0E42')).toBe(
      'He said \u2018fine\u2019.\nThe plan \u2018has gone down badly\u2019',
    );
    expect(repairMojibake('Trump hails \u0E42great talks\u0E42')).toBe('Trump hails \u201Cgreat talks\u201D');
  });

  it('closes a quote after final punctuation', () => {
    expect(repairMojibake('They were \u0E42great.\u0E42 He left.')).toBe('They were \u201Cgreat.\u201D He left.');
  });

  it('leaves real Thai text alone', () => {
    const thai = 'โรงเรียน โอกาส และโครงการ';
    expect(repairMojibake(thai)).toBe(thai);
    expect(repairMojibake('Bangkok โรงแรม hotel')).toBe('Bangkok โรงแรม hotel');
  });
});

describe('repairMojibake: UTF-8 read as Windows-1252 or Latin-1', () => {
  it('repairs curly quotes, dashes and accents', () => {
    expect(repairMojibake('Ukraine\u00E2\u20AC\u2122s')).toBe('Ukraine\u2019s');
    expect(repairMojibake('\u00E2\u20AC\u0153great\u00E2\u20AC\u009D')).toBe('\u201Cgreat\u201D');
    expect(repairMojibake('Moscow \u00E2\u20AC\u201C In')).toBe('Moscow \u2013 In');
    expect(repairMojibake('caf\u00C3\u00A9 and na\u00C3\u00AFve')).toBe('caf\u00E9 and na\u00EFve');
    expect(repairMojibake('Zelensky\u00C3\u00BD')).toBe('Zelensky\u00FD');
  });

  it('repairs Latin-1 readings (C1 control characters)', () => {
    expect(repairMojibake('it\u00E2\u0080\u0099s')).toBe('it\u2019s');
  });

  it('repairs a closing quote whose last byte was dropped', () => {
    expect(repairMojibake('\u00E2\u20AC\u0153great\u00E2\u20AC he said')).toBe('\u201Cgreat\u201D he said');
  });

  it('repairs text mangled twice', () => {
    const once = 'caf\u00C3\u00A9';
    const twice = Array.from(new TextEncoder().encode(once), (b) => String.fromCharCode(b)).join('');
    expect(repairMojibake(twice)).toBe('caf\u00E9');
  });

  it('leaves legitimate accented and non-Latin text alone', () => {
    for (const text of ['São Paulo à Genève', 'Привет, мир', '北京', 'ÉTÉ… et après', 'Zürich – “quoted”', '£5 and ©2025']) {
      expect(repairMojibake(text)).toBe(text);
    }
  });
});
