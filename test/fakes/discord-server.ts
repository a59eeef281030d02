// A fake Discord on loopback: the REST API (node:http) and the gateway (ws) on one port, so the
// real discord.js Client can be pointed at it with `rest: { api: fake.api }`.
//
// REST: GET /api/v10/gateway/bot returns ws://127.0.0.1:PORT; every request is recorded (method,
// decoded path, query, JSON body, status, time). Gateway: op 10 HELLO; op 1 → op 11; op 2 IDENTIFY
// → READY then GUILD_CREATE (with channels: discord.js drops messages to unknown guild channels);
// op 6 RESUME → RESUMED (replaying events queued while disconnected). Events are pushed with
// pushMention/pushDM/pushCommand/pushButton; closeGateway() drops the socket to test reconnects;
// rateLimit() answers the next N matching requests with 429 and the headers discord.js reads;
// failRequests() answers them with another error (403 Missing Permissions by default).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

export const IDS = {
  app: '1180000000000000001',
  bot: '1180000000000000001',
  guild: '1180000000000000100',
  owner: '1180000000000000099',
  channel: '1180000000000000200',
  /** A thread the fake does NOT announce in GUILD_CREATE (created later, say). */
  thread: '1180000000000000300',
} as const;

export interface RecordedCall {
  method: string;
  /** Path after /api/v10, percent-decoded (`/webhooks/…/messages/@original`). */
  path: string;
  /** The path as sent (`%40original`). */
  rawPath: string;
  query: URLSearchParams;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  status: number;
  /** performance.now() when the request arrived. */
  at: number;
  /** What the fake answered (a posted message, with its id). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  response?: any;
}

export interface GatewayEvent {
  op: number;
  d?: unknown;
  s?: number | null;
  t?: string | null;
}

interface RateLimitRule {
  method?: string;
  path: RegExp;
  times: number;
  retryAfter: number;
  global: boolean;
}

interface FailRule {
  method?: string;
  path: RegExp;
  times: number;
  status: number;
  body: unknown;
}

interface InteractionState {
  id: string;
  token: string;
  channelId: string;
  acked: boolean;
  ephemeral: boolean;
  originalId: string;
}

export interface FakeDiscordOptions {
  heartbeatIntervalMs?: number;
}

export interface PushUser {
  id?: string;
  username?: string;
}

type Json = Record<string, unknown>;

export class FakeDiscord {
  readonly calls: RecordedCall[] = [];
  readonly gatewayLog: { dir: 'in' | 'out'; op: number; t?: string | null }[] = [];
  identifies = 0;
  resumes = 0;
  /** Answer every authenticated REST call with 401 (an invalid bot token). */
  rejectTokens = false;
  /** Intents sent with the last IDENTIFY. */
  lastIntents: number | undefined;

  private server!: Server;
  private wss!: WebSocketServer;
  private sockets = new Set<WebSocket>();
  private live: WebSocket | null = null;
  private queued: { t: string; d: unknown }[] = [];
  private seq = 0;
  private sessionId = '';
  private sessionCount = 0;
  private idCounter = 0n;
  private rules: RateLimitRule[] = [];
  private failRules: FailRule[] = [];
  private interactions = new Map<string, InteractionState>();
  private dmChannels = new Map<string, string>(); // channel id -> user id
  private readonly heartbeatInterval: number;

  private constructor(options: FakeDiscordOptions) {
    this.heartbeatInterval = options.heartbeatIntervalMs ?? 41_250;
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await fake.listen();
    return fake;
  }

  port = 0;
  /** What to give discord.js as `rest.api`. */
  get api(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  private async listen(): Promise<void> {
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
    this.live = null;
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  nextId(): string {
    this.idCounter += 1n;
    return (1_190_000_000_000_000_000n + this.idCounter).toString();
  }

  // ---------------------------------------------------------------- REST

  /** The next `times` requests matching `path` (and `method`) get a 429 asking to wait `retryAfter` s. */
  rateLimit(rule: { method?: string; path: RegExp; times?: number; retryAfter?: number; global?: boolean }): void {
    this.rules.push({ method: rule.method, path: rule.path, times: rule.times ?? 1, retryAfter: rule.retryAfter ?? 0.3, global: rule.global ?? false });
  }

  /** The next `times` requests matching `path` (and `method`) fail with `status` (default 403 Missing Permissions). */
  failRequests(rule: { method?: string; path: RegExp; times?: number; status?: number; body?: unknown }): void {
    this.failRules.push({
      method: rule.method,
      path: rule.path,
      times: rule.times ?? 1,
      status: rule.status ?? 403,
      body: rule.body ?? { message: 'Missing Permissions', code: 50013 },
    });
  }

  /** Recorded calls (optionally only those matching). */
  find(method: string, path: RegExp, status?: number): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path) && (status === undefined || c.status === status));
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = undefined;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const rawPath = url.pathname.replace(/^\/api\/v10/, '');
    const path = decodeURIComponent(rawPath);
    const method = req.method ?? 'GET';
    const call: RecordedCall = { method, path, rawPath, query: url.searchParams, body, status: 0, at };
    this.calls.push(call);

    if (this.rejectTokens && req.headers.authorization) {
      call.status = 401;
      this.json(res, 401, { message: '401: Unauthorized', code: 0 });
      return;
    }
    const rule = this.rules.find((r) => r.times > 0 && (!r.method || r.method === method) && r.path.test(path));
    if (rule) {
      rule.times--;
      call.status = 429;
      const headers: Record<string, string> = {
        'Retry-After': String(Math.ceil(rule.retryAfter)),
        'X-RateLimit-Limit': '5',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset-After': String(rule.retryAfter),
        'X-RateLimit-Bucket': 'fake-bucket',
        'X-RateLimit-Scope': rule.global ? 'global' : 'user',
      };
      if (rule.global) headers['X-RateLimit-Global'] = 'true';
      this.json(res, 429, { message: 'You are being rate limited.', retry_after: rule.retryAfter, global: rule.global }, headers);
      return;
    }
    const fail = this.failRules.find((r) => r.times > 0 && (!r.method || r.method === method) && r.path.test(path));
    if (fail) {
      fail.times--;
      call.status = fail.status;
      this.json(res, fail.status, fail.body);
      return;
    }
    const out = this.route(method, path, body as Json | undefined);
    call.status = out.status;
    call.response = out.body;
    if (out.body === undefined) {
      // 204: no body and so no content type (discord.js would try to parse an empty JSON body).
      res.writeHead(out.status);
      res.end();
    } else this.json(res, out.status, out.body);
  }

  private json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  private route(method: string, path: string, body: Json | undefined): { status: number; body?: unknown } {
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return {
        status: 200,
        body: {
          url: this.gatewayUrl,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
        },
      };
    }
    if (method === 'GET' && path === '/gateway') return { status: 200, body: { url: this.gatewayUrl } };
    if (method === 'GET' && path === '/users/@me') return { status: 200, body: this.botUser() };
    if (method === 'GET' && (m = /^\/channels\/(\d+)$/.exec(path))) {
      const ch = this.channelObject(m[1]);
      return ch ? { status: 200, body: ch } : { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
    }
    if (method === 'POST' && (m = /^\/channels\/(\d+)\/messages$/.exec(path))) {
      if (!this.channelObject(m[1])) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
      return { status: 200, body: this.messageObject(m[1], body ?? {}) };
    }
    if (method === 'POST' && (m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path))) {
      const st = this.interactions.get(m[1]);
      if (!st || st.token !== m[2]) return { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
      if (st.acked) return { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } };
      st.acked = true;
      const data = (body?.data ?? {}) as Json;
      st.ephemeral = ((Number(data.flags) || 0) & 64) === 64;
      return { status: 204 };
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/.exec(path))) {
      const st = [...this.interactions.values()].find((s) => s.token === m![2]);
      if (!st || m[1] !== IDS.app) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
      if (method === 'PATCH') {
        if (!st.acked) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
        return { status: 200, body: this.messageObject(st.channelId, body ?? {}, st.originalId, st.ephemeral ? 64 : 0) };
      }
      if (method === 'GET') return { status: 200, body: this.messageObject(st.channelId, {}, st.originalId) };
    }
    if (method === 'POST' && (m = /^\/webhooks\/(\d+)\/([^/]+)$/.exec(path))) {
      const st = [...this.interactions.values()].find((s) => s.token === m![2]);
      if (!st || m[1] !== IDS.app) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
      return { status: 200, body: this.messageObject(st.channelId, body ?? {}, undefined, Number(body?.flags) || 0) };
    }
    if (method === 'PUT' && (m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path))) {
      const list = Array.isArray(body) ? (body as Json[]) : [];
      return {
        status: 200,
        body: list.map((c) => ({ ...c, id: this.nextId(), application_id: m![1], version: this.nextId(), ...(m![2] ? { guild_id: m![2] } : {}) })),
      };
    }
    return { status: 404, body: { message: '404: Not Found', code: 0 } };
  }

  // ---------------------------------------------------------------- gateway

  private onSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => {
      this.sockets.delete(ws);
      if (this.live === ws) this.live = null;
    });
    ws.on('message', (data) => {
      let p: GatewayEvent;
      try {
        p = JSON.parse(String(data)) as GatewayEvent;
      } catch {
        ws.close(4002, 'Decode error');
        return;
      }
      this.gatewayLog.push({ dir: 'in', op: p.op });
      this.onGatewayPayload(ws, p);
    });
    this.send(ws, { op: 10, d: { heartbeat_interval: this.heartbeatInterval }, s: null, t: null });
  }

  private onGatewayPayload(ws: WebSocket, p: GatewayEvent): void {
    const d = (p.d ?? {}) as Json;
    switch (p.op) {
      case 1:
        this.send(ws, { op: 11 });
        return;
      case 2: {
        this.identifies++;
        this.lastIntents = Number(d.intents);
        this.sessionId = `fake-session-${++this.sessionCount}`;
        this.seq = 0;
        this.live = ws;
        this.dispatchTo(ws, 'READY', this.readyPayload());
        this.dispatchTo(ws, 'GUILD_CREATE', this.guildPayload());
        this.flush();
        return;
      }
      case 6: {
        this.resumes++;
        if (d.session_id !== this.sessionId) {
          this.send(ws, { op: 9, d: false });
          return;
        }
        this.live = ws;
        this.flush();
        this.dispatchTo(ws, 'RESUMED', {});
        return;
      }
      default:
        return;
    }
  }

  private send(ws: WebSocket, p: GatewayEvent): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    this.gatewayLog.push({ dir: 'out', op: p.op, t: p.t });
    ws.send(JSON.stringify(p));
  }

  private dispatchTo(ws: WebSocket, t: string, d: unknown): void {
    this.send(ws, { op: 0, t, s: ++this.seq, d });
  }

  private flush(): void {
    const ws = this.live;
    if (!ws) return;
    for (const e of this.queued.splice(0)) this.dispatchTo(ws, e.t, e.d);
  }

  /** Sends a dispatch to the connected session, or queues it until one identifies or resumes. */
  dispatch(t: string, d: unknown): void {
    if (this.live && this.live.readyState === WebSocket.OPEN) this.dispatchTo(this.live, t, d);
    else this.queued.push({ t, d });
  }

  /** Closes the gateway socket from the server side (4000: the client resumes; 1000: it identifies again). */
  closeGateway(code = 4000): void {
    const ws = this.live;
    this.live = null;
    ws?.close(code, 'fake: closing');
  }

  /** True while a session is identified or resumed on an open socket. */
  get connected(): boolean {
    return !!this.live && this.live.readyState === WebSocket.OPEN;
  }

  // ---------------------------------------------------------------- events to push

  user(u: PushUser = {}): Json {
    const id = u.id ?? '1180000000000000500';
    return { id, username: u.username ?? `reporter-${id.slice(-3)}`, discriminator: '0', global_name: null, avatar: null, bot: false };
  }

  /**
   * A message that mentions the bot (unless `mention: false`) in the guild channel, or in `channelId`.
   * With `replyTo` (the id of one of the bot's messages) it is a reply to that message: type 19,
   * message_reference and referenced_message, and the bot in `mentions` as Discord lists the
   * replied-to author there (a pinging reply) whether or not the content @mentions it.
   */
  pushMention(o: { text: string; user?: PushUser; channelId?: string; threadParent?: boolean; mention?: boolean; replyTo?: string }): string {
    const id = this.nextId();
    const author = this.user(o.user);
    const mention = o.mention ?? true;
    const channelId = o.channelId ?? IDS.channel;
    const d: Json = {
      id,
      channel_id: channelId,
      channel_type: channelId === IDS.thread ? 11 : 0,
      guild_id: IDS.guild,
      author,
      member: { roles: [], joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0, nick: null, avatar: null },
      content: mention ? `<@${IDS.bot}> ${o.text}` : o.text,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: mention || o.replyTo ? [this.botUser()] : [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: o.replyTo ? 19 : 0,
      flags: 0,
      components: [],
      nonce: id,
    };
    if (o.replyTo) {
      d.message_reference = { type: 0, message_id: o.replyTo, channel_id: channelId, guild_id: IDS.guild };
      d.referenced_message = this.messageObject(channelId, { content: 'An earlier answer.' }, o.replyTo);
    }
    this.dispatch('MESSAGE_CREATE', d);
    return id;
  }

  /** A direct message to the bot (no guild, channel_type 1). Returns the message id. */
  pushDM(o: { text: string; user?: PushUser }): { messageId: string; channelId: string } {
    const author = this.user(o.user);
    let channelId = [...this.dmChannels].find(([, u]) => u === author.id)?.[0];
    if (!channelId) {
      channelId = this.nextId();
      this.dmChannels.set(channelId, author.id as string);
    }
    const id = this.nextId();
    this.dispatch('MESSAGE_CREATE', {
      id,
      channel_id: channelId,
      channel_type: 1,
      author,
      content: o.text,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: 0,
      flags: 0,
      components: [],
    });
    return { messageId: id, channelId };
  }

  private interactionBase(user: PushUser | undefined, channelId: string): { state: InteractionState; d: Json } {
    const id = this.nextId();
    const token = `itoken-${id}-${Math.random().toString(36).slice(2)}`;
    const state: InteractionState = { id, token, channelId, acked: false, ephemeral: false, originalId: this.nextId() };
    this.interactions.set(id, state);
    const d: Json = {
      id,
      application_id: IDS.app,
      token,
      version: 1,
      guild_id: IDS.guild,
      channel_id: channelId,
      channel: this.channelObject(channelId),
      member: {
        user: this.user(user),
        roles: [],
        joined_at: '2024-01-01T00:00:00.000Z',
        deaf: false,
        mute: false,
        flags: 0,
        nick: null,
        avatar: null,
        pending: false,
        permissions: '2248473465835073',
      },
      locale: 'en-US',
      guild_locale: 'en-US',
      app_permissions: '2248473465835073',
      entitlements: [],
      authorizing_integration_owners: { '0': IDS.guild },
      context: 0,
      attachment_size_limit: 8_388_608,
    };
    return { state, d };
  }

  /** A slash command: `pushCommand('ask', { question: '…' })`. Returns the interaction's id and token. */
  pushCommand(name: string, options: Record<string, string | number> = {}, o: { user?: PushUser; channelId?: string } = {}): { id: string; token: string } {
    const { state, d } = this.interactionBase(o.user, o.channelId ?? IDS.channel);
    d.type = 2;
    d.data = {
      id: this.nextId(),
      name,
      type: 1,
      guild_id: IDS.guild,
      options: Object.entries(options).map(([k, v]) => ({ name: k, type: typeof v === 'number' ? 4 : 3, value: v })),
    };
    this.dispatch('INTERACTION_CREATE', d);
    return { id: state.id, token: state.token };
  }

  /**
   * A click on a button of an (ephemeral) message of the bot; with `componentType: 3` and
   * `values`, a choice in a string select menu instead.
   */
  pushButton(customId: string, o: { user?: PushUser; channelId?: string; componentType?: number; values?: string[] } = {}): { id: string; token: string } {
    const channelId = o.channelId ?? IDS.channel;
    const { state, d } = this.interactionBase(o.user, channelId);
    d.type = 3;
    d.data = { custom_id: customId, component_type: o.componentType ?? 2, ...(o.values ? { values: o.values } : {}) };
    d.message = { ...this.messageObject(channelId, { content: '' }, this.nextId(), 64), type: 20 };
    this.dispatch('INTERACTION_CREATE', d);
    return { id: state.id, token: state.token };
  }

  // ---------------------------------------------------------------- objects

  botUser(): Json {
    return { id: IDS.bot, username: 'newsroom-bot', discriminator: '0', global_name: null, avatar: null, bot: true };
  }

  private channelObject(id: string): Json | undefined {
    if (id === IDS.channel) {
      return { id, type: 0, guild_id: IDS.guild, name: 'newsroom', position: 0, permission_overwrites: [], parent_id: null, topic: null, nsfw: false, last_message_id: null, rate_limit_per_user: 0, flags: 0 };
    }
    if (id === IDS.thread) {
      return {
        id,
        type: 11,
        guild_id: IDS.guild,
        name: 'election-night',
        parent_id: IDS.channel,
        owner_id: IDS.owner,
        last_message_id: null,
        rate_limit_per_user: 0,
        message_count: 1,
        member_count: 1,
        flags: 0,
        thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: '2024-01-01T00:00:00.000Z', locked: false },
      };
    }
    const user = this.dmChannels.get(id);
    if (user) return { id, type: 1, last_message_id: null, flags: 0, recipients: [this.user({ id: user })] };
    return undefined;
  }

  private messageObject(channelId: string, body: Json, id = this.nextId(), flags = Number(body.flags) || 0): Json {
    const ref = body.message_reference as Json | undefined;
    return {
      id,
      channel_id: channelId,
      ...(channelId === IDS.channel || channelId === IDS.thread ? { guild_id: IDS.guild } : {}),
      author: this.botUser(),
      content: typeof body.content === 'string' ? body.content : '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: Array.isArray(body.embeds) ? body.embeds : [],
      components: Array.isArray(body.components) ? body.components : [],
      pinned: false,
      type: ref ? 19 : 0,
      flags,
      ...(ref ? { message_reference: { type: 0, ...ref, channel_id: channelId } } : {}),
    };
  }

  private readyPayload(): Json {
    return {
      v: 10,
      user: { ...this.botUser(), verified: true, mfa_enabled: false, flags: 0 },
      guilds: [{ id: IDS.guild, unavailable: true }],
      session_id: this.sessionId,
      resume_gateway_url: this.gatewayUrl,
      shard: [0, 1],
      application: { id: IDS.app, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      session_type: 'normal',
      auth: {},
      user_settings: {},
    };
  }

  private guildPayload(): Json {
    const channel = { ...this.channelObject(IDS.channel) };
    delete channel.guild_id;
    return {
      id: IDS.guild,
      name: 'Newsroom',
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: IDS.owner,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [
        { id: IDS.guild, name: '@everyone', color: 0, hoist: false, icon: null, unicode_emoji: null, position: 0, permissions: '2248473465835073', managed: false, mentionable: false, flags: 0 },
      ],
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      max_members: 500_000,
      vanity_url_code: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: 'en-US',
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      joined_at: '2024-01-01T00:00:00.000Z',
      large: false,
      unavailable: false,
      member_count: 2,
      voice_states: [],
      members: [{ user: this.botUser(), roles: [], joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0, nick: null, avatar: null }],
      channels: [channel],
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  // ---------------------------------------------------------------- waiting

  /** Polls `check` until it returns something truthy; rejects after `timeoutMs`. */
  async waitFor<T>(check: () => T | undefined | null | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
    const end = performance.now() + timeoutMs;
    for (;;) {
      const v = check();
      if (v) return v;
      if (performance.now() > end) throw new Error(`fake discord: timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Waits for a recorded call (with a 2xx status, unless `anyStatus`). */
  waitForCall(method: string, path: RegExp, timeoutMs = 5000, opts: { count?: number; anyStatus?: boolean } = {}): Promise<RecordedCall[]> {
    const count = opts.count ?? 1;
    return this.waitFor(
      () => {
        const found = this.calls.filter((c) => c.method === method && path.test(c.path) && (opts.anyStatus || (c.status >= 200 && c.status < 300)));
        return found.length >= count ? found : undefined;
      },
      timeoutMs,
      `${count} × ${method} ${path}`,
    );
  }
}
