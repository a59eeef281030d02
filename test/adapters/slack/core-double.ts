// A stand-in for the chat core in adapter tests and the Slack benchmark: answers every question with a
// fixed Answer (excerpts, a disagreement), optionally after a delay, optionally refusing users who ask
// too often. It records every request.
import type { ChatCore, ChatReply, ChatRequest, CommandName } from '../../../src/chat/types.js';
import type { Answer, Digest, Excerpt } from '../../../src/types.js';

export function excerpt(n: number, quote: string, over: Partial<Excerpt> = {}): Excerpt {
  return {
    n,
    sourceId: `00${n}_9d2b0e729d22a81c`,
    title: `Article ${n}`,
    url: `https://news.example/${n}`,
    paragraph: n + 1,
    quote,
    score: 1 / n,
    ...over,
  };
}

export function sampleAnswer(question: string): Answer {
  return {
    question,
    status: 'answered',
    excerpts: [
      excerpt(1, 'The call lasted two hours, officials said.'),
      excerpt(2, 'The leaders spoke for over an hour on Tuesday.', { url: undefined, title: 'Wire report' }),
    ],
    disagreements: [
      {
        topic: 'how long the call lasted',
        kind: 'duration',
        claims: [
          { value: 'over an hour', n: 2, sourceId: '002_9d2b0e729d22a81c', quote: 'over an hour' },
          { value: 'two hours', n: 1, sourceId: '001_9d2b0e729d22a81c', quote: 'two hours' },
        ],
        note: 'The sources may count the call differently.',
      },
    ],
    notes: ['Lexical search only: the embedding model was not loaded.'],
    text: 'The call lasted two hours [1]; another source says over an hour [2].',
  };
}

export function sampleDigest(stories: number, pointsPerStory = 4): Digest {
  return {
    date: '2024-05-02',
    timeZone: 'Europe/Berlin',
    since: '2024-05-01T06:00:00Z',
    newSources: stories * 2,
    stories: Array.from({ length: stories }, (_, s) => ({
      headline: `Story ${s + 1}: council votes on the budget`,
      sources: [],
      keyPoints: Array.from({ length: pointsPerStory }, (_, k) =>
        excerpt(k + 1, `Story ${s + 1} point ${k + 1}: ${'The council debated the proposal at length. '.repeat(6)}`),
      ),
      disputes: [],
    })),
    text: 'digest',
  };
}

export interface CoreDouble extends ChatCore {
  readonly requests: ChatRequest[];
}

export interface CoreDoubleOptions {
  /** Artificial work per request (ms). */
  delayMs?: number;
  /** Replies to `ask` (default: sampleAnswer of the question). */
  answer?: (request: ChatRequest) => Answer;
  /** Overrides the reply for any request. */
  reply?: (request: ChatRequest) => ChatReply | Promise<ChatReply>;
  /** Refuses ("slow down") a user's requests beyond this many per `perMs`. */
  perUserLimit?: { count: number; perMs: number };
  commands?: CommandName[];
}

export function createCoreDouble(options: CoreDoubleOptions = {}): CoreDouble {
  const requests: ChatRequest[] = [];
  const history = new Map<string, number[]>();
  return {
    commands: options.commands ?? ['ask', 'sources', 'quotes', 'digest', 'help'],
    requests,
    async handle(request: ChatRequest): Promise<ChatReply> {
      requests.push(request);
      if (options.perUserLimit) {
        const now = Date.now();
        const recent = (history.get(request.user.id) ?? []).filter((t) => now - t < options.perUserLimit!.perMs);
        if (recent.length >= options.perUserLimit.count) {
          history.set(request.user.id, recent);
          return { kind: 'notice', level: 'refused', text: 'You are asking quickly; slow down and try again in a minute.' };
        }
        recent.push(now);
        history.set(request.user.id, recent);
      }
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      if (options.reply) return options.reply(request);
      switch (request.command) {
        case 'ask':
          return { kind: 'answer', answer: (options.answer ?? ((r) => sampleAnswer(r.text)))(request) };
        case 'help':
          return {
            kind: 'help',
            entries: [
              { command: 'ask', usage: 'ask <question>', description: 'Answers from the indexed articles.', example: 'ask how long did the call last?' },
              { command: 'sources', usage: 'sources [page]', description: 'Lists the indexed articles.', example: 'sources 2' },
            ],
          };
        case 'sources':
          return {
            kind: 'sources',
            page: Number(request.text) || 1,
            pages: 3,
            total: 3,
            sources: [{ id: '001_9d2b0e729d22a81c', title: 'Article 1', url: 'https://news.example/1', paragraphs: 9, ingestedAt: '2024-05-01T00:00:00Z' }],
          };
        case 'quotes':
          return { kind: 'quotes', name: request.text, statements: [] };
        case 'digest':
          return { kind: 'digest', digest: sampleDigest(2) };
      }
    },
  };
}
