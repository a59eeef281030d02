// Shared by the ingest benches: a corpus of N article files made from real news articles
// (copies, each made unique), and a fast deterministic embedder that stands in for the model
// where embedding N articles for real would take hours on this machine.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalise, type Embedder } from '../src/embed/embedder.js';

export interface Article {
  title: string;
  text: string;
  published?: string;
}

export function readArticles(jsonl: string): Article[] {
  return readFileSync(jsonl, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Article)
    .filter((a) => a.title && a.text && a.text.length > 400);
}

/**
 * Writes `n` .txt files into `dir` (kept between runs): article i is a copy of real article
 * i mod the count, with at most `maxParagraphs` paragraphs, and a dateline and a sentence that
 * make its bytes unique. Files are dated a day back, like an archive (not files being edited now).
 */
export function writeCorpus(dir: string, articles: Article[], n: number, maxParagraphs = Infinity): string[] {
  mkdirSync(dir, { recursive: true });
  const past = new Date(Date.now() - 86_400_000);
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    const file = join(dir, `copy-${String(i).padStart(6, '0')}.txt`);
    files.push(file);
    if (existsSync(file)) continue;
    const a = articles[i % articles.length];
    const paras = a.text.split(/\n\s*\n/).filter((p) => p.trim()).slice(0, maxParagraphs);
    writeFileSync(file, `${a.title} (copy ${i})\n\nArchive copy number ${i} of this report.\n\n${paras.join('\n\n')}\n`);
    utimesSync(file, past, past);
  }
  return files;
}

/** Bag-of-words vectors hashed into `dimension` dimensions: instant, deterministic, not a model. */
export function fakeEmbedder(id: string, dimension: number): Embedder {
  const vec = (text: string) => {
    const v = new Float32Array(dimension);
    for (const w of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
      const h = createHash('md5').update(w).digest();
      v[h.readUInt16LE(0) % dimension] += 1;
      v[h.readUInt16LE(2) % dimension] += 0.5;
    }
    v[0] += 0.01;
    return normalise(v);
  };
  return {
    id,
    dimension,
    async embedPassages(texts: string[]) {
      return texts.map(vec);
    },
    async embedQuery(text: string) {
      return vec(text);
    },
  };
}
