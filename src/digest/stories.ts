// Grouping new sources into stories: one story per event, however many outlets covered it.
//
// Each source is represented by the mean of its paragraph vectors (paragraphs of fewer than
// MIN_WORDS words — headings, "Source link", table rows — are left out when there are
// others). Two sources are as similar as the cosine of their means plus a small bonus for
// shared title words (Jaccard of title terms × TITLE_WEIGHT): titles name the event, and
// they help short wire items whose vectors drift. Sources are then clustered by average
// linkage (nearest-neighbour chain, O(n²)) and the dendrogram is cut at THRESHOLD.
//
// Calibration (all-MiniLM-L6-v2, test/digest/fixtures + seeds): the five seeds (Trump–Putin
// calls and Ukraine talks) are 0.888–0.932 to each other; two outlets on one ECB decision
// 0.851, two on one storm 0.804; different events, even on the same beat (a drone strike on
// Odesa vs the Trump–Putin calls: 0.14–0.20; Odesa vs the storm: 0.40), stay below 0.41.
// The cut sits between the two: 0.62.
import { terms } from '../index/terms.js';
import type { ParagraphIndex, SourceRecord } from '../index/paragraph-index.js';

export const STORY_THRESHOLD = 0.62;
export const TITLE_WEIGHT = 0.15;
const MIN_WORDS = 8;
/** Above this many sources the n×n matrix is not built; sources join the nearest story centroid instead. */
const MAX_MATRIX = 3000;

export interface StoryGroup {
  /** Sources of the story, the most representative (nearest the centroid) first. */
  sources: SourceRecord[];
  /** Normalised mean of the sources' vectors (empty when no source has vectors). */
  centroid: Float32Array;
  /** Each source's normalised mean paragraph vector. */
  vectors: Map<string, Float32Array>;
}

export interface GroupOptions {
  threshold?: number;
  titleWeight?: number;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i] * v[i];
  n = Math.sqrt(n);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** The normalised mean of a source's paragraph vectors, or undefined when it has none. */
export function sourceVector(index: Pick<ParagraphIndex, 'paragraphsOf' | 'vector'>, sourceId: string): Float32Array | undefined {
  const all = index.paragraphsOf(sourceId);
  const body = all.filter((p) => words(p.text) >= MIN_WORDS);
  let sum: Float32Array | undefined;
  for (const p of body.length ? body : all) {
    const v = index.vector(p.key);
    if (!v) continue;
    sum ??= new Float32Array(v.length);
    for (let i = 0; i < v.length; i++) sum[i] += v[i];
  }
  return sum ? normalise(sum) : undefined;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Title terms as sorted distinct ids, so the n² comparisons are merges of small arrays. */
function titleIds(titles: string[]): Int32Array[] {
  const ids = new Map<string, number>();
  return titles.map((t) => {
    const set = new Set(terms(t).map((w) => ids.get(w) ?? (ids.set(w, ids.size), ids.size - 1)));
    return Int32Array.from(set).sort();
  });
}

function sortedJaccard(a: Int32Array, b: Int32Array): number {
  if (!a.length || !b.length) return 0;
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      inter++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return inter / (a.length + b.length - inter);
}

/**
 * Average-linkage clusters of `n` items whose pairwise similarity is `sim(i, j)`, cut at
 * `threshold`: a cluster never merges with one it is on average less similar to.
 */
export function averageLinkage(n: number, sim: (i: number, j: number) => number, threshold: number): number[][] {
  const S = new Float32Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const s = sim(i, j);
      S[i * n + j] = s;
      S[j * n + i] = s;
    }
  const active = new Uint8Array(n).fill(1);
  const size = new Int32Array(n).fill(1);
  const members: number[][] = Array.from({ length: n }, (_, i) => [i]);
  const done: number[][] = [];
  const chain: number[] = [];
  let next = 0;
  for (;;) {
    if (chain.length === 0) {
      while (next < n && !active[next]) next++;
      if (next >= n) break;
      chain.push(next);
    }
    const a = chain[chain.length - 1];
    const prev = chain.length >= 2 ? chain[chain.length - 2] : -1;
    let b = prev;
    let best = prev >= 0 ? S[a * n + prev] : -Infinity;
    for (let c = 0; c < n; c++) {
      if (c === a || !active[c]) continue;
      const s = S[a * n + c];
      if (s > best) {
        best = s;
        b = c;
      }
    }
    if (b < 0 || best < threshold) {
      // Nothing is similar enough to `a`, now or after any later merge (averages of values below the cut stay below it).
      active[a] = 0;
      done.push(members[a]);
      chain.pop();
      continue;
    }
    if (b === prev) {
      chain.pop();
      chain.pop();
      const sa = size[a];
      const sb = size[b];
      for (let c = 0; c < n; c++) {
        if (!active[c] || c === a || c === b) continue;
        const s = (sa * S[a * n + c] + sb * S[b * n + c]) / (sa + sb);
        S[a * n + c] = s;
        S[c * n + a] = s;
      }
      size[a] = sa + sb;
      members[a] = members[a].concat(members[b]);
      active[b] = 0;
      continue;
    }
    chain.push(b);
  }
  return done.map((m) => m.sort((x, y) => x - y)).sort((x, y) => x[0] - y[0]);
}

/** Beyond MAX_MATRIX sources: one pass, each source joins the most similar story centroid or starts one. */
function leaderClusters(vectors: (Float32Array | undefined)[], threshold: number): number[][] {
  const clusters: { members: number[]; sum: Float32Array; centroid: Float32Array }[] = [];
  const lone: number[][] = [];
  vectors.forEach((v, i) => {
    if (!v) return void lone.push([i]);
    let best = -1;
    let bestSim = threshold;
    clusters.forEach((c, k) => {
      const s = dot(v, c.centroid);
      if (s >= bestSim) {
        bestSim = s;
        best = k;
      }
    });
    if (best < 0) clusters.push({ members: [i], sum: Float32Array.from(v), centroid: Float32Array.from(v) });
    else {
      const c = clusters[best];
      c.members.push(i);
      for (let d = 0; d < v.length; d++) c.sum[d] += v[d];
      c.centroid = normalise(Float32Array.from(c.sum));
    }
  });
  return [...clusters.map((c) => c.members), ...lone];
}

/** Groups sources into stories; largest stories first, then by newest source. */
export function groupStories(index: Pick<ParagraphIndex, 'paragraphsOf' | 'vector'>, sources: SourceRecord[], options: GroupOptions = {}): StoryGroup[] {
  // A story never mixes languages: the bundled embedder is English-only, and two articles
  // in other languages can look alike to it for no reason. Sources of unknown language
  // (snapshots from before languages were stored) form one group of their own.
  const byLanguage = new Map<string, SourceRecord[]>();
  for (const s of sources) {
    const key = s.language ?? '';
    const list = byLanguage.get(key);
    if (list) list.push(s);
    else byLanguage.set(key, [s]);
  }
  const groups = [...byLanguage.values()].flatMap((list) => groupOneLanguage(index, list, options));
  const newest = (g: StoryGroup) => g.sources.reduce((m, s) => (s.ingestedAt > m ? s.ingestedAt : m), '');
  return groups.sort((a, b) => b.sources.length - a.sources.length || newest(b).localeCompare(newest(a)) || a.sources[0].id.localeCompare(b.sources[0].id));
}

function groupOneLanguage(index: Pick<ParagraphIndex, 'paragraphsOf' | 'vector'>, sources: SourceRecord[], options: GroupOptions): StoryGroup[] {
  const threshold = options.threshold ?? STORY_THRESHOLD;
  const titleWeight = options.titleWeight ?? TITLE_WEIGHT;
  const vectors = sources.map((s) => sourceVector(index, s.id));
  const titles = titleIds(sources.map((s) => s.title));
  const sim = (i: number, j: number): number => {
    const a = vectors[i];
    const b = vectors[j];
    if (!a || !b) return -Infinity;
    return dot(a, b) + titleWeight * sortedJaccard(titles[i], titles[j]);
  };
  const clusters = sources.length > MAX_MATRIX ? leaderClusters(vectors, threshold) : averageLinkage(sources.length, sim, threshold);

  return clusters.map((members): StoryGroup => {
    const byId = new Map<string, Float32Array>();
    let sum: Float32Array | undefined;
    for (const i of members) {
      const v = vectors[i];
      if (!v) continue;
      byId.set(sources[i].id, v);
      sum ??= new Float32Array(v.length);
      for (let d = 0; d < v.length; d++) sum[d] += v[d];
    }
    const centroid = sum ? normalise(sum) : new Float32Array(0);
    const closeness = (i: number) => (vectors[i] && centroid.length ? dot(vectors[i]!, centroid) : -1);
    const ordered = [...members].sort((x, y) => closeness(y) - closeness(x) || sources[x].id.localeCompare(sources[y].id));
    return { sources: ordered.map((i) => sources[i]), centroid, vectors: byId };
  });
}

/**
 * The story's headline: the title of the source nearest the centroid, passing over titles
 * the loader made from the first sentence (they end in "…") when a real one exists.
 */
export function headlineOf(group: StoryGroup): string {
  const real = group.sources.find((s) => s.title.trim() && !/…$/.test(s.title.trim()));
  return (real ?? group.sources[0])?.title.trim() ?? '';
}
