// Late interaction (ColBERT's MaxSim) over the bundled model's token vectors: for each word
// piece of the question, its best cosine with a piece of the sentence, averaged. It sees
// "paying for" ≈ "buy", "sale" where one pooled vector for the whole sentence blurs it.
// Computed at question time for the shortlisted sentences only (bench/relevance-cost.ts).
import { LRUCache } from 'lru-cache';
import { dot, type Embedder, type TokenVectors } from '../embed/embedder.js';
import { STOP_WORDS } from '../index/terms.js';

/** The question's pieces that carry meaning: not punctuation, not stop words. */
function meaningful(q: TokenVectors): Float32Array[] {
  const keep = q.vectors.filter((_, i) => /[\p{L}\p{N}]/u.test(q.pieces[i]) && !STOP_WORDS.has(q.pieces[i].toLowerCase()));
  return keep.length ? keep : q.vectors;
}

export function lateInteraction(question: TokenVectors, sentence: TokenVectors): number {
  const qs = meaningful(question);
  if (!qs.length || !sentence.vectors.length) return 0;
  let sum = 0;
  for (const qv of qs) {
    let best = -1;
    for (const sv of sentence.vectors) best = Math.max(best, dot(qv, sv));
    sum += best;
  }
  return sum / qs.length;
}

/**
 * Late-interaction scores of the sentences, or null when the embedder has no token vectors.
 * A sentence's token vectors are kept (popular paragraphs come back question after question).
 */
export async function lateInteractionScores(
  embedder: Embedder,
  question: string,
  sentences: string[],
  cache: LRUCache<string, TokenVectors>,
): Promise<number[] | null> {
  if (!embedder.embedTokens || !sentences.length) return null;
  const missing = [...new Set(sentences.filter((s) => !cache.has(s)))];
  const [q, ...fresh] = await embedder.embedTokens([question, ...missing]);
  missing.forEach((s, i) => cache.set(s, fresh[i]));
  return sentences.map((s) => lateInteraction(q, cache.get(s)!));
}
