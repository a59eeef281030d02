// Amounts as news writes them: each row is a sentence, the value it states and the words quoted.
import { describe, expect, it } from 'vitest';
import { extractQuantities } from '../../src/claims/index.js';
import { compatible } from '../../src/claims/normalise.js';

const TABLE: [sentence: string, text: string, dim: string, value: number][] = [
  ['The start-up raised $1M last year.', '$1M', 'money:USD', 1e6],
  ['It is now worth $5B.', '$5B', 'money:USD', 5e9],
  ['The group paid €2.3bn for the site.', '€2.3bn', 'money:EUR', 2.3e9],
  ['About 1.2 million people fled.', 'About 1.2 million', 'count', 1.2e6],
  ['Der Umbau kostet 1,2 Mio. Euro.', '1,2 Mio. Euro', 'money:EUR', 1.2e6],
  ['Sie zahlten 1,2 Mio. € dafür.', '1,2 Mio. €', 'money:EUR', 1.2e6],
  ['Der Bund gibt 3 Mrd. Euro aus.', '3 Mrd. Euro', 'money:EUR', 3e9],
  ['Das Projekt kostet 2,5 Millionen Euro.', '2,5 Millionen Euro', 'money:EUR', 2.5e6],
  ['The deal was worth £3.5m.', '£3.5m', 'money:GBP', 3.5e6],
  ['It cost 1,266 dollars.', '1,266 dollars', 'money:USD', 1266],
  // Without a currency sign a glued "m" stays metres.
  ['He jumped 5m into the pool.', '5m', 'length', 5],
];

describe('amounts as written', () => {
  it.each(TABLE)('%s', (sentence, text, dim, value) => {
    const found = extractQuantities(sentence);
    expect(found).toHaveLength(1);
    expect(found[0].text).toBe(text);
    expect(found[0].value.dim).toBe(dim);
    expect(found[0].value.lo).toBeCloseTo(value, 6);
    expect(found[0].value.hi).toBeCloseTo(value, 6);
  });

  it('"$1M" and "$1 million" agree; "$1M" and "$1" do not', () => {
    const v = (s: string) => extractQuantities(s)[0].value;
    expect(compatible(v('They raised $1M.'), v('They raised $1 million.'))).toBe(true);
    expect(compatible(v('They raised $1M.'), v('They raised $1.'))).toBe(false);
    expect(compatible(v('It is worth $5B.'), v('It is worth $5 billion.'))).toBe(true);
  });
});
