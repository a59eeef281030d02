// The Discord connection: a discord.js Client wired to the chat core.
//
// Intents: Guilds (channels, so messages in them are not dropped), GuildMessages (to see
// mentions) and DirectMessages. NOT the privileged MessageContent intent: Discord still
// delivers the content of messages in which the app is mentioned, and of DMs with the app.
// Discord's gateway documentation, "Message Content Intent"
// (https://discord.com/developers/docs/events/gateway#message-content-intent):
//   "Apps without the intent will receive empty values in fields that contain user-inputted
//    content with a few exceptions: Content in messages that an app sends; Content in DMs
//    with the app; Content in which the app is mentioned; Content of the message a message
//    context menu command is used on."
// Slash command options are not message content and always arrive.
//
// Reconnecting, resuming and REST rate limits (429: wait retry_after, then retry) are
// discord.js's job; this module only makes sure nothing here gets in its way.
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, Partials, Status, type RESTOptions } from 'discord.js';
import type { Logger } from 'pino';
import type { ChatCore, ChatReply, PlatformConnection } from '../../chat/types.js';
import { createHandlers, errInfo, type Handlers } from './handlers.js';
import { noMentions, toDiscordMessages } from './render.js';
import { ShareStore } from './share.js';

export interface DiscordRestConfig {
  /** Retries on 5xx and network errors (a 429 always waits and retries). Default 3; 0 in tests. */
  retries?: number;
  /** Per-request timeout. Default 15 s. */
  timeoutMs?: number;
  /** Client-side cap on requests per second across the bot. Default 50 (Discord's global limit). */
  globalRequestsPerSecond?: number;
}

export interface DiscordConnectionOptions {
  core: ChatCore;
  /** Bot token (DISCORD_TOKEN). */
  token: string;
  /** Application id (DISCORD_APP_ID). */
  appId: string;
  logger: Logger;
  /** Base URL of the REST API: 'http://127.0.0.1:PORT/api' in tests. Default: Discord's. */
  restApi?: string;
  rest?: DiscordRestConfig;
  /** How long start() waits for the gateway to be ready. Default 30 s. */
  readyTimeoutMs?: number;
  /** Answer direct messages to the bot (no mention needed there). Default true. */
  answerDMs?: boolean;
  /** Answers kept for the Share button: at most this many (default 1,000) … */
  shareMaxEntries?: number;
  /** … for this long (default 24 h). */
  shareTtlMs?: number;
  /** How long stop() waits for answers in progress. Default 5 s. */
  drainTimeoutMs?: number;
}

/** The discord.js client with its intents, REST settings and listeners. */
function createClient(options: DiscordConnectionOptions, logger: Logger, handlers: Handlers, track: (p: Promise<void>) => void): Client {
  const rest: Partial<RESTOptions> = {
    retries: options.rest?.retries ?? 3,
    timeout: options.rest?.timeoutMs ?? 15_000,
    ...(options.rest?.globalRequestsPerSecond ? { globalRequestsPerSecond: options.rest.globalRequestsPerSecond } : {}),
    ...(options.restApi ? { api: options.restApi } : {}),
  };
  const c = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    // DM channels are not cached before their first message: without this, DMs are dropped.
    partials: [Partials.Channel],
    // The default for everything the client sends; every payload also sets it explicitly.
    allowedMentions: noMentions(),
    failIfNotExists: false,
    rest,
  });
  c.on(Events.InteractionCreate, (i) => track(handlers.onInteraction(i)));
  c.on(Events.MessageCreate, (m) => track(handlers.onMessage(m)));
  c.on(Events.Error, (err) => logger.error({ err: errInfo(err) }, 'discord client error'));
  c.on(Events.ShardError, (err, shard) => logger.warn({ err: errInfo(err), shard }, 'gateway connection error'));
  c.on(Events.ShardDisconnect, (ev, shard) => logger.error({ code: ev.code, shard }, 'gateway closed for good'));
  c.on(Events.ShardReconnecting, (shard) => logger.info({ shard }, 'gateway reconnecting'));
  c.on(Events.ShardResume, (shard, replayed) => logger.info({ shard, replayed }, 'gateway resumed'));
  c.rest.on('rateLimited', (info) => logger.info({ route: info.route, retryAfter: info.retryAfter, global: info.global }, 'rate limited; waiting'));
  return c;
}

/** Logs in and waits for the gateway to be ready (bounded); a refused token gets a sentence. */
async function connect(c: Client, options: DiscordConnectionOptions, logger: Logger): Promise<void> {
  const controller = new AbortController();
  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.all([once(c, Events.ClientReady, { signal: controller.signal }), c.login(options.token)]),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Discord did not become ready within ${timeoutMs / 1000} s; check the network and DISCORD_TOKEN`)), timeoutMs);
      }),
    ]);
    if (c.application && c.application.id !== options.appId) {
      logger.warn({ appId: options.appId, tokenApp: c.application.id }, 'DISCORD_APP_ID does not match the application of DISCORD_TOKEN');
    }
    logger.info({ user: c.user?.tag, guilds: c.guilds.cache.size }, 'connected to Discord');
  } catch (err) {
    await c.destroy().catch(() => undefined);
    const e = err as { code?: string; status?: number; message?: string };
    if (e.code === 'TokenInvalid' || e.status === 401) throw new Error('Discord rejected the bot token (DISCORD_TOKEN)', { cause: err });
    throw err;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

export function createDiscordConnection(options: DiscordConnectionOptions): PlatformConnection {
  const logger = options.logger.child({ adapter: 'discord' });
  const shares = new ShareStore({ maxEntries: options.shareMaxEntries, ttlMs: options.shareTtlMs });
  const handlers = createHandlers({ core: options.core, logger, shares, answerDMs: options.answerDMs ?? true });
  const inFlight = new Set<Promise<void>>();
  let client: Client | null = null;
  const track = (p: Promise<void>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  return {
    name: 'discord',
    async start() {
      if (client) return;
      const c = createClient(options, logger, handlers, track);
      client = c;
      await connect(c, options, logger).catch((err: unknown) => {
        client = null;
        throw err;
      });
    },
    async stop() {
      const c = client;
      client = null;
      if (!c) return;
      // Let answers in progress finish (bounded), then close the gateway.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => (timer = setTimeout(r, options.drainTimeoutMs ?? 5_000)))]);
      clearTimeout(timer);
      await c.destroy();
    },
    ready() {
      const c = client;
      return !!c && c.isReady() && c.ws.shards.size > 0 && c.ws.shards.every((s) => s.status === Status.Ready);
    },
    async post(channelId: string, reply: ChatReply, progress?: { skip: number; sent(): void }) {
      const c = client;
      if (!c) throw new Error('Discord is not connected');
      const channel = await c.channels.fetch(channelId);
      if (!channel?.isSendable()) throw new Error(`Discord channel ${channelId} is not one I can post in`);
      // progress (the digest's retries): skip what an earlier attempt delivered, count each one sent.
      for (const m of toDiscordMessages(reply).slice(progress?.skip ?? 0)) {
        await channel.send(m);
        progress?.sent();
      }
    },
  };
}

export { registerCommands, commandDefinitions, COMMANDS, type RegisterCommandsOptions } from './commands.js';
export { toDiscordMessages, LIMITS, type DiscordMessage } from './render.js';
export { escapeInline } from './escape.js';
