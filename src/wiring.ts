// The composition root: builds the pieces the configuration asks for and hands them to
// each other. The only module that knows every stage.
import { join, resolve } from 'node:path';
import type { Config } from './config.js';
import { attributeStatements, canonicaliseStatements, surnamesNamedIn, surnamesOf } from './quotes/index.js';
import { createFeedPoller, type FeedPollerOptions } from './feeds/index.js';
import { itemSource } from './corpus/index.js';
import { createAnswerer, type Answerer, type Synthesiser } from './answer/answerer.js';
import { createLlmSynthesiser } from './llm/index.js';
import { createEmbedder, type Embedder } from './embed/index.js';
import { ingest, type Attribution, type IngestReport } from './index/ingest.js';
import type { ParagraphIndex } from './index/paragraph-index.js';
import { checkSnapshotSizes, currentSnapshotName, hasIndex, loadIndex, loadIndexInBackground, readManifest, IndexUnusableError } from './index/store.js';
import { newSegmentsSince } from './index/segments.js';
import type { Logger } from './log.js';
import { progressReporter } from './progress.js';
import type { Source } from './types.js';
import type { SharedDigestState } from './digest/index.js';
import type pg from 'pg';
import type { PgIndex } from './index/postgres/pg-index.js';
import { memoryConversations, type ConversationLimits, type ConversationStore } from './chat/conversations.js';
import { loadDesks, type Desks } from './chat/desks.js';

export interface Runtime {
  config: Config;
  logger: Logger;
  embedder: Embedder;
  index: () => ParagraphIndex;
  /**
   * Loads the current snapshot if it changed since the last load; true when it did. Reads in
   * the background (answers go on from the loaded index meanwhile); calls made while a load
   * runs check again after it.
   */
  reload: () => Promise<boolean>;
  answerer: Answerer;
  /** The checked LLM synthesis, when an LLM is configured. */
  synthesiser?: Synthesiser;
  /** Extra readiness checks (`database` with DATABASE_URL). */
  checks?: () => Record<string, boolean>;
  /** Readiness detail that does not decide readiness (with DATABASE_URL: the change listener's state). */
  detail?: () => Record<string, unknown>;
  /**
   * The runtime follows other processes' changes itself (DATABASE_URL: told of commits by
   * LISTEN/NOTIFY, with its own fallback poll); the serving loop's reload timer is not needed.
   */
  followsChanges?: boolean;
  /** The digest's posting state shared by replicas (with DATABASE_URL). */
  digestShared?: SharedDigestState;
  /** Conversation state for thread follow-ups: memory, or PostgreSQL with DATABASE_URL (replicas share threads). */
  conversations: ConversationStore;
  /** Desks (DESKS_FILE): channel → sources, per-desk digests. */
  desks?: Desks;
  /** Closes database connections (with DATABASE_URL). */
  close?: () => Promise<void>;
}

/** Quote attribution for ingest (see index/ingest.ts `Attribution`). */
export const statementsOf: Attribution = {
  attribute(sources: Source[], knownSurnames: Set<string>) {
    // A map, not a search per statement: a full ingest holds tens of thousands of sources.
    const byId = new Map(sources.map((s) => [s.id, s]));
    return attributeStatements(
      sources.flatMap((s) => s.paragraphs),
      (id) => {
        const s = byId.get(id)!;
        return { title: s.title, url: s.url, published: s.published };
      },
      knownSurnames,
    );
  },
  namedIn: (sources: Source[]) => surnamesNamedIn(sources.flatMap((s) => s.paragraphs)),
  canonicalise: canonicaliseStatements,
  surnames: surnamesOf,
};

export async function runIngest(
  config: Config,
  embedder: Embedder,
  logger: Logger,
  paths: string[],
  options: { rebuild?: boolean; compact?: boolean; quiet?: boolean; sources?: Source[]; pool?: pg.Pool; onSkip?: (s: { path: string; reason: string }) => void } = {},
): Promise<IngestReport> {
  const progress = options.quiet ? null : progressReporter('indexing');
  const common = {
    paths,
    embedder,
    rebuild: options.rebuild,
    maxBytes: config.MAX_SOURCE_BYTES,
    statements: statementsOf,
    // serve's ingest worker reports skipped files in its reply instead.
    onSkip: options.onSkip ?? ((s: { path: string; reason: string }) => void process.stderr.write(`skipped ${s.path}: ${s.reason}\n`)),
    onWarning: (w: { path: string; message: string }) => process.stderr.write(`warning ${w.path}: ${w.message}\n`),
    onNote: (m: string) => logger.warn(m),
    onProgress: progress ? (d: number, t: number) => progress.update(d, t) : undefined,
  };
  try {
    if (!config.DATABASE_URL) return await ingest({ ...common, ...(options.sources ? { sources: options.sources } : {}), compact: options.compact, indexDir: config.indexDir });
    const { createPool, ingestToPostgres } = await import('./index/postgres/index.js');
    const pool = options.pool ?? createPool(config.DATABASE_URL, { max: 2 });
    try {
      return await ingestToPostgres({ ...common, pool });
    } finally {
      if (!options.pool) await pool.end();
    }
  } finally {
    progress?.stop();
  }
}

/** The embedder the saved index was built with, if there is a readable one (loadIndex reports a damaged one). */
export function indexEmbedder(indexDir: string): { id: string; dimension: number } | undefined {
  if (!hasIndex(indexDir)) return undefined;
  try {
    return readManifest(indexDir).embedder;
  } catch {
    return undefined;
  }
}

type Hooks = {
  onLlmCall?: (outcome: 'ok' | 'rejected' | 'failed') => void;
  /**
   * Follow other processes' commits (DATABASE_URL: a LISTEN connection and the change-log poll).
   * Default true; a one-shot command (ask, digest, quotes) reads the database as it is and
   * passes false, so it opens no listener it would close a moment later.
   */
  followChanges?: boolean;
};

/** Loads the index, building it from the corpus folder first when there is none. */
export async function openRuntime(config: Config, logger: Logger, hooks: Hooks = {}): Promise<Runtime> {
  // A bad desks file is refused before the index and the model load (DesksError lists its problems).
  const desks = desksOf(config);
  const runtime = await openIndexRuntime(config, logger, hooks);
  return desks ? { ...runtime, desks } : runtime;
}

/** DESKS_FILE read and checked, with DESKS_DEFAULT; undefined without a desks file. */
export function desksOf(config: Config): Desks | undefined {
  return config.DESKS_FILE ? { desks: loadDesks(resolve(config.DESKS_FILE)), fallback: config.DESKS_DEFAULT } : undefined;
}

async function openIndexRuntime(config: Config, logger: Logger, hooks: Hooks): Promise<Runtime> {
  if (config.DATABASE_URL) return openDatabaseRuntime(config, config.DATABASE_URL, logger, hooks);
  const embedder = await createEmbedder(config, indexEmbedder(config.indexDir));
  if (!hasIndex(config.indexDir)) {
    process.stderr.write(`No index in ${config.indexDir} yet: building it from ${config.corpusDir}.\n`);
    const report = await runIngest(config, embedder, logger, [config.corpusDir]);
    if (report.sourcesTotal === 0) {
      throw new IndexUnusableError(`No articles found in ${config.corpusDir} (CORPUS_DIR): put .txt, .md or .html files there, or point CORPUS_DIR at your articles, then ask again.`);
    }
    process.stderr.write(`Indexed ${report.sourcesTotal} source${report.sourcesTotal === 1 ? "" : "s"}, ${report.paragraphsTotal} paragraph${report.paragraphsTotal === 1 ? "" : "s"} in ${(report.ms / 1000).toFixed(1)} s.\n`);
  }
  let index = loadIndex(config.indexDir);
  let snapshot = currentSnapshotName(config.indexDir);
  if (index.embedder.id !== embedder.id || index.embedder.dimension !== embedder.dimension) {
    throw new IndexUnusableError(
      `The index in ${config.indexDir} was built with ${index.embedder.id} but the configured embedder is ${embedder.id}. Re-index with \`npm run ingest -- --rebuild\` (or restore the embedder settings).`,
    );
  }
  const { synthesiser, answerer } = answering(config, logger, hooks, embedder, () => index);
  const onDisk = diskCheck(config.indexDir, logger);
  // Reloads run one after another; a call during a load checks again once it is done.
  let reloads: Promise<unknown> = Promise.resolve();
  const reloadOnce = async (attempt = 1): Promise<boolean> => {
    const now = currentSnapshotName(config.indexDir);
    if (now === snapshot) return false;
    // A damaged new snapshot keeps the loaded one serving; the error says what to run.
    try {
      // Issue 24: segments added to the same base are applied to the index in memory (the
      // base is not read again); a new base (compaction, rebuild) is loaded whole.
      const added = snapshot ? await newSegmentsSince(config.indexDir, snapshot, index.embedder.dimension) : null;
      if (added) {
        for (const seg of added.segments) index.applySegment(seg);
        snapshot = added.now;
        logger.info({ snapshot, segments: added.segments.length }, 'loaded a new index snapshot: its new segments applied to the index in memory');
        return true;
      }
      const next = await loadIndexInBackground(config.indexDir);
      if (next.embedder.id !== embedder.id || next.embedder.dimension !== embedder.dimension) {
        snapshot = now;
        logger.error({ built: next.embedder.id, configured: embedder.id }, 'the new index snapshot was built with another embedder; still serving the previous one (restart with matching settings)');
        return false;
      }
      index = next;
      snapshot = now;
      logger.info({ snapshot }, 'loaded a new index snapshot');
      return true;
    } catch (err) {
      // Two newer snapshots published while this one loaded prune it: not damage, load the newest.
      if (currentSnapshotName(config.indexDir) !== now && attempt < 5) {
        logger.info({ snapshot: now }, 'the snapshot being loaded was replaced meanwhile; loading the newer one');
        return reloadOnce(attempt + 1);
      }
      logger.error({ err: (err as Error).message }, 'could not load the new index snapshot; still serving the previous one');
      snapshot = now;
      return false;
    }
  };
  return {
    config,
    logger,
    embedder,
    index: () => index,
    reload: () => {
      const run = reloads.then(() => reloadOnce());
      reloads = run.catch(() => undefined);
      return run;
    },
    answerer,
    synthesiser,
    checks: () => ({ indexOnDisk: onDisk() }),
    conversations: memoryConversations(conversationLimits(config)),
  };
}

/**
 * Whether the index on disk is still whole (CURRENT, the manifest, every file at its size):
 * a deleted or damaged index under a running bot makes it unready, though it answers from
 * memory, because the next start or reload would fail (issue 19). Checked at most every 2 s;
 * the first failure is logged with the reason.
 */
function diskCheck(indexDir: string, logger: Logger): () => boolean {
  let checkedAt = 0;
  let ok = true;
  return () => {
    if (Date.now() - checkedAt < 2000) return ok;
    checkedAt = Date.now();
    try {
      checkSnapshotSizes(indexDir);
      if (!ok) logger.info('the index on disk is whole again');
      ok = true;
    } catch (err) {
      if (ok) logger.error({ err: (err as Error).message }, 'the index on disk is missing or damaged; answering from the copy in memory (run `npm run ingest -- --rebuild`)');
      ok = false;
    }
    return ok;
  };
}

/** The bounds of conversation state, from the settings. */
export function conversationLimits(config: Config): ConversationLimits {
  return { turns: config.CONVERSATION_TURNS, ttlMs: config.CONVERSATION_TTL_MINUTES * 60_000, conversations: config.CONVERSATIONS_MAX };
}

/** Feed items polled by the bot or `ingest --feed`, indexed like files (feeds/ → index/). */
export function createFeedPollerFor(
  config: Config,
  feeds: string[],
  index: (sources: Source[]) => Promise<void>,
  indexedHash: (id: string) => string | undefined,
  logger: Logger,
  onFeed?: (feed: string, outcome: 'ok' | 'not_modified' | 'failed') => void,
  onPolled?: FeedPollerOptions['onPolled'],
  mayPoll?: FeedPollerOptions['mayPoll'],
) {
  return createFeedPoller({
    toSource: itemSource,
    ...(onPolled ? { onPolled } : {}),
    ...(mayPoll ? { mayPoll } : {}),
    feeds,
    index,
    indexedHash,
    http: { timeoutMs: config.FEED_TIMEOUT_MS, maxBytes: config.FEED_MAX_BYTES },
    internalFeeds: config.FEEDS_INTERNAL,
    stateFile: join(config.indexDir, 'feeds-state.json'),
    logger,
    onFeed,
  });
}

function answering(config: Config, logger: Logger, hooks: Hooks, embedder: Embedder, index: () => ParagraphIndex): { synthesiser?: Synthesiser; answerer: Answerer } {
  const synthesiser = config.llmEnabled
    ? createLlmSynthesiser({
        model: config.LLM_MODEL,
        apiKey: config.OPENAI_API_KEY,
        baseURL: config.OPENAI_BASE_URL,
        timeoutMs: config.LLM_TIMEOUT_MS,
        logger,
        onCall: hooks.onLlmCall,
      })
    : undefined;
  const answerer = createAnswerer({
    index,
    embedder,
    threshold: config.NOT_FOUND_THRESHOLD,
    maxQuestionChars: config.MAX_QUESTION_CHARS,
    synthesiser,
    logger,
    timeZone: config.NEWSROOM_TZ ?? config.DIGEST_TZ,
  });
  return { synthesiser, answerer };
}

/** The change-log poll while the change listener is down (the serving loop's old interval). */
export const DATABASE_DOWN_POLL_MS = 2000;

/**
 * The index in PostgreSQL (DATABASE_URL): every replica reads the same database; `reload`
 * reads what other processes committed since. The runtime calls it itself on each NOTIFY of
 * a commit, and polls as a fallback (index/postgres/changes.ts).
 */
async function openDatabaseRuntime(config: Config, url: string, logger: Logger, hooks: Hooks): Promise<Runtime> {
  const { createPool, PgIndex, pgDigestState, pgConversations, storedEmbedder, checkSchema, followChanges } = await import('./index/postgres/index.js');
  const pool = createPool(url, { onError: (err) => logger.warn({ err: err.message }, 'a database connection failed; it will be replaced') });
  try {
    await checkSchema(pool);
    const built = await storedEmbedder(pool);
    const embedder = await createEmbedder(config, built);
    if (built && (built.id !== embedder.id || built.dimension !== embedder.dimension)) {
      throw new IndexUnusableError(
        `The index in the database was built with ${built.id} but the configured embedder is ${embedder.id}. Re-index with \`npm run ingest -- --rebuild\` (or restore the embedder settings).`,
      );
    }
    const index = await PgIndex.open(pool, embedder);
    if (index.sources().length === 0) {
      process.stderr.write(`The database holds no sources yet: indexing ${config.corpusDir}.\n`);
      await runIngest(config, embedder, logger, [config.corpusDir], { pool });
      await index.refresh();
      if (index.sources().length === 0) {
        throw new IndexUnusableError(`No articles found in ${config.corpusDir} (CORPUS_DIR): put .txt, .md or .html files there, or point CORPUS_DIR at your articles, then ask again.`);
      }
    }
    const { synthesiser, answerer } = answering(config, logger, hooks, embedder, () => index);
    const reload = refreshLogged(index, logger);
    // Told of each commit; the change log is still polled, slowly while listening, every 2 s while not.
    const changes =
      hooks.followChanges === false
        ? null
        : followChanges({
            url,
            refresh: reload,
            pollMs: config.DATABASE_POLL_MS,
            downPollMs: DATABASE_DOWN_POLL_MS,
            onDown: (err) => logger.warn({ err: err?.message }, 'not listening for database changes; reconnecting, and reading the change log every 2 s meanwhile'),
            onUp: () => logger.info('listening for database changes again'),
          });
    return {
      config,
      logger,
      embedder,
      index: () => index,
      reload,
      answerer,
      synthesiser,
      checks: () => ({ database: index.reachable, embedder: !index.foreignEmbedder }),
      detail: () => (changes ? { changes: changes.state() } : {}),
      followsChanges: !!changes,
      digestShared: pgDigestState(pool),
      conversations: pgConversations(pool, conversationLimits(config)),
      close: async () => {
        await changes?.close();
        await pool.end();
      },
    };
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
}

/**
 * The PostgreSQL index's refresh as the runtime's reload: a failure is logged (a warning:
 * the previous state is served), except a database rebuilt with another embedder, which is
 * one error when it is found (the replica is unready and refuses questions until then) and
 * one line when it is over.
 */
function refreshLogged(index: PgIndex, logger: Logger): () => Promise<boolean> {
  let foreign = false;
  return async () => {
    try {
      const changed = await index.refresh();
      if (foreign) logger.info({ embedder: index.embedder.id }, 'the database holds this replica\'s embedder again; reading and answering from it');
      foreign = false;
      return changed;
    } catch (err) {
      if (index.foreignEmbedder) {
        if (!foreign) logger.error({ stored: index.foreignEmbedder.id, serving: index.embedder.id }, (err as Error).message);
        foreign = true;
      } else logger.warn({ err: (err as Error).message }, 'could not read changes from the database; serving what was read before');
      return false;
    }
  };
}
