// One bot replica against a PostgreSQL index, as `serve` opens it (the model, the source
// list, no paragraphs in memory): answers a few questions and prints its resident memory.
// Used by bench/postgres.ts (scale), which measures the replica in a process of its own.
//   node dist-bench/bench/postgres-replica.js postgres://… "question" …
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { openRuntime } from '../src/wiring.js';

async function main() {
  const [url, ...questions] = process.argv.slice(2);
  const runtime = await openRuntime(loadConfig({ ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' }), silentLogger);
  for (const q of questions) await runtime.answerer.ask(q);
  console.log(JSON.stringify({ rss: process.memoryUsage().rss, sources: runtime.index().sources().length, paragraphs: runtime.index().size }));
  await runtime.close?.();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
