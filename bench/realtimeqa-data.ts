// RealTime QA (../shared/eval/realtimeqa): news-quiz questions with the passage that answers
// them (2020-2021) and the whole articles a web search returned for them (2023-2024), the
// fixed tuning/held-out split, and how a quote is checked against the quiz answer.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parseSource } from '../src/corpus/index.js';
import type { Source } from '../src/types.js';
import { readJsonl } from './scifact-data.js';

export interface QuizQuestion {
  id: string;
  date: string;
  question: string;
  choices: string[];
  answer: string[];
  evidence: string;
}

export interface NewsArticle {
  url: string;
  title: string;
  published: string | null;
  text: string | null;
  retrieved_for: string;
}

export type Part = 'tuning' | 'held-out';

/**
 * The split, fixed before anything was tuned: a question is in the tuning part when the
 * first byte of sha256(id) is even. Independent of file order and of the year.
 */
export function partOf(id: string): Part {
  return createHash('sha256').update(id).digest()[0] % 2 === 0 ? 'tuning' : 'held-out';
}

export function loadDev(dir: string): QuizQuestion[] {
  return readJsonl<QuizQuestion>(join(dir, 'dev-2020-2021.jsonl')).filter((q) => q.evidence.trim());
}

/** Each passage as a one-paragraph source whose id is its question's id. */
export function passageSources(questions: QuizQuestion[]): Source[] {
  return questions.map((q) => ({
    id: q.id,
    title: `News quiz passage ${q.id}`,
    contentHash: q.id,
    paragraphs: [{ sourceId: q.id, index: 1, text: q.evidence.replace(/\s+/g, ' ').trim() }],
  }));
}

export function loadNews(dir: string): { questions: QuizQuestion[]; articlesFor: Map<string, NewsArticle[]> } {
  const questions = readJsonl<QuizQuestion>(join(dir, 'news-2023-2024-questions.jsonl'));
  const articlesFor = new Map<string, NewsArticle[]>();
  for (const a of readJsonl<NewsArticle>(join(dir, 'news-2023-2024-articles.jsonl'))) {
    if (!a.text?.trim()) continue;
    const list = articlesFor.get(a.retrieved_for) ?? [];
    list.push(a);
    articlesFor.set(a.retrieved_for, list);
  }
  return { questions, articlesFor };
}

/** The articles as the bot would ingest them from .txt files (cleaned, paragraphs numbered). */
export function articleSources(articles: NewsArticle[]): Source[] {
  return articles.map((a, i) => {
    const id = `article-${i + 1}`;
    const src = parseSource({ id, bytes: new TextEncoder().encode(`${a.title}\n\n${a.text}`), format: 'txt' });
    return {
      ...src,
      title: a.title,
      url: a.url,
      ...(a.published ? { published: a.published.replace(/\//g, '-') } : {}),
      paragraphs: src.paragraphs.map((p) => ({ ...p, sourceId: id })),
    };
  });
}

const fold = (s: string) =>
  s
    .toLowerCase()
    .replace(/[‘’´`]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[–—]/g, '-')
    .replace(/\s+/g, ' ');

/** Whether the quiz answer's text stands in `text` as whole words (case and quote marks aside). */
export function holdsAnswer(text: string, answers: string[]): boolean {
  const t = fold(text);
  return answers.some((a) => {
    const esc = fold(a.trim()).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return esc.length > 0 && new RegExp(`(?<![\\p{L}\\p{N}])${esc}(?![\\p{L}\\p{N}])`, 'u').test(t);
  });
}
