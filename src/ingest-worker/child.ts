// serve's long-lived ingest worker (issue 24): a child process that loads the model once and
// then runs the same ingest as the CLI (index lock, a new segment or snapshot, or a commit to
// PostgreSQL) for each job serve sends over IPC, one at a time, replying with the counts.
// Started by supervisor.ts with the bot's settings in its environment.
import { loadConfig } from '../config.js';
import { createEmbedder } from '../embed/index.js';
import { createLogger } from '../log.js';
import { indexEmbedder, runIngest } from '../wiring.js';
import type { WorkerReply, WorkerRequest } from './protocol.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.LOG_LEVEL });
  const embedder = await createEmbedder(config, indexEmbedder(config.indexDir));
  const send = (m: WorkerReply) => process.send?.(m);
  // Serve gone (even killed): nothing is left to reply to.
  process.on('disconnect', () => process.exit(0));
  process.on('message', async (m: WorkerRequest) => {
    if (m.type !== 'ingest') return;
    try {
      const skipped: string[] = [];
      const r = await runIngest(config, embedder, logger, m.paths, { sources: m.sources, quiet: true, onSkip: (s) => skipped.push(`${s.path}: ${s.reason}`) });
      send({ type: 'done', id: m.id, counts: { added: r.added.length, updated: r.updated.length, removed: r.removed.length, skipped, unreadable: r.unreadable } });
    } catch (err) {
      send({ type: 'failed', id: m.id, error: (err as Error)?.message ?? String(err) });
    }
  });
  send({ type: 'ready', pid: process.pid, embedder: embedder.id });
}

main().catch((err) => {
  process.stderr.write(`ingest worker could not start: ${(err as Error)?.message ?? err}\n`);
  process.exit(1);
});
