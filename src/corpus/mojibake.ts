// Repairs text that went through a wrong decode before it reached us.
//
// 1. UTF-8 read as Windows-1252 or Latin-1 ("â€™" for ’, "Ã©" for é). Each such run is
//    turned back into its bytes and decoded as UTF-8; a run that is not valid UTF-8 is
//    left alone, so legitimate accented text ("São", "à") is not touched.
// 2. A curly quote that became the Thai letter "โ" (U+0E42) with its other bytes lost, as
//    in the seed articles ("Ukraineโs", "hails โgreat talksโ"). Only an "โ" that touches
//    Latin letters is repaired, so real Thai text is kept.

// Windows-1252 characters for the bytes 0x80-0x9F that it defines.
const CP1252_HIGH: Record<number, number> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020,
  0x87: 0x2021, 0x88: 0x02c6, 0x89: 0x2030, 0x8a: 0x0160, 0x8b: 0x2039, 0x8c: 0x0152,
  0x8e: 0x017d, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c, 0x94: 0x201d, 0x95: 0x2022,
  0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02dc, 0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a,
  0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178,
};

// Character -> the byte it came from, for both Windows-1252 and Latin-1 readings
// (Latin-1 keeps 0x80-0x9F as C1 controls, e.g. "â€\u009d" for ”).
const CHAR_TO_BYTE = new Map<string, number>();
for (let b = 0x80; b <= 0xff; b++) CHAR_TO_BYTE.set(String.fromCharCode(b), b);
for (const [b, cp] of Object.entries(CP1252_HIGH)) CHAR_TO_BYTE.set(String.fromCharCode(cp), Number(b));

function charClass(pred: (byte: number) => boolean): string {
  let cls = '';
  for (const [ch, b] of CHAR_TO_BYTE) {
    if (pred(b)) cls += '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0');
  }
  return `[${cls}]`;
}

const CONT = charClass((b) => b >= 0x80 && b <= 0xbf);
// A UTF-8 lead byte (as its Latin-1 character) followed by the right number of continuation bytes.
const UTF8_AS_CP1252 = new RegExp(
  `[\\u00C2-\\u00DF]${CONT}|[\\u00E0-\\u00EF]${CONT}{2}|[\\u00F0-\\u00F4]${CONT}{3}`,
  'g',
);
// "â€" left over after the third byte was dropped: 0x9D is undefined in Windows-1252, so
// the closing double quote is the usual victim.
const LOST_RIGHT_DOUBLE_QUOTE = /â€(?=[\s.,;:!?)\]]|$)/g;

const utf8 = new TextDecoder('utf-8', { fatal: true });

// A two-byte run whose second character is Windows-1252 punctuation ("É…") is real text
// more often than mojibake, except after the leads of common scripts: Latin-1 and
// Latin Extended-A (Â Ã Ä Å), Greek, Cyrillic, Hebrew, Arabic.
const PUNCT_CONT = new Set(
  [0x82, 0x84, 0x85, 0x86, 0x87, 0x89, 0x8b, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x99, 0x9b].map(
    (b) => String.fromCharCode(CP1252_HIGH[b]),
  ),
);
const COMMON_LEADS = new Set([0xc2, 0xc3, 0xc4, 0xc5, 0xce, 0xcf, 0xd0, 0xd1, 0xd7, 0xd8, 0xd9]);

function repairUtf8AsCp1252(text: string): string {
  // Twice-mangled text needs a second pass; stop as soon as nothing changes.
  for (let pass = 0; pass < 3; pass++) {
    const next = text.replace(UTF8_AS_CP1252, (run) => {
      if (run.length === 2 && PUNCT_CONT.has(run[1]) && !COMMON_LEADS.has(run.charCodeAt(0))) return run;
      const bytes = Uint8Array.from(run, (ch) => CHAR_TO_BYTE.get(ch) ?? 0);
      try {
        return utf8.decode(bytes);
      } catch {
        return run;
      }
    });
    if (next === text) break;
    text = next;
  }
  return text.replace(LOST_RIGHT_DOUBLE_QUOTE, '\u201D');
}

const THAI_O = '\u0E42';
const LATIN = /\p{Script=Latin}/u;
const WORD = /[\p{Script=Latin}\p{Nd}]/u;
const THAI = /[\u0E00-\u0E7F]/;
const AFTER_WORD_PUNCT = /[.,!?;:…]/;
const CLOSING_FOLLOWER = /[\s.,;:!?)\]…—–-]/;
const OPENING_PRECEDER = /[\s(\[—–-]/;

type QuoteStyle = 'single' | 'double';

function styleOf(text: string): QuoteStyle | undefined {
  const doubles = (text.match(/[\u201C\u201D]/g) ?? []).length;
  // ’ doubles as the apostrophe, so only the opening ‘ says "single quotes here".
  const singles = (text.match(/\u2018/g) ?? []).length;
  if (doubles > 0 && singles === 0) return 'double';
  if (singles > 0 && doubles === 0) return 'single';
  if (doubles > 0 || singles > 0) return singles > doubles ? 'single' : 'double';
  return undefined;
}

function repairThaiQuote(text: string): string {
  if (!text.includes(THAI_O)) return text;
  const docStyle = styleOf(text) ?? 'double';
  return text.replace(/\u0E42/g, (match, offset: number) => {
    const p = text[offset - 1];
    const p2 = text[offset - 2];
    const n = text[offset + 1];
    if ((p && THAI.test(p)) || (n && THAI.test(n))) return match;
    const touchesLatin =
      (p !== undefined && LATIN.test(p)) ||
      (n !== undefined && LATIN.test(n)) ||
      (p !== undefined && p2 !== undefined && AFTER_WORD_PUNCT.test(p) && LATIN.test(p2));
    if (!touchesLatin) return match;
    const wordBefore = p !== undefined && WORD.test(p);
    const wordAfter = n !== undefined && WORD.test(n);
    // Inside a word: an apostrophe ("Ukraineโs").
    if (wordBefore && wordAfter) return '\u2019';
    const lineStart = text.lastIndexOf('\n', offset) + 1;
    let lineEnd = text.indexOf('\n', offset);
    if (lineEnd < 0) lineEnd = text.length;
    const style = styleOf(text.slice(lineStart, lineEnd)) ?? docStyle;
    const endsWord = wordBefore || (p !== undefined && p2 !== undefined && AFTER_WORD_PUNCT.test(p) && WORD.test(p2));
    if (endsWord && (n === undefined || CLOSING_FOLLOWER.test(n))) {
      return style === 'single' ? '\u2019' : '\u201D';
    }
    if (wordAfter && (p === undefined || OPENING_PRECEDER.test(p))) {
      return style === 'single' ? '\u2018' : '\u201C';
    }
    return match;
  });
}

/** Repairs mojibake (UTF-8 read as Windows-1252/Latin-1, and the "โ" quote) in text. */
export function repairMojibake(text: string): string {
  return repairThaiQuote(repairUtf8AsCp1252(text));
}
