// Platform-neutral commands. Every adapter calls `handle` and renders what comes back;
// limits (question length, per-user rate, concurrency) are applied here, once.
import { newestFirst } from '../time.js';
import pLimit from 'p-limit';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { QuestionRefused, type Answerer } from '../answer/answerer.js';
import { findStatements } from '../quotes/index.js';
import { wireCopiesOf } from '../index/syndication.js';
import type { ParagraphIndex } from '../index/paragraph-index.js';
import { silentLogger, type Logger } from '../log.js';
import type { Digest, SourceSummary } from '../types.js';
import type { ChatCore, ChatReply, ChatRequest, CommandName, HelpEntry } from './types.js';
import type { ConversationStore } from './conversations.js';
import { askInConversation } from './follow-ups.js';
import { deskOfChannel, deskSourceIds, type Desk, type Desks } from './desks.js';
import { restrictedIndex } from '../index/restricted.js';
import type { SearchFilter } from '../search/filter.js';

/** What a channel in no desk is told when DESKS_DEFAULT=none. */
export const NO_DESK_TEXT = 'This channel is not part of any desk, so I have no sources to answer from here. An admin can add it to a desk in DESKS_FILE.';

export interface ChatCoreOptions {
  answerer: Answerer;
  index: () => ParagraphIndex;
  /** Builds a digest preview; without it `digest` is not offered. */
  digest?: () => Promise<Digest>;
  /** Questions a user may ask per window before being asked to slow down. */
  rateLimit?: { questions: number; windowSeconds: number };
  /** Answers computed at once; more wait in line, up to `maxQueued`. */
  maxConcurrent?: number;
  maxQueued?: number;
  pageSize?: number;
  logger?: Logger;
  /** The clock (tests set it); a message's time is checked against it. */
  now?: () => Date;
  /** Desks (DESKS_FILE): a request's channel picks the sources it sees. */
  desks?: Desks;
  /** A desk's digest preview (its sources only), for `/digest` in the desk's channels. */
  deskDigest?: (desk: string) => Promise<Digest>;
  /** Conversation state: with it, a request's `conversation` makes follow-ups read with earlier turns. */
  conversations?: ConversationStore;
  /** Called after every request (metrics). */
  onHandled?: (request: ChatRequest, reply: ChatReply, ms: number) => void;
}

export const HELP: HelpEntry[] = [
  { command: 'ask', usage: 'ask <question>', description: 'Answer from the indexed articles, quoting them word for word with numbered citations, and flag where sources disagree.', example: 'ask How long did the Trump–Putin call last?' },
  { command: 'sources', usage: 'sources [page]', description: 'List the indexed articles, newest first.', example: 'sources 2' },
  { command: 'quotes', usage: 'quotes <name>', description: 'What a person is quoted as saying, with citations.', example: 'quotes Zelenskyy' },
  { command: 'digest', usage: 'digest', description: 'Preview the daily digest: what came in since the last one, grouped into stories.', example: 'digest' },
  { command: 'help', usage: 'help', description: 'This list.', example: 'help' },
];

/** "Usage: quotes <name> (a person’s name), for example: quotes Zelenskyy". */
export function usageLine(command: CommandName, expects: string): string {
  const h = HELP.find((e) => e.command === command)!;
  return `Usage: ${h.usage} (${expects}), for example: ${h.example}`;
}

export function createChatCore(options: ChatCoreOptions): ChatCore {
  const logger = options.logger ?? silentLogger;
  const rate = options.rateLimit ?? { questions: 5, windowSeconds: 30 };
  const limiter = new RateLimiterMemory({ points: rate.questions, duration: rate.windowSeconds });
  const limit = pLimit(options.maxConcurrent ?? 4);
  const maxQueued = options.maxQueued ?? 64;
  const pageSize = options.pageSize ?? 10;
  const commands: CommandName[] = options.digest ? ['ask', 'sources', 'quotes', 'digest', 'help'] : ['ask', 'sources', 'quotes', 'help'];

  const refused = (text: string): ChatReply => ({ kind: 'notice', level: 'refused', text });
  const now = options.now ?? (() => new Date());

  /** The desk of the request's channel; `closed` when the channel is in no desk and DESKS_DEFAULT=none. */
  function deskOf(request: ChatRequest): { desk?: Desk; closed: boolean; index: ParagraphIndex; filter?: SearchFilter } {
    const index = options.index();
    const desk = options.desks ? deskOfChannel(options.desks.desks, request.channel) : undefined;
    if (!desk) return { closed: options.desks?.fallback === 'none' && request.channel !== undefined, index };
    const ids = deskSourceIds(desk, index.sources());
    return { desk, closed: false, index: restrictedIndex(index, (id) => ids.has(id)), filter: { sourceIds: ids } };
  }

  function ask(request: ChatRequest, filter: SearchFilter | undefined) {
    const store = options.conversations;
    const extra = { ...asOfMessage(request.at, now()), ...(filter ? { filter } : {}) };
    if (store && request.conversation) return askInConversation({ answerer: options.answerer, store }, request.conversation, request.text, extra);
    return options.answerer.ask(request.text, extra);
  }

  async function answer(request: ChatRequest, filter: SearchFilter | undefined): Promise<ChatReply> {
    if (!request.text.trim()) return { kind: 'help', entries: HELP.filter((h) => commands.includes(h.command)) };
    // A refused question (too long, no words) costs the asker nothing against the rate limit.
    const refusal = options.answerer.refusal?.(request.text);
    if (refusal) return refused(refusal);
    if (options.index().sources().length === 0) {
      return { kind: 'notice', level: 'info', text: 'Nothing is indexed yet, so there is nothing to answer from. An admin can add articles with `npm run ingest` (see the README).' };
    }
    // The console is the operator at the machine; chat users share the bot and are rate limited.
    if (request.user.platform !== 'console') {
      try {
        await limiter.consume(request.user.id);
      } catch (res) {
        if (!(res instanceof RateLimiterRes)) throw res;
        const wait = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
        return refused(`You’re asking faster than I can answer well — please slow down and try again in ${wait} s.`);
      }
    }
    if (limit.pendingCount >= maxQueued) return refused('I’m answering many questions right now; please try again in a minute.');
    try {
      return { kind: 'answer', answer: await limit(() => ask(request, filter)) };
    } catch (err) {
      if (err instanceof QuestionRefused) return refused(err.message);
      throw err;
    }
  }

  async function digest(request: ChatRequest, desk: Desk | undefined): Promise<ChatReply> {
    if (request.text.trim()) return refused(usageLine('digest', 'nothing after it'));
    if (desk) {
      if (!options.deskDigest) return refused('The digest is not set up on this bot.');
      return { kind: 'digest', digest: await options.deskDigest(desk.name) };
    }
    if (!options.digest) return refused('The digest is not set up on this bot.');
    return { kind: 'digest', digest: await options.digest() };
  }

  async function run(request: ChatRequest): Promise<ChatReply> {
    if (request.command === 'help') return { kind: 'help', entries: HELP.filter((h) => commands.includes(h.command)) };
    const view = deskOf(request);
    if (view.closed) return refused(NO_DESK_TEXT);
    switch (request.command) {
      case 'sources':
        if (request.text.trim() && !/^\d+$/.test(request.text.trim())) return refused(usageLine('sources', 'a page number'));
        return listSources(view.index, request.text, pageSize);
      case 'quotes': {
        const name = request.text.trim();
        if (!name) return refused(usageLine('quotes', 'a person’s name'));
        if (name.length > 100) return refused('That name is too long; use the person’s name only.');
        return { kind: 'quotes', name, statements: findStatements(view.index.statements(), name) };
      }
      case 'digest':
        return digest(request, view.desk);
      case 'ask':
        return answer(request, view.filter);
      default:
        return refused(`Unknown command. Try: ${commands.join(', ')}.`);
    }
  }

  return {
    commands,
    async inConversation(conversation) {
      return !!options.conversations && (await options.conversations.turns(conversation)).length > 0;
    },
    async handle(request) {
      const started = Date.now();
      let reply: ChatReply;
      try {
        reply = await run(request);
      } catch (err) {
        logger.error({ err, command: request.command, platform: request.user.platform }, 'command failed');
        reply = { kind: 'notice', level: 'error', text: 'Something went wrong on my side while answering; the team has the details in the logs. Please try again.' };
      }
      options.onHandled?.(request, reply, Date.now() - started);
      return reply;
    },
  };
}

/**
 * A question is asked as of its message's time (a queued or retried message keeps its own
 * "today"); a timestamp a day or more away from the clock is not a message time, and the clock is used.
 */
export function asOfMessage(at: Date | undefined, now: Date): { asOf?: Date } {
  return at && Math.abs(at.getTime() - now.getTime()) < 86_400_000 ? { asOf: at } : {};
}

export function listSources(index: ParagraphIndex, pageText: string, pageSize: number): ChatReply {
  const copies = wireCopiesOf(index);
  const all: SourceSummary[] = index
    .sources()
    .map(({ id, title, url, published, outlet, language, paragraphs, ingestedAt, firstSeen, updated, summaryOnly }) => ({
      id, title, url, published, outlet, language, paragraphs, ingestedAt,
      ...(firstSeen ? { firstSeen } : {}),
      ...(updated ? { updated } : {}),
      ...(summaryOnly ? { summaryOnly } : {}),
      ...(copies.has(id) ? { copyOf: copies.get(id) } : {}),
    }))
    .sort(newestFirst);
  const pages = Math.max(1, Math.ceil(all.length / pageSize));
  const asked = Number.parseInt(pageText, 10);
  const page = Number.isFinite(asked) ? Math.min(Math.max(1, asked), pages) : 1;
  return { kind: 'sources', sources: all.slice((page - 1) * pageSize, page * pageSize), page, pages, total: all.length };
}
