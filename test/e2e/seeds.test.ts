// End to end with the real bundled model: ingest the seeds, ask real questions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer, type Answerer } from '../../src/answer/answerer.js';
import { createLocalEmbedder } from '../../src/embed/local.js';
import { ingest } from '../../src/index/ingest.js';
import type { LocalIndex } from '../../src/index/local-index.js';
import { loadIndex } from '../../src/index/store.js';
import { statementsOf } from '../../src/wiring.js';
import { OFF_TOPIC_QUESTIONS, SEED_QUESTIONS } from '../fixtures/seed-questions.js';

let dir: string;
let index: LocalIndex;
let answerer: Answerer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'e2e-seeds-'));
  const embedder = await createLocalEmbedder({ modelDir: 'models/onnx-community/all-MiniLM-L6-v2-ONNX' });
  await ingest({ paths: ['seeds'], indexDir: dir, embedder, statements: statementsOf });
  index = loadIndex(dir);
  answerer = createAnswerer({ index: () => index, embedder });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('answers over the seeds', () => {
  it('indexes all five seeds', () => {
    expect(index.sources().map((s) => s.id).sort()).toEqual([
      '000_450ac052006812d4',
      '001_9d2b0e729d22a81c',
      '002_d5c702b0c17a4684',
      '003_d268800eac509475',
      '004_8795b68136b604a4',
    ]);
  });

  it.each(SEED_QUESTIONS)('answers "$question" from the right source', async ({ question, sources, expect: phrase }) => {
    const answer = await answerer.ask(question);
    expect(answer.status).toBe('answered');
    expect(answer.excerpts.length).toBeGreaterThanOrEqual(1);
    expect(answer.excerpts.length).toBeLessThanOrEqual(6);
    const good = answer.excerpts.filter((e) => sources.includes(e.sourceId) && e.quote.toLowerCase().includes(phrase.toLowerCase()));
    expect(good.length, `${question}\n${answer.text}`).toBeGreaterThan(0);
    for (const e of answer.excerpts) {
      const paragraph = index.paragraphsOf(e.sourceId).find((p) => p.index === e.paragraph)!;
      expect(paragraph.text).toContain(e.quote); // verbatim
    }
    expect(answer.excerpts.map((e) => e.n)).toEqual(answer.excerpts.map((_, i) => i + 1));
    expect(answer.text).toContain(`[1] ${answer.excerpts[0].title} — ${answer.excerpts[0].sourceId}, paragraph ${answer.excerpts[0].paragraph}`);
  });

  it.each(OFF_TOPIC_QUESTIONS)('says not found for "%s"', async (question) => {
    const answer = await answerer.ask(question);
    expect(answer.status, answer.text).toBe('not_found');
    expect(answer.excerpts).toEqual([]);
    expect(answer.text).toMatch(/Nothing in the indexed sources/);
  });
});

// Issue 13: what the sources disagree on, over the seeds.
describe('disagreements over the seeds', () => {
  it('flags the call duration: "over an hour" vs "two hours"', async () => {
    const answer = await answerer.ask('How long did the call between Trump and Putin last?');
    expect(answer.disagreements.map((d) => d.claims.map((c) => [c.sourceId, c.value]))).toEqual([
      [
        ['000_450ac052006812d4', 'over an hour'],
        ['001_9d2b0e729d22a81c', 'two hours'],
      ],
    ]);
  });

  it('shows the ceasefire stances side by side: rejected vs acknowledged the idea', async () => {
    const answer = await answerer.ask('Did Putin accept the 30-day ceasefire?');
    const [d] = answer.disagreements;
    expect(d?.kind, answer.text).toBe('stance');
    const no = d.claims.find((c) => c.sourceId === '001_9d2b0e729d22a81c');
    const partly = d.claims.find((c) => c.sourceId === '003_d268800eac509475');
    expect(no).toMatchObject({ value: 'no' });
    expect(no!.quote).toContain('Putin rejected it');
    expect(partly?.value).toMatch(/^yes/);
    expect(partly!.quote).toContain('acknowledged the “idea”');
    for (const c of d.claims) expect(answer.excerpts.find((e) => e.n === c.n)?.quote).toContain(c.quote);
  });

  it.each(SEED_QUESTIONS.filter((q) => !/call between Trump and Putin last|accept the 30-day ceasefire/.test(q.question)))('no false alarm for "$question"', async ({ question }) => {
    const answer = await answerer.ask(question);
    expect(answer.disagreements, answer.text).toEqual([]);
  });
});
