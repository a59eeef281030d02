// The two or three sentences that say what a story is about, quoted verbatim.
//
// Sentence vectors are not stored, so this works in two steps:
// 1. Paragraphs: each eligible paragraph is scored by how close its stored vector is to the
//    story's OTHER sources (mean cosine to their mean vectors) — what several outlets say,
//    not what one of them adds. A story of one source uses the source's own mean, with a
//    small bonus for the lead (news puts the gist first). Picks go to different sources
//    first, and near-duplicate paragraphs (cosine > 0.92, the same wire copy) are skipped.
// 2. A sentence within each picked paragraph: with an injected `embed`, the one closest to
//    the same target vector; without, the one whose terms the other sources share most
//    (term overlap). Sentences opening with a pronoun ("They…", "This…") read badly alone
//    and are marked down.
import { splitSentences } from '../corpus/index.js';
import { injectedSentences } from '../claims/index.js';
import type { IndexedParagraph, ParagraphIndex } from '../index/paragraph-index.js';
import { terms } from '../index/terms.js';
import type { Excerpt } from '../types.js';
import { dot, normalise, type StoryGroup } from './stories.js';

export type Embed = (texts: string[]) => Promise<Float32Array[]>;

export interface KeyPointOptions {
  /** Key sentences per story (default: 3 for a story of several sources, 2 for one). */
  count?: number;
  embed?: Embed;
}

export type KeyPoint = Omit<Excerpt, 'n'>;

const MIN_PARAGRAPH_WORDS = 12;
const MIN_SENTENCE_WORDS = 6;
const MAX_SENTENCE_WORDS = 60;
const NEAR_DUPLICATE = 0.92;
/** Paragraphs picked beyond the count, in case two of them yield the same sentence. */
const SPARE = 2;
/** Key sentences a story shows at most, its disputes' claims included (README: two or three). */
export const MAX_KEY_POINTS = 3;
const PRONOUN_START = /^\W*(they|them|their|it|its|this|that|these|those|he|she|his|her|we|our|but|and|so|yet|also)\b/i;

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Paragraphs that can carry a key point: prose, not tables, questions or furniture. */
export function eligibleParagraph(text: string): boolean {
  if (wordCount(text) < MIN_PARAGRAPH_WORDS) return false;
  if ((text.match(/\|/g) ?? []).length >= 2) return false;
  if (/\?\s*$/.test(text)) return false;
  return true;
}

interface Candidate {
  p: IndexedParagraph;
  v: Float32Array;
  sourceId: string;
  score: number;
}

interface SentenceChoice {
  text: string;
  score: number;
}

function sentencesOf(text: string): { text: string; first: boolean }[] {
  const all = splitSentences(text);
  const injected = injectedSentences(all.map((s) => s.text)); // judged with their neighbours
  return all
    .map((s, i) => ({ text: s.text, first: i === 0 }))
    .filter((s, i) => {
      const n = wordCount(s.text);
      return n >= MIN_SENTENCE_WORDS && n <= MAX_SENTENCE_WORDS && !/[:?]\s*$/.test(s.text) && !/\|/.test(s.text) && !injected.has(i);
    });
}

function adjust(score: number, s: { text: string; first: boolean }): number {
  let x = score;
  if (PRONOUN_START.test(s.text)) x *= 0.6;
  if (s.first) x += 0.05;
  return x;
}

export async function keyPoints(index: Pick<ParagraphIndex, 'paragraphsOf' | 'vector'>, group: StoryGroup, options: KeyPointOptions = {}): Promise<KeyPoint[]> {
  const ids = group.sources.map((s) => s.id);
  const count = options.count ?? (ids.length > 1 ? 3 : 2);
  const multi = group.vectors.size > 1;

  // Target per source: the mean of the other sources' vectors (or its own, alone).
  const target = new Map<string, Float32Array>();
  for (const id of ids) {
    const own = group.vectors.get(id);
    if (!own) continue;
    if (!multi) {
      target.set(id, own);
      continue;
    }
    const sum = new Float32Array(own.length);
    for (const [other, v] of group.vectors) if (other !== id) for (let d = 0; d < v.length; d++) sum[d] += v[d];
    target.set(id, normalise(sum));
  }

  // Terms per source, for sentence choice without embeddings.
  const sourceTerms = new Map<string, Set<string>>();
  const paragraphTerms = new Map<number, Set<string>>();
  for (const id of ids) {
    const set = new Set<string>();
    for (const p of index.paragraphsOf(id)) {
      const ts = new Set(terms(p.text));
      paragraphTerms.set(p.key, ts);
      for (const t of ts) set.add(t);
    }
    sourceTerms.set(id, set);
  }

  const candidates: Candidate[] = [];
  for (const id of ids) {
    const t = target.get(id);
    if (!t) continue;
    let rank = 0;
    for (const p of index.paragraphsOf(id)) {
      if (!eligibleParagraph(p.text) || sentencesOf(p.text).length === 0) continue;
      const v = index.vector(p.key);
      if (!v) continue;
      const lead = rank === 0 ? 0.05 : rank === 1 ? 0.025 : 0;
      candidates.push({ p, v, sourceId: id, score: dot(v, t) + lead });
      rank++;
    }
  }
  candidates.sort((a, b) => b.score - a.score || a.sourceId.localeCompare(b.sourceId) || a.p.index - b.p.index);

  // Paragraphs: different sources first, no near-duplicates.
  // A few spare paragraphs: two paragraphs can carry the same sentence (a repeated line).
  const picked: Candidate[] = [];
  for (const pass of [0, 1]) {
    for (const c of candidates) {
      if (picked.length >= count + SPARE) break;
      if (picked.includes(c)) continue;
      if (pass === 0 && picked.some((x) => x.sourceId === c.sourceId)) continue;
      if (picked.some((x) => dot(x.v, c.v) > NEAR_DUPLICATE)) continue;
      picked.push(c);
    }
  }

  // A sentence in each.
  const choices = await chooseSentences(picked, { multi, ids, sourceTerms, paragraphTerms, target, embed: options.embed });
  const out: KeyPoint[] = [];
  const quoted = new Set<string>();
  picked.forEach((c, i) => {
    const s = choices[i];
    if (!s || out.length >= count || quoted.has(sameWords(s.text))) return;
    quoted.add(sameWords(s.text));
    const source = group.sources.find((x) => x.id === c.sourceId)!;
    out.push({
      sourceId: c.sourceId,
      title: source.title,
      ...(source.url ? { url: source.url } : {}),
      ...(source.published ? { published: source.published } : {}),
      ...(source.outlet ? { outlet: source.outlet } : {}),
      paragraph: c.p.index,
      quote: s.text,
      ...(c.p.table ? { table: true as const } : {}),
      score: Number(c.score.toFixed(4)),
    });
  });
  return out;
}

async function chooseSentences(
  picked: Candidate[],
  ctx: {
    multi: boolean;
    ids: string[];
    sourceTerms: Map<string, Set<string>>;
    paragraphTerms: Map<number, Set<string>>;
    target: Map<string, Float32Array>;
    embed?: Embed;
  },
): Promise<(SentenceChoice | undefined)[]> {
  const perParagraph = picked.map((c) => sentencesOf(c.p.text));
  if (ctx.embed) {
    const flat = perParagraph.flat();
    const vectors = flat.length ? await ctx.embed(flat.map((s) => s.text)) : [];
    let k = 0;
    return perParagraph.map((list, i) => {
      const t = ctx.target.get(picked[i].sourceId)!;
      let best: SentenceChoice | undefined;
      for (const s of list) {
        const v = vectors[k++];
        const score = adjust(v ? dot(normalise(Float32Array.from(v)), t) : 0, s);
        if (!best || score > best.score) best = { text: s.text, score };
      }
      return best;
    });
  }
  return perParagraph.map((list, i) => {
    const c = picked[i];
    const others = ctx.ids.filter((id) => id !== c.sourceId).map((id) => ctx.sourceTerms.get(id)!);
    // Alone: terms the source repeats in its other paragraphs.
    const ownOthers = new Set<string>();
    if (!ctx.multi) for (const [key, ts] of ctx.paragraphTerms) if (key !== c.p.key) for (const t of ts) ownOthers.add(t);
    let best: SentenceChoice | undefined;
    for (const s of list) {
      const ts = [...new Set(terms(s.text))];
      if (ts.length < 3) continue;
      const shared = ctx.multi
        ? ts.reduce((sum, t) => sum + others.filter((o) => o.has(t)).length / Math.max(1, others.length), 0)
        : ts.filter((t) => ownOthers.has(t)).length;
      const score = adjust(shared / ts.length, s);
      if (!best || score > best.score) best = { text: s.text, score };
    }
    return best;
  });
}

/** A sentence's words, for telling that two quotes say the same thing word for word. */
function sameWords(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Where a dispute's claim is quoted from. */
export interface ClaimSentence {
  sourceId: string;
  paragraph: number;
  text: string;
}

/**
 * A story's key sentences with its disputes' claims among them: every claim shown is a key
 * point (the "Disputed" line cites it), no sentence appears twice, and there are at most `max`
 * (issue 19: one story showed seven, one of them twice; the README promises two or three).
 * Disputes are taken in order while their claims fit (the first one always, cut to `max`
 * claims); the story's own key points fill what is left. Returns the points and, per dispute
 * shown, which of its claims are shown and the index of each one's point. Disputes that did
 * not fit are left out of the digest; asking the bot about the story still shows them.
 */
export function fitKeyPoints(
  points: KeyPoint[],
  disputes: { claims: ClaimSentence[] }[],
  describe: (sourceId: string) => Omit<KeyPoint, 'paragraph' | 'quote' | 'score' | 'sourceId'>,
  max = MAX_KEY_POINTS,
): { points: KeyPoint[]; disputes: { index: number; claims: { claim: number; point: number }[] }[] } {
  const claimed: ClaimSentence[] = [];
  const same = (a: ClaimSentence, b: ClaimSentence) => a.sourceId === b.sourceId && a.paragraph === b.paragraph && a.text === b.text;
  const shown: { index: number; claims: number[] }[] = [];
  disputes.forEach((d, index) => {
    const fresh = d.claims.filter((c, i) => !claimed.some((x) => same(x, c)) && d.claims.findIndex((y) => same(y, c)) === i);
    if (claimed.length + fresh.length <= max) {
      claimed.push(...fresh);
      shown.push({ index, claims: d.claims.map((_, i) => i) });
    } else if (!shown.length) {
      const kept = d.claims.map((_, i) => i).slice(0, max);
      claimed.push(...fresh.filter((c) => kept.some((i) => same(d.claims[i], c))));
      shown.push({ index, claims: kept });
    }
  });
  const claimWords = new Set(claimed.map((c) => sameWords(c.text)));
  const asPoint = (p: KeyPoint): ClaimSentence => ({ sourceId: p.sourceId, paragraph: p.paragraph, text: p.quote });
  // Key points that quote a claim are reused; others fill the free places, never repeating a claim's words.
  let free = max - claimed.length;
  const kept = points.filter((p) => {
    if (claimed.some((c) => same(asPoint(p), c))) return true;
    if (claimWords.has(sameWords(p.quote)) || free <= 0) return false;
    free--;
    return true;
  });
  const out = [...kept];
  for (const c of claimed) {
    if (out.some((p) => same(asPoint(p), c))) continue;
    out.push({ sourceId: c.sourceId, ...describe(c.sourceId), paragraph: c.paragraph, quote: c.text, score: 0 });
  }
  return {
    points: out,
    disputes: shown.map((d) => ({ index: d.index, claims: d.claims.map((i) => ({ claim: i, point: out.findIndex((p) => same(asPoint(p), disputes[d.index].claims[i])) })) })),
  };
}
