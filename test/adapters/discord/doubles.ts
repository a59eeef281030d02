// A stand-in for the chat core: returns replies the tests construct, and records requests.
import type { ChatCore, ChatReply, ChatRequest, CommandName } from '../../../src/chat/types.js';
import type { Answer, Excerpt } from '../../../src/types.js';

export interface CoreDouble extends ChatCore {
  requests: ChatRequest[];
}

export function coreDouble(reply: (req: ChatRequest) => ChatReply | Promise<ChatReply> = defaultReply, delayMs = 0): CoreDouble {
  const requests: ChatRequest[] = [];
  return {
    commands: ['ask', 'sources', 'quotes', 'digest', 'help'] as CommandName[],
    requests,
    async handle(req) {
      requests.push(req);
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      return reply(req);
    },
  };
}

export function excerpt(n: number, quote: string, extra: Partial<Excerpt> = {}): Excerpt {
  return {
    n,
    sourceId: `00${n}_9d2b0e729d22a81c`,
    title: `Article ${n}`,
    url: `https://news.example/${n}`,
    paragraph: n + 1,
    quote,
    score: 1 / n,
    ...extra,
  };
}

export function sampleAnswer(question: string): Answer {
  return {
    question,
    status: 'answered',
    excerpts: [
      excerpt(1, 'The call between the two leaders lasted two hours, officials said.'),
      excerpt(2, 'According to aides, the call went on for over an hour.'),
    ],
    disagreements: [
      {
        topic: 'how long the call lasted',
        kind: 'duration',
        claims: [
          { value: 'over an hour', n: 2, sourceId: '002_9d2b0e729d22a81c', quote: 'the call went on for over an hour' },
          { value: 'two hours', n: 1, sourceId: '001_9d2b0e729d22a81c', quote: 'lasted two hours' },
        ],
        note: 'The sources may round differently.',
      },
    ],
    text: 'plain text',
  };
}

export function defaultReply(req: ChatRequest): ChatReply {
  switch (req.command) {
    case 'ask':
      return { kind: 'answer', answer: sampleAnswer(req.text) };
    case 'help':
      return {
        kind: 'help',
        entries: [
          { command: 'ask', usage: 'ask <question>', description: 'Answer from the articles', example: 'ask how long was the call?' },
          { command: 'sources', usage: 'sources [page]', description: 'List the articles', example: 'sources 2' },
        ],
      };
    case 'sources':
      return {
        kind: 'sources',
        page: Number(req.text) || 1,
        pages: 3,
        total: 25,
        sources: [{ id: '001_9d2b0e729d22a81c', title: 'Article 1', url: 'https://news.example/1', paragraphs: 12, ingestedAt: '2024-05-01T00:00:00Z' }],
      };
    case 'quotes':
      return { kind: 'quotes', name: req.text, statements: [] };
    case 'digest':
      return { kind: 'notice', level: 'info', text: 'No digest yet.' };
  }
}
