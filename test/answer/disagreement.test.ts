import { describe, expect, it } from 'vitest';
import { detectDisagreements, type Candidate } from '../../src/answer/disagreement.js';

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

  it('notes when the sentences themselves date the event differently', () => {
    const [d] = detectDisagreements('How long did the call last?', [
      c(1, 'a', 'The call on March 5, 2023 lasted over an hour.'),
      c(2, 'b', 'The call on Tuesday lasted two hours.', '2025-03-19'),
    ]);
    expect(d.note).toBe('The sources may describe different events (they date it March 5, 2023 and Tuesday).');
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
});
