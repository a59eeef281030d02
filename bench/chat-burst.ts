// Bursts of 200 questions from 20 simulated users through the real chat core over the
// seeds' index: Slack HTTP mode (signed slash commands) and Discord (interactions through
// the fake gateway), on loopback. Run once with the production rate limit (5 questions per
// user per 30 s) and once with it lifted, to see both the refusals and the raw throughput.
//   npm run build:bench && node dist-bench/bench/chat-burst.js
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnswerer } from '../src/answer/answerer.js';
import { createChatCore } from '../src/chat/core.js';
import type { ChatCore, ChatRequest } from '../src/chat/types.js';
import { createLocalEmbedder } from '../src/embed/local.js';
import { ingest } from '../src/index/ingest.js';
import { loadIndex } from '../src/index/store.js';
import { SEED_QUESTIONS } from '../test/fixtures/seed-questions.js';
import { formatBurst, runDiscordBurst } from './discord-burst.js';
import { formatSlackBurst, runSlackBurst } from './slack-burst.js';

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-chat-'));
  const embedder = await createLocalEmbedder({ modelDir: 'models/onnx-community/all-MiniLM-L6-v2-ONNX' });
  await ingest({ paths: ['seeds'], indexDir: dir, embedder });
  const index = loadIndex(dir);
  const answerer = createAnswerer({ index: () => index, embedder });
  let i = 0;
  // The burst drivers send a fixed question; real users ask different ones.
  const varied = (core: ChatCore): ChatCore => ({
    commands: core.commands,
    handle: (r: ChatRequest) => core.handle(r.command === 'ask' ? { ...r, text: SEED_QUESTIONS[i++ % SEED_QUESTIONS.length].question } : r),
  });
  const makeCore = (questions: number) =>
    varied(createChatCore({ answerer, index: () => index, rateLimit: { questions, windowSeconds: 30 }, maxConcurrent: 4, maxQueued: 256 }));

  console.log(formatSlackBurst(await runSlackBurst(makeCore(5), { commands: 200, users: 20, concurrency: 20 })));
  console.log('  (production rate limit: 5 questions per user per 30 s)\n');
  console.log(formatSlackBurst(await runSlackBurst(makeCore(1000), { commands: 200, users: 20, concurrency: 20 })));
  console.log('  (rate limit lifted)\n');
  console.log(formatBurst(await runDiscordBurst(makeCore(5), { interactions: 200, users: 20 }), '(real core, production rate limit)'));
  console.log(formatBurst(await runDiscordBurst(makeCore(1000), { interactions: 200, users: 20 }), '(real core, rate limit lifted)'));
  rmSync(dir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
