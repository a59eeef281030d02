import { describe, expect, it } from 'vitest';
import { canonicalSpeakers, extractStatements, findStatements } from '../../src/quotes/attribution.js';
import { splitSentences } from '../../src/claims/sentence-split.js';

const META: Record<string, { title: string; url?: string; published?: string }> = {
  s1: { title: 'Trump and Putin Speak', url: 'https://example.com/1', published: '2025-02-12' },
  s2: { title: 'Trump’s Bold Approach', published: '2025-02-09' },
  s3: { title: 'Trump and Putin Hold Key Phone Call' },
};
const meta = (id: string) => META[id] ?? { title: id };

function statementsOf(paragraphs: [string, number, string][]) {
  return extractStatements(
    paragraphs.map(([sourceId, index, text]) => ({ sourceId, index, text })),
    meta,
  );
}

// Paragraphs copied from the seed articles.
const PESKOV =
  'The Kremlin’s response, as conveyed by spokesman Dmitry Peskov to the TASS news agency, acknowledged the existence of various communications but did not confirm or deny any specific exchanges. Peskov noted that ‘many different communications are emerging’ and that he might not be aware of all that is transpiring.';
const LEAVITT =
  'US special envoy Steve Witkoff and White House press secretary Karoline Leavitt indicated that the fate of the Zaporizhzhia nuclear power plant in southern Ukraine was also a topic of discussion. Leavitt noted, “There’s a power plant that is on the border of Russia and Ukraine that was up for discussion with the Ukrainians, and he will address it in his call with Putin tomorrow.”';
const FAST =
  'Historically, Trump has maintained a controversial rapport with Putin, often boasting of their amicable exchanges. His latest comments underline his commitment to a concrete plan for peace, although he refrained from providing specifics during the interview. “I hope it’s fast,” he remarked, expressing concern over the ongoing humanitarian crisis. “Every day people are dying. This war is so bad in Ukraine. I want to end this damn thing.”';
const VANCE =
  'Experts suggest that resolving this conflict isn’t just about diplomacy. It requires a clear understanding of both sides’ demands and the geopolitical landscape. JD Vance, the U.S. Vice President, mentioned that the U.S. might reconsider its role if negotiations stall. He expressed that, “it takes two to tango,” implying that if Russia resists peace, the U.S. may have to step back.';
const ZELENSKYY_ADDRESS =
  'In a nightly address, Ukrainian President Volodymyr Zelenskyy accused Putin of intentionally prolonging the war. “The implementation of this proposal could have begun long ago. Every day in wartime is a matter of human lives,” he stated, underlining the urgent need for peace.';
const ZELENSKYY_SHORT =
  'Zelenskyy, Ukraine’s president, responded firmly, asserting Ukraine won’t withdraw its troops from the territories Russia claims to control. He called for increased sanctions if Russia rejected peace efforts, emphasizing that pressure is necessary for real progress.';
const KALLAS = 'EU foreign policy chief Kaja Kallas and President Zelensky say Ukraine must be part of any talks.';
const WHITE_HOUSE = 'The White House indicated that the call was “going well,” shedding light on the discussions that took place on Tuesday.';
const TOLD =
  '“We’re going to see if we can work a peace agreement, a ceasefire, and peace. And I think we’ll be able to do it,” Trump told reporters earlier this week.';

describe('extractStatements', () => {
  it('"Peskov noted that …" → Dmitry Peskov, quoting the sentence verbatim', () => {
    const st = statementsOf([['s2', 9, PESKOV]]);
    expect(st).toEqual([
      {
        speaker: 'Dmitry Peskov',
        speakerAsWritten: 'Peskov',
        sourceId: 's2',
        title: 'Trump’s Bold Approach',
        paragraph: 9,
        quote: 'Peskov noted that ‘many different communications are emerging’ and that he might not be aware of all that is transpiring.',
        published: '2025-02-09',
      },
    ]);
    expect(PESKOV).toContain(st[0].quote);
  });

  it('"Leavitt noted, “…”" and two speakers joined by "and"', () => {
    const st = statementsOf([['s3', 11, LEAVITT]]);
    expect(st.map((s) => [s.speaker, s.speakerAsWritten, s.quote.slice(0, 24)])).toEqual([
      ['Karoline Leavitt', 'Karoline Leavitt', 'US special envoy Steve W'],
      ['Steve Witkoff', 'Steve Witkoff', 'US special envoy Steve W'],
      ['Karoline Leavitt', 'Leavitt', 'Leavitt noted, “There’s '],
    ]);
  });

  it('"“I hope it’s fast,” he remarked" → Trump, the subject of the last sentence that names someone', () => {
    const st = statementsOf([['s2', 20, FAST]]).filter((s) => s.paragraph === 20);
    // Alone, "Trump" is one capitalised word that never speaks by name in the paragraph: unknown.
    expect(st).toEqual([]);
    const withContext = statementsOf([
      ['s2', 6, 'U.S. President Donald Trump has confirmed that he has held a phone conversation with Russian President Vladimir Putin about efforts to end the war.'],
      ['s2', 20, FAST],
    ]).filter((s) => s.paragraph === 20);
    expect(withContext.map((s) => [s.speaker, s.speakerAsWritten, s.quote])).toEqual([
      ['Donald Trump', 'Trump', '“I hope it’s fast,” he remarked, expressing concern over the ongoing humanitarian crisis.'],
      ['Donald Trump', 'Trump', '“Every day people are dying. This war is so bad in Ukraine. I want to end this damn thing.”'],
    ]);
  });

  it('"He expressed that, “it takes two to tango,”" → JD Vance', () => {
    const st = statementsOf([['s1', 9, VANCE]]);
    expect(st.map((s) => [s.speaker, s.quote.slice(0, 30)])).toEqual([
      ['JD Vance', 'JD Vance, the U.S. Vice Presid'],
      ['JD Vance', 'He expressed that, “it takes t'],
    ]);
  });

  it('"he stated" after a quote → the person named as subject before it', () => {
    const st = statementsOf([['s3', 13, ZELENSKYY_ADDRESS]]);
    expect(st.map((s) => s.speaker)).toEqual(['Volodymyr Zelenskyy', 'Volodymyr Zelenskyy']);
  });

  it('an appositive between name and verb, and a name that is not the subject', () => {
    const st = statementsOf([['s1', 5, ZELENSKYY_SHORT]]);
    expect(st.map((s) => [s.speakerAsWritten, s.quote.slice(0, 20)])).toEqual([['Zelenskyy', 'Zelenskyy, Ukraine’s']]);
  });

  it('"Trump told reporters" after a quotation', () => {
    expect(statementsOf([['s3', 6, TOLD]]).map((s) => s.speaker)).toEqual(['Trump']);
  });

  it('organisations are not speakers', () => {
    expect(statementsOf([['s3', 4, WHITE_HOUSE]])).toEqual([]);
    expect(statementsOf([['s3', 4, 'The Kremlin says both sides want to solve the Ukraine issue.']])).toEqual([]);
  });

  it('merges Zelensky / Zelenskyy / Volodymyr Zelenskyy into one canonical speaker', () => {
    const st = statementsOf([
      ['s1', 5, KALLAS],
      ['s1', 6, ZELENSKYY_SHORT],
      ['s3', 13, ZELENSKYY_ADDRESS],
    ]);
    const zel = st.filter((s) => s.speaker === 'Volodymyr Zelenskyy');
    expect(zel.map((s) => s.speakerAsWritten)).toEqual(['Zelensky', 'Zelenskyy', 'Volodymyr Zelenskyy', 'Volodymyr Zelenskyy']);
    expect(st.filter((s) => s.speaker === 'Kaja Kallas')).toHaveLength(1);
    for (const name of ['Zelensky', 'zelenskyy', 'Volodymyr Zelenskyy', 'ZELENSKIY']) expect(findStatements(st, name)).toHaveLength(4);
    expect(findStatements(st, 'Kallas').map((s) => s.speaker)).toEqual(['Kaja Kallas']);
    expect(findStatements(st, 'Peskov')).toEqual([]);
  });
});

// The fire corpus a user reported (fire-herald.txt, fire-gazette.md, council-budget.html).
const HERALD =
  'Fire Chief Maria Lopez said the blaze started near an abandoned sawmill. "We were lucky the wind changed direction around midnight," Lopez said.';
const GAZETTE_OFFICIALS = 'The fire that tore through Pine Ridge on Tuesday destroyed 15 homes, county officials said on Wednesday.';
const GAZETTE_BECKER =
  'Mayor Tom Becker called it "the worst night this town has seen in forty years" and promised emergency housing for every displaced family.';
const GAZETTE_LOPEZ = 'Fire Chief Maria Lopez said crews had the fire fully contained by 6 a.m. Wednesday.';
const COUNCIL = 'Mayor Tom Becker said the budget adds two new firefighter positions. "Public safety comes first," Becker said.';
// Seed paragraphs.
const CALLED_IT =
  'Vladimir Putin and Donald Trump had a significant phone call that lasted two hours. Trump called it an “excellent” conversation, while Putin found it “meaningful and frank.” They discussed the ongoing war in Ukraine but didn’t agree on key points.';
const HEGSETH =
  'US Defense Chief Pete Hegseth said getting back to Ukraine’s old borders is hard. This shows how tough it is to talk about borders.';
const STARMER =
  'Both the UK and France have urged Putin to agree to a ceasefire deal. French President Emmanuel Macron praised Zelenskyy for demonstrating “the courage” to accept a deal, stating it was “up to Russia to prove that it truly wants peace.” UK Prime Minister Keir Starmer echoed this sentiment, suggesting during a call with international leaders that Putin should agree to a ceasefire if he is “serious” about peace.';

/** [speaker, speaker as written, start of the quote] for one paragraph. */
function who(text: string) {
  return statementsOf([['s1', 1, text]]).map((s) => [s.speaker, s.speakerAsWritten, s.quote.slice(0, 30)]);
}

describe('titles before a name, "called it “…”" and reported speech', () => {
  it('finds the fire corpus statements by Maria Lopez and Tom Becker', () => {
    const st = statementsOf([
      ['fire-herald', 2, HERALD],
      ['fire-gazette', 1, GAZETTE_OFFICIALS],
      ['fire-gazette', 2, GAZETTE_BECKER],
      ['fire-gazette', 3, GAZETTE_LOPEZ],
      ['council-budget', 2, COUNCIL],
    ]);
    expect(findStatements(st, 'Maria Lopez').map((s) => [s.speaker, s.speakerAsWritten, s.quote])).toEqual([
      ['Maria Lopez', 'Maria Lopez', 'Fire Chief Maria Lopez said the blaze started near an abandoned sawmill.'],
      ['Maria Lopez', 'Lopez', '"We were lucky the wind changed direction around midnight," Lopez said.'],
      ['Maria Lopez', 'Maria Lopez', GAZETTE_LOPEZ],
    ]);
    expect(findStatements(st, 'Tom Becker').map((s) => s.quote)).toEqual([
      GAZETTE_BECKER,
      'Mayor Tom Becker said the budget adds two new firefighter positions.',
      '"Public safety comes first," Becker said.',
    ]);
    // "county officials said": no person.
    expect(st).toHaveLength(6);
  });

  it('a title of several words, not all of them title words, does not hide the speaker', () => {
    expect(who('Kremlin spokesman Dmitry Peskov said the talks were useful.')).toEqual([['Dmitry Peskov', 'Dmitry Peskov', 'Kremlin spokesman Dmitry Pesko']]);
    expect(who('U.S. Secretary of State Marco Rubio said the United States would keep pressing.')).toEqual([
      ['Marco Rubio', 'Marco Rubio', 'U.S. Secretary of State Marco '],
    ]);
    expect(who('Treasury Secretary Scott Bessent said tariffs would stay.')).toEqual([['Scott Bessent', 'Scott Bessent', 'Treasury Secretary Scott Besse']]);
    expect(who('Deputy Fire Chief Jane Roe said that crews were exhausted.')).toEqual([['Jane Roe', 'Jane Roe', 'Deputy Fire Chief Jane Roe sai']]);
    expect(who('President of Ukraine Volodymyr Zelensky said talks must include Kyiv.').map((s) => s[0])).toEqual(['Volodymyr Zelensky']);
    // Seeds.
    expect(who(HEGSETH)).toEqual([['Pete Hegseth', 'Pete Hegseth', 'US Defense Chief Pete Hegseth ']]);
    expect(who(STARMER).map((s) => s[0])).toEqual(['Emmanuel Macron', 'Keir Starmer']);
    // "He" after a titled subject.
    expect(who('U.S. Secretary of State Marco Rubio met Sergey Lavrov in Riyadh. He said the talks were useful.')).toEqual([
      ['Marco Rubio', 'Marco Rubio', 'He said the talks were useful.'],
    ]);
  });

  it('a title with no name, or a name after "of" that is not a title, gives no statement', () => {
    expect(who('Fire Chief said the sawmill was abandoned.')).toEqual([]);
    expect(who('The Fire Chief said the sawmill was abandoned.')).toEqual([]);
    expect(who('The Mayor’s office said the shelter was full.')).toEqual([]);
    expect(who('The report said the sawmill was abandoned.')).toEqual([]);
    expect(who('The wife of President Tom Becker said he was exhausted.')).toEqual([]);
    expect(who('A spokesman of President Tom Becker said he was exhausted.')).toEqual([]);
    expect(who('The Press Secretary of President Tom Becker said he was exhausted.')).toEqual([]);
    expect(who('President Trump’s spokesman said the call went well.')).toEqual([]);
  });

  it('"X called it “…”" with a quotation is a statement by X', () => {
    expect(who(CALLED_IT)).toEqual([['Donald Trump', 'Trump', 'Trump called it an “excellent”']]);
    expect(who(GAZETTE_BECKER)).toEqual([['Tom Becker', 'Tom Becker', 'Mayor Tom Becker called it "th']]);
    expect(who('Mayor Tom Becker called the plan "a disgrace".').map((s) => s[0])).toEqual(['Tom Becker']);
    expect(who('Tom Becker called them “heroes”.').map((s) => s[0])).toEqual(['Tom Becker']);
  });

  it('"called for", "called on" and "called" without a quotation are not statements', () => {
    expect(who('Mayor Tom Becker called for "calm and patience" from residents.')).toEqual([]);
    expect(who('Mayor Tom Becker called on residents to "stay indoors".')).toEqual([]);
    expect(who('Mayor Tom Becker called it quits after the vote.')).toEqual([]);
    expect(who('Mayor Tom Becker called the fire department at 2 a.m.')).toEqual([]);
    expect(who('The mayor’s office called it "a tragedy".')).toEqual([]);
    expect(who('Maria Lopez arrived at dawn. He called for “calm” and left.').map((s) => s[0])).toEqual([]);
    // Someone phoned, not something named.
    expect(who('Tom Becker called the families of “missing” residents on Sunday.')).toEqual([]);
    expect(who('Tom Becker called residents who were “trapped” by the flames.')).toEqual([]);
    expect(who('Tom Becker called the so-called “Plan B” a mistake.')).toEqual([]);
  });

  it('a titled name after a verb or preposition is not the subject a pronoun refers to', () => {
    const speakers = (t: string) => who(t).map((s) => s[0]);
    expect(speakers('Donald Trump spoke to reporters. After meeting Secretary of State Marco Rubio, he said “the talks went well.”')).not.toContain('Marco Rubio');
    expect(speakers('Donald Trump spoke to reporters. After a call with the President of Ukraine Volodymyr Zelensky, he said “it was good.”')).not.toContain('Volodymyr Zelensky');
    expect(speakers('On Monday, Secretary of State Marco Rubio said the talks went well.')).toEqual(['Marco Rubio']);
  });

  it('"X said nothing" is no statement; "X said nothing would …" is', () => {
    expect(who('Maria Lopez arrived at dawn. Lopez said nothing.')).toEqual([]);
    expect(who('Maria Lopez arrived at dawn. Lopez said nothing about the cause.')).toEqual([]);
    expect(who('Maria Lopez said nothing would stop the crews.').map((s) => s[0])).toEqual(['Maria Lopez']);
  });
});

describe('canonicalSpeakers', () => {
  it('maps every variant to the fullest form', () => {
    const m = canonicalSpeakers(['Zelensky', 'Volodymyr Zelenskyy', 'Zelenskyy', 'Zelenskiy', 'Trump', 'Donald J. Trump', 'Donald Trump', 'Putin']);
    expect(Object.fromEntries(m)).toEqual({
      'Volodymyr Zelenskyy': 'Volodymyr Zelenskyy',
      Zelensky: 'Volodymyr Zelenskyy',
      Zelenskyy: 'Volodymyr Zelenskyy',
      Zelenskiy: 'Volodymyr Zelenskyy',
      'Donald J. Trump': 'Donald J. Trump',
      'Donald Trump': 'Donald J. Trump',
      Trump: 'Donald J. Trump',
      Putin: 'Putin',
    });
  });

  it('keeps people with one last name but different first names apart', () => {
    const m = canonicalSpeakers(['Paul Seadlund', 'Peter Seadlund']);
    expect(m.get('Paul Seadlund')).toBe('Paul Seadlund');
    expect(m.get('Peter Seadlund')).toBe('Peter Seadlund');
  });
});

describe('splitSentences', () => {
  it('keeps quotations and abbreviations whole', () => {
    expect(splitSentences(FAST).map((s) => s.text.slice(0, 16))).toEqual(['Historically, Tr', 'His latest comme', '“I hope it’s fas', '“Every day peopl']);
    expect(splitSentences('President Donald J. Trump said so. U.S. officials agreed.').map((s) => s.text)).toEqual([
      'President Donald J. Trump said so.',
      'U.S. officials agreed.',
    ]);
  });

  it('gives offsets into the text', () => {
    for (const s of splitSentences(VANCE)) expect(VANCE.slice(s.start, s.end)).toBe(s.text);
  });
});
