// End to end with the real bundled model on a small local-news corpus (two reports of one
// fire that disagree on the damage), the kind of thing a newsroom indexes every day.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer, type Answerer } from '../../src/answer/answerer.js';
import { createLocalEmbedder } from '../../src/embed/local.js';
import { ingest } from '../../src/index/ingest.js';
import { loadIndex } from '../../src/index/store.js';
import { statementsOf } from '../../src/wiring.js';

let dir: string;
let answerer: Answerer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'e2e-local-news-'));
  const embedder = await createLocalEmbedder({ modelDir: 'models/onnx-community/all-MiniLM-L6-v2-ONNX' });
  await ingest({ paths: ['test/fixtures/local-news'], indexDir: dir, embedder, statements: statementsOf });
  const index = loadIndex(dir);
  answerer = createAnswerer({ index: () => index, embedder });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a fire reported twice', () => {
  it.each(['How many homes were destroyed?', 'How many homes did the fire in Pine Ridge destroy?'])(
    '"%s": both counts, quoted and cited, flagged as a disagreement',
    async (question) => {
      const a = await answerer.ask(question);
      expect(a.status).toBe('answered');
      expect(a.disagreements).toHaveLength(1);
      const claims = a.disagreements[0].claims.map((c) => ({ value: c.value, source: c.sourceId }));
      expect(claims).toEqual(expect.arrayContaining([{ value: '15 homes', source: 'fire-gazette' }, { value: '12 homes', source: 'fire-herald' }]));
      for (const c of a.disagreements[0].claims) expect(a.excerpts.find((e) => e.n === c.n)?.quote).toContain(c.quote);
    },
  );

  it('"Who is the fire chief?" quotes the sentence naming her', async () => {
    const a = await answerer.ask('Who is the fire chief?');
    expect(a.status).toBe('answered');
    expect(a.excerpts[0].quote).toMatch(/^Fire Chief Maria Lopez said/);
    expect(a.disagreements).toEqual([]);
  });

  it('no disagreement where the sources agree or speak of different things', async () => {
    for (const q of ['Where did the blaze start?', 'How many residents were evacuated?', 'When was the fire contained?']) {
      const a = await answerer.ask(q);
      expect(a.disagreements, q).toEqual([]);
    }
  });
});
