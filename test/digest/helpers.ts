// Test doubles for the digest: chat platforms as plain objects, a logger that keeps its lines,
// and a small index built with the real ingest and the hash embedder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import type { ChatReply, PlatformConnection } from '../../src/chat/types.js';
import type { IndexedParagraph, ParagraphIndex, SourceRecord } from '../../src/index/paragraph-index.js';
import { ingest } from '../../src/index/ingest.js';
import type { LocalIndex } from '../../src/index/local-index.js';
import { loadIndex } from '../../src/index/store.js';
import { hashEmbedder } from '../fixtures/hash-embedder.js';

export interface FakePlatform extends PlatformConnection {
  /** Digests that arrived: channel and the digest's date. */
  posts: { channelId: string; reply: ChatReply }[];
  attempts: number;
}

/** A platform whose `post` runs `behaviour(attempt)`: throw to fail, return to succeed. */
export function fakePlatform(name: string, behaviour: (attempt: number) => void | Promise<void> = () => {}): FakePlatform {
  const p: FakePlatform = {
    name,
    posts: [],
    attempts: 0,
    async start() {},
    async stop() {},
    ready: () => true,
    async post(channelId, reply) {
      p.attempts++;
      await behaviour(p.attempts);
      p.posts.push({ channelId, reply });
    },
  };
  return p;
}

/** A 429 as Discord's REST client reports it (status) and Slack's (code, retryAfter). */
export function rateLimited(): Error {
  return Object.assign(new Error('You are being rate limited.'), { status: 429, code: 'slack_webapi_rate_limited_error', retryAfter: 0 });
}

export function connectionRefused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
}

export function recordingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { logger, lines };
}

export const ARTICLES: Record<string, string> = {
  'bridge-a.md': '---\ntitle: City opens new river bridge\noutlet: Town Gazette\npublished: 2025-03-31\n---\nThe new river bridge opened to traffic on Monday after three years of construction work in the city centre.\n\nThe mayor said the bridge would cut travel times for thousands of commuters every day.\n',
  'bridge-b.md': '---\ntitle: River bridge opens to traffic\noutlet: County Post\n---\nTraffic crossed the new river bridge for the first time on Monday after three years of construction in the city centre.\n\nCommuters will save time every day, the mayor said at the opening.\n',
  'choir.md': '---\ntitle: School choir wins national prize\n---\nA school choir from the valley won the national youth choir prize on Saturday with a programme of folk songs.\n\nThe singers, aged between eleven and sixteen, rehearsed twice a week for a year.\n',
};

/** Writes `files` into `dir/articles`, ingests them at `at` with the hash embedder, returns the loaded index. */
export async function smallIndex(dir: string, at: Date, files: Record<string, string> = ARTICLES): Promise<LocalIndex> {
  const articles = join(dir, 'articles');
  mkdirSync(articles, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(articles, name), text);
  await ingest({ paths: [articles], indexDir: join(dir, 'index'), embedder: hashEmbedder(), now: () => at });
  return loadIndex(join(dir, 'index'));
}

/** An index of hand-made sources and vectors (only what the digest reads: sources, paragraphs, vectors). */
export function fakeIndex(docs: { id: string; title: string; ingestedAt?: string; published?: string; paragraphs: { text: string; v: Float32Array }[] }[]) {
  let key = 0;
  const paragraphs = new Map<string, IndexedParagraph[]>();
  const vectors = new Map<number, Float32Array>();
  const records: SourceRecord[] = docs.map((d) => {
    paragraphs.set(
      d.id,
      d.paragraphs.map((p, i) => {
        vectors.set(key, p.v);
        return { key: key++, sourceId: d.id, index: i + 1, text: p.text };
      }),
    );
    return { id: d.id, title: d.title, paragraphs: d.paragraphs.length, ingestedAt: d.ingestedAt ?? '2025-01-01T00:00:00.000Z', contentHash: d.id, ...(d.published ? { published: d.published } : {}) };
  });
  return {
    sources: () => records,
    paragraphsOf: (id: string) => paragraphs.get(id) ?? [],
    vector: (k: number) => vectors.get(k),
  } as unknown as ParagraphIndex;
}

