import { describe, expect, it } from 'vitest';
import { cleanArticle } from '../../src/corpus/index.js';

const BODY = 'Trump and Putin spoke for two hours on Tuesday about a ceasefire in Ukraine.';
const MORE = 'The Kremlin said the talks were frank and useful, and that more calls would follow.';

/** Paragraphs (with sections) of an article made of a title, the body, the given lines and more text. */
function paragraphsWith(...lines: string[]): { text: string; section?: string }[] {
  return cleanArticle(['Talks Headline', BODY, ...lines, MORE].join('\n')).paragraphs;
}

describe('page furniture', () => {
  const cases: [string, string[]][] = [
    ['share buttons', ['Share This Post:']],
    ['see-also link (NBSP after "See also")', ['See also\u00A0 Celebrating Culture and Harmony: Highlights from the 47th Programme in Bali']],
    ['tag list', ['Tags']],
    ['related posts', ['Related Posts']],
    ['similar posts', ['Similar Posts']],
    ['newsletter box', ['Get The Latest Updates', 'Subscribe To Our Weekly Newsletter', 'No spam, notifications only about new updates.']],
    ['comment box', ['\u2022 No comments yet.', '  \u2022 Add a comment']],
    ['comment form', ['Leave a Reply', 'Your email address will not be published. Required fields are marked *']],
    ['search box', ['Search']],
    ['source link', ['Source link']],
    ['byline', ['By Jane Smith and Tom Lee | Reuters']],
  ];
  for (const [name, lines] of cases) {
    it(`removes ${name}`, () => {
      // Neither a paragraph nor a heading over the next one.
      expect(paragraphsWith(...lines)).toEqual([{ text: BODY }, { text: MORE }]);
    });
  }

  it('removes a "Source Links" section with its list of headlines', () => {
    const text = ['Title', BODY, 'Source Links', '- Ukraine war latest: Trump hails talks', '- Russia rejoices at Trump-Putin call'].join('\n');
    expect(cleanArticle(text).paragraphs).toEqual([{ text: BODY }]);
  });

  it('removes a trailing "Source link"', () => {
    expect(cleanArticle(['Title', BODY, 'Source link'].join('\n')).paragraphs).toEqual([{ text: BODY }]);
  });

  it('removes the title repeated right under the title, and a lone "Search" above it', () => {
    const a = cleanArticle(['Search', 'Big Talks Headline', '', 'Big Talks Headline', '', BODY].join('\n'));
    expect(a.title).toBe('Big Talks Headline');
    expect(a.paragraphs.map((p) => p.text)).toEqual([BODY]);
  });

  it('keeps real sentences that merely contain such words', () => {
    const sentences = [
      'Putin did not leave a reply to the letter, officials said on Monday.',
      'See also how the talks in Riyadh went, the minister told reporters.',
      'Subscribers to the newsletter were told the search had ended.',
      'Related posts on social media were removed by the platform.',
      'By contrast, the talks in Istanbul fell apart within hours.',
    ];
    expect(paragraphsWith(...sentences).map((p) => p.text)).toEqual([BODY, ...sentences, MORE]);
  });

  it('keeps a heading that starts with "By the"', () => {
    expect(paragraphsWith('By the Numbers')).toEqual([{ text: BODY }, { text: MORE, section: 'By the Numbers' }]);
  });

  it('ends a furniture section where article text resumes', () => {
    const text = ['Title', BODY, 'Related Posts', 'Another Headline About Something', 'Conclusion', MORE].join('\n');
    const a = cleanArticle(text);
    expect(a.paragraphs).toEqual([{ text: BODY }, { text: MORE, section: 'Conclusion' }]);
  });
});
