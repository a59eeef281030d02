import { describe, expect, it } from 'vitest';
import { cleanArticle } from '../../src/corpus/index.js';
import { headingKey, renderTable } from '../../src/corpus/tables.js';

describe('tables', () => {
  it('keeps a header table as rows, cells as written, header first', () => {
    const a = cleanArticle(
      [
        'Title',
        'Some countries are worried about the talks.',
        'Country | Defense Spending Target |',
        '---|---|',
        'United Kingdom | 2.5% of GDP |',
        'Germany | 2% of GDP |',
        'European Union (Average) | 2% of GDP |',
        'The world\u2019s balance of power is very important right now.',
      ].join('\n'),
    );
    expect(a.paragraphs.map((p) => p.text)).toEqual([
      'Some countries are worried about the talks.',
      'Country | Defense Spending Target\nUnited Kingdom | 2.5% of GDP\nGermany | 2% of GDP\nEuropean Union (Average) | 2% of GDP',
      'The world\u2019s balance of power is very important right now.',
    ]);
  });

  it('keeps every column of a row, an empty cell included', () => {
    expect(renderTable({ header: ['Country', 'Target', 'Year'], rows: [['UK', '2.5%', '2027'], ['France', '', '2030']] }, new Set())).toEqual({
      lines: ['Country | Target | Year', 'UK | 2.5% | 2027', 'France |  | 2030'],
      rows: true,
    });
  });

  it('renders a numbered "No. | Key Points" table as numbered lines', () => {
    const a = cleanArticle(
      [
        'Title',
        'The outlook is uncertain.',
        'No. | Key Points |',
        '---|---|',
        '1 | President Trump announced the start of peace talks between Russia and Ukraine. |',
        '2 | Both Putin and Zelenskyy conveyed their desire for peace. |',
      ].join('\n'),
    );
    expect(a.paragraphs[1]).toEqual({
      text: '1. President Trump announced the start of peace talks between Russia and Ukraine.\n2. Both Putin and Zelenskyy conveyed their desire for peace.',
      section: 'Key Points',
    });
  });

  it('drops a one-column table that lists the article\u2019s own headings', () => {
    const a = cleanArticle(
      [
        'Title',
        'Intro paragraph of the article.',
        'Article Subheadings |',
        '---|',
        '1) Diplomatic Talks Initiated |',
        '2) The Stakes for Ukraine |',
        'Diplomatic Talks Initiated',
        'The announcement marks a shift.',
        'The Stakes for Ukraine',
        'Ukraine finds itself at a crossroads.',
      ].join('\n'),
    );
    expect(a.paragraphs).toEqual([
      { text: 'Intro paragraph of the article.' },
      { text: 'The announcement marks a shift.', section: 'Diplomatic Talks Initiated' },
      { text: 'Ukraine finds itself at a crossroads.', section: 'The Stakes for Ukraine' },
    ]);
  });

  it('keeps a one-column table that is not a table of contents', () => {
    expect(renderTable({ header: ['Demands'], rows: [['Land'], ['Power plants']] }, new Set([headingKey('Other')]))).toEqual({
      lines: ['- Land', '- Power plants'],
      section: 'Demands',
    });
  });

  it('renders a table without a header row', () => {
    expect(renderTable({ rows: [['Kyiv', 'Ukraine'], ['Moscow', 'Russia']] }, new Set())).toEqual({
      lines: ['Kyiv | Ukraine', 'Moscow | Russia'],
      rows: true,
    });
  });

  it('does not take a title with a bar for a table', () => {
    const a = cleanArticle('Trump and Putin talk | Daily Planet\nThe call lasted two hours.');
    expect(a.title).toBe('Trump and Putin talk | Daily Planet');
    expect(a.paragraphs).toEqual([{ text: 'The call lasted two hours.' }]);
  });
});
