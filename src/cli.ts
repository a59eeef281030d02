#!/usr/bin/env node
// One entry point: ingest | ask | quotes | sources | serve | digest | register-commands.
import { setDisplayTimeZone } from './digest/time.js';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { QuestionRefused } from './answer/answerer.js';
import { findStatements } from './quotes/index.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { EmbedderError, createEmbedder } from './embed/index.js';
import { IndexBusyError } from './index/lock.js';
import { hasIndex, IndexUnusableError, loadIndex } from './index/store.js';
import { createLogger, type Logger } from './log.js';
import { openRuntime, runIngest } from './wiring.js';

const USAGE = `Usage: newsroom-bot <command> [options]

  ingest [paths...] [--corpus DIR] [--rebuild]   index articles (default: the corpus folder, ${'seeds/'});
                                                 a path not found exits 1 unless --missing-ok
  ask [--json] [-k N] "question"                 answer from the index; no question: one per line on stdin
  quotes [--json] "name"                         what a person said, with citations
  sources [--json]                               list the indexed articles, newest first
  digest [--since ISO] [--json] [--post]         preview the daily digest (changes nothing); --post posts it now
  serve                                          run the bot (Slack/Discord when configured, else a console chat)
  register-commands [--guild ID]                 register the Discord slash commands
  help                                           this text

Settings come from the environment (see .env.example): INDEX_DIR, CORPUS_DIR, EMBEDDINGS, ...`;

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

type Handler = (argv: string[], config: Config, logger: Logger) => Promise<number>;

const commands: Record<string, Handler> = {
  async serve(_argv, config, logger) {
    // Loaded here so that `ask` does not pay for discord.js and Bolt at start-up.
    const { startBot } = await import('./serve.js');
    const bot = await startBot(config, logger);
    const onSignal = (signal: NodeJS.Signals) => {
      // A second signal while stopping means "now".
      if (stopping) process.exit(130);
      stopping = true;
      const timer = setTimeout(() => {
        logger.error({ graceMs: config.SHUTDOWN_GRACE_MS }, 'shutdown took too long; exiting');
        process.exit(1);
      }, config.SHUTDOWN_GRACE_MS);
      timer.unref();
      void bot.stop(signal);
    };
    let stopping = false;
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    await bot.done;
    logger.flush();
    // Everything is closed; do not let a forgotten handle keep a stopped bot alive.
    process.exit(0);
  },

  async digest(argv, config, logger) {
    const { values } = parseArgs({
      args: argv,
      options: { since: { type: 'string' }, json: { type: 'boolean', default: false }, post: { type: 'boolean', default: false } },
    });
    let since: Date | undefined;
    if (values.since) {
      since = new Date(values.since);
      if (Number.isNaN(since.getTime())) {
        process.stderr.write(`--since "${values.since}" is not a date; use ISO form, for example 2025-03-14 or 2025-03-14T08:00:00+01:00.\n`);
        return 2;
      }
    }
    const runtime = await openRuntime(config, logger);
    const { createDigest, createPlatforms, digestDestinations } = await import('./platforms.js');
    if (!values.post) {
      // A preview: builds the digest and changes no state.
      const digest = await createDigest(config, runtime, [], logger).preview(since);
      process.stdout.write(values.json ? JSON.stringify(digest) + '\n' : digest.text + '\n');
      return 0;
    }
    const { createChatCore } = await import('./chat/core.js');
    const core = createChatCore({ answerer: runtime.answerer, index: runtime.index, logger });
    const connections = createPlatforms(config, core, logger);
    if (!digestDestinations(config, connections).length) {
      process.stderr.write('digest --post needs destinations: set DIGEST_SLACK_CHANNELS (with SLACK_BOT_TOKEN) and/or DIGEST_DISCORD_CHANNELS (with DISCORD_TOKEN, DISCORD_APP_ID).\n');
      return 2;
    }
    // Slack posts through its Web API client alone; Discord needs its gateway session.
    const discord = connections.filter((c) => c.name === 'discord');
    for (const c of discord) await c.start();
    try {
      const report = await createDigest(config, runtime, connections, logger).postNow();
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
      options: { corpus: { type: 'string' }, rebuild: { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false }, 'missing-ok': { type: 'boolean', default: false } },
    });
    const paths = positionals.length ? positionals : [values.corpus ?? config.corpusDir];
    const embedder = await createEmbedder(config);
    const r = await runIngest(config, embedder, logger, paths, { rebuild: values.rebuild, quiet: values.quiet });
    process.stdout.write(
      `Indexed ${plural(r.sourcesTotal, 'source')} (${plural(r.paragraphsTotal, 'paragraph')}) in ${config.indexDir}: ` +
        `${r.added.length} added, ${r.updated.length} updated, ${r.removed.length} removed, ${r.unchanged.length} unchanged, ${r.skipped.length} skipped; ` +
        `${r.paragraphsEmbedded} paragraphs embedded in ${(r.ms / 1000).toFixed(1)} s.\n`,
    );
    // (The inbox's last file taken away, with --missing-ok, empties the index on purpose.)
    if (r.sourcesTotal === 0 && !(values['missing-ok'] && r.removed.length)) {
      process.stderr.write(`Nothing is indexed: no usable .txt, .md or .html files in ${paths.join(', ')}.\n`);
      return 1;
    }
    // A mistyped path must not look like success to a cron job; the rest was still indexed.
    // (--missing-ok: the bot's inbox, where a file may be taken away before its ingest runs.)
    const missing = paths.filter((p) => !existsSync(p));
    if (missing.length && !values['missing-ok']) {
      process.stderr.write(`Not found, so not indexed: ${missing.join(', ')}.\n`);
      return 1;
    }
    return 0;
  },

  async sources(argv, config) {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
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
      options: { json: { type: 'boolean', default: false }, k: { type: 'string', short: 'k' } },
    });
    const k = values.k !== undefined ? (/^\d+$/.test(values.k) ? Number(values.k) : NaN) : undefined;
    if (k !== undefined && (!Number.isFinite(k) || k < 1 || k > 10)) {
      process.stderr.write('-k must be a number from 1 to 10.\n');
      return 2;
    }
    const runtime = await openRuntime(config, logger);
    const answerOne = async (question: string): Promise<boolean> => {
      try {
        const answer = await runtime.answerer.ask(question, { k });
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
    const runtime = await openRuntime(config, logger);
    const found = findStatements(runtime.index().statements(), name);
    if (values.json) process.stdout.write(JSON.stringify({ name, statements: found }) + '\n');
    else if (!found.length) process.stdout.write(`No attributed statements by “${name}” in the indexed sources.\n`);
    else {
      process.stdout.write(`${found[0].speaker}: ${found.length} statement${found.length === 1 ? '' : 's'}\n\n`);
      found.forEach((s, i) => process.stdout.write(`[${i + 1}] “${s.quote}”\n    — ${s.title}, ${s.sourceId}, paragraph ${s.paragraph}\n`));
    }
    return 0;
  },
};

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
  setDisplayTimeZone(config.DIGEST_TZ);
  const logger = createLogger({ level: config.LOG_LEVEL });
  try {
    return await handler(rest, config, logger);
  } catch (err) {
    // Errors a user can act on get their sentence; anything else is a bug and keeps its stack.
    if (err instanceof IndexUnusableError || err instanceof EmbedderError || err instanceof IndexBusyError) {
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
    if (/ECONNREFUSED|ENOTFOUND|EADDRINUSE|An invalid token|invalid_auth|not_authed|TokenInvalid|Used disallowed intents/.test(String((err as Error).message) + String(code))) {
      process.stderr.write(`Could not start: ${(err as Error).message.split('\n')[0]}. Check the tokens, the network and the ports in your settings.\n`);
      return 1;
    }
    if (err instanceof TypeError && /parseArgs|Unknown option|ERR_PARSE_ARGS/.test(String((err as NodeJS.ErrnoException).code ?? err.message))) {
      process.stderr.write(`${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw err;
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
