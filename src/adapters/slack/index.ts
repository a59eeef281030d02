// The Slack adapter: Bolt in HTTP mode (Events API + interactivity on one URL) or in Socket Mode
// (when an app-level token is given). Everything Slack-specific lives in this folder.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import type { ChatCore, ChatReply, PlatformConnection } from '../../chat/types.js';
import type { Logger } from '../../log.js';
import { boltLevel, boltLogger } from './bolt-logger.js';
import { RecentKeys } from './dedupe.js';
import { FeedbackLog } from './feedback.js';
import { registerHandlers } from './handlers.js';
import { InFlight } from './in-flight.js';
import { toSlackMessages } from './render.js';
import { ReplyStore } from './reply-store.js';
import { refuseReplays, signatureMemory } from './replay.js';
import { refuseOutOfWindow } from './timestamp.js';
import { displayUrl } from '../../config.js';

export { toSlackBlocks, toSlackMessages, toSlackText } from './render.js';

/** How the Web API client retries (p-retry options). 429 answers wait for Retry-After, then count as one retry. */
export interface SlackRetryConfig {
  retries: number;
  factor?: number;
  minTimeout?: number;
  maxTimeout?: number;
  randomize?: boolean;
  maxRetryTime?: number;
}

/** An extra HTTP route served next to Slack's endpoint (Bolt's customRoutes), e.g. /healthz. */
export interface SlackExtraRoute {
  path: string;
  method: string | string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface SlackConnectionOptions {
  core: ChatCore;
  /** Bot token (xoxb-…). */
  botToken: string;
  /** Signing secret: required in HTTP mode, where every request's signature is checked. */
  signingSecret?: string;
  /** App-level token (xapp-…, scope connections:write): when set, Socket Mode is used (no public URL needed). */
  appToken?: string;
  /** HTTP mode: port to listen on (0 picks a free one). Socket Mode: port for extraRoutes only. Default 3000. */
  port?: number;
  /** HTTP mode: interface to listen on. Default all interfaces. */
  host?: string;
  /** Path Slack posts events, slash commands and interactions to (HTTP mode). Default '/slack/events'. */
  endpoint?: string;
  /** Web API base URL, ending in '/'. Default https://slack.com/api/ (tests point it at a fake). */
  slackApiUrl?: string;
  /** File the 👍 / 👎 votes are appended to, one JSON line each (its folder is created). */
  feedbackFile: string;
  logger: Logger;
  /** Web API retries. Default Slack's own: 10 retries over about 30 minutes, honouring Retry-After on 429. */
  retryConfig?: SlackRetryConfig;
  /** Timeout of one Web API request in ms (0: none). Default 30,000. */
  apiTimeoutMs?: number;
  /** Extra HTTP routes (health checks, metrics) served by Bolt's receiver. */
  extraRoutes?: SlackExtraRoute[];
  /** Clock (ms since epoch), for feedback timestamps and cache expiry. Default Date.now. */
  now?: () => number;
  /**
   * How long stop() waits for answers in progress (mentions, DMs, slash commands' response_url posts,
   * shares) before it stops Bolt. Default 8,000: inside serve's default SHUTDOWN_GRACE_MS (10,000), after
   * which the process exits 1; pass a little less than SHUTDOWN_GRACE_MS when that is set.
   */
  drainTimeoutMs?: number;
  /**
   * How long start() waits for Slack's auth.test (the token check) before it fails with a
   * message that says so. Default 30,000; a line says what it waits for after 5 s.
   */
  startTimeoutMs?: number;
}

export interface SlackConnection extends PlatformConnection {
  readonly mode: 'http' | 'socket';
  /** HTTP mode, once started: the port actually listened on. */
  port(): number | undefined;
}

const REPLIES = { max: 1000, ttlMs: 24 * 60 * 60 * 1000 };
const EVENT_IDS = { max: 10_000, ttlMs: 60 * 60 * 1000 };
const STOP_WAIT_MS = 3000;
const DRAIN_TIMEOUT_MS = 8000;
/** The 👀 reaction's requests give up after this long (or the API timeout, when shorter). */
const QUICK_TIMEOUT_MS = 10_000;
const START_TIMEOUT_MS = 30_000;
const START_NOTICE_MS = 5000;

interface Receivers {
  http?: HTTPReceiver;
  socket?: SocketModeReceiver;
}

/** Bolt's own receivers: Socket Mode with an app-level token, else HTTP (with a check on future timestamps). */
function createReceivers(options: SlackConnectionOptions, clientOptions: webApi.WebClientOptions): Receivers {
  const log = options.logger.child({ component: 'slack' });
  const logger = boltLogger(options.logger);
  const logLevel = boltLevel(options.logger);
  const customRoutes = options.extraRoutes ?? [];
  if (options.appToken) {
    return {
      socket: new SocketModeReceiver({
        appToken: options.appToken,
        logger,
        logLevel,
        customRoutes,
        installerOptions: { clientOptions, ...(options.port !== undefined ? { port: options.port } : {}) },
      }),
    };
  }
  const http = new HTTPReceiver({
    signingSecret: options.signingSecret as string,
    endpoints: options.endpoint ?? '/slack/events',
    customRoutes,
    logger,
    logLevel,
    processBeforeResponse: false,
  });
  // Bolt refuses only timestamps in the past; a future one is refused here (by the wall clock, as Bolt's).
  http.requestListener = refuseOutOfWindow(
    refuseReplays(http.requestListener, signatureMemory(), (ts) => log.warn({ timestamp: ts }, 'Slack request not handled: the same signed request came before (a replay)')),
    Date.now,
    (ts) => log.warn({ timestamp: ts }, 'Slack request refused: its timestamp is more than 5 minutes from now'),
  );
  return { http };
}

/**
 * Reactions (decoration) go through a client of their own: no retries, a 429 fails at once instead of
 * pausing the request queue that the answers use.
 */
function createQuickClient(options: SlackConnectionOptions): webApi.WebClient {
  const apiTimeoutMs = options.apiTimeoutMs ?? 30_000;
  return new webApi.WebClient(options.botToken, {
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: apiTimeoutMs > 0 ? Math.min(apiTimeoutMs, QUICK_TIMEOUT_MS) : QUICK_TIMEOUT_MS,
    logger: boltLogger(options.logger),
    logLevel: boltLevel(options.logger),
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
  });
}

function createApp(options: SlackConnectionOptions, receivers: Receivers, clientOptions: webApi.WebClientOptions): App {
  // One options object for every WebClient (App's, each listener's, Socket Mode's apps.connections.open).
  // retryConfig is always set: left undefined, the Socket Mode client would write its own 100-retry
  // policy into this shared object.
  return new App({
    token: options.botToken,
    receiver: (receivers.socket ?? receivers.http) as HTTPReceiver,
    logger: boltLogger(options.logger),
    logLevel: boltLevel(options.logger),
    clientOptions,
    convoStore: false,
    // auth.test runs in start(), where a bad token rejects, instead of in the constructor.
    deferInitialization: true,
  });
}

/** The one WebClient options object of a connection, shared by the App and Socket Mode (see createApp). */
function clientOptionsOf(options: SlackConnectionOptions): webApi.WebClientOptions {
  return {
    retryConfig: options.retryConfig ?? webApi.retryPolicies.tenRetriesInAboutThirtyMinutes,
    timeout: options.apiTimeoutMs ?? 30_000,
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    // Without it, a client made from these options (Socket Mode's) logs to the console, URLs unredacted.
    logger: boltLogger(options.logger),
    logLevel: boltLevel(options.logger),
  };
}

export function createSlackConnection(options: SlackConnectionOptions): SlackConnection {
  const now = options.now ?? Date.now;
  if (!options.appToken && !options.signingSecret) {
    throw new Error('Slack: set a signing secret (HTTP mode) or an app-level token (Socket Mode).');
  }
  const clientOptions = clientOptionsOf(options);
  const receivers = createReceivers(options, clientOptions);
  const app = createApp(options, receivers, clientOptions);
  const inFlight = new InFlight();
  registerHandlers(app, {
    core: options.core,
    inFlight,
    quickClient: createQuickClient(options),
    logger: options.logger,
    replies: new ReplyStore({ ...REPLIES, now }),
    feedback: new FeedbackLog(options.feedbackFile),
    events: new RecentKeys({ ...EVENT_IDS, now }),
    messages: new RecentKeys({ ...EVENT_IDS, now }),
    now,
  });
  return slackLifecycle(options, app, receivers, inFlight);
}

/** start / stop / ready / post of a connection whose listeners are registered. */
function slackLifecycle(options: SlackConnectionOptions, app: App, receivers: Receivers, inFlight: InFlight): SlackConnection {
  const log = options.logger.child({ component: 'slack' });
  const socketMode = Boolean(receivers.socket);
  const state: LifecycleState = { started: false, connected: false };
  watchSocket(receivers.socket?.client, state);
  return {
    name: 'slack',
    mode: socketMode ? 'socket' : 'http',

    async start(): Promise<void> {
      if (state.started) return;
      if (state.stopping) await state.stopping;
      inFlight.open();
      await checkToken(app, options, clientOptionsOf(options), log);
      if (socketMode) {
        await app.start();
        state.connected = true;
        log.info({ mode: 'socket' }, 'Slack connected (Socket Mode)');
      } else {
        const listen = { port: options.port ?? 3000, ...(options.host ? { host: options.host } : {}) };
        state.server = (await app.start(listen)) as Server;
        log.info({ mode: 'http', port: (state.server.address() as AddressInfo | null)?.port }, 'Slack listening (HTTP)');
      }
      state.started = true;
    },

    stop(): Promise<void> {
      if (!state.started) return state.stopping ?? Promise.resolve();
      state.started = false;
      state.stopping = stopSlack(app, receivers, inFlight, state, options.drainTimeoutMs ?? DRAIN_TIMEOUT_MS, log).finally(() => {
        state.stopping = undefined;
      });
      return state.stopping;
    },

    ready: () => state.started && (socketMode ? state.connected : true),

    port(): number | undefined {
      const address = state.server?.address();
      return address && typeof address === 'object' ? address.port : undefined;
    },

    async post(channelId: string, reply: ChatReply, progress?: { skip: number; sent(): void }): Promise<void> {
      // progress (the digest's retries): skip what an earlier attempt delivered, count each one sent.
      for (const message of toSlackMessages(reply).slice(progress?.skip ?? 0)) {
        await app.client.chat.postMessage({ channel: channelId, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
        progress?.sent();
      }
    },
  };
}

interface LifecycleState {
  started: boolean;
  connected: boolean;
  stopping?: Promise<void>;
  server?: Server;
}

type SocketClient = NonNullable<SocketModeReceiver['client']>;

function watchSocket(client: SocketClient | undefined, state: LifecycleState): void {
  client?.on('connected', () => {
    state.connected = true;
  });
  for (const event of ['disconnected', 'reconnecting', 'disconnecting'] as const) {
    client?.on(event, () => {
      state.connected = false;
    });
  }
}

/**
 * Bolt's init() calls auth.test with the client's retries (half an hour by default): say
 * what start-up waits for, and give up after startTimeoutMs with a message that says why.
 * The check goes through a client of its own whose retries end within that time, whose retry
 * timers do not hold the process open, and whose request is aborted when start-up gives up:
 * a bot that cannot start must be able to exit (so that a restart policy fires).
 */
async function checkToken(app: App, options: SlackConnectionOptions, clientOptions: webApi.WebClientOptions, log: Logger): Promise<void> {
  const limitMs = options.startTimeoutMs ?? START_TIMEOUT_MS;
  const api = options.slackApiUrl ? displayUrl(options.slackApiUrl) : 'https://slack.com/api/';
  log.info({ api }, 'Slack: checking the bot token (auth.test)');
  const giveUp = new AbortController();
  const startupClient = new webApi.WebClient(options.botToken, {
    ...clientOptions,
    retryConfig: { retries: 10, factor: 2, minTimeout: 250, maxTimeout: 5000, maxRetryTime: limitMs, unref: true } as webApi.RetryOptions,
    rejectRateLimitedCalls: true,
    timeout: limitMs + 1000, // the start-up limit below speaks first
    fetch: (url, init) => fetch(url, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, giveUp.signal]) : giveUp.signal }),
  });
  // init() verifies the token with app.client; lend it the start-up client for that one call.
  const client = app.client;
  app.client = startupClient;
  const init = app.init().finally(() => {
    app.client = client;
  });
  init.catch(() => undefined); // settled after the time-out: already reported
  let notice: NodeJS.Timeout | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      init,
      new Promise<never>((_, reject) => {
        notice = setTimeout(() => log.warn({ api, waitedMs: START_NOTICE_MS, limitMs }, 'Slack: still waiting for auth.test to answer'), START_NOTICE_MS);
        timer = setTimeout(
          () => reject(new Error(`Slack did not answer auth.test (the bot token check) at ${api} within ${Math.round(limitMs / 1000)} s: check the network and SLACK_BOT_TOKEN.`)),
          limitMs,
        );
      }),
    ]);
  } catch (err) {
    giveUp.abort();
    const message = (err as Error).message;
    if (/did not answer auth\.test/.test(message)) throw err;
    if ((err as { code?: string }).code === webApi.ErrorCode.RequestError) {
      throw new Error(`Slack did not answer auth.test (the bot token check) at ${api}: ${message}; check the network and SLACK_BOT_TOKEN.`);
    }
    if ((err as { code?: string }).code === webApi.ErrorCode.RateLimitedError) throw new Error(`Slack rate-limited auth.test (the bot token check) at ${api}: ${message}`);
    throw new Error(`Slack refused the bot token (auth.test: ${message.replace(/xox[a-z]-[\w-]+/g, 'xox…')}): check SLACK_BOT_TOKEN.`);
  } finally {
    clearTimeout(notice);
    clearTimeout(timer);
  }
}

async function stopSlack(app: App, receivers: Receivers, inFlight: InFlight, state: LifecycleState, drainTimeoutMs: number, log: Logger): Promise<void> {
  // New questions are turned away from now on; answers in progress are finished (bounded), then
  // Bolt stops (the HTTP listener closes, or the socket disconnects).
  inFlight.close();
  if (inFlight.size > 0) log.info({ inFlight: inFlight.size, waitMs: drainTimeoutMs }, 'Slack: finishing answers in progress');
  const unfinished = await inFlight.drain(drainTimeoutMs);
  if (unfinished > 0) log.warn({ unfinished, waitedMs: drainTimeoutMs }, 'Slack: stopping with answers still in progress');
  const socketClient = receivers.socket?.client;
  if (socketClient) {
    const disconnected = state.connected
      ? new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, STOP_WAIT_MS);
          socketClient.once('disconnected', () => {
            clearTimeout(timer);
            resolve();
          });
        })
      : Promise.resolve();
    await app.stop();
    await disconnected;
    state.connected = false;
  } else {
    await app.stop();
    state.server = undefined;
  }
  log.info('Slack stopped');
}
