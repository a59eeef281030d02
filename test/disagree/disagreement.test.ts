import { describe, expect, it } from 'vitest';
import { detectDisagreements, FALLBACK_RELEVANCE, type Candidate } from '../../src/disagree/disagreement.js';
import { namesAnotherNumbered } from '../../src/disagree/candidate-values.js';

const c = (id: number, sourceId: string, text: string, published?: string): Candidate => ({ id, sourceId, text, ...(published ? { published } : {}) });

// Sentences from the seed articles (seeds/000_… and seeds/001_…).
const OVER_AN_HOUR = 'The call between Donald Trump and Vladimir Putin lasted over an hour.';
const TWO_HOURS = 'Vladimir Putin and Donald Trump had a significant phone call that lasted two hours.';
const WAR_NEARLY = 'They focused on ending the Ukraine conflict, which has lasted nearly three years.';

describe('detectDisagreements', () => {
  it('reports "over an hour" vs "two hours" for how long the call lasted, values as written', () => {
    const d = detectDisagreements('How long did the call last?', [c(1, 'a', OVER_AN_HOUR), c(2, 'a', WAR_NEARLY), c(3, 'b', TWO_HOURS)]);
    expect(d).toEqual([
      {
        topic: 'how long the call lasted',
        kind: 'duration',
        claims: [
          { value: 'over an hour', n: 1, sourceId: 'a', quote: OVER_AN_HOUR },
          { value: 'two hours', n: 3, sourceId: 'b', quote: TWO_HOURS },
        ],
      },
    ]);
  });

  it('sentences about another member of a numbered series answer another question ("district 14" for "district 7")', () => {
    const story = (i: number) => `The city council voted ${i} times on the budget for district ${i}, a spokesperson said on Monday.`;
    const q = 'How many times did the council vote on district 7?';
    expect(detectDisagreements(q, [c(1, 'd7', story(7)), c(2, 'd14', story(14)), c(3, 'd6', story(6))])).toEqual([]);
    // Two counts for the same member of the series are a disagreement; a third source about another is left out.
    const fire = (n: number, d: number) => `The fire destroyed ${n} homes in district ${d} on Tuesday.`;
    const q2 = 'How many homes did the fire destroy in district 7?';
    const found = detectDisagreements(q2, [c(1, 'a', fire(12, 7)), c(2, 'b', fire(15, 7)), c(3, 'c', fire(40, 9))]);
    expect(found.map((d) => d.claims.map((k) => k.value))).toEqual([['12 homes', '15 homes']]);
    // A year or a date after a noun is no series number.
    expect(namesAnotherNumbered('How many drones were launched in 2025?', 'Russia launched 140 drones in 2024.')).toBe(false);
    expect(namesAnotherNumbered('What happened to Flight 90?', 'Flight 91 landed safely.')).toBe(true);
  });

  it('quotes are the candidate sentences verbatim', () => {
    const [d] = detectDisagreements('How long did the call last?', [c(1, 'a', OVER_AN_HOUR), c(3, 'b', TWO_HOURS)]);
    for (const claim of d.claims) expect([OVER_AN_HOUR, TWO_HOURS]).toContain(claim.quote);
  });

  it('does not compare a value that is about something else (the war, not the call)', () => {
    expect(detectDisagreements('How long did the call last?', [c(1, 'a', WAR_NEARLY), c(2, 'b', TWO_HOURS)])).toEqual([]);
  });

  it('2.5% and 2.5 percent agree', () => {
    expect(
      detectDisagreements('What percentage of GDP does the UK spend on defence?', [
        c(1, 'a', 'The UK is increasing its defence spending to 2.5% of GDP.'),
        c(2, 'b', 'Britain will spend 2.5 percent of GDP on defence, the UK said.'),
      ]),
    ).toEqual([]);
  });

  it('2.5% and 3% disagree', () => {
    const d = detectDisagreements('What percentage of GDP does the UK spend on defence?', [
      c(1, 'a', 'The UK is increasing its defence spending to 2.5% of GDP.'),
      c(2, 'b', 'The UK will spend 3% of GDP on defence.'),
    ]);
    expect(d.map((x) => [x.kind, x.claims.map((k) => k.value)])).toEqual([['percentage', ['2.5%', '3%']]]);
  });

  it('"Kaja Kallas" and "Kallas" are the same person', () => {
    expect(
      detectDisagreements('Who is the EU foreign policy chief?', [
        c(1, 'a', 'EU foreign policy chief Kaja Kallas said any deal must include Europe.'),
        c(2, 'b', 'The EU foreign policy chief, Kallas, warned against a deal behind Europe’s back.'),
      ]),
    ).toEqual([]);
  });

  it('two different people for the same role disagree', () => {
    const d = detectDisagreements('Who was the manager of St Eunan’s GAA in 2017?', [
      c(1, 'a', 'The manager of St Eunan’s GAA in the period c2014-c.2018 was Maxi Curran.'),
      c(2, 'b', 'The managers of St Eunan’s GAA in 2017 were Barry Meehan and Eddie Brennan.'),
    ]);
    expect(d.map((x) => [x.kind, x.claims.map((k) => k.value)])).toEqual([['person', ['Maxi Curran', 'Barry Meehan and Eddie Brennan']]]);
  });

  it('"nearly three years" and "almost three years" agree', () => {
    expect(
      detectDisagreements('How long has the war lasted?', [
        c(1, 'a', 'Ukraine has been at war for almost three years.'),
        c(2, 'b', 'The war, which has lasted nearly three years, has cost tens of thousands of lives.'),
      ]),
    ).toEqual([]);
  });

  it('140 drones launched and 85 drones shot down are different things', () => {
    expect(
      detectDisagreements('How many drones did Russia launch?', [
        c(1, 'a', 'Russia launched 140 drones at Ukraine overnight.'),
        c(2, 'b', 'The Ukrainian Air Force shot down 85 drones launched by Russia.'),
      ]),
    ).toEqual([]);
  });

  it('140 and 85 drones launched disagree, shown with the thing counted', () => {
    const d = detectDisagreements('How many drones did Russia launch?', [
      c(1, 'a', 'Russia launched 140 drones at Ukraine overnight.'),
      c(2, 'b', 'Overnight Russia launched 85 drones, Ukraine’s air force said.'),
    ]);
    expect(d.map((x) => [x.topic, x.kind, x.claims.map((k) => k.value)])).toEqual([['how many drones Russia launched', 'count', ['140 drones', '85 drones']]]);
  });

  it('claims from one source are never a disagreement', () => {
    expect(detectDisagreements('How long did the call last?', [c(1, 'a', OVER_AN_HOUR), c(2, 'a', TWO_HOURS)])).toEqual([]);
  });

  it('a question of unknown kind detects nothing', () => {
    expect(detectDisagreements('What did Trump say about the call?', [c(1, 'a', OVER_AN_HOUR), c(2, 'b', TWO_HOURS)])).toEqual([]);
  });

  it('notes that sources published weeks apart may describe different events', () => {
    const [d] = detectDisagreements('How long did the call last?', [c(1, 'a', OVER_AN_HOUR, '2025-02-12'), c(2, 'b', TWO_HOURS, '2025-03-18')]);
    expect(d.note).toBe('The sources may describe different events (published 2025-02-12 and 2025-03-18).');
  });

  it('calls dated differently by their own sentences are two events, not a dispute (issue 13)', () => {
    const found = detectDisagreements('How long did the call last?', [
      c(1, 'a', 'The call on March 5, 2023 lasted over an hour.'),
      c(2, 'b', 'The call on Tuesday lasted two hours.', '2025-03-19'),
    ]);
    expect(found).toEqual([]);
  });

  it('no note for sources published days apart about one event', () => {
    const [d] = detectDisagreements('How long did the call last?', [c(1, 'a', OVER_AN_HOUR, '2025-03-18'), c(2, 'b', TWO_HOURS, '2025-03-19')]);
    expect(d.note).toBe(undefined);
  });

  it('dates: relative dates are placed with each source’s publication date', () => {
    const d = detectDisagreements('When did the call take place?', [
      c(1, 'a', 'The trump-putin call on March 5, 2023, was a historic dialogue for peace in Ukraine.'),
      c(2, 'b', 'The White House indicated that the call was “going well,” shedding light on the discussions that took place on Tuesday.', '2025-03-19'),
    ]);
    expect(d.map((x) => [x.topic, x.kind, x.claims.map((k) => k.value)])).toEqual([['when the call took place', 'date', ['March 5, 2023', 'on Tuesday']]]);
    // Without a publication date "Tuesday" cannot be placed, so there is nothing to compare.
    expect(
      detectDisagreements('When did the call take place?', [
        c(1, 'a', 'The trump-putin call on March 5, 2023, was a historic dialogue for peace in Ukraine.'),
        c(2, 'b', 'The White House indicated that the call was “going well,” shedding light on the discussions that took place on Tuesday.'),
      ]),
    ).toEqual([]);
  });

  it('dates: a life span answers "when did … die"', () => {
    const d = detectDisagreements('What day did Karl Weyprecht die?', [
      c(1, 'a', 'Karl Weyprecht, also spelt Carl Weyprecht, (8 September 1838 – 2 March 1881) was an Austro-Hungarian explorer.'),
      c(2, 'b', 'Karl Weyprecht died on 3 March 1881 (aged 42).'),
    ]);
    expect(d.map((x) => [x.kind, x.claims.map((k) => k.value)])).toEqual([['date', ['2 March 1881', 'on 3 March 1881']]]);
  });

  it('dates: a year and a day inside it agree', () => {
    expect(
      detectDisagreements('When did Liu Zhi die?', [c(1, 'a', 'Liu Zhi died in Taiwan in 1971.'), c(2, 'b', 'Liu Zhi died on the 15 January 1971 (aged 78) in Taichung, Taiwan.')]),
    ).toEqual([]);
  });

  it('yes/no questions with a date are compared as dates', () => {
    const d = detectDisagreements('Did Karl Weyprecht die on 2 March 1881?', [
      c(1, 'a', 'Karl Weyprecht (8 September 1838 – 2 March 1881) was an explorer.'),
      c(2, 'b', 'Karl Weyprecht died on 3 March 1881.'),
    ]);
    expect(d.map((x) => x.kind)).toEqual(['date']);
  });

  it('measures compare in the unit they were written in', () => {
    const d = detectDisagreements('How far is Angermünde from Berlin?', [
      c(1, 'a', 'Angermünde is about 43 miles (69 km) northeast of Berlin.'),
      c(2, 'b', 'Angermünde is located roughly 80 km north of Berlin.'),
    ]);
    expect(d.map((x) => [x.kind, x.claims.map((k) => k.value)])).toEqual([['amount', ['about 43 miles (69 km)', 'roughly 80 km']]]);
  });

  // ---------------------------------------------------------------- rules added with bench/wikicontradict.ts

  const values = (d: ReturnType<typeof detectDisagreements>) => d.map((x) => [x.kind, x.claims.map((k) => k.value)]);

  it('a date that opens the sentence, set off by a comma, dates its main clause however long the clause', () => {
    const d = detectDisagreements('In which year and month did the French general Louis Faidherbe defeat the Queen of Waalo, Ndaté Yalla Mbodj?', [
      c(1, 'a', 'On 25 February at the Battle of Dioubouldy, the French defeated the combined Waalo and Trarza armies.'),
      c(2, 'b', 'On 31 January 1855, Faidherbe finally defeated Ndaté Yalla Mbodj and gained control of Waalo.'),
    ]);
    expect(values(d)).toEqual([['date', ['On 25 February', 'On 31 January 1855']]]);
  });

  it('a long name counts as one word between a value and its verb', () => {
    const d = detectDisagreements('When was the northbound span of the 14th Street Bridge renamed the Arland D. Williams Jr. Memorial Bridge?', [
      c(1, 'a', 'The northbound span of 14th Street bridges was named the 14th Street Bridge when it opened in 1950, and renamed the Arland D. Williams Jr. Memorial Bridge in 1983.'),
      c(2, 'b', 'The repaired span was renamed the Arland D. Williams, Jr. Memorial Bridge on March 13, 1985 – following a December 4, 1984 vote.'),
    ]);
    // 1950 is when it opened, the 1984 vote is not the renaming.
    expect(values(d)).toEqual([['date', ['1983', 'March 13, 1985']]]);
  });

  it('a sentence that opens with a pronoun finds what it is about in the text before it', () => {
    const q = 'How tall is Tyler Mane?';
    const he = 'He is the tallest actor (6\' 8") to portray the character.';
    const other = c(2, 'b', 'Tayler Mane height is 6 ft 9 in (2.06 m).');
    const d = detectDisagreements(q, [{ ...c(1, 'a', he), before: 'In 2007, Tayler Mane played Michael Myers in Halloween. ' }, other]);
    expect(values(d)).toEqual([['amount', ['6\' 8"', '6 ft 9 in (2.06 m)']]]);
    // Without it, nothing says who "he" is.
    expect(detectDisagreements(q, [c(1, 'a', he), other])).toEqual([]);
  });

  it('a figure whose next sentence says what is asked about it ("They are the only ones …"): the claim quotes both', () => {
    const three = c(1, 'a', 'The recipes remain trade secrets known only to the three monks who prepare the herbal mixture of Chartreuse.');
    const two = 'Today, the Chartreuse liqueurs are produced using the herbal mixture prepared by two monks at Grande Chartreuse.';
    const d = detectDisagreements('How many monks know the secret recipe of Chartreuse?', [three, { ...c(2, 'b', two), next: ' They are the only ones to know the secret recipe.' }]);
    expect(values(d)).toEqual([['count', ['three monks', 'two monks']]]);
    expect(d[0].claims[1].quote).toBe(`${two} They are the only ones to know the secret recipe.`);
    // A next sentence that does not stand for the monks says nothing about them.
    expect(detectDisagreements('How many monks know the secret recipe of Chartreuse?', [three, { ...c(2, 'b', two), next: ' Visitors can learn how the secret recipe is used.' }])).toEqual([]);
  });

  it('a date whose next sentence places itself in the same moment ("While …, she was struck")', () => {
    const d = detectDisagreements('What year did María Josefa Zozaya die?', [
      c(1, 'a', 'María Josefa Zozaya would die in 1860 at the age of 38.'),
      { ...c(2, 'b', 'During the Battle of Monterrey in 1846, María Josefa Zozaya brought water to the troops.'), next: ' While tending to a wounded soldier, she was struck by a bullet, killing her.' },
    ]);
    expect(values(d)).toEqual([['date', ['1860', '1846']]]);
    // "He moved there in 1920. He died there." may be years apart.
    expect(
      detectDisagreements('When did Ada Lind die?', [c(1, 'a', 'Ada Lind died in 1935 in Vienna.'), { ...c(2, 'b', 'Ada Lind moved to Paris in 1920.'), next: ' She died there of pneumonia.' }]),
    ).toEqual([]);
  });

  it('yes/no: "excluding" negates what follows it', () => {
    const d = detectDisagreements('Is CD19 expressed in human plasma cells?', [
      c(1, 'a', 'CD19 is expressed on all normal, mitogen-stimulated, and malignant B cells, excluding plasma cells.'),
      c(2, 'b', 'Contrary to some early doubts, human plasma cells do express CD19, as confirmed by others.'),
    ]);
    expect(values(d)).toEqual([['yesno', ['no', 'yes']]]);
  });

  it('yes/no: the other end of a scale answers "no", the same end "yes"', () => {
    const light = c(1, 'a', 'The Battle of Panjwaii was very light on the side of civilian casualties, according to one sergeant.');
    const large = c(2, 'b', 'NATO confirmed that a large number of civilians were killed in an airstrike in the Battle of Panjwaii.');
    expect(values(detectDisagreements('Did the Battle of Panjwaii have a large number of civilian casualties?', [light, large]))).toEqual([['yesno', ['no', 'yes']]]);
    expect(
      detectDisagreements('Did the Battle of Panjwaii have a low number of civilian casualties?', [light, c(2, 'b', 'Civilian casualties in the Battle of Panjwaii were low in number, officials said.')]),
    ).toEqual([]);
  });

  it('"set up" is founding; a span of years does not date a one-off event', () => {
    const d = detectDisagreements('When did Mari Fitzduff found Mediation Northern Ireland?', [
      { ...c(1, 'a', 'She went on to found Mediation Northern Ireland in 1988, an organisation which trained mediators.'), before: 'Mari Fitzduff began peacebuilding work in 1986. ' },
      { ...c(2, 'a', 'Living in Northern Ireland during the conflict in 1969-1998, she set up the first courses in mediation.'), before: 'Mari Fitzduff began peacebuilding work in 1986. ' },
      c(3, 'b', 'Mari Fitzduff began her work in mediation before setting up a mediation organisation in 1989.'),
    ]);
    expect(values(d)).toEqual([['date', ['1988', '1989']]]);
  });

  it('a span of dates after a label answers "when did … begin / end" with that end', () => {
    const span = c(2, 'b', 'Production of the Fourth Generation (A80) Toyota Supra: May 1993 – August 2002');
    const begin = detectDisagreements('In what year and month did mass production of the Fourth Generation (A80) Toyota Supra begin?', [
      c(1, 'a', 'Official mass production of the Fourth Generation (A80) Toyota Supra began in April 1993.'),
      span,
    ]);
    expect(values(begin)).toEqual([['date', ['April 1993', 'May 1993']]]);
    const end = detectDisagreements('In what year and month did mass production of the Fourth Generation (A80) Toyota Supra end?', [
      c(1, 'a', 'Official mass production of the Fourth Generation (A80) Toyota Supra ended in July 2002.'),
      span,
    ]);
    expect(values(end)).toEqual([['date', ['July 2002', 'August 2002']]]);
  });

  it('a value right after a label that names what is asked ("Length: 60 km"); a predicate noun is nearer than an adjective in -ing', () => {
    const d = detectDisagreements('What is the length of the Kepler Track?', [
      c(1, 'a', 'Kepler Track facts: Length: 60 km (37 mi), Duration: 3–4 days.'),
      c(2, 'b', 'The Kepler Track is a tramping track with a length of 65 km.'),
    ]);
    expect(values(d)).toEqual([['amount', ['60 km (37 mi)', '65 km']]]);
  });

  it('birth names are people; the subject, one letter off, is not the answer', () => {
    const d = detectDisagreements('What is Heinrich Mark birth name?', [
      c(1, 'a', 'Heinrich Marx (born Herschel HaLevi; 15 April 1777 – 10 May 1838) was a German lawyer who fathered the philosopher Karl Marx.'),
      c(2, 'b', 'Heinrich Marx was born in Saarlouis into an Ashkenazi Jewish family with the name Herschel Levi, the son of Rabbi Marx Levi Mordechai ben Samuel HaLevi von Rödelheim.'),
    ]);
    expect(values(d)).toEqual([['person', ['Herschel HaLevi', 'Herschel Levi']]]);
  });

  it('yes/no counts are about the first plural after the number', () => {
    const d = detectDisagreements('Does more than two monks know the secret recipe of Chartreuse?', [
      c(1, 'a', 'The recipes remain trade secrets known only to the three monks who prepare the herbal mixture of Chartreuse.'),
      { ...c(2, 'b', 'Today, the Chartreuse liqueurs are produced using the herbal mixture prepared by two monks at Grande Chartreuse.'), next: ' They are the only ones to know the secret recipe.' },
    ]);
    expect(values(d)).toEqual([['count', ['three monks', 'two monks']]]);
  });
});

// The relevance fallback: used only when the word rules tie no value to the question. Here the
// sources say "set up" and "built", not "established", so only the fallback can see them.
describe('detectDisagreements, relevance fallback', () => {
  const Q = 'When was the Little America II base established?';
  const SET_UP = 'Little America II was set up by Richard Byrd on the Ross Ice Shelf in 1934.';
  const BUILT = 'Byrd’s second expedition built Little America II in 1933.';
  const r = (id: number, sourceId: string, text: string, relevance?: number): Candidate => ({ id, sourceId, text, ...(relevance !== undefined ? { relevance } : {}) });

  it('compares the most relevant sentences of two sources that name the subject', () => {
    expect(FALLBACK_RELEVANCE).toBe(0.5);
    expect(detectDisagreements(Q, [r(1, 'a', SET_UP, 0.71), r(2, 'b', BUILT, 0.66)])).toEqual([
      {
        topic: 'when the Little America II base was established',
        kind: 'date',
        claims: [
          { value: '1934', n: 1, sourceId: 'a', quote: SET_UP },
          { value: '1933', n: 2, sourceId: 'b', quote: BUILT },
        ],
      },
    ]);
  });

  it('takes each source’s most relevant sentence with a value', () => {
    const d = detectDisagreements(Q, [r(1, 'a', 'Little America II was abandoned in 1935.', 0.55), r(2, 'a', SET_UP, 0.71), r(3, 'b', BUILT, 0.66)]);
    expect(d.map((x) => x.claims.map((k) => [k.n, k.value]))).toEqual([[[2, '1934'], [3, '1933']]]);
  });

  it('needs a relevance: without one (keyword search only) nothing is reported', () => {
    expect(detectDisagreements(Q, [r(1, 'a', SET_UP), r(2, 'b', BUILT)])).toEqual([]);
  });

  it('needs a relevance of at least FALLBACK_RELEVANCE on both sides', () => {
    expect(detectDisagreements(Q, [r(1, 'a', SET_UP, 0.71), r(2, 'b', BUILT, 0.49)])).toEqual([]);
  });

  it('needs the question’s subject in the sentence', () => {
    expect(detectDisagreements(Q, [r(1, 'a', SET_UP, 0.71), r(2, 'b', 'The second expedition built the base in 1933.', 0.66)])).toEqual([]);
  });

  it('is no disagreement when the other source also gives the value elsewhere', () => {
    expect(detectDisagreements(Q, [r(1, 'a', SET_UP, 0.71), r(2, 'b', BUILT, 0.66), r(3, 'b', 'Supplies for the base left New Zealand in 1934.', 0.52)])).toEqual([]);
  });

  it('is no disagreement when the values agree', () => {
    expect(detectDisagreements(Q, [r(1, 'a', SET_UP, 0.71), r(2, 'b', 'Byrd’s second expedition built Little America II in 1934.', 0.66)])).toEqual([]);
  });

  it('skips a date the statement is measured from ("since 1929")', () => {
    expect(detectDisagreements(Q, [r(1, 'a', SET_UP, 0.71), r(2, 'b', 'Little America II was the first base on the shelf since 1929.', 0.66)])).toEqual([]);
  });

  it('skips counts of something other than what is asked', () => {
    const q = 'How many scientists wintered at Little America II?';
    expect(detectDisagreements(q, [r(1, 'a', 'Little America II housed 56 men through the winter.', 0.7), r(2, 'b', 'Little America II was home to 60 scientists that winter.', 0.7)])).toEqual([]);
  });

  it('leaves the word rules’ answer alone when they find one', () => {
    const d = detectDisagreements('How long did the call last?', [r(1, 'a', OVER_AN_HOUR, 0.9), r(2, 'a', WAR_NEARLY, 0.95), r(3, 'b', TWO_HOURS, 0.8)]);
    expect(d.map((x) => x.claims.map((k) => k.value))).toEqual([['over an hour', 'two hours']]);
  });
});
