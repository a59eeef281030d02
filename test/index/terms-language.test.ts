import { describe, expect, it } from 'vitest';
import { hasStemmer, queryTerms, stem, tagLanguage, terms } from '../../src/index/terms.js';

describe('search terms by language', () => {
  it('stems English with Porter and Spanish or French with Snowball', () => {
    expect(terms('presidents running')).toEqual(['presid', 'run']);
    expect(terms('presidentes presidente', 'es')).toEqual(['president', 'president']);
    expect(terms('négociations négociation', 'fr')).toEqual([stem('négociation', 'fr'), stem('négociation', 'fr')]);
    // No stemmer for Japanese: words are kept as they are.
    expect(hasStemmer('ja')).toBe(false);
    expect(terms('東京', 'ja')).toEqual(['東京']);
  });

  it('reads the language tag the lexical index puts in front of a paragraph', () => {
    expect(terms(tagLanguage('Los presidentes negociaron', 'es'))).toEqual(terms('Los presidentes negociaron', 'es'));
    expect(tagLanguage('The talks', 'en')).toBe('The talks');
    expect(tagLanguage('The talks', undefined)).toBe('The talks');
  });

  it('stems a question in English and in every other language of the index', () => {
    const q = queryTerms('negociaciones presidentes', ['en', 'es']);
    for (const t of terms('negociaciones presidentes', 'es')) expect(q).toContain(t);
    for (const t of terms('negociaciones presidentes')) expect(q).toContain(t);
    expect(queryTerms('talks', [])).toEqual(terms('talks'));
  });
});
