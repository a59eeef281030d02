import { describe, expect, it } from 'vitest';
import { cleanArticle } from '../../src/corpus/index.js';

describe('title and dateline', () => {
  it('takes the first real line as title and a date-only line as published', () => {
    const a = cleanArticle('Search\n14 Mar 2025\n\nTrump’s Bold Approach\n\nMOSCOW – The talks began on Monday, officials said.');
    expect(a.title).toBe('Trump’s Bold Approach');
    expect(a.published).toBe('2025-03-14');
    expect(a.paragraphs).toEqual([{ text: 'MOSCOW – The talks began on Monday, officials said.' }]);
  });

  it('reads other date spellings and labels', () => {
    expect(cleanArticle('Headline\nPublished: March 14, 2025\nThe talks began on Monday.').published).toBe('2025-03-14');
    expect(cleanArticle('Headline\nFriday, 14 March 2025, 10:32 AM\nThe talks began on Monday.').published).toBe('2025-03-14');
  });

  it('does not take a date inside a sentence, or a line that is more than a date', () => {
    const a = cleanArticle('Headline\nThe call on March 5, 2023, was historic.\nTalks on 14 Mar 2025 in Riyadh');
    expect(a.published).toBeUndefined();
  });

  it('uses the first sentence as the title when the article has no title line', () => {
    const a = cleanArticle('Vladimir Putin and Donald Trump had a phone call that lasted two hours. Trump called it excellent.');
    expect(a.title).toBe('Vladimir Putin and Donald Trump had a phone call that lasted two hours');
    expect(a.paragraphs).toHaveLength(1);
  });
});

describe('headings', () => {
  it('makes short unpunctuated lines the section of the paragraphs under them', () => {
    const a = cleanArticle(
      [
        'Title Line',
        'First paragraph of the article, before any heading.',
        'International Relations and Diplomacy',
        'Trump and Putin discussed international relations.',
        'They emphasized the importance of a strong diplomatic stance.',
        'Key Topics Discussed During the Call: Both Want Peace!',
        'The call lasted over an hour.',
        'Conclusion',
        'The talks highlight the power of diplomacy.',
      ].join('\n'),
    );
    expect(a.paragraphs).toEqual([
      { text: 'First paragraph of the article, before any heading.' },
      { text: 'Trump and Putin discussed international relations.', section: 'International Relations and Diplomacy' },
      { text: 'They emphasized the importance of a strong diplomatic stance.', section: 'International Relations and Diplomacy' },
      { text: 'The call lasted over an hour.', section: 'Key Topics Discussed During the Call: Both Want Peace!' },
      { text: 'The talks highlight the power of diplomacy.', section: 'Conclusion' },
    ]);
  });

  it('does not index a heading with nothing under it', () => {
    const a = cleanArticle('Title Line\nThe only paragraph of the article is here.\nDangling Heading');
    expect(a.paragraphs).toEqual([{ text: 'The only paragraph of the article is here.' }]);
  });

  it('keeps a run of short lines as a list rather than losing them', () => {
    const a = cleanArticle('Title Line\nIntro sentence of the piece goes here.\nDonald Trump\nVladimir Putin\nVolodymyr Zelensky\nParticipants Said\nThey all want peace, they said.');
    expect(a.paragraphs).toEqual([
      { text: 'Intro sentence of the piece goes here.' },
      { text: 'Donald Trump\nVladimir Putin\nVolodymyr Zelensky' },
      { text: 'They all want peace, they said.', section: 'Participants Said' },
    ]);
  });
});

describe('bullet lists', () => {
  it('keeps a list with its lead-in paragraph (one line per item)', () => {
    const a = cleanArticle(
      'Title\n\nTrump said talks touched on various topics, including:\n\n  \u2022 Land distribution\n  \u2022 Power plants\n  \u2022 \u201CDividing up certain assets\u201D between Russia and Ukraine\n\nLeavitt noted the plant.',
    );
    expect(a.paragraphs.map((p) => p.text)).toEqual([
      'Trump said talks touched on various topics, including:\n- Land distribution\n- Power plants\n- \u201CDividing up certain assets\u201D between Russia and Ukraine',
      'Leavitt noted the plant.',
    ]);
  });

  it('accepts "- ", "* " and "1) " markers', () => {
    const a = cleanArticle('Title\nSteps agreed:\n- one\n* two\n1) three\n2) four');
    expect(a.paragraphs.map((p) => p.text)).toEqual(['Steps agreed:\n- one\n- two\n1) three\n2) four']);
  });

  it('makes a list right under a heading its own paragraph', () => {
    const a = cleanArticle('Title\nThe call was long.\nKey Takeaways\n- The call was a step towards peace.\n- Europe is spending more.');
    expect(a.paragraphs).toEqual([
      { text: 'The call was long.' },
      { text: '- The call was a step towards peace.\n- Europe is spending more.', section: 'Key Takeaways' },
    ]);
  });
});

describe('FAQ', () => {
  it('drops questions without answers', () => {
    const a = cleanArticle(
      'Title\nThe call was long.\nFAQ\nWhat was the purpose of the Trump-Putin call?\nWhat makes this call historic?\nWhy is the Ukraine conflict a focal point in this conversation?',
    );
    expect(a.paragraphs).toEqual([{ text: 'The call was long.' }]);
  });

  it('keeps answers, with the question as their section', () => {
    const a = cleanArticle(
      [
        'Title',
        'The call was long.',
        'Frequently Asked Questions',
        'Question: What sparked the latest round of peace talks in the Russia-Ukraine conflict?',
        'The latest round was sparked by Trump’s announcement.',
        'Question: What does Ukraine face in the upcoming negotiations?',
        'Answer: Ukraine faces the prospect of conceding its NATO aspirations.',
        'What about questions left unanswered?',
      ].join('\n'),
    );
    expect(a.paragraphs).toEqual([
      { text: 'The call was long.' },
      {
        text: 'The latest round was sparked by Trump’s announcement.',
        section: 'What sparked the latest round of peace talks in the Russia-Ukraine conflict?',
      },
      {
        text: 'Ukraine faces the prospect of conceding its NATO aspirations.',
        section: 'What does Ukraine face in the upcoming negotiations?',
      },
    ]);
  });
});

describe('whitespace', () => {
  it('normalises non-breaking spaces and runs of spaces, and keeps quote characters', () => {
    const a = cleanArticle('Title\nHe\u00A0said   \u201Cvery  good\u00A0talks.\u201D\tThen he\u2019d left.\u200B');
    expect(a.paragraphs).toEqual([{ text: 'He said \u201Cvery good talks.\u201D Then he\u2019d left.' }]);
  });

  it('rejoins hard-wrapped paragraphs', () => {
    const text = [
      'Wrapped Wire Story',
      '',
      'The highly anticipated phone call between the two presidents regarding',
      'a ceasefire in Ukraine has concluded, as reported by various media',
      'outlets on Tuesday.',
      '',
      'The White House indicated that the call was going well, shedding light',
      'on the discussions that took place, and officials said more calls would',
      'follow in the coming weeks.',
    ].join('\n');
    expect(cleanArticle(text).paragraphs.map((p) => p.text)).toEqual([
      'The highly anticipated phone call between the two presidents regarding a ceasefire in Ukraine has concluded, as reported by various media outlets on Tuesday.',
      'The White House indicated that the call was going well, shedding light on the discussions that took place, and officials said more calls would follow in the coming weeks.',
    ]);
  });

  it('is deterministic', () => {
    const text = 'Title\nOne.\nHeading Here\nTwo three.';
    expect(cleanArticle(text)).toEqual(cleanArticle(text));
  });
});
