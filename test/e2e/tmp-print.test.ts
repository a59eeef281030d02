import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { createAnswerer } from '../../src/answer/answerer.js';
import { createLocalEmbedder } from '../../src/embed/local.js';
import { ingest } from '../../src/index/ingest.js';
import { loadIndex } from '../../src/index/store.js';
import { statementsOf } from '../../src/wiring.js';
import { SEED_QUESTIONS } from '../fixtures/seed-questions.js';
import { sourceStances } from '../../src/disagree/index.js';
import { candidateSentences } from '../../src/answer/sentences.js';
it('print', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-seeds-'));
  const embedder = await createLocalEmbedder({ modelDir: 'models/onnx-community/all-MiniLM-L6-v2-ONNX' });
  await ingest({ paths: ['seeds'], indexDir: dir, embedder, statements: statementsOf });
  const index = loadIndex(dir);
  const answerer = createAnswerer({ index: () => index, embedder });
  for (const { question } of [...SEED_QUESTIONS, { question: 'How long did the call last?' }, { question: 'Did Putin reject the ceasefire?' }, { question: 'Is it true that Putin rejected the 30-day ceasefire?' }]) {
    const a = await answerer.ask(question);
    console.log('Q', question, JSON.stringify(a.disagreements));
    if (/^(Did|Is it)/.test(question)) {
      const { hybridSearch } = await import('../../src/search/search.js');
      const hits = hybridSearch(index, question, await embedder.embedQuery(question), { k: 6 });
      const sents = candidateSentences(hits).map((s, id) => ({ id, sourceId: s.hit.source.id, text: s.text }));
      const { claimOfQuestion, readStance } = await import('../../src/claims/index.js');
      const claim = claimOfQuestion(question)!;
      const by = new Map<string, string[]>();
      for (const s of sents) by.set(s.sourceId, [...(by.get(s.sourceId) ?? []), s.text]);
      for (const [id, list] of by) { const r = readStance(claim, list); console.log('S', claim, id, r.stance, JSON.stringify(r.p), list[r.quote]); }
    }
  }
  rmSync(dir, { recursive: true, force: true });
}, 600_000);
