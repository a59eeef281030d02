// Asking inside a conversation: the question is read with the earlier turns, answered, and
// the turn remembered. The earlier topic's quotes are never reused: every turn is a new search.
import type { Answerer, AskContext } from '../answer/answerer.js';
import { peopleIn, readFollowUp } from '../question/index.js';
import type { Answer } from '../types.js';
import { memoryConversations, type ConversationStore } from './conversations.js';
import { deskSourceIds, type Desk } from './desks.js';
import type { ParagraphIndex } from '../index/paragraph-index.js';
import type { SearchFilter } from '../search/filter.js';

/** "Reading this as: …": the line above a follow-up's answer. */
export function readingLine(resolved: string): string {
  return `Reading this as: ${resolved}`;
}

/** Shows the reading of a follow-up on an answer (JSON field and text). */
export function withReading(answer: Answer, asked: string, resolved: string): Answer {
  if (resolved === asked) return answer;
  return { ...answer, question: asked, resolvedQuestion: resolved, text: `${readingLine(resolved)}\n\n${answer.text}` };
}

export interface ConversationAsk {
  answerer: Answerer;
  store: ConversationStore;
  now?: () => number;
}

/** Answers `question` as a turn of `conversationId`; `extra` (a desk's sources) is passed through. */
export async function askInConversation(
  deps: ConversationAsk,
  conversationId: string,
  question: string,
  extra: Omit<AskContext, 'boostSources' | 'mustMention' | 'earlier'> & { k?: number; asOf?: Date } = {},
): Promise<Answer> {
  const earlier = await deps.store.turns(conversationId);
  const read = readFollowUp(question, earlier);
  const answer = await deps.answerer.ask(read.resolved, {
    ...extra,
    ...(read.boostSources.length ? { boostSources: read.boostSources } : {}),
    ...(read.subjectNames?.length ? { mustMention: read.subjectNames } : {}),
    ...(read.followUp && earlier.length ? { earlier: earlier.map((t) => t.resolved) } : {}),
  });
  const sourceIds = answer.status === 'answered' ? [...new Set(answer.excerpts.map((e) => e.sourceId))] : [];
  // Who the answer names: "Who won the Masters?" then "Where is he from?".
  const answerPeople = peopleIn(answer.excerpts.slice(0, 2).map((e) => e.quote).join(' ')).slice(0, 3);
  await deps.store.append(conversationId, { question: read.question, resolved: read.resolved, sourceIds, ...(answerPeople.length ? { answerPeople } : {}), at: (deps.now ?? Date.now)() });
  return withReading(answer, read.question, read.resolved);
}

/** `ask --thread`: every question asked through it is the next turn of one conversation. */
export function threadAsker(answerer: Answerer, k?: number, filter?: SearchFilter, asOf?: Date): (question: string) => Promise<Answer> {
  const store = memoryConversations();
  return (question) => askInConversation({ answerer, store }, 'cli', question, { ...(k ? { k } : {}), ...(filter ? { filter } : {}), ...(asOf ? { asOf } : {}) });
}

/** The search filter of a desk: its sources among those indexed now. */
export function deskFilter(desk: Desk, index: ParagraphIndex): SearchFilter {
  return { sourceIds: deskSourceIds(desk, index.sources()) };
}
