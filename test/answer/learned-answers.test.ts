// The learned relevance with the real bundled model on small made-up articles: the sentence
// that answers is quoted first, not the one that only shares the question's words.
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer, type Answerer } from '../../src/answer/answerer.js';
import { createLocalEmbedder } from '../../src/embed/local.js';
import { LocalIndex } from '../../src/index/local-index.js';
import type { Source } from '../../src/types.js';

const ARTICLES: { id: string; title: string; paragraphs: string[] }[] = [
  {
    id: 'deal',
    title: 'Harbor Foods agrees to be bought by Norland Group',
    paragraphs: [
      'Harbor Foods said on Monday it had agreed to be acquired by Norland Group in an all-cash deal.',
      'Norland will pay $3.2 billion for the company, or $41 a share, a premium of 28% over Friday’s closing price.',
      'If the board walks away from the agreement, Harbor Foods would owe Norland a break-up fee of $95 million.',
      'The deal is expected to close in the second quarter, pending approval by regulators.',
    ],
  },
  {
    id: 'talks',
    title: 'Ceasefire talks stall',
    paragraphs: [
      'Mediators proposed a 30-day ceasefire on Tuesday, which the government had already accepted. However, the rebel commander rejected it, saying his demands had not been met.',
      'Aid groups warned that food supplies in the city would run out within two weeks.',
    ],
  },
  {
    id: 'council',
    title: 'Council approves new library',
    paragraphs: ['The city council voted 7 to 2 on Wednesday to build a new central library on Elm Street.', 'Construction is set to begin next spring.'],
  },
];

let answerer: Answerer;

beforeAll(async () => {
  const embedder = await createLocalEmbedder({ modelDir: 'models/onnx-community/all-MiniLM-L6-v2-ONNX' });
  const index = LocalIndex.empty({ id: embedder.id, dimension: embedder.dimension });
  const sources: Source[] = ARTICLES.map((a) => ({
    id: a.id,
    title: a.title,
    contentHash: a.id,
    paragraphs: a.paragraphs.map((text, i) => ({ sourceId: a.id, index: i + 1, text })),
  }));
  const upserts = [];
  for (const source of sources) upserts.push({ source, vectors: await embedder.embedPassages(source.paragraphs.map((p) => p.text)), ingestedAt: new Date(0).toISOString() });
  index.apply({ upserts, removals: [] });
  answerer = createAnswerer({ index: () => index, embedder });
}, 120_000);

describe('learned relevance over made-up articles', () => {
  it('quotes the sale price first, not the break-up fee', async () => {
    const answer = await answerer.ask('How much will Norland pay for Harbor Foods?');
    expect(answer.status).toBe('answered');
    expect(answer.excerpts[0].quote, answer.text).toContain('$3.2 billion');
  });

  it('quotes the sentence after the matching one when it carries the answer ("However, …")', async () => {
    const answer = await answerer.ask('Did the rebel commander accept the 30-day ceasefire?');
    expect(answer.status).toBe('answered');
    const quote = answer.excerpts[0].quote;
    expect(quote, answer.text).toContain('However, the rebel commander rejected it');
    expect(quote.endsWith('.')).toBe(true); // whole sentences only
  });

  it('refuses a question the articles say nothing about', async () => {
    for (const q of ['What is the price of Brent crude?', 'Will it rain in Kyiv tomorrow?']) {
      const answer = await answerer.ask(q);
      expect(answer.status, `${q}\n${answer.text}`).toBe('not_found');
    }
  });
});
