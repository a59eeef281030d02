// The long-running bot: the runtime, the chat core, every configured platform (or the
// console), health and metrics, and a clean shutdown.
import type { Server } from 'node:http';
import { createConsoleConnection } from './adapters/console/index.js';
import { createChatCore } from './chat/core.js';
import type { PlatformConnection } from './chat/types.js';
import { configToEnv, type Config } from './config.js';
import { healthRoutes, startHealthServer } from './health.js';
import type { Logger } from './log.js';
import { createMetrics } from './metrics.js';
import { createDigest, createPlatforms } from './platforms.js';
import { createFeedPollerFor, openRuntime, runIngest, type Runtime } from './wiring.js';
import type { FeedPoller } from './feeds/index.js';
import { builtCli, ingestInChild } from './ingest-process.js';
import { watchInbox, type DigestService } from './digest/index.js';
import type { Digest, Source } from './types.js';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
}

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
  /** Ingest inbox files in this process instead of a child process. */
  ingestInProcess?: boolean;
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
  const readiness = () => {
    const checks: Record<string, boolean> = { index: runtime.index().size > 0, ...runtime.checks?.() };
    for (const c of connections) checks[c.name] = c.ready();
    // A failing feed is retried with backoff and shown here; it does not make the bot unready.
    const feedStatus = feeds?.status();
    // Details that never make the bot unready: failing feeds, the PostgreSQL change listener.
    const detail = { ...runtime.detail?.(), ...(feedStatus ? { feeds: feedStatus } : {}) };
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
  try {
    if (connections[0].name !== 'console') health = await startHealthServer(routes, config.HTTP_PORT, config.HTTP_HOST);
    for (const c of connections) {
      await c.start();
      logger.info({ platform: c.name }, 'connected');
    }
    await digest.start();
  } catch (err) {
    // A platform that cannot connect must not leave a half-started bot that looks healthy.
    await digest.stop().catch(() => undefined);
    await Promise.allSettled(connections.map((c) => c.stop()));
    if (health) await new Promise<void>((r) => health!.close(() => r()));
    await runtime.close?.().catch(() => undefined);
    throw err;
  }
  const children = new Set<import('node:child_process').ChildProcess>();
  const stopChildren = () => children.forEach((c) => c.kill('SIGTERM'));
  // Built: ingest in a child process (the event loop stays free for acknowledgements).
  const cli = options.ingestInProcess ? null : builtCli();
  const inbox = config.INBOX_DIR
    ? watchInbox({
        dir: config.INBOX_DIR,
        logger,
        ingest: async (paths) => {
          if (cli) {
            const { stdout, stderr } = await ingestInChild(cli, paths, { ...process.env, ...configToEnv(config), LOG_LEVEL: 'warn' }, children);
            const skipped = stderr.split('\n').filter((l) => l.startsWith('skipped '));
            if (skipped.length) logger.warn({ skipped }, 'inbox files skipped');
            const m = /(\d+) added, (\d+) updated, (\d+) removed/.exec(stdout);
            if (m) (['added', 'updated', 'removed'] as const).forEach((change, i) => metrics.ingested.inc({ change }, Number(m[i + 1])));
          } else {
            const r = await runIngest(config, runtime.embedder, logger, paths, { quiet: true });
            for (const change of ['added', 'updated', 'removed'] as const) if (r[change].length) metrics.ingested.inc({ change }, r[change].length);
          }
          await runtime.reload();
        },
      })
    : null;

  inbox?.scan();
  feeds = config.FEEDS.length ? startFeeds(config, runtime, logger, metrics, cli ? (sources) => ingestSourcesInChild(cli, config, sources, children) : null) : null;

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
      stopChildren(); // an interrupted ingest leaves the previous snapshot in place
      await inbox?.stop();
      await feeds?.stop();
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
  return { connections, digest, done, stop, healthPort: () => (health?.address() as { port: number } | null)?.port };
}

/** Polls FEEDS every FEED_POLL_MINUTES; new and changed items are indexed here and served at once. */
function startFeeds(
  config: Config,
  runtime: Runtime,
  logger: Logger,
  metrics: ReturnType<typeof createMetrics>,
  inChild: ((sources: Source[]) => Promise<{ added: number; updated: number }>) | null,
): FeedPoller {
  const poller = createFeedPollerFor(
    config,
    config.FEEDS,
    async (sources) => {
      const r = inChild
        ? await inChild(sources)
        : await runIngest(config, runtime.embedder, logger, [], { sources, quiet: true }).then((x) => ({ added: x.added.length, updated: x.updated.length }));
      for (const change of ['added', 'updated'] as const) if (r[change]) metrics.ingested.inc({ change }, r[change]);
      const summaries = sources.filter((s) => s.summaryOnly).length;
      metrics.feedItems.inc({ from: 'page' }, sources.length - summaries);
      metrics.feedItems.inc({ from: 'summary' }, summaries);
      await runtime.reload();
    },
    (id) => runtime.index().source(id)?.contentHash,
    logger,
    (_feed, outcome) => {
      metrics.feedPolls.inc({ outcome });
      metrics.feedsFailing.set(poller.status().filter((f) => !f.ok).length);
    },
  );
  poller.start(config.FEED_POLL_MINUTES * 60_000);
  return poller;
}

/** A poll's sources indexed by a child `ingest --sources-json` (the event loop stays free, as for the inbox). */
async function ingestSourcesInChild(cli: string, config: Config, sources: Source[], children: Set<import('node:child_process').ChildProcess>): Promise<{ added: number; updated: number }> {
  const file = join(config.indexDir, `feed-batch-${process.pid}-${Date.now()}.json`);
  mkdirSync(config.indexDir, { recursive: true });
  writeFileSync(file, JSON.stringify(sources));
  try {
    const { stdout } = await ingestInChild(cli, ['--sources-json', file], { ...process.env, ...configToEnv(config), LOG_LEVEL: 'warn' }, children);
    const m = /(\d+) added, (\d+) updated/.exec(stdout);
    return { added: Number(m?.[1] ?? 0), updated: Number(m?.[2] ?? 0) };
  } finally {
    rmSync(file, { force: true });
  }
}
