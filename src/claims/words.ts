// Word-level helpers for the offline conflict detector and the quote attributor:
// tokens with character offsets, a light stemmer, synonym groups and edit distance.

export interface Token {
  text: string;
  /** Lower-cased, diacritics removed. */
  lower: string;
  start: number;
  end: number;
  type: 'word' | 'num' | 'punct';
}

const TOKEN_RE = /\d[\d,.]*\d|\d|[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*|[^\s\p{L}\p{M}\d]/gu;

/** Removes diacritics and lower-cases ("Narváez" → "narvaez"). */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/**
 * A pure function of one word, remembered: the same few thousand words are folded and stemmed
 * over and over (every sentence of a source, for every claim it is read against). Bounded: the
 * memory is cleared when full, so it only ever costs time to forget.
 */
function remembered(f: (word: string) => string, limit = 50_000): (word: string) => string {
  const seen = new Map<string, string>();
  return (word) => {
    let out = seen.get(word);
    if (out === undefined) {
      out = f(word);
      if (seen.size >= limit) seen.clear();
      seen.set(word, out);
    }
    return out;
  };
}

const foldWord = remembered(fold);

/**
 * The tokens of recent texts (a source's sentences are read once per claim); frozen, so shared
 * safely. Bounded by tokens held (~100 bytes each: at most ~20 MB), cleared when full.
 */
const tokenized = new Map<string, readonly Token[]>();
const MAX_HELD_TOKENS = 200_000;
let heldTokens = 0;

/** Tokens of a text: a new array each call, of frozen tokens. */
export function tokenize(text: string): Token[] {
  let tokens = tokenized.get(text);
  if (tokens === undefined) {
    tokens = readTokens(text);
    if (text.length <= 2_000) {
      if (heldTokens + tokens.length > MAX_HELD_TOKENS) {
        tokenized.clear();
        heldTokens = 0;
      }
      tokenized.set(text, tokens);
      heldTokens += tokens.length;
    }
  }
  return tokens.slice();
}

function readTokens(text: string): readonly Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const t = m[0];
    const type = /^\d/.test(t) ? 'num' : /^[\p{L}\p{M}]/u.test(t) ? 'word' : 'punct';
    out.push(Object.freeze({ text: t, lower: foldWord(t), start: m.index ?? 0, end: (m.index ?? 0) + t.length, type }));
  }
  return out;
}

export const STOPWORDS = new Set(
  (
    'a an the and or but nor of to in on at by for from with without about into onto over under as than then ' +
    'is are was were be been being am do does did done doing has have had having will would shall should can could may might must ' +
    'it its it’s this that these those there here their they them he him his she her hers we us our you your i me my mine ' +
    'what which who whom whose when where why how whether if so not no yes any all some each every both either neither ' +
    'many much more most less least few such own same other another also only just very too again ever still yet ' +
    'up down out off above below between through during before after since until while because although though ' +
    'one s t mr mrs ms dr st following considering considered given called known also'
  ).split(/\s+/),
);

/** Question frame words: they say what kind of answer is wanted, not what it is about. */
export const FRAME_WORDS = new Set(
  (
    'how what which who whom whose when where why long many much often far tall big large old high heavy deep wide ' +
    'year years date day month time kind type sort number amount percentage percent share proportion name exactly approximately roughly ' +
    'happen happened happens take place took did does do is was were are total'
  ).split(/\s+/),
);

const IRREGULAR: Record<string, string> = {
  born: 'born', borne: 'born', birth: 'born', shot: 'shoot', took: 'take', taken: 'take', began: 'begin', begun: 'begin',
  held: 'hold', spoke: 'speak', spoken: 'speak', told: 'tell', said: 'say', says: 'say', met: 'meet', won: 'win',
  fell: 'fall', built: 'build', sold: 'sell', led: 'lead', fought: 'fight', brought: 'bring', made: 'make', paid: 'pay',
  left: 'leave', struck: 'strike', ran: 'run', went: 'go', gone: 'go', thought: 'think', wrote: 'write', written: 'write',
  became: 'become', grew: 'grow', grown: 'grow', rose: 'rise', risen: 'rise', sank: 'sink', sunk: 'sink', spent: 'spend',
  sent: 'send', lost: 'lose', bought: 'buy', caught: 'catch', drove: 'drive', driven: 'drive', flew: 'fly', flown: 'fly',
  hit: 'hit', kept: 'keep', knew: 'know', known: 'know', laid: 'lay', lain: 'lay', dead: 'die', death: 'die', deaths: 'die',
  died: 'die', dies: 'die', dying: 'die',
  children: 'child', men: 'man', women: 'woman', people: 'people', lasted: 'last', chose: 'choose', chosen: 'choose',
  gave: 'give', given: 'give', got: 'get', ate: 'eat', stood: 'stand', sat: 'sit', swore: 'swear', sworn: 'swear',
  saw: 'see', seen: 'see', felt: 'feel', heard: 'hear', found: 'found', founded: 'found', founding: 'found', founder: 'found',
};

/** A light suffix stripper: enough to match "lasted"/"last", "drones"/"drone", "died"/"die". */
export const stem: (word: string) => string = remembered(stemWord);

function stemWord(word: string): string {
  let w = fold(word).replace(/['’]s$/, '').replace(/['’]/g, '');
  if (IRREGULAR[w] && IRREGULAR[w] !== w) return stem(IRREGULAR[w]);
  if (w.length <= 3) return w;
  if (/^\d/.test(w)) return w.replace(/,/g, '');
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'i';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ied') && w.length > 4) w = w.slice(0, -3) + 'i';
  else if (w.endsWith('ying') && w.length > 5) w = w.slice(0, -4) + 'i';
  else if (w.endsWith('eed')) w = w.length <= 5 ? w : w.slice(0, -1);
  else if (w.endsWith('ed') && w.length > 4) w = undouble(w.slice(0, -2));
  else if (w.endsWith('ing') && w.length > 5) w = undouble(w.slice(0, -3));
  if (w.endsWith('e') && w.length > 3 && !w.endsWith('ee')) w = w.slice(0, -1);
  if (w.endsWith('y') && w.length > 3) w = w.slice(0, -1) + 'i';
  return w;
}

function undouble(w: string): string {
  return /([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w) ? w.slice(0, -1) : w;
}

// Small synonym groups, as stems. Kept deliberately short: a wrong synonym ties a value
// to the wrong event, which is worse than missing one.
const SYNONYM_GROUPS: string[][] = [
  ['die', 'deceas', 'kill', 'perish'],
  ['born', 'birth'],
  ['found', 'establish', 'creat', 'form'],
  ['start', 'begin', 'commenc'],
  ['last', 'durat', 'long'],
  ['launch', 'fire', 'send'],
  ['cost', 'pric', 'spend', 'worth', 'pai', 'pay'],
  ['speak', 'talk', 'call', 'convers', 'discuss', 'phon'],
  ['surviv', 'survivor'],
  ['marri', 'wed'],
  ['publish', 'releas', 'appear', 'issu', 'print'],
  ['build', 'construct', 'erect'],
  ['height', 'tall'],
  ['weigh', 'weight'],
  ['distanc', 'far'],
  ['area', 'cover', 'siz', 'larg'],
  ['speed', 'fast'],
  ['popul', 'inhabit', 'resident'],
  ['member', 'membership'],
  ['sell', 'sale', 'copi', 'unit'],
  ['lay', 'keel'],
  ['salin', 'salt', 'salti'],
  ['percentag', 'percent', 'share', 'proport'],
  ['manag', 'coach'],
  ['join', 'sign'],
  ['train', 'learn'],
  ['war', 'conflict', 'fight'],
  ['get', 'receiv', 'obtain', 'gain', 'won', 'win'],
];

function synonymIds(s: string): number[] {
  const ids: number[] = [];
  SYNONYM_GROUPS.forEach((g, i) => {
    if (g.includes(s)) ids.push(i);
  });
  return ids;
}

// Phrasal verbs that say what one word of a synonym group says ("set up" a company is to
// found it): the verb's stem is read as that word's.
const PHRASAL: Record<string, { particle: string; stem: string }> = {
  set: { particle: 'up', stem: 'establish' }, sets: { particle: 'up', stem: 'establish' }, setting: { particle: 'up', stem: 'establish' },
  pass: { particle: 'away', stem: 'die' }, passed: { particle: 'away', stem: 'die' }, passes: { particle: 'away', stem: 'die' }, passing: { particle: 'away', stem: 'die' },
  come: { particle: 'out', stem: 'releas' }, came: { particle: 'out', stem: 'releas' }, comes: { particle: 'out', stem: 'releas' }, coming: { particle: 'out', stem: 'releas' },
  break: { particle: 'out', stem: 'start' }, broke: { particle: 'out', stem: 'start' }, breaks: { particle: 'out', stem: 'start' }, broken: { particle: 'out', stem: 'start' },
};

/** Stems of the tokens, with a phrasal verb read as the word it stands for ("setting up" → "establish"); punctuation gives "". */
export function stemTokens(tokens: Token[]): string[] {
  return tokens.map((t, i) => {
    if (t.type === 'punct') return '';
    const p = PHRASAL[t.lower];
    if (p && tokens[i + 1]?.lower === p.particle) return p.stem;
    return stem(t.text);
  });
}

/** Same stem, one a short extension of the other ("survivor"/"surviv"), or synonyms. */
export function stemsMatch(a: string, b: string): boolean {
  if (a === b) return true;
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  if (s.length >= 4 && l.startsWith(s) && l.length - s.length <= (s.length >= 5 ? 4 : 3)) return true;
  const ia = synonymIds(a);
  if (ia.length === 0) return false;
  const ib = synonymIds(b);
  return ia.some((x) => ib.includes(x));
}

export function isStopword(lower: string): boolean {
  return STOPWORDS.has(lower);
}

/** Stems of the content words of a text (stopwords dropped). */
export function contentStems(text: string): string[] {
  return tokenize(text)
    .filter((t) => (t.type === 'word' && !STOPWORDS.has(t.lower) && t.lower.length > 1) || (t.type === 'num' && t.text.length >= 2))
    .map((t) => stem(t.text));
}

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

export function isCapitalised(word: string): boolean {
  return /^\p{Lu}/u.test(word);
}
