import { describe, expect, it } from 'vitest';
import { splitSentences as claimSentences } from '../../src/claims/sentence-split.js';
import { parseSource, splitSentences } from '../../src/corpus/index.js';
import { quoteText } from '../../src/answer/render-text.js';

const html = (body: string, head = '<title>Page</title>') =>
  parseSource({ id: 'page', bytes: new TextEncoder().encode(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`), format: 'html' });
const texts = (body: string) => html(body).paragraphs.map((p) => p.text);

// Long enough for Readability to take the block as the article.
const FILLER =
  '<p>The committee met on Tuesday and heard evidence from three witnesses, who described the events of the night in detail and answered questions for two hours.</p>';

describe('HTML text as written', () => {
  it('keeps no line break of the page source inside a paragraph', () => {
    const t = texts(
      `<article><h1>Actress shares photos</h1><p>Veteran Nollywood actress, Kate Henshaw, who in 2008, won the \n` +
        `Africa Movie Academy Award for Best Actress in a Leading Role, has taken\n to her Instagram page to share some photos.</p>${FILLER}</article>`,
    );
    expect(t[0]).toBe(
      'Veteran Nollywood actress, Kate Henshaw, who in 2008, won the Africa Movie Academy Award for Best Actress in a Leading Role, has taken to her Instagram page to share some photos.',
    );
    expect(splitSentences(t[0])).toHaveLength(1);
  });

  it('reads a <pre> block as paragraphs parted by blank lines, its wrapped lines joined', () => {
    const t = texts(
      `<article><h1>Statement</h1>${FILLER}<pre>The ministry said the talks\nwould resume next week in Geneva.\n\nNo date was given for the\nsecond round.</pre></article>`,
    );
    expect(t).toContain('The ministry said the talks would resume next week in Geneva.');
    expect(t).toContain('No date was given for the second round.');
  });

  it('quotes a lede set in <h2> as a paragraph, while a short <h2> stays a section heading', () => {
    const s = html(
      `<article><h1>Storm hits coast</h1><h2>A storm with winds of 150 km/h hit the coast on Monday, cutting power to 40,000 homes.</h2>${FILLER}<h2>Reaction</h2>${FILLER.replace('Tuesday', 'Wednesday')}</article>`,
    );
    expect(s.paragraphs[0]).toMatchObject({ text: 'A storm with winds of 150 km/h hit the coast on Monday, cutting power to 40,000 homes.' });
    expect(s.paragraphs.find((p) => p.text.includes('Wednesday'))?.section).toBe('Reaction');
    expect(s.paragraphs.some((p) => p.text === 'Reaction')).toBe(false);
  });

  it('keeps a table as rows of cells as written, marked as a table, and shows a row as a row', () => {
    const s = html(
      `<article><h1>Spending</h1>${FILLER}<table><thead><tr><th>Country</th><th>Defense Spending Target</th></tr></thead>` +
        '<tbody><tr><td>United Kingdom</td><td>2.5% of GDP</td></tr><tr><td>Germany</td><td>2% of GDP</td></tr></tbody></table></article>',
    );
    const table = s.paragraphs.find((p) => p.table);
    expect(table?.text).toBe('Country | Defense Spending Target\nUnited Kingdom | 2.5% of GDP\nGermany | 2% of GDP');
    expect(s.paragraphs.some((p) => /United Kingdom —|Target: 2\.5%/.test(p.text))).toBe(false);
    expect(quoteText({ quote: 'United Kingdom | 2.5% of GDP', table: true })).toBe('table row: United Kingdom | 2.5% of GDP');
    expect(quoteText({ quote: 'The call lasted two hours.' })).toBe('“The call lasted two hours.”');
  });

  it('does not number <ol> items with numbers the page did not write', () => {
    const t = texts(`<article><h1>Ten things</h1>${FILLER}<p>Here is what to know:</p><ol><li>WeWork cut jobs.</li><li>Uber sold a unit.</li></ol></article>`);
    expect(t).toContain('Here is what to know:\n- WeWork cut jobs.\n- Uber sold a unit.');
  });
});

describe('links that are not the article', () => {
  it('leaves out a list of links to other stories and a bare address, keeps a list with text', () => {
    const t = texts(
      `<article><h1>Storm</h1>${FILLER}<ul><li><a href="/a">Prince Andrew steps back from royal duties</a></li><li><a href="/b">Storm floods towns on the coast</a></li></ul>` +
        '<p>https://www.example.com/news/article-14848218.php</p><p>Officials listed the damage:</p><ul><li>Two bridges, <a href="/c">closed</a> until May</li><li>One school</li></ul></article>',
    );
    expect(t.some((x) => x.includes('Prince Andrew') || x.includes('https://'))).toBe(false);
    expect(t).toContain('Officials listed the damage:\n- Two bridges, closed until May\n- One school');
  });
});

describe('sentences in Chinese and Japanese', () => {
  it('ends a sentence at 。！？ with no space after them', () => {
    const text = '先日、20代の男性が逮捕されました。報道によると、販売されたのはiPhoneです！本当ですか？はい。';
    expect(splitSentences(text).map((s) => s.text)).toEqual(['先日、20代の男性が逮捕されました。', '報道によると、販売されたのはiPhoneです！', '本当ですか？', 'はい。']);
    expect(claimSentences(text).map((s) => s.text)).toEqual(['先日、20代の男性が逮捕されました。', '報道によると、販売されたのはiPhoneです！', '本当ですか？', 'はい。']);
    for (const s of splitSentences(text)) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('keeps a quotation in 「」 whole in the claims splitter', () => {
    expect(claimSentences('彼は「行きます。明日です。」と言った。次に進む。').map((s) => s.text)).toEqual(['彼は「行きます。明日です。」と言った。', '次に進む。']);
  });

  it('keeps a Japanese paragraph of one line as text, not a heading', () => {
    const t = texts(
      '<article><h1>Kindle for PC</h1><p>Kindle書籍を読む場合は、一般的にスマホやタブレットなどのモバイル端末で読むことが多いと思いますが、パソコンでそのまま読みたい時もあります。</p>' +
        '<p>そんな用途を考慮してか、Kindleや楽天koboにはデスクトップアプリが用意されています。</p><h2>起動ホットキー</h2><p>さて、このKindle for PC、操作性などあまりよくありません。設定で変更できる箇所も少なく、融通が効かない面も多々あります。</p></article>',
    );
    expect(t[0]).toMatch(/^Kindle書籍を読む場合は/);
  });
});
