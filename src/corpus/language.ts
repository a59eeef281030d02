// The language of a source, detected from its text with franc-min (trigram profiles of the
// 82 most spoken languages). Stored as an ISO 639-1 code ("en", "es") where one exists,
// else franc's ISO 639-3 code; undefined when the text is too short or mixed to tell.
import { franc } from 'franc-min';

const ISO_639_1: Record<string, string> = {
  eng: 'en', spa: 'es', fra: 'fr', deu: 'de', por: 'pt', ita: 'it', nld: 'nl', rus: 'ru', ukr: 'uk',
  pol: 'pl', ces: 'cs', slk: 'sk', slv: 'sl', hrv: 'hr', srp: 'sr', bos: 'bs', bul: 'bg', ron: 'ro',
  hun: 'hu', ell: 'el', tur: 'tr', swe: 'sv', dan: 'da', nob: 'no', nno: 'nn', fin: 'fi', est: 'et',
  lit: 'lt', lav: 'lv', cat: 'ca', glg: 'gl', eus: 'eu', gle: 'ga', cym: 'cy', isl: 'is', hye: 'hy',
  kat: 'ka', arb: 'ar', heb: 'he', pes: 'fa', urd: 'ur', hin: 'hi', ben: 'bn', tam: 'ta', tel: 'te',
  mar: 'mr', guj: 'gu', kan: 'kn', mal: 'ml', pan: 'pa', npi: 'ne', cmn: 'zh', jpn: 'ja', kor: 'ko',
  vie: 'vi', tha: 'th', ind: 'id', zlm: 'ms', tgl: 'tl', swh: 'sw', hau: 'ha', yor: 'yo', amh: 'am',
  azj: 'az', uzn: 'uz', kaz: 'kk', bel: 'be', mkd: 'mk', afr: 'af', som: 'so', zul: 'zu', xho: 'xh',
};

/** Enough text to tell the language; more only costs time. */
const SAMPLE_CHARS = 4000;
/**
 * Below this many non-space characters franc's guesses are unreliable: a two-line English brief (86
 * characters) reads as Dutch. Unknown is safer than wrong (stems, story grouping).
 * franc's own score gap is no guide: on long English pages the runner-up scores 0.95–0.98.
 */
const MIN_CHARS = 150;

/** The language of a text: an ISO 639-1 code where one exists, else ISO 639-3; undefined when unsure. */
export function detectLanguage(text: string): string | undefined {
  const sample = text.slice(0, SAMPLE_CHARS);
  if (sample.replace(/\s+/g, '').length < MIN_CHARS) return undefined;
  const code = franc(sample, { minLength: MIN_CHARS });
  if (code === 'und') return undefined;
  return ISO_639_1[code] ?? code;
}

const NAMES: Record<string, string> = {
  en: 'English', es: 'Spanish', fr: 'French', de: 'German', pt: 'Portuguese', it: 'Italian', nl: 'Dutch',
  ru: 'Russian', uk: 'Ukrainian', pl: 'Polish', zh: 'Chinese', ja: 'Japanese', ko: 'Korean', ar: 'Arabic',
  tr: 'Turkish', sv: 'Swedish', da: 'Danish', no: 'Norwegian', fi: 'Finnish', ro: 'Romanian', hu: 'Hungarian',
  el: 'Greek', cs: 'Czech', ca: 'Catalan', hi: 'Hindi', id: 'Indonesian', vi: 'Vietnamese', he: 'Hebrew', fa: 'Persian',
};

/** "es" → "Spanish"; the code itself for languages without a name here. */
export function languageName(code: string): string {
  return NAMES[code] ?? code;
}
