// The long-running bot: the runtime, the chat core, every configured platform (or the
// console), health and metrics, and a clean shutdown.
import type { Server } from 'node:http';
import { createConsoleConnection } from './adapters/console/index.js';
import { createChatCore } from './chat/core.js';
import type { PlatformConnection } from './chat/types.js';
import { configToEnv, type Config } from './config.js';
import { healthRoutes, startHealthServer } from './health.js';
import type { Logger } from './log.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createIngestQueue, createIngestWorker, type IngestBatch, type IngestCounts, type IngestQueue, type QueueStatus, type WorkerOptions, type WorkerStatus } from './ingest-worker/index.js';
import type { ChildProcess } from 'node:child_process';
import { createDigest, createPlatforms } from './platforms.js';
import { createFeedPollerFor, openRuntime, runIngest, type Runtime } from './wiring.js';
import type { FeedPoller } from './feeds/index.js';
import { builtCli, ingestInChild } from './ingest-process.js';
import { watchInbox, type DigestService } from './digest/index.js';
import type { Digest, Source } from './types.js';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface ServeIO {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

export interface RunningBot {
  connections: PlatformConnection[];
  digest: DigestService;
  /** Resolves when the bot has stopped (console input ended, or stop()). */
  done: Promise<void>;
  stop(reason?: string): Promise<void>;
  healthPort(): number | undefined;
  /** The ingest queue and worker as /readyz shows them (null without an inbox or feeds). */
  ingestStatus(): IngestStatus | null;
}

export type IngestStatus = QueueStatus & { worker: WorkerStatus | { state: 'in-process' | 'child-per-batch' } };

export const CONSOLE_BANNER = (config: Config) =>
  [
    'newsroom-bot — console mode (no Slack or Discord tokens configured).',
    'Type /ask <question>, /sources, /quotes <name>, /digest, /help; end with Ctrl-D.',
    'To connect Slack set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode);',
    'for Discord set DISCORD_TOKEN and DISCORD_APP_ID. See README.md.',
    `Index: ${config.indexDir}`,
  ].join('\n');

export interface BotOptions extends ServeIO {
  /** How often to look for a new index snapshot. */
  reloadIntervalMs?: number;
  /** Ingest inbox files and feed items in this process instead of the ingest worker. */
  ingestInProcess?: boolean;
  /** With a built CLI: the long-lived ingest worker (default), or a child `ingest` per batch (the bench's comparison). */
  ingest?: 'worker' | 'child-per-batch';
  /** The ingest worker's settings (tests: a stand-in module, short backoffs); with a module, the worker runs even from sources. */
  ingestWorker?: Pick<WorkerOptions, 'module' | 'backoffMs' | 'maxBackoffMs' | 'stopGraceMs' | 'jobTimeoutMs'> & { env?: NodeJS.ProcessEnv };
}

export async function startBot(config: Config, logger: Logger, options: BotOptions = {}): Promise<RunningBot> {
  const io = options;
  const metrics = createMetrics();
  const runtime = await openRuntime(config, logger, { onLlmCall: (o) => metrics.llmCalls.inc({ outcome: o }) });
  // The digest service needs the platforms, the platforms need the core, the core offers
  // the digest preview: the preview is bound once the service exists.
  let previewDigest: (() => Promise<Digest>) | null = null;
  let previewDesk: ((desk: string) => Promise<Digest>) | null = null;
  const core = createChatCore({
    answerer: runtime.answerer,
    index: runtime.index,
    digest: () => (previewDigest ? previewDigest() : Promise.reject(new Error('digest not ready'))),
    rateLimit: { questions: config.RATE_LIMIT_QUESTIONS, windowSeconds: config.RATE_LIMIT_WINDOW_S },
    maxConcurrent: config.MAX_CONCURRENT_ANSWERS,
    conversations: runtime.conversations,
    // Desks (issue 21): a desk channel's questions, sources and digest are the desk's.
    ...(runtime.desks ? { desks: runtime.desks, deskDigest: (name: string) => (previewDesk ? previewDesk(name) : Promise.reject(new Error('digest not ready'))) } : {}),
    logger,
    onHandled: (request, reply, ms) => {
      metrics.commands.inc({ command: request.command, reply: reply.kind === 'notice' ? `notice_${reply.level}` : reply.kind });
      if (reply.kind === 'answer') {
        metrics.questions.inc({ platform: request.user.platform, status: reply.answer.status });
        metrics.answerSeconds.observe(ms / 1000);
        if (reply.answer.disagreements.length) metrics.disagreements.inc(reply.answer.disagreements.length);
      }
    },
  });

  let feeds: FeedPoller | null = null;
  let ingestStatus: (() => IngestStatus) | null = null;
  const readiness = () => {
    const checks: Record<string, boolean> = { index: runtime.index().size > 0, ...runtime.checks?.() };
    for (const c of connections) checks[c.name] = c.ready();
    // A failing feed is retried with backoff and shown here; it does not make the bot unready.
    // The ingest queue is shown too; a long queue does not make the bot unready either (it still answers).
    const feedStatus = feeds?.status();
    // Details that never make the bot unready: failing feeds, the ingest queue, the PostgreSQL change listener.
    const queue = ingestStatus?.();
    const detail = { ...runtime.detail?.(), ...(feedStatus ? { feeds: feedStatus } : {}), ...(queue ? { queue } : {}) };
    return { ready: Object.values(checks).every(Boolean), checks, ...(Object.keys(detail).length ? { detail } : {}) };
  };
  const routes = healthRoutes({ readiness, registry: metrics.registry });
  // Health and metrics get their own server (HTTP_PORT, loopback by default), never the public
  // Slack port: readiness details and metrics are for the operator, not for the internet.
  const connections = createPlatforms(config, core, logger);
  let consoleDone: Promise<void> | null = null;
  if (!connections.length) {
    const c = createConsoleConnection({ core, input: io.input, output: io.output, banner: CONSOLE_BANNER(config) });
    consoleDone = c.done;
    connections.push(c);
  }

  const digest = createDigest(config, runtime, connections, logger, (platform, outcome) => metrics.digestsPosted.inc({ platform, outcome }));
  let health: Server | null = null;
  previewDigest = () => digest.preview();
  previewDesk = (desk) => digest.desk(desk)!.preview();
  const children = new Set<ChildProcess>();
  let ingest: Ingest | null = null;
  try {
    if (connections[0].name !== 'console') health = await startHealthServer(routes, config.HTTP_PORT, config.HTTP_HOST);
    for (const c of connections) {
      await c.start();
      logger.info({ platform: c.name }, 'connected');
    }
    await digest.start();
    // Only with something to ingest: a worker loads the model. (It throws on a partial build.)
    ingest = config.INBOX_DIR || config.FEEDS.length ? startIngest(config, runtime, logger, metrics, options, children) : null;
  } catch (err) {
    // A platform that cannot connect, or an ingest worker that cannot be set up, must not
    // leave a half-started bot that looks healthy.
    await ingest?.stop().catch(() => undefined);
    await digest.stop().catch(() => undefined);
    await Promise.allSettled(connections.map((c) => c.stop()));
    if (health) await new Promise<void>((r) => health!.close(() => r()));
    await runtime.close?.().catch(() => undefined);
    throw err;
  }
  ingestStatus = ingest?.status ?? null;
  const queued = ingest;
  const inbox = queued && config.INBOX_DIR
    ? watchInbox({
        dir: config.INBOX_DIR,
        logger,
        ingest: async (paths) => failUnreadable(paths, await queued.queue.submit({ paths })),
        mayScan: () => queued.accepting('inbox'),
      })
    : null;

  inbox?.scan();
  feeds = queued && config.FEEDS.length ? startFeeds(config, runtime, logger, metrics, queued) : null;

  // Another process (`ingest`, or the inbox) may publish a new snapshot: pick it up. (A database runtime is told of commits and polls itself.)
  const reloadTimer = runtime.followsChanges ? undefined : setInterval(() => void runtime.reload(), options.reloadIntervalMs ?? 5000);
  reloadTimer?.unref();

  let stopping: Promise<void> | null = null;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const stop = (reason = 'stop') => {
    stopping ??= (async () => {
      logger.info({ reason }, 'shutting down');
      clearInterval(reloadTimer);
      // The producers stop first (at once: no new job is submitted), then the queue and the
      // worker (an interrupted ingest leaves the previous snapshot in place), then the
      // producers' jobs in flight settle.
      const producers = Promise.all([inbox?.stop(), feeds?.stop()]);
      await ingest?.stop();
      await producers;
      await digest.stop();
      // Connections stop taking new work and finish what is in flight (each bounds its wait).
      await Promise.allSettled(connections.map((c) => c.stop()));
      await new Promise<void>((r) => (health ? health.close(() => r()) : r()));
      await runtime.close?.().catch(() => undefined);
      logger.info('stopped');
      resolveDone();
    })();
    return stopping;
  };
  if (consoleDone) void consoleDone.then(() => stop('end of input'));
  return { connections, digest, done, stop, healthPort: () => (health?.address() as { port: number } | null)?.port, ingestStatus: () => ingest?.status() ?? null };
}

/**
 * What was read is served (the batch is done); an inbox file unreadable for now (permissions,
 * I/O) fails the inbox's chunk, so the inbox tries it again with its backoff, as when a child
 * `ingest` exited with 4. Only the inbox's own paths count: a feed poll merged into the same
 * batch is not failed by them.
 */
function failUnreadable(paths: string[], counts: IngestCounts): void {
  const mine = new Set(paths.map((p) => resolve(p)));
  const unreadable = counts.unreadable.filter((p) => mine.has(resolve(p)));
  if (unreadable.length) throw new Error(`could not read ${unreadable.join(', ')}; will try again`);
}

/** Polls FEEDS every FEED_POLL_MINUTES; new and changed items go through the ingest queue and are served once indexed. */
function startFeeds(config: Config, runtime: Runtime, logger: Logger, metrics: Metrics, ingest: Ingest): FeedPoller {
  const poller = createFeedPollerFor(
    config,
    config.FEEDS,
    async (sources) => {
      await ingest.queue.submit({ sources });
      const summaries = sources.filter((s) => s.summaryOnly).length;
      metrics.feedItems.inc({ from: 'page' }, sources.length - summaries);
      metrics.feedItems.inc({ from: 'summary' }, summaries);
    },
    (id) => runtime.index().source(id)?.contentHash,
    logger,
    (_feed, outcome) => {
      metrics.feedPolls.inc({ outcome });
      metrics.feedsFailing.set(poller.status().filter((f) => !f.ok).length);
    },
    undefined,
    () => ingest.accepting('feed'),
  );
  poller.start(config.FEED_POLL_MINUTES * 60_000);
  return poller;
}

interface Ingest {
  queue: IngestQueue;
  /** Whether a producer may add work now; counts a deferral when not. */
  accepting(producer: 'inbox' | 'feed'): boolean;
  status(): IngestStatus;
  stop(): Promise<void>;
}

/**
 * The ingest queue and what runs its batches: the long-lived worker (built; the default), a
 * child `ingest` per batch (the way before issue 24, kept for the bench's comparison), or this
 * process (running from sources, in tests). Each batch is followed by a reload.
 */
function startIngest(config: Config, runtime: Runtime, logger: Logger, metrics: Metrics, options: BotOptions, children: Set<ChildProcess>): Ingest {
  const cli = options.ingestInProcess ? null : builtCli();
  const { env: workerEnv, ...workerOptions } = options.ingestWorker ?? {};
  const mode = workerOptions.module ? 'worker' : !cli ? 'in-process' : (options.ingest ?? 'worker');
  const env = { ...process.env, ...configToEnv(config), LOG_LEVEL: 'warn' };
  const worker = mode === 'worker' ? createIngestWorker({ ...workerOptions, env: { ...env, ...workerEnv }, logger, onRestart: () => metrics.workerRestarts.inc() }) : null;
  worker?.start();
  const run = async (batch: IngestBatch): Promise<IngestCounts> => {
    const counts = worker
      ? await worker.run(batch)
      : cli
        ? await ingestBatchInChildren(cli, config, batch, env, children)
        : await runIngest(config, runtime.embedder, logger, batch.paths, { sources: batch.sources, quiet: true }).then((r) => ({ added: r.added.length, updated: r.updated.length, removed: r.removed.length, skipped: r.skipped.map((s) => `${s.path}: ${s.reason}`), unreadable: r.unreadable }));
    if (counts.skipped.length) logger.warn({ skipped: counts.skipped }, 'inbox files skipped');
    for (const change of ['added', 'updated', 'removed'] as const) if (counts[change]) metrics.ingested.inc({ change }, counts[change]);
    await runtime.reload();
    logger.info({ paths: batch.paths.length, sources: batch.sources.length, jobs: batch.jobs, added: counts.added, updated: counts.updated, removed: counts.removed, ...(worker ? { worker: worker.status().pid } : {}) }, 'ingest batch served');
    return counts;
  };
  const queue = createIngestQueue({
    run,
    maxWaiting: config.INGEST_QUEUE_MAX,
    onJobDone: (ms, ok) => {
      metrics.ingestJobs.inc({ outcome: ok ? 'ok' : 'failed' });
      if (ok) metrics.ingestSeconds.observe(ms / 1000);
    },
  });
  metrics.setIngestStatus(() => queue.status());
  return {
    queue,
    accepting(producer) {
      if (queue.accepting()) return true;
      metrics.ingestDeferred.inc({ producer });
      return false;
    },
    status: () => ({ ...queue.status(), worker: worker ? worker.status() : { state: mode as 'in-process' | 'child-per-batch' } }),
    async stop() {
      const closing = queue.close('stopping');
      await worker?.stop();
      children.forEach((c) => c.kill('SIGTERM'));
      await closing;
    },
  };
}

/** One batch as before issue 24: a child `ingest` for the paths, another for the sources. */
async function ingestBatchInChildren(cli: string, config: Config, batch: IngestBatch, env: NodeJS.ProcessEnv, children: Set<ChildProcess>): Promise<IngestCounts> {
  // An unreadable file makes the child exit with 4, which fails the batch already.
  const counts: IngestCounts = { added: 0, updated: 0, removed: 0, skipped: [], unreadable: [] };
  const add = (stdout: string) => {
    const m = /(\d+) added, (\d+) updated, (\d+) removed/.exec(stdout);
    if (m) (['added', 'updated', 'removed'] as const).forEach((k, i) => (counts[k] += Number(m[i + 1])));
  };
  if (batch.paths.length) {
    const { stdout, stderr } = await ingestInChild(cli, batch.paths, env, children);
    add(stdout);
    counts.skipped.push(...stderr.split('\n').filter((l) => l.startsWith('skipped ')).map((l) => l.slice('skipped '.length)));
  }
  if (batch.sources.length) add(await ingestSourcesInChild(cli, config, batch.sources, children));
  return counts;
}

/** A poll's sources indexed by a child `ingest --sources-json` (the event loop stays free, as for the inbox). */
async function ingestSourcesInChild(cli: string, config: Config, sources: Source[], children: Set<ChildProcess>): Promise<string> {
  const file = join(config.indexDir, `feed-batch-${process.pid}-${Date.now()}.json`);
  mkdirSync(config.indexDir, { recursive: true });
  writeFileSync(file, JSON.stringify(sources));
  try {
    return (await ingestInChild(cli, ['--sources-json', file], { ...process.env, ...configToEnv(config), LOG_LEVEL: 'warn' }, children)).stdout;
  } finally {
    rmSync(file, { force: true });
  }
}
