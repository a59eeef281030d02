// How text becomes search terms for the lexical index (and for sentence scoring later on):
// lower case, letters and digits only, English stop words dropped, stems by language:
// Porter for English (and text of unknown language), Snowball for the other languages it
// has a stemmer for, none for the rest (Chinese, Japanese, Korean … are matched by words).
import { createRequire } from 'node:module';
import { stemmer } from 'stemmer';

// A short list: the words that carry no topic in news questions. Kept small on purpose,
// since BM25's idf already discounts common words.
export const STOP_WORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does doing for from had has have having he her hers him his how ' +
    'i if in into is it its itself me my of on or our ours she so than that the their theirs them then there these they this ' +
    'those to too us was we were what when where which while who whom why will with would you your yours about after again ' +
    'against all am any because before below between both during each few further here just more most no nor not now only ' +
    'other out over own same should some such through under until up very s t don also said says say tell told'
  ).split(/\s+/),
);

const WORD = /[\p{L}\p{N}]+(?:[-.'’][\p{L}\p{N}]+)*/gu;

/**
 * Words of a text, lower-cased. A compound ("IL-6", "U.S.", "Ukraine’s") gives the whole
 * form without its punctuation and, for hyphenated ones, each part too ("il6", "il", "6"):
 * on SciFact this beat splitting at every hyphen (nDCG@10 0.669 vs 0.663, bench/scifact.ts).
 */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(WORD)) {
    const w = m[0];
    out.push(w.replace(/[-.'’]/g, ''));
    if (w.includes('-')) out.push(...w.split(/[-.'’]/).filter(Boolean));
  }
  return out;
}

const stemCache = new Map<string, string>();

// ISO 639-1 code → Snowball algorithm (snowball-stemmers). English keeps the Porter stemmer
// the SciFact numbers were measured with.
const SNOWBALL: Record<string, string> = {
  ar: 'arabic', hy: 'armenian', eu: 'basque', ca: 'catalan', cs: 'czech', da: 'danish', nl: 'dutch',
  fi: 'finnish', fr: 'french', de: 'german', hu: 'hungarian', it: 'italian', ga: 'irish', no: 'norwegian',
  nb: 'norwegian', pt: 'portuguese', ro: 'romanian', ru: 'russian', es: 'spanish', sl: 'slovene',
  sv: 'swedish', ta: 'tamil', tr: 'turkish',
};

type Stemmer = { stem(word: string): string };
const stemmers = new Map<string, Stemmer>();
function snowball(language: string): Stemmer | undefined {
  const algorithm = SNOWBALL[language];
  if (!algorithm) return undefined;
  let s = stemmers.get(algorithm);
  if (!s) {
    const lib = createRequire(import.meta.url)('snowball-stemmers') as { newStemmer(name: string): Stemmer };
    s = lib.newStemmer(algorithm);
    stemmers.set(algorithm, s);
  }
  return s;
}

/** Languages with a stemmer here (English always). */
export function hasStemmer(language: string | undefined): boolean {
  return language === undefined || language === 'en' || SNOWBALL[language] !== undefined;
}

/** The stem of a lower-case word in `language` (English when unknown); the word itself where no stemmer exists. */
export function stem(word: string, language?: string): string {
  if (/^\d/.test(word)) return word;
  const english = language === undefined || language === 'en';
  const key = english ? word : `${language}\u0000${word}`;
  let s = stemCache.get(key);
  if (s === undefined) {
    s = english ? stemmer(word) : (snowball(language)?.stem(word) ?? word);
    if (stemCache.size < 200_000) stemCache.set(key, s);
  }
  return s;
}

// The lexical index learns a paragraph's language from a tag in front of its text (MiniSearch
// tokenizes without knowing the document): "\u0002es\u0003El presidente …".
const TAG = /^\u0002([a-z]{2,3})\u0003/;

/** Text tagged with its language for the lexical index; untagged for English or unknown. */
export function tagLanguage(text: string, language: string | undefined): string {
  return language && language !== 'en' ? `\u0002${language}\u0003${text}` : text;
}

/** Search terms of a text: words minus stop words, stemmed in its language (a tag, or `language`). */
export function terms(text: string, language?: string): string[] {
  const tag = TAG.exec(text);
  const lang = tag ? tag[1] : language;
  const out: string[] = [];
  for (const w of words(tag ? text.slice(tag[0].length) : text)) {
    if (w.length < 2 && !/\d/.test(w)) continue;
    if (STOP_WORDS.has(w)) continue;
    out.push(stem(w, lang));
  }
  return out;
}

/**
 * Terms of a question for an index holding `languages`: its terms stemmed the English way and
 * in each other language of the index (the question's own language is too short to detect
 * reliably), without repeats.
 */
export function queryTerms(text: string, languages: Iterable<string>): string[] {
  // The English terms as plain search has them (a repeated word counts twice), then the
  // other languages' stems that differ from them.
  const english = terms(text);
  const seen = new Set(english);
  const out = [...english];
  for (const lang of languages) {
    if (lang === 'en' || !SNOWBALL[lang]) continue;
    for (const t of terms(text, lang)) if (!seen.has(t)) (seen.add(t), out.push(t));
  }
  return out;
}
