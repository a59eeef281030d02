#!/usr/bin/env node
// One entry point: ingest | ask | quotes | sources | serve | digest | register-commands.
import { visible } from './visible.js';
import { setDisplayTimeZone } from './time.js';
import { existsSync, readFileSync } from 'node:fs';
import type { Source } from './types.js';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { QuestionRefused } from './answer/answerer.js';
import { AsOfError, parseAsOf } from './question/as-of.js';
import { DesksError } from './chat/desks.js';
import { findStatements } from './quotes/index.js';
import { ConfigError, configToEnv, loadConfig, type Config } from './config.js';
import { EmbedderError, createEmbedder } from './embed/index.js';
import { IndexBusyError } from './index/lock.js';
import { ingestOutcome } from './index/ingest-outcome.js';
import { hasIndex, IndexUnusableError, loadIndex } from './index/store.js';
import { createLogger, type Logger } from './log.js';
import { handleServeSignals, type ServeLifecycle } from './serve-lifecycle.js';
import { builtCli, ingestInChild } from './ingest-process.js';
import type { ChildProcess } from 'node:child_process';
import { createFeedPollerFor, indexEmbedder, openRuntime as openRuntimeOnce, runIngest, type Runtime } from './wiring.js';

/** Runtimes a command opened: their database connections are closed when it returns. */
const opened: Runtime[] = [];
const openRuntime: typeof openRuntimeOnce = async (...args) => {
  const runtime = await openRuntimeOnce(...args);
  opened.push(runtime);
  return runtime;
};

/** A pool for the database commands; `DATABASE_URL` is required for them. */
async function databasePool(config: Config, command: string) {
  if (!config.DATABASE_URL) {
    process.stderr.write(`${command} works on the PostgreSQL index: set DATABASE_URL (for example postgres://newsroom:secret@localhost:5432/newsroom).\n`);
    return null;
  }
  const pg = await import('./index/postgres/index.js');
  return { pg, pool: pg.createPool(config.DATABASE_URL, { max: 2 }) };
}

const USAGE = `Usage: newsroom-bot <command> [options]

  ingest [paths...] [--corpus DIR] [--rebuild]   index articles (default: the corpus folder, ${'seeds/'});
         [--compact]                             (--compact: merge the index's segments into one snapshot)
                                                 exit 1: nothing indexed or a path not found (unless
                                                 --missing-ok); 3: some files skipped; 4: some files or
                                                 folders unreadable (their indexed versions kept)
  ingest --feed URL [--feed URL ...]             poll RSS/Atom/JSON feeds once and index their new items
  ask [--json] [-k N] [--as-of YYYY-MM-DD[THH:MM]] "question"
                                                 answer from the index; no question: one per line on stdin;
                                                 --as-of: the time "today", "this week" are read against
      [--thread] [--desk NAME]                   --thread: the questions on stdin are one conversation; --desk: that desk's sources only
  quotes [--json] "name"                         what a person said, with citations
  sources [--json]                               list the indexed articles, newest first
  digest [--since ISO] [--json] [--post]         preview the daily digest (changes nothing); --post posts it now
      [--desk NAME]                              that desk's digest (its sources; --post: its channels)
  serve                                          run the bot (Slack/Discord when configured, else a console chat)
  register-commands [--guild ID]                 register the Discord slash commands
  migrate                                        create or upgrade the tables in DATABASE_URL (PostgreSQL)
  import [--from DIR]                            copy the local index (INDEX_DIR) into DATABASE_URL, vectors included
  export [--to DIR]                              write DATABASE_URL's index as a local snapshot (INDEX_DIR), vectors included
  help                                           this text

Settings come from the environment (see .env.example): INDEX_DIR, CORPUS_DIR, EMBEDDINGS, ...`;

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

type Handler = (argv: string[], config: Config, logger: Logger) => Promise<number>;

const commands: Record<string, Handler> = {
  async serve(_argv, config, logger) {
    // Signals first: node is PID 1 in a container and ignores a signal it has no handler for.
    const lifecycle = handleServeSignals({ logger, graceMs: config.SHUTDOWN_GRACE_MS });
    let bot: Awaited<ReturnType<typeof import('./serve.js').startBot>>;
    try {
      await buildFirstIndexInChild(config, lifecycle);
      // Loaded here so that `ask` does not pay for discord.js and Bolt at start-up.
      const { startBot } = await import('./serve.js');
      bot = await startBot(config, logger);
    } catch (err) {
      // startBot closed what it opened; the process must end so that a restart policy fires.
      lifecycle.failedStart(1);
      throw err;
    }
    lifecycle.running(bot);
    await bot.done;
    logger.flush();
    // Everything is closed; do not let a forgotten handle keep a stopped bot alive.
    process.exit(0);
  },

  async digest(argv, config, logger) {
    const { values } = parseArgs({
      args: argv,
      options: { since: { type: 'string' }, json: { type: 'boolean', default: false }, post: { type: 'boolean', default: false }, desk: { type: 'string' } },
    });
    let since: Date | undefined;
    if (values.since) {
      since = new Date(values.since);
      if (Number.isNaN(since.getTime())) {
        process.stderr.write(`--since "${values.since}" is not a date; use ISO form, for example 2025-03-14 or 2025-03-14T08:00:00+01:00.\n`);
        return 2;
      }
    }
    const runtime = await openRuntime(config, logger, { followChanges: false });
    const { createDigest, createPlatforms, digestDestinations } = await import('./platforms.js');
    // --desk NAME (issue 21): that desk's digest (its sources, its channels).
    const pick = (all: ReturnType<typeof createDigest>) => (values.desk ? all.desk(values.desk) : all);
    if (values.desk && !runtime.desks?.desks.some((d) => d.name === values.desk)) {
      process.stderr.write(`${deskNotFound(values.desk, runtime.desks?.desks.map((d) => d.name))}\n`);
      return 2;
    }
    if (!values.post) {
      // A preview: builds the digest and changes no state.
      const digest = await pick(createDigest(config, runtime, [], logger))!.preview(since);
      process.stdout.write(values.json ? JSON.stringify(digest) + '\n' : digest.text + '\n');
      return 0;
    }
    const { createChatCore } = await import('./chat/core.js');
    const core = createChatCore({ answerer: runtime.answerer, index: runtime.index, logger });
    const connections = createPlatforms(config, core, logger);
    if (!values.desk && !digestDestinations(config, connections).length) {
      process.stderr.write('digest --post needs destinations: set DIGEST_SLACK_CHANNELS (with SLACK_BOT_TOKEN) and/or DIGEST_DISCORD_CHANNELS (with DISCORD_TOKEN, DISCORD_APP_ID).\n');
      return 2;
    }
    // Slack posts through its Web API client alone; Discord needs its gateway session.
    const discord = connections.filter((c) => c.name === 'discord');
    for (const c of discord) await c.start();
    try {
      const report = await pick(createDigest(config, runtime, connections, logger))!.postNow();
      for (const o of report.outcomes) process.stdout.write(`${o.destination}: ${o.ok ? 'posted' : `failed (${o.error ?? 'unknown error'})`}\n`);
      return report.outcomes.every((o) => o.ok) ? 0 : 1;
    } finally {
      for (const c of discord) await c.stop();
    }
  },

  async 'register-commands'(argv, config) {
    const { values } = parseArgs({ args: argv, options: { guild: { type: 'string' } } });
    if (!config.DISCORD_TOKEN || !config.DISCORD_APP_ID) {
      process.stderr.write('register-commands needs DISCORD_TOKEN and DISCORD_APP_ID (Slack commands come from slack-app-manifest.yaml).\n');
      return 2;
    }
    const { registerCommands } = await import('./adapters/discord/index.js');
    const r = await registerCommands({ token: config.DISCORD_TOKEN, appId: config.DISCORD_APP_ID, guildId: values.guild, restApi: config.DISCORD_API_URL });
    process.stdout.write(`Registered ${r.names.map((n) => '/' + n).join(', ')} ${r.scope === 'guild' ? `in server ${values.guild} (available now)` : 'globally (may take up to an hour to appear)'}.\n`);
    return 0;
  },

  async ingest(argv, config, logger) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        corpus: { type: 'string' },
        rebuild: { type: 'boolean', default: false },
        // Issue 24: merge the index's segments into one new snapshot.
        compact: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        'missing-ok': { type: 'boolean', default: false },
        feed: { type: 'string', multiple: true },
        // The bot's feed poller hands its extracted items to a child ingest through a file.
        'sources-json': { type: 'string' },
      },
    });
    if (values.feed?.length) return ingestFeeds(values.feed, config, logger, values.quiet);
    if (values['sources-json']) {
      const sources = JSON.parse(readFileSync(values['sources-json'], 'utf8')) as Source[];
      const r = await runIngest(config, await createEmbedder(config), logger, positionals, { sources, quiet: values.quiet });
      process.stdout.write(`Indexed ${plural(r.sourcesTotal, 'source')}: ${r.added.length} added, ${r.updated.length} updated, ${r.removed.length} removed.\n`);
      return 0;
    }
    const paths = positionals.length ? positionals : [values.corpus ?? config.corpusDir];
    // The model loads only if something needs embedding (a no-op run stays fast).
    const embedder = await createEmbedder(config, values.rebuild ? undefined : indexEmbedder(config.indexDir), { lazyModel: true });
    const r = await runIngest(config, embedder, logger, paths, { rebuild: values.rebuild, compact: values.compact, quiet: values.quiet });
    process.stdout.write(
      `Indexed ${plural(r.sourcesTotal, 'source')} (${plural(r.paragraphsTotal, 'paragraph')}) in ${config.DATABASE_URL ? 'the database' : config.indexDir}: ` +
        `${r.added.length} added, ${r.updated.length} updated, ${r.removed.length} removed, ${r.unchanged.length} unchanged, ${r.skipped.length} skipped; ` +
        `${r.paragraphsEmbedded} paragraphs embedded in ${(r.ms / 1000).toFixed(1)} s.\n`,
    );
    const missing = paths.filter((p) => !existsSync(p));
    const outcome = ingestOutcome(r, { paths, missing, missingOk: values['missing-ok'] });
    if (outcome.lastLine) process.stderr.write(outcome.lastLine + '\n');
    return outcome.code;
  },

  async migrate(_argv, config) {
    const db = await databasePool(config, 'migrate');
    if (!db) return 2;
    try {
      const applied = await db.pg.migrate(db.pool);
      process.stdout.write(applied.length ? `Applied schema migration${applied.length > 1 ? 's' : ''} ${applied.join(', ')}; the database is at version ${db.pg.PG_SCHEMA_VERSION}.\n` : `The database is up to date (schema version ${db.pg.PG_SCHEMA_VERSION}).\n`);
      return 0;
    } finally {
      await db.pool.end();
    }
  },

  async import(argv, config) {
    const { values } = parseArgs({ args: argv, options: { from: { type: 'string' } } });
    const dir = values.from ?? config.indexDir;
    if (!hasIndex(dir)) {
      process.stderr.write(`No local index in ${dir} to import.\n`);
      return 1;
    }
    const db = await databasePool(config, 'import');
    if (!db) return 2;
    try {
      const r = await db.pg.importLocalIndex(db.pool, dir);
      process.stdout.write(`Imported ${plural(r.sources, 'source')} (${plural(r.paragraphs, 'paragraph')}, ${plural(r.statements, 'statement')}) from ${dir} into the database; nothing was re-embedded.\n`);
      return 0;
    } finally {
      await db.pool.end();
    }
  },

  async export(argv, config) {
    const { values } = parseArgs({ args: argv, options: { to: { type: 'string' } } });
    const dir = values.to ?? config.indexDir;
    const db = await databasePool(config, 'export');
    if (!db) return 2;
    try {
      const r = await db.pg.exportToLocalIndex(db.pool, dir);
      process.stdout.write(`Exported ${plural(r.sources, 'source')} (${plural(r.paragraphs, 'paragraph')}, ${plural(r.statements, 'statement')}) to ${dir} (snapshot ${r.snapshot}); nothing was re-embedded.\n`);
      return 0;
    } finally {
      await db.pool.end();
    }
  },

  async sources(argv, config) {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
    if (config.DATABASE_URL) {
      const db = (await databasePool(config, 'sources'))!;
      try {
        const index = await db.pg.PgIndex.open(db.pool, { id: 'none', dimension: 0 });
        const { listSources } = await import('./chat/core.js');
        const { renderReplyText } = await import('./chat/render-text.js');
        const reply = listSources(index, '1', Number.MAX_SAFE_INTEGER);
        if (reply.kind !== 'sources') return 1;
        process.stdout.write(values.json ? JSON.stringify(reply.sources) + '\n' : renderReplyText(reply) + '\n');
        return 0;
      } finally {
        await db.pool.end();
      }
    }
    // Only the index is read: no model to load for a listing.
    if (!hasIndex(config.indexDir)) {
      process.stderr.write(`Nothing is indexed yet in ${config.indexDir}: run \`npm run ingest\`.\n`);
      return 1;
    }
    const { listSources } = await import('./chat/core.js');
    const { renderReplyText } = await import('./chat/render-text.js');
    const reply = listSources(loadIndex(config.indexDir), '1', Number.MAX_SAFE_INTEGER);
    if (reply.kind !== 'sources') return 1;
    process.stdout.write(values.json ? JSON.stringify(reply.sources) + '\n' : renderReplyText(reply) + '\n');
    return 0;
  },

  async ask(argv, config, logger) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        k: { type: 'string', short: 'k' },
        'as-of': { type: 'string' },
        thread: { type: 'boolean', default: false },
        desk: { type: 'string' },
      },
    });
    const k = values.k !== undefined ? (/^\d+$/.test(values.k) ? Number(values.k) : NaN) : undefined;
    if (k !== undefined && (!Number.isFinite(k) || k < 1 || k > 10)) {
      process.stderr.write('-k must be a number from 1 to 10.\n');
      return 2;
    }
    // "Now" for the question's relative dates, in the newsroom's zone (issue 20).
    let asOf: Date | undefined;
    if (values['as-of'] !== undefined) {
      try {
        asOf = parseAsOf(values['as-of'], config.NEWSROOM_TZ ?? config.DIGEST_TZ);
      } catch (err) {
        if (!(err instanceof AsOfError)) throw err;
        process.stderr.write(err.message + '\n');
        return 2;
      }
    }
    // No question on a terminal: say what is expected before the model loads (stdin is read line by line).
    if (!positionals.length && process.stdin.isTTY) {
      process.stderr.write('Type a question and press Enter (one per line; Ctrl-D to finish), or give it on the command line: ask "How long did the Trump–Putin call last?"\n');
    }
    const runtime = await openRuntime(config, logger, { followChanges: false });
    // --desk NAME: only that desk's sources; --thread: the questions are one conversation (issue 21).
    const desk = values.desk ? runtime.desks?.desks.find((d) => d.name === values.desk) : undefined;
    if (values.desk && !desk) {
      process.stderr.write(`${deskNotFound(values.desk, runtime.desks?.desks.map((d) => d.name))}\n`);
      return 2;
    }
    const { deskFilter, threadAsker } = await import('./chat/follow-ups.js');
    const filter = desk ? deskFilter(desk, runtime.index()) : undefined;
    const thread = values.thread ? threadAsker(runtime.answerer, k, filter, asOf) : null;
    const answerOne = async (question: string): Promise<boolean> => {
      try {
        const answer = thread ? await thread(question) : await runtime.answerer.ask(question, { k, ...(asOf ? { asOf } : {}), ...(filter ? { filter } : {}) });
        process.stdout.write(values.json ? JSON.stringify(answer) + '\n' : answer.text + '\n');
        return true;
      } catch (err) {
        if (!(err instanceof QuestionRefused)) throw err;
        if (values.json) process.stdout.write(JSON.stringify({ question, status: 'refused', reason: err.message }) + '\n');
        else process.stderr.write(err.message + '\n');
        return false;
      }
    };
    if (positionals.length) return (await answerOne(positionals.join(' '))) ? 0 : 2;
    // No question: one per line on stdin, the model and index loaded once.
    let ok = true;
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
    let first = true;
    for await (const line of lines) {
      if (!line.trim()) continue;
      if (!values.json && !first) process.stdout.write('\n');
      first = false;
      ok = (await answerOne(line)) && ok;
    }
    return ok ? 0 : 2;
  },

  async quotes(argv, config, logger) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
    const name = positionals.join(' ').trim();
    if (!name) {
      process.stderr.write('Name a person, for example: quotes "Zelenskyy"\n');
      return 2;
    }
    const runtime = await openRuntime(config, logger, { followChanges: false });
    const found = findStatements(runtime.index().statements(), name);
    if (values.json) process.stdout.write(JSON.stringify({ name, statements: found }) + '\n');
    else if (!found.length) process.stdout.write(`No attributed statements by “${name}” in the indexed sources.\n`);
    else {
      process.stdout.write(`${found[0].speaker}: ${found.length} statement${found.length === 1 ? '' : 's'}\n\n`);
      found.forEach((s, i) => process.stdout.write(`[${i + 1}] “${s.quote}”\n    — ${visible(s.title)}, ${visible(s.sourceId)}, paragraph ${s.paragraph}\n`));
    }
    return 0;
  },
};

/**
 * LOG_FORMAT=auto (the default): human lines in console mode (`serve` with no Slack or Discord
 * token) and whenever stderr is a terminal; JSON otherwise (a service under a log collector).
 */
function logFormat(config: Config, command: string): 'json' | 'human' {
  if (config.LOG_FORMAT !== 'auto') return config.LOG_FORMAT;
  const consoleChat = command === 'serve' && !config.SLACK_BOT_TOKEN && !(config.DISCORD_TOKEN && config.DISCORD_APP_ID);
  return consoleChat || process.stderr.isTTY ? 'human' : 'json';
}

/**
 * serve on an empty local index: the first index is built by a child `ingest`, so that the event
 * loop stays free to act on a stop signal at once (embedding holds it for seconds at a time on
 * a loaded machine). Should the child fail, openRuntime builds it in this process and reports why.
 */
async function buildFirstIndexInChild(config: Config, lifecycle: ServeLifecycle): Promise<void> {
  const cli = builtCli();
  if (!cli || config.DATABASE_URL || hasIndex(config.indexDir)) return;
  process.stderr.write(`No index in ${config.indexDir} yet: building it from ${config.corpusDir}.\n`);
  const children = new Set<ChildProcess>();
  lifecycle.onStartupStop(() => children.forEach((c) => c.kill('SIGTERM')));
  try {
    const { stdout } = await ingestInChild(cli, [config.corpusDir], { ...process.env, ...configToEnv(config), LOG_LEVEL: 'warn' }, children);
    process.stderr.write(stdout);
  } catch {
    // openRuntime tries again in this process and says what is wrong.
  }
}

/** `ingest --feed URL`: one poll of the named feeds; exits 1 when one of them failed. */
function deskNotFound(name: string, names: string[] | undefined): string {
  if (!names) return `--desk ${name}: no desks are set up (set DESKS_FILE to a desks file; see docs/operations.md).`;
  return `--desk ${name}: no such desk in DESKS_FILE; the desks are ${names.join(', ')}.`;
}

async function ingestFeeds(feeds: string[], config: Config, logger: Logger, quiet: boolean): Promise<number> {
  const bad = feeds.filter((f) => !/^https?:\/\//i.test(f));
  if (bad.length) {
    process.stderr.write(`--feed takes http(s) addresses: ${bad.join(', ')}\n`);
    return 2;
  }
  const embedder = await createEmbedder(config);
  const indexed = hasIndex(config.indexDir) ? loadIndex(config.indexDir) : null;
  let done: { added: string[]; updated: string[] } = { added: [], updated: [] };
  const poller = createFeedPollerFor(
    config,
    feeds,
    async (sources) => {
      done = await runIngest(config, embedder, logger, [], { sources, quiet });
    },
    (id) => indexed?.source(id)?.contentHash,
    logger,
  );
  const report = await poller.pollOnce();
  for (const f of poller.status()) process.stdout.write(`${f.url}: ${f.ok ? `ok, ${plural(f.items, 'item')}` : `failed (${f.error})`}\n`);
  process.stdout.write(`Feeds: ${done.added.length} added, ${done.updated.length} updated, ${report.summaries} from the feed's summary (page not fetched), ${report.failed} feed${report.failed === 1 ? '' : 's'} failed.\n`);
  return report.failed ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE + '\n');
    return command ? 0 : 2;
  }
  const handler = commands[command];
  if (!handler) {
    process.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      return 78;
    }
    throw err;
  }
  setDisplayTimeZone(config.NEWSROOM_TZ ?? config.DIGEST_TZ);
  const logger = createLogger({ level: config.LOG_LEVEL, format: logFormat(config, command) });
  try {
    return await handler(rest, config, logger);
  } catch (err) {
    const pgCode = (err as { code?: string }).code;
    if (config.DATABASE_URL && (pgCode === '3D000' || pgCode === '28P01' || pgCode === '42501')) {
      process.stderr.write(`The database in DATABASE_URL refused: ${(err as Error).message}. Check the database name, user and password.\n`);
      return 1;
    }
    // Errors a user can act on get their sentence; anything else is a bug and keeps its stack.
    if (err instanceof IndexUnusableError || err instanceof EmbedderError || err instanceof IndexBusyError || err instanceof DesksError) {
      process.stderr.write(err.message + '\n');
      return 1;
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOSPC') {
      const path = (err as NodeJS.ErrnoException).path ?? config.indexDir;
      process.stderr.write(
        code === 'ENOSPC'
          ? `No space left on the device for ${path}; free some space and run the command again.\n`
          : `Cannot write ${path} (${code}). Make INDEX_DIR (${config.indexDir}) writable by this user (uid ${process.getuid?.() ?? '?'}), or point INDEX_DIR somewhere writable.\n`,
      );
      return 1;
    }
    if (/ECONNREFUSED|ENOTFOUND|EADDRINUSE|An invalid token|invalid_auth|not_authed|TokenInvalid|Used disallowed intents|did not answer auth\.test|refused the bot token|did not become ready|rejected the bot token/.test(String((err as Error).message) + String(code))) {
      const first = (err as Error).message.split('\n')[0].replace(/\.$/, '');
      process.stderr.write(`Could not start: ${first}.${/check /i.test(first) ? '' : ' Check the tokens, the network and the ports in your settings.'}\n`);
      return 1;
    }
    if (err instanceof TypeError && /parseArgs|Unknown option|ERR_PARSE_ARGS/.test(String((err as NodeJS.ErrnoException).code ?? err.message))) {
      process.stderr.write(`${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw err;
  } finally {
    await Promise.allSettled(opened.map((r) => r.close?.()));
  }
}

// `ask … | head` closes our stdout early: that is the reader's choice, not a crash.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`newsroom-bot failed: ${(err as Error).stack ?? err}\n`);
    process.exitCode = 1;
  },
);
