// Issue 22 end to end with the bundled model on made-up articles: a "who is" question quotes
// the sentence that introduces the person, a person no source names is not found (saying
// which name), padding from another story is not shown, and the token vectors agree with the
// pooled vectors.
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer, type Answerer } from '../../src/answer/answerer.js';
import { createLocalEmbedder } from '../../src/embed/local.js';
import { dot, type Embedder } from '../../src/embed/embedder.js';
import { LocalIndex } from '../../src/index/local-index.js';
import type { Source } from '../../src/types.js';

const ARTICLES: { id: string; title: string; paragraphs: string[] }[] = [
  {
    id: 'port',
    title: 'Port of Velmar expands container terminal',
    paragraphs: [
      'The Port of Velmar will spend $640 million on a second container terminal, its board said on Thursday.',
      'Port authority director Ilona Varga said the terminal would double the port’s capacity by 2029.',
      'Dock workers staged a short strike last year over night shifts.',
      'Varga told reporters that dredging would start in the spring.',
    ],
  },
  {
    id: 'shop',
    title: 'Review: the Harbour Café',
    paragraphs: ['We accept credit cards and cash at the counter.', 'The café is open every day from eight until six.'],
  },
  {
    id: 'rail',
    title: 'Rail line to the coast reopens',
    paragraphs: ['The coastal rail line reopened on Monday after a landslide closed it for three weeks.', 'Trains will run every hour.'],
  },
];

let answerer: Answerer;
let embedder: Embedder;

beforeAll(async () => {
  embedder = await createLocalEmbedder({ modelDir: 'models/onnx-community/all-MiniLM-L6-v2-ONNX' });
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
}, 180_000);

describe('names in questions', () => {
  it('"who is X" quotes the sentence that introduces X first', async () => {
    const answer = await answerer.ask('Who is Ilona Varga?');
    expect(answer.status).toBe('answered');
    expect(answer.excerpts[0].quote, answer.text).toContain('Port authority director Ilona Varga');
  });

  it('a person no source names is not found, and the answer says which name', async () => {
    const answer = await answerer.ask('Who is Tobias Lindqvist?');
    expect(answer.status).toBe('not_found');
    expect(answer.text).toContain('Tobias Lindqvist');
  });

  it('a question about a named person answers when a source names them by surname only', async () => {
    const answer = await answerer.ask('When did Ilona Varga say dredging would start?');
    expect(answer.status).toBe('answered');
    expect(answer.excerpts.map((e) => e.quote).join(' ')).toContain('dredging');
  });
});

describe('what is shown', () => {
  it('does not pad an answer with sentences that share nothing with the question', async () => {
    const answer = await answerer.ask('How much will the Port of Velmar spend on the new terminal?');
    expect(answer.excerpts[0].quote, answer.text).toContain('$640 million');
    expect(answer.excerpts.some((e) => e.sourceId === 'shop'), answer.text).toBe(false);
  });
});

describe('token vectors', () => {
  it('give word pieces without [CLS]/[SEP] and a pooled vector equal to the passage vector', async () => {
    const text = 'The coastal rail line reopened on Monday.';
    const [t] = await embedder.embedTokens!([text]);
    expect(t.pieces[0]).toBe('the');
    expect(t.pieces).not.toContain('[SEP]');
    expect(t.vectors).toHaveLength(t.pieces.length);
    const [p] = await embedder.embedPassages([text]);
    expect(dot(p, t.pooled)).toBeGreaterThan(0.999);
  });
});
