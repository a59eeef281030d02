import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/corpus/index.js';
import { stripInlineMarkdown } from '../../src/corpus/markdown.js';

const md = (text: string, onWarning?: (m: string) => void) =>
  parseSource({ id: 'a', bytes: new TextEncoder().encode(text), format: 'md', onWarning });

describe('Markdown sources', () => {
  it('reads front matter, headings as sections, links and emphasis as plain text', () => {
    const s = md(
      [
        '---',
        'title: Trump and Putin talk',
        'url: https://example.com/talks',
        'published: 2025-03-14',
        'outlet: Daily Planet',
        '---',
        '# Trump and Putin talk',
        '',
        'The call **lasted two hours**, according to [the Kremlin](https://kremlin.ru "site"), and _both_ sides',
        'called it *useful*.',
        '',
        '## Reaction',
        '',
        'Topics included:',
        '',
        '- Land distribution',
        '- Power plants',
        '',
        '| Country | Target |',
        '| --- | ---: |',
        '| UK | 2.5% of GDP |',
      ].join('\n'),
    );
    expect(s).toMatchObject({ id: 'a', title: 'Trump and Putin talk', url: 'https://example.com/talks', published: '2025-03-14', outlet: 'Daily Planet' });
    expect(s.paragraphs).toEqual([
      { sourceId: 'a', index: 1, text: 'The call lasted two hours, according to the Kremlin, and both sides called it useful.' },
      { sourceId: 'a', index: 2, text: 'Topics included:\n- Land distribution\n- Power plants', section: 'Reaction' },
      { sourceId: 'a', index: 3, text: 'Country | Target\nUK | 2.5% of GDP', section: 'Reaction', table: true },
    ]);
  });

  it('takes the first "# " heading as the title without front matter', () => {
    const s = md('# The Headline\n\nBody text of the article here.');
    expect(s.title).toBe('The Headline');
    expect(s.paragraphs.map((p) => p.text)).toEqual(['Body text of the article here.']);
  });

  it('ignores front matter fields of the wrong type, with a warning', () => {
    const warnings: string[] = [];
    const s = md('---\ntitle: 42\npublished: [1, 2]\nurl: not a url\n---\nBody text of the article here.', (m) => warnings.push(m));
    expect(s.title).toBe('42');
    expect(s.published).toBeUndefined();
    expect(s.url).toBeUndefined();
    expect(warnings).toEqual([
      'front matter url "not a url" is not an http(s) address; it was ignored',
      'front matter field "published" is not a date (e.g. 2025-03-14); it was ignored',
    ]);
  });

  it('ignores front matter that is not valid YAML, with a warning', () => {
    const warnings: string[] = [];
    const s = md('---\ntitle: [unclosed\n---\n# Real Title\n\nBody text.', (m) => warnings.push(m));
    expect(s.title).toBe('Real Title');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^front matter is not valid YAML and was ignored/);
  });

  it('strips inline Markdown but keeps snake_case and quotes', () => {
    expect(stripInlineMarkdown('A ![photo](x.jpg)**bold** and __strong__, a `code` [link][1], snake_case_name and \u201Cquotes\u201D \\*stars\\*')).toBe(
      'A bold and strong, a code link, snake_case_name and \u201Cquotes\u201D *stars*',
    );
  });
});
