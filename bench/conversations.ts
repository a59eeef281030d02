// Follow-ups in conversations (issue 21): 48 two- and three-turn conversations over RealTime QA
// news articles (bench/data/conversations.jsonl, written before any tuning). Every follow-up is
// asked three ways in one run: as typed with no conversation (the plain baseline), read with its
// conversation without the source boost, and as the product does (read, earlier sources boosted).
// A follow-up is answered from the right source when one of its first three quotes comes from an
// article holding the turn's `expect` phrase; an absent subject must be not found.
//   npm run build:bench && nice -n 10 node dist-bench/bench/conversations.js ../shared/eval/realtimeqa
// Split: tuning / held-out by sha256(conversation id) (realtimeqa-data.ts partOf).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createAnswerer, CONVERSATION_BOOST, type Answerer } from '../src/answer/answerer.js';
import { askInConversation } from '../src/chat/follow-ups.js';
import { memoryConversations } from '../src/chat/conversations.js';
import type { Answer } from '../src/types.js';
import { articleSources, loadNews, partOf, type Part } from './realtimeqa-data.js';
import { indexOf, setUp } from './realtimeqa.js';

interface Turn {
  ask: string;
  expect?: string;
  absent?: true;
}
interface Conversation {
  id: string;
  quiz: string;
  turns: Turn[];
}

type Tally = { followUps: number; right: number; absent: number; notFound: number; reused: number; first: number; firstRight: number };
const empty = (): Tally => ({ followUps: 0, right: 0, absent: 0, notFound: 0, reused: 0, first: 0, firstRight: 0 });

const SYSTEMS = [
  { name: 'as typed, no conversation (baseline)', mode: 'plain' as const, boost: 1 },
  { name: 'read with the conversation, no boost', mode: 'thread' as const, boost: 1 },
  { name: `read with the conversation, boost ${CONVERSATION_BOOST} (default)`, mode: 'thread' as const, boost: CONVERSATION_BOOST },
  ...(process.env.BOOSTS ?? '').split(',').filter(Boolean).map((b) => ({ name: `read, boost ${b}`, mode: 'thread' as const, boost: Number(b) })),
];

function fromRightSource(answer: Answer, phrase: string, text: Map<string, string>): boolean {
  const p = phrase.toLowerCase();
  return answer.status === 'answered' && answer.excerpts.slice(0, 3).some((e) => text.get(e.sourceId)?.includes(p));
}

async function runConversation(c: Conversation, answerer: Answerer, mode: 'plain' | 'thread', text: Map<string, string>, t: Tally, log: string[]) {
  const store = memoryConversations();
  let previous: string[] = [];
  for (const [i, turn] of c.turns.entries()) {
    const answer = mode === 'plain' ? await answerer.ask(turn.ask) : await askInConversation({ answerer, store }, c.id, turn.ask);
    const sources = answer.excerpts.map((e) => e.sourceId);
    if (i === 0) {
      t.first++;
      if (turn.expect && fromRightSource(answer, turn.expect, text)) t.firstRight++;
    } else if (turn.absent) {
      t.absent++;
      if (answer.status === 'not_found') t.notFound++;
      if (answer.status === 'answered' && sources.some((s) => previous.includes(s))) t.reused++;
    } else {
      t.followUps++;
      const ok = fromRightSource(answer, turn.expect!, text);
      if (ok) t.right++;
      else log.push(`${c.id}#${i + 1} ${mode}: "${turn.ask}" read as "${answer.resolvedQuestion ?? turn.ask}" → ${answer.status}`);
    }
    previous = sources;
  }
}

async function main() {
  const dir = resolve(process.argv[2] ?? '../shared/eval/realtimeqa');
  const conversations = readFileSync(new URL('../../bench/data/conversations.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Conversation);
  const { articlesFor } = loadNews(dir);
  // One index over every conversation's articles: each topic's neighbours are the others' articles.
  // On the shared 2-core machine all 416 articles (21,000 paragraphs) take hours to embed: each
  // topic keeps its ARTICLES_PER_TOPIC articles (default 3) holding most of its expected phrases,
  // each its first PARAGRAPHS_PER_ARTICLE paragraphs (default 10). "Right source" is read in what is indexed.
  const perTopic = Number(process.env.ARTICLES_PER_TOPIC ?? 3);
  const perArticle = Number(process.env.PARAGRAPHS_PER_ARTICLE ?? 10);
  const articles = conversations.flatMap((c) => {
    const phrases = c.turns.flatMap((t) => (t.expect ? [t.expect.toLowerCase()] : []));
    const holds = (a: { title: string; text: string | null }) => phrases.filter((p) => `${a.title}\n${a.text ?? ''}`.toLowerCase().includes(p)).length;
    return [...(articlesFor.get(c.quiz) ?? [])].sort((a, b) => holds(b) - holds(a)).slice(0, perTopic);
  });
  const sources = articleSources(articles).map((s) => ({ ...s, paragraphs: s.paragraphs.slice(0, perArticle) }));
  const text = new Map(sources.map((s) => [s.id, `${s.title}\n${s.paragraphs.map((p) => p.text).join('\n')}`.toLowerCase()]));
  const { embedder, cache } = await setUp(dir);
  const index = await indexOf(embedder, sources);
  cache.flush();
  process.stderr.write(`\n${sources.length} articles, ${index.size} paragraphs, ${conversations.length} conversations\n`);
  const parts: Part[] = ['tuning', 'held-out'];
  const rows: string[] = [];
  for (const system of SYSTEMS) {
    const answerer = createAnswerer({ index: () => index, embedder, conversationBoost: system.boost });
    for (const part of parts) {
      const t = empty();
      const log: string[] = [];
      for (const c of conversations.filter((x) => partOf(x.id) === part)) await runConversation(c, answerer, system.mode, text, t, log);
      cache.flush();
      const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}% (${a}/${b})` : '–');
      rows.push(`| ${system.name} | ${part} | ${pct(t.right, t.followUps)} | ${pct(t.notFound, t.absent)} | ${t.reused} | ${pct(t.firstRight, t.first)} |`);
      if (process.env.VERBOSE) for (const l of log) process.stderr.write(`  ${l}\n`);
    }
  }
  console.log('| system | part | follow-ups from the right source | absent subject not found | absent answered from the previous topic | first questions from the right source |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

await main();
