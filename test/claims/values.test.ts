import { describe, expect, it } from 'vitest';
import { extractValues, extractQuantities } from '../../src/claims/values.js';
import { compatible, dayOrdinal, samePerson, type Normalised, type Quantity } from '../../src/claims/normalise.js';
import { numberAt } from '../../src/claims/numbers.js';
import { stem, stemTokens, stemsMatch, tokenize } from '../../src/claims/words.js';

const REF = { reference: new Date('2025-03-19T12:00:00Z') };

function one(text: string, kind: Parameters<typeof extractValues>[1]) {
  const found = extractValues(text, kind, REF);
  expect(found).toHaveLength(1);
  return found[0];
}

function quantity(text: string): Quantity {
  const q = extractQuantities(text);
  expect(q).toHaveLength(1);
  return q[0].value;
}

describe('numbers', () => {
  it('reads digits, commas, words and scales', () => {
    const n = (s: string) => numberAt(tokenize(s), 0)?.value;
    expect(n('1,266 passengers')).toBe(1266);
    expect(n('2.5 percent')).toBe(2.5);
    expect(n('eighty-five drones')).toBe(85);
    expect(n('one hundred and twenty men')).toBe(120);
    expect(n('5 billion')).toBe(5e9);
    expect(n('a dozen eggs')).toBe(12);
    expect(n('seven')).toBe(7);
    expect(numberAt(tokenize('1934'), 0)?.yearLike).toBe(true);
  });
});

describe('durations', () => {
  it('normalises to minutes and keeps the words as written', () => {
    const a = one('The call lasted over an hour.', 'duration');
    expect(a.text).toBe('over an hour');
    expect(a.value).toMatchObject({ dim: 'time', lo: 60, hi: 60, qualifier: 'above' });
    const b = one('It lasted two hours.', 'duration');
    expect(b.text).toBe('two hours');
    expect(b.value).toMatchObject({ lo: 120, qualifier: 'exact' });
    expect(one('a 90-minute call', 'duration').value).toMatchObject({ lo: 90, hi: 90 });
    expect(one('the talks lasted two hours and ten minutes', 'duration').value).toMatchObject({ lo: 130 });
    expect(one('the meeting lasted an hour and a half', 'duration').value).toMatchObject({ lo: 90 });
    const c = one('a war that has lasted nearly three years', 'duration');
    expect(c.text).toBe('nearly three years');
    expect(c.value).toMatchObject({ qualifier: 'below-approx', lo: 3 * 525960 });
  });

  it('skips ages and "ago"', () => {
    expect(extractValues('He died three years ago at 78 years old.', 'duration', REF)).toEqual([]);
  });
});

describe('counts', () => {
  it('reads the counted thing after the number', () => {
    const c = one('The Ukrainian Air Force shot down 85 drones.', 'count');
    expect(c.text).toBe('85');
    expect(c.after).toEqual(['dron']);
    expect(c.value).toMatchObject({ dim: 'count', lo: 85 });
    expect(one('composed of eighty-five men', 'count').value).toMatchObject({ lo: 85 });
  });

  it('marks partitives and years and ignores identifiers', () => {
    const all = extractValues('He was one of the last four survivors.', 'count', REF);
    expect(all.map((v) => [v.text, v.partitive ?? false])).toEqual([
      ['one', true],
      ['four', false],
    ]);
    expect(extractValues('Is CD19 expressed in αVβ5 cells?', 'count', REF)).toEqual([]);
    expect(extractQuantities('It was founded in 1934.')[0].yearLike).toBe(true);
    // As a count it is left to the date reader.
    expect(extractValues('It was founded in 1934.', 'count', REF)).toEqual([]);
  });
});

describe('percentages and amounts', () => {
  it('reads % and percent alike', () => {
    expect(one('spending to 2.5% of GDP', 'percentage').value).toMatchObject({ dim: 'percent', lo: 2.5, hi: 2.5 });
    expect(one('spending to 2.5 percent of GDP', 'percentage').value).toMatchObject({ dim: 'percent', lo: 2.5, hi: 2.5 });
    expect(one('spending to 2.5 per cent of GDP', 'percentage').text).toBe('2.5 per cent');
    expect(one('around 57–58%', 'percentage').value).toMatchObject({ lo: 57, hi: 58, qualifier: 'approx' });
    expect(one('between 1.5 and 3.8%', 'percentage').value).toMatchObject({ lo: 1.5, hi: 3.8 });
  });

  it('reads money with its currency and scale', () => {
    expect(one('a $5 billion package', 'amount').value).toMatchObject({ dim: 'money:USD', lo: 5e9 });
    expect(one('a €2bn fund', 'amount').value).toMatchObject({ dim: 'money:EUR', lo: 2e9 });
    expect(one('fined 10 pounds', 'amount').value).toMatchObject({ dim: 'money:GBP', lo: 10 });
  });

  it('reads measures with conversions in brackets', () => {
    const d = one('about 43 miles (69 km) northeast of Berlin', 'amount');
    expect(d.text).toBe('about 43 miles (69 km)');
    expect(d.value).toMatchObject({ dim: 'length', qualifier: 'approx', converted: true });
    expect(quantity('6 ft 9 in').lo).toBeCloseTo(2.0574, 4);
    expect(quantity('1.4 hectares (3.5 acres)')).toMatchObject({ dim: 'area', lo: 14000 });
    expect(quantity('65 km/h')).toMatchObject({ dim: 'speed', lo: 65 });
  });
});

describe('dates', () => {
  it('reads full dates, years, decades and life spans', () => {
    expect(one('Liu Zhi died on the 15 January 1971 (aged 78)', 'date').value).toMatchObject({ lo: dayOrdinal(1971, 1, 15), hi: dayOrdinal(1971, 1, 15) });
    expect(one('He died in Taiwan in 1972.', 'date').value).toMatchObject({ lo: dayOrdinal(1972), hi: dayOrdinal(1972, 12, 31) });
    expect(one('in the early 1970s', 'date').value).toMatchObject({ lo: dayOrdinal(1970), hi: dayOrdinal(1973, 12, 31) });
    expect(one('before 1911', 'date').value).toMatchObject({ lo: -Infinity, hi: dayOrdinal(1911, 12, 31) });
    const span = extractValues('Karl Weyprecht (8 September 1838 – 2 March 1881) was an explorer.', 'date', REF);
    expect(span.map((d) => [d.text, d.role])).toEqual([
      ['8 September 1838', 'birth'],
      ['2 March 1881', 'death'],
    ]);
  });

  it('never reads a date out of part of a word ("1846, Mar" of "1846, María")', () => {
    expect(extractValues('During the Battle of Monterrey in 1846, María Josefa Zozaya brought food.', 'date', {}).map((d) => d.text)).toEqual(['1846']);
  });

  it('keeps both ends of a span of dates as written', () => {
    const [months] = extractValues('Production of the Toyota Supra: May 1993 – August 2002', 'date', {});
    expect(months.span).toMatchObject({ startText: 'May 1993', endText: 'August 2002', start: { lo: dayOrdinal(1993, 5, 1) }, end: { hi: dayOrdinal(2002, 8, 31) } });
    const [years] = extractValues('Living there during the conflict in 1969-1998, she set up courses.', 'date', {});
    expect([years.text, years.span?.startText, years.span?.endText]).toEqual(['1969-1998', '1969', '1998']);
    expect(one('He died in Taiwan in 1972.', 'date').span).toBe(undefined);
  });

  it('places relative dates with the reference date only', () => {
    expect(one('The call took place on Tuesday.', 'date').value).toMatchObject({ lo: dayOrdinal(2025, 3, 18) });
    expect(extractValues('The call took place on Tuesday.', 'date', {})).toEqual([]);
    expect(extractValues('nearly three years after the invasion', 'date', REF)).toEqual([]);
  });
});

describe('names', () => {
  it('takes titles off', () => {
    expect(one('EU foreign policy chief Kaja Kallas said so.', 'person').text).toBe('Kaja Kallas');
    expect(one('US Defense Chief Pete Hegseth said it.', 'person').text).toBe('Pete Hegseth');
    // A role that ends in a title word, capitalised at the start of a sentence, before the name.
    expect(one('Fire Chief Maria Lopez said the blaze started near an abandoned sawmill.', 'person').text).toBe('Maria Lopez');
    expect(one('Bank of England Governor Andrew Bailey said rates would stay.', 'person').text).toBe('Andrew Bailey');
    expect(extractValues('The Office of the President issued a statement.', 'person', REF)).toEqual([]);
    expect(extractValues('Governor Signs State Budget Amid Protests', 'person', REF)).toEqual([]);
    expect(extractValues('The White House indicated that the call was going well.', 'person', REF)).toEqual([]);
  });

  it('reads religions and peoples as adjectives, rabbis as a title and "ben" inside a name', () => {
    expect(extractValues('He was born into an Ashkenazi Jewish family.', 'person', REF)).toEqual([]);
    expect(one('The son of Rabbi Samuel Levi was born there.', 'person').text).toBe('Samuel Levi');
    // "Marx Levi Mordechai ben Samuel HaLevi von Rödelheim" is one name, too long to be read as a person's.
    expect(extractValues('He was the son of Rabbi Marx Levi Mordechai ben Samuel HaLevi von Rödelheim.', 'person', REF)).toEqual([]);
  });
});

describe('compatible', () => {
  const q = (text: string): Normalised => extractQuantities(text)[0].value;
  const d = (text: string): Normalised => extractValues(text, 'date', REF)[0].value;
  it('treats different figures as a disagreement, however qualified', () => {
    expect(compatible(q('lasted over an hour'), q('lasted two hours'))).toBe(false);
    expect(compatible(q('140 drones'), q('85 drones'))).toBe(false);
    expect(compatible(q('650,000 members'), q('652,723 members'))).toBe(false);
    expect(compatible(q('43 miles (69 km)'), q('80 km'))).toBe(false);
    expect(compatible(q("6' 8\""), q('6 ft 9 in'))).toBe(false);
  });

  it('treats the same figure, differently worded, as agreement', () => {
    expect(compatible(q('2.5%'), q('2.5 percent'))).toBe(true);
    expect(compatible(q('nearly three years'), q('almost three years'))).toBe(true);
    expect(compatible(q('over an hour'), q('more than 60 minutes'))).toBe(true);
    expect(compatible(q('57–58%'), q('57.5%'))).toBe(true);
    expect(compatible(q('about two hours'), q('two hours and ten minutes'))).toBe(true);
    expect(compatible(q('43 miles'), q('69 km'))).toBe(true);
  });

  it('compares dates by overlap and refuses to compare different dimensions', () => {
    expect(compatible(d('in April 1993'), d('in 1993'))).toBe(true);
    expect(compatible(d('in April 1993'), d('in May 1993'))).toBe(false);
    expect(compatible(d('in 1746'), d('on 8 January 1747'))).toBe(false);
    expect(compatible(q('two hours'), q('2.5%'))).toBe(null);
  });

  it('matches people by last name', () => {
    expect(samePerson('Kaja Kallas', 'Kallas')).toBe(true);
    expect(samePerson('Volodymyr Zelenskyy', 'Zelensky')).toBe(true);
    expect(samePerson('Zelenskiy', 'Zelenskyy')).toBe(true);
    expect(samePerson('Paul Seadlund', 'Peter Seadlund')).toBe(false);
    expect(samePerson('Putin', 'Trump')).toBe(false);
  });
});

describe('stems', () => {
  it('matches inflections and a few synonyms', () => {
    expect(stem('lasted')).toBe(stem('last'));
    expect(stem('died')).toBe(stem('die'));
    expect(stem('drones')).toBe(stem('drone'));
    expect(stemsMatch(stem('survivors'), stem('survived'))).toBe(true);
    expect(stemsMatch(stem('launch'), stem('shot'))).toBe(false);
    expect(stemsMatch(stem('born'), stem('birth'))).toBe(true);
  });

  it('reads a phrasal verb as the word it stands for', () => {
    const stems = (t: string) => stemTokens(tokenize(t)).filter(Boolean);
    expect(stems('before setting up a mediation organisation')).toEqual(['befor', 'establish', 'up', 'a', 'mediation', 'organisation']);
    expect(stemsMatch(stems('she set up the firm')[1], stem('founded'))).toBe(true);
    expect(stems('he passed away in 1990')[1]).toBe(stem('died'));
    expect(stems('the set was up for sale')).toEqual(['the', 'set', 'was', 'up', 'for', 'sal']);
  });
});
