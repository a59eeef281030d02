import { describe, expect, it } from 'vitest';
import { parseSource, SourceError } from '../../src/corpus/index.js';
import { nestingDepth } from '../../src/corpus/html.js';

const html = (text: string) => parseSource({ id: 'page', bytes: new TextEncoder().encode(text), format: 'html' });

const PAGE = `<!doctype html><html><head>
<title>Trump and Putin talk | Daily Planet</title>
<link rel="canonical" href="https://example.com/world/talks">
<meta property="og:site_name" content="Daily Planet">
<meta property="article:published_time" content="2025-03-14T10:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Trump and Putin talk</h1>
<p>The phone call lasted <b>two hours</b>, officials said on Tuesday. It was the first call in months and covered a ceasefire in Ukraine.</p>
<p>Topics discussed included:</p>
<ul><li>Land <em>distribution</em></li><li>Power plant<em>s</em></li></ul>
<figure><img src="x.jpg"><figcaption>Donald Trump at the White House</figcaption></figure>
<h2>Reaction</h2>
<p>Europe was cautious. Leaders said any deal must include Ukraine, and they asked for security guarantees before agreeing to anything.</p>
<table><thead><tr><th>Country</th><th>Target</th></tr></thead>
<tbody><tr><td>UK</td><td>2.5% of GDP</td></tr><tr><td>Germany</td><td>2% of GDP</td></tr></tbody></table>
</article>
<footer>Copyright Daily Planet</footer>
</body></html>`;

describe('HTML sources', () => {
  it('reads the main text and metadata with Readability', () => {
    const s = html(PAGE);
    expect(s).toMatchObject({
      id: 'page',
      title: 'Trump and Putin talk',
      url: 'https://example.com/world/talks',
      outlet: 'Daily Planet',
      published: '2025-03-14T10:00:00Z',
    });
    expect(s.paragraphs.map((p) => [p.index, p.section, p.text])).toEqual([
      [1, undefined, 'The phone call lasted two hours, officials said on Tuesday. It was the first call in months and covered a ceasefire in Ukraine.'],
      [2, undefined, 'Topics discussed included:\n- Land distribution\n- Power plants'],
      [3, 'Reaction', 'Europe was cautious. Leaders said any deal must include Ukraine, and they asked for security guarantees before agreeing to anything.'],
      [4, 'Reaction', 'Country | Target\nUK | 2.5% of GDP\nGermany | 2% of GDP'],
    ]);
  });

  it('takes <time datetime> when there is no published_time meta', () => {
    const s = html(
      '<html><head><title>Talks</title></head><body><article><time datetime="2025-03-14">March 14</time><p>The phone call lasted two hours, officials said on Tuesday, and covered a ceasefire.</p></article></body></html>',
    );
    expect(s.published).toBe('2025-03-14');
  });

  it('rejects a page without article text', () => {
    for (const page of ['<html><body><nav>Home</nav></body></html>', '<html><body></body></html>', '']) {
      expect(() => html(page || ' ')).toThrow(SourceError);
    }
    expect(() => html('<html><body><nav>Home</nav></body></html>')).toThrow('no article text found in the HTML');
  });

  it("refuses pathological nesting before parsing it", () => {
    const deep = `<html><body>${'<div>'.repeat(50_000)}<p>Text.</p>${'</div>'.repeat(50_000)}</body></html>`;
    expect(() => html(deep)).toThrow('the HTML is nested too deeply to read (50002 levels; at most 256)');
  });

  it('estimates nesting without counting void or self-closing elements', () => {
    expect(nestingDepth('<div><p>a<p>b<br><img src=x><span/><!-- <div><div> --><script>"<div>"</script></div>')).toBe(1);
    expect(nestingDepth('<div><div><b>x</b></div><div></div></div>')).toBe(3);
  });
});
