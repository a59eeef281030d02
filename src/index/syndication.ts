// Wire copies: the same story republished by several outlets, found by near-duplicate text.
//
// Each source gets a MinHash signature of its word 4-shingles at ingest (64 values, stored
// with the source). Two sources whose signatures agree on at least WIRE_THRESHOLD of their
// values (an estimate of the Jaccard overlap of their shingles) are copies of one story.
// Copies differ in headline, byline and page furniture, which moves the estimate little;
// two outlets reporting the same event in their own words share few 4-word runs (measured on
// the fixtures of test/feeds/syndication.test.ts: a copy with its own headline and byline 1.0,
// a copy with its last paragraph cut 0.69, an independent report of the same storm 0.03).
// Candidate pairs come from locality-sensitive hashing (16 bands of 4 values), so grouping
// stays near-linear in the number of sources.
import type { Paragraph } from '../types.js';
import type { ParagraphIndex, SourceRecord } from './paragraph-index.js';

export const WIRE_THRESHOLD = 0.5;
const SIGNATURE = 64;
const BANDS = 16;
const ROWS = SIGNATURE / BANDS;
const SHINGLE = 4;
/** Texts shorter than this are not fingerprinted: two short briefs can share all their words. */
const MIN_WORDS = 40;

// Fixed odd multipliers and seeds: signatures stored in snapshots must stay comparable.
const SEEDS = Array.from({ length: SIGNATURE }, (_, i) => mix32(0x9e3779b9 ^ Math.imul(i + 1, 0x85ebca6b)));

function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The words of a text, lower-cased, punctuation dropped (quote marks and dashes differ between outlets). */
export function wireWords(text: string): string[] {
  return text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** MinHash signature of a source's text, or undefined when it is too short to tell copies apart. */
export function wireFingerprint(paragraphs: Pick<Paragraph, 'text'>[]): number[] | undefined {
  const words = wireWords(paragraphs.map((p) => p.text).join(' '));
  if (words.length < MIN_WORDS) return undefined;
  const sig = new Array<number>(SIGNATURE).fill(0xffffffff);
  const seen = new Set<number>();
  for (let i = 0; i + SHINGLE <= words.length; i++) {
    const h = fnv1a(words.slice(i, i + SHINGLE).join(' '));
    if (seen.has(h)) continue;
    seen.add(h);
    for (let j = 0; j < SIGNATURE; j++) {
      const v = mix32(h ^ SEEDS[j]);
      if (v < sig[j]) sig[j] = v;
    }
  }
  return sig;
}

/** Estimated Jaccard overlap of two signatures' shingle sets. */
export function wireSimilarity(a: number[], b: number[]): number {
  let same = 0;
  for (let i = 0; i < SIGNATURE; i++) if (a[i] === b[i]) same++;
  return same / SIGNATURE;
}

type Fingerprinted = Pick<SourceRecord, 'id' | 'ingestedAt' | 'firstSeen'> & { fingerprint?: number[] };

const firstSeen = (r: Fingerprinted) => r.firstSeen ?? r.ingestedAt;

/**
 * Each source that copies another maps to the group's original: the copy seen first (then
 * the smaller id). Sources with no copy are left out of the map.
 */
export function wireCopies(records: Fingerprinted[], threshold = WIRE_THRESHOLD): Map<string, string> {
  const withPrint = records.filter((r) => r.fingerprint?.length === SIGNATURE);
  const parent = withPrint.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const buckets = new Map<string, number[]>();
  withPrint.forEach((r, i) => {
    for (let b = 0; b < BANDS; b++) {
      const key = `${b}:${r.fingerprint!.slice(b * ROWS, (b + 1) * ROWS).join(',')}`;
      const list = buckets.get(key);
      if (list) list.push(i);
      else buckets.set(key, [i]);
    }
  });
  for (const list of buckets.values()) {
    for (let x = 1; x < list.length; x++) {
      const a = find(list[0]);
      const b = find(list[x]);
      if (a !== b && wireSimilarity(withPrint[list[0]].fingerprint!, withPrint[list[x]].fingerprint!) >= threshold) parent[b] = a;
    }
  }
  const groups = new Map<number, Fingerprinted[]>();
  withPrint.forEach((r, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), r]));
  const out = new Map<string, string>();
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    members.sort((a, b) => firstSeen(a).localeCompare(firstSeen(b)) || a.id.localeCompare(b.id));
    for (const m of members.slice(1)) out.set(m.id, members[0].id);
  }
  return out;
}

const cache = new WeakMap<object, { count: number; copies: Map<string, string> }>();

/** `wireCopies` of an index's sources, computed once per loaded index. */
export function wireCopiesOf(index: Pick<ParagraphIndex, 'sources'>): Map<string, string> {
  const records = index.sources();
  const hit = cache.get(index);
  if (hit && hit.count === records.length) return hit.copies;
  const copies = wireCopies(records);
  cache.set(index, { count: records.length, copies });
  return copies;
}

/** Drops what wireCopiesOf remembers for an index changed in place (a segment applied: a replaced source keeps the count). */
export function forgetWireCopies(index: object): void {
  cache.delete(index);
}

/** The original of a source's wire group (itself when it copies nothing). */
export function wireOriginal(copies: Map<string, string>, id: string): string {
  return copies.get(id) ?? id;
}

/** How a copy is named in "also published by …": its outlet, else its site, else its headline. */
export function publisherName(r: Pick<SourceRecord, 'outlet' | 'url' | 'title' | 'id'>): string {
  if (r.outlet) return r.outlet;
  if (r.url) {
    try {
      return new URL(r.url).hostname.replace(/^www\./, '');
    } catch {
      // not a URL: fall through
    }
  }
  return r.title || r.id;
}
