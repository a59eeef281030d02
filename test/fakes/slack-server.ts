// A fake Slack on loopback for tests and benchmarks: the Web API methods the adapter calls, response_url
// endpoints, and a Socket Mode WebSocket. It records every call with its parsed body. Plus helpers to
// build and sign the requests Slack would send to the app.
import { createHmac } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface ApiCall {
  method: string;
  body: Record<string, any>;
  headers: IncomingHttpHeaders;
  /** performance.now() when the call arrived. */
  at: number;
  /** HTTP status the fake answered with (429 when rate limited). */
  status: number;
}

export interface ResponseUrlPost {
  /** The id in /respond/{id}. */
  id: string;
  body: Record<string, any>;
  at: number;
}

export interface SocketAck {
  envelope_id: string;
  payload: Record<string, any> | undefined;
  at: number;
}

export interface FakeSlackOptions {
  botUserId?: string;
  botId?: string;
  teamId?: string;
}

export interface FakeSlack {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** Web API base for the WebClient: http://127.0.0.1:PORT/api/ */
  readonly apiUrl: string;
  readonly botUserId: string;
  readonly teamId: string;
  readonly calls: ApiCall[];
  readonly responses: ResponseUrlPost[];
  readonly acks: SocketAck[];
  /** 'call' (ApiCall), 'respond' (ResponseUrlPost), 'ack' (SocketAck), 'socket' (connection opened). */
  readonly events: EventEmitter;
  /** A response_url served by this fake. */
  responseUrl(id: string): string;
  callsTo(method: string): ApiCall[];
  responsesFor(id: string): ResponseUrlPost[];
  /** The next `times` calls to `method` answer 429 with Retry-After: retryAfterSec. */
  rateLimit(method: string, times: number, retryAfterSec: number): void;
  /** The next `times` calls to `method` answer this HTTP status (a Slack outage). */
  failApi(method: string, times: number, status: number): void;
  /** The next `times` posts to any response_url answer this status (a Slack outage). */
  failResponses(times: number, status: number): void;
  /** The next `times` calls to `method` are answered only after `ms` (a slow Slack). */
  delayApi(method: string, times: number, ms: number): void;
  /** Open Socket Mode connections. */
  socketCount(): number;
  /** Sends a Socket Mode envelope on every open connection; returns its envelope id. */
  sendEnvelope(type: 'slash_commands' | 'events_api' | 'interactive', payload: unknown, extra?: Record<string, unknown>): string;
  close(): Promise<void>;
}

/** Polls `probe` every 10 ms until it returns a truthy value; rejects after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a Web API request body: JSON, or a form whose JSON-looking values (blocks, …) are decoded. */
function parseApiBody(raw: string, contentType: string | undefined): Record<string, any> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, any>;
  const out: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (/^[[{]/.test(value)) {
      try {
        out[key] = JSON.parse(value);
        continue;
      } catch {
        // not JSON after all
      }
    }
    out[key] = value;
  }
  return out;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const botUserId = options.botUserId ?? 'UBOT';
  const botId = options.botId ?? 'BBOT';
  const teamId = options.teamId ?? 'T1';
  const calls: ApiCall[] = [];
  const responses: ResponseUrlPost[] = [];
  const acks: SocketAck[] = [];
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const limits = new Map<string, { times: number; retryAfter: number }>();
  const respondFailures = { times: 0, status: 500 };
  const apiFailures = new Map<string, { times: number; status: number }>();
  const apiDelays = new Map<string, { times: number; ms: number }>();
  let ts = 1_700_000_000_000;
  let envelopes = 0;
  let url = '';

  const api = (method: string, body: Record<string, any>): unknown => {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.test/', team: 'Fake', user: 'newsroom-bot', team_id: teamId, user_id: botUserId, bot_id: botId };
      case 'chat.postMessage': {
        ts += 1;
        const messageTs = `${Math.floor(ts / 1000)}.${String(ts % 1000).padStart(6, '0')}`;
        return { ok: true, channel: body.channel, ts: messageTs, message: { type: 'message', text: body.text, ts: messageTs, bot_id: botId } };
      }
      case 'reactions.add':
      case 'reactions.remove':
        return { ok: true };
      case 'apps.connections.open':
        return { ok: true, url: `${url.replace('http://', 'ws://')}/socket` };
      default:
        return { ok: true };
    }
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const at = performance.now();
      if (req.method === 'POST' && path.startsWith('/api/')) {
        const method = path.slice('/api/'.length);
        const body = parseApiBody(raw, req.headers['content-type']);
        const delay = apiDelays.get(method);
        if (delay && delay.times > 0) {
          delay.times -= 1;
          await new Promise((resolve) => setTimeout(resolve, delay.ms));
        }
        const failure = apiFailures.get(method);
        if (failure && failure.times > 0) {
          failure.times -= 1;
          const call: ApiCall = { method, body, headers: req.headers, at, status: failure.status };
          calls.push(call);
          events.emit('call', call);
          json(res, failure.status, { ok: false, error: 'fake outage' });
          return;
        }
        const limit = limits.get(method);
        if (limit && limit.times > 0) {
          limit.times -= 1;
          const call: ApiCall = { method, body, headers: req.headers, at, status: 429 };
          calls.push(call);
          events.emit('call', call);
          json(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(limit.retryAfter) });
          return;
        }
        const call: ApiCall = { method, body, headers: req.headers, at, status: 200 };
        calls.push(call);
        events.emit('call', call);
        json(res, 200, api(method, body));
        return;
      }
      if (req.method === 'POST' && path.startsWith('/respond/') && respondFailures.times > 0) {
        respondFailures.times -= 1;
        json(res, respondFailures.status, { ok: false, error: 'fake outage' });
        return;
      }
      if (req.method === 'POST' && path.startsWith('/respond/')) {
        const post: ResponseUrlPost = { id: decodeURIComponent(path.slice('/respond/'.length)), body: raw ? JSON.parse(raw) : {}, at };
        responses.push(post);
        events.emit('respond', post);
        json(res, 200, { ok: true });
        return;
      }
      json(res, 404, { ok: false, error: 'unknown_method' });
    })().catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { ok: false, error: String(error) });
    });
  });

  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/socket') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => {
        let message: { envelope_id?: string; payload?: Record<string, any> };
        try {
          message = JSON.parse(String(data)) as typeof message;
        } catch {
          return;
        }
        if (message.envelope_id) {
          const ack: SocketAck = { envelope_id: message.envelope_id, payload: message.payload, at: performance.now() };
          acks.push(ack);
          events.emit('ack', ack);
        }
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: sockets.size, debug_info: { host: 'fake-slack' }, connection_info: { app_id: 'A1' } }));
      events.emit('socket', ws);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    apiUrl: `${url}/api/`,
    botUserId,
    teamId,
    calls,
    responses,
    acks,
    events,
    responseUrl: (id) => `${url}/respond/${encodeURIComponent(id)}`,
    callsTo: (method) => calls.filter((c) => c.method === method),
    responsesFor: (id) => responses.filter((r) => r.id === id),
    failApi: (method, times, status) => {
      apiFailures.set(method, { times, status });
    },
    failResponses: (times, status) => {
      respondFailures.times = times;
      respondFailures.status = status;
    },
    delayApi: (method, times, ms) => {
      apiDelays.set(method, { times, ms });
    },
    rateLimit: (method, times, retryAfter) => {
      limits.set(method, { times, retryAfter });
    },
    socketCount: () => sockets.size,
    sendEnvelope: (type, payload, extra = {}) => {
      envelopes += 1;
      const envelope_id = `env-${envelopes}`;
      const message = JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type !== 'events_api', ...extra });
      for (const ws of sockets) ws.send(message);
      return envelope_id;
    },
    close: async () => {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Requests Slack sends to the app (HTTP mode), signed as Slack signs them.

/** Slack's request signature: v0= HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret. */
export function signSlackRequest(signingSecret: string, body: string, timestampSec: number): Record<string, string> {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${signature}`, 'x-slack-request-timestamp': String(timestampSec) };
}

export interface SignedPostOptions {
  signingSecret: string;
  contentType: 'application/x-www-form-urlencoded' | 'application/json';
  /** Seconds since epoch to sign with (default now). */
  timestampSec?: number;
  /** Replaces the computed signature (to test a bad one). */
  signature?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface SignedPostResult {
  status: number;
  body: string;
  /** Milliseconds from sending to the full response. */
  ms: number;
}

export async function postSigned(url: string, body: string, options: SignedPostOptions): Promise<SignedPostResult> {
  const timestampSec = options.timestampSec ?? Math.floor(Date.now() / 1000);
  const signed = signSlackRequest(options.signingSecret, body, timestampSec);
  if (options.signature) signed['x-slack-signature'] = options.signature;
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': options.contentType, ...signed, ...(options.headers ?? {}) },
    body,
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const text = await res.text();
  return { status: res.status, body: text, ms: performance.now() - started };
}

export function slashCommandBody(p: {
  command: string;
  text: string;
  userId: string;
  channelId?: string;
  responseUrl: string;
  teamId?: string;
}): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: p.teamId ?? 'T1',
    team_domain: 'fake',
    channel_id: p.channelId ?? 'C1',
    channel_name: 'newsroom',
    user_id: p.userId,
    user_name: p.userId.toLowerCase(),
    command: p.command,
    text: p.text,
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: p.responseUrl,
    trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
  };
}

export function slashCommandForm(p: Parameters<typeof slashCommandBody>[0]): string {
  return new URLSearchParams(slashCommandBody(p)).toString();
}

export function eventCallback(p: { eventId: string; event: Record<string, unknown>; teamId?: string; botUserId?: string }): Record<string, unknown> {
  return {
    token: 'deprecated-verification-token',
    team_id: p.teamId ?? 'T1',
    api_app_id: 'A1',
    event: p.event,
    type: 'event_callback',
    event_id: p.eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: p.teamId ?? 'T1', user_id: p.botUserId ?? 'UBOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

export function blockActionPayload(p: {
  actionId: string;
  value: string;
  userId: string;
  responseUrl: string;
  channelId?: string;
  teamId?: string;
  ephemeral?: boolean;
}): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: p.userId, username: p.userId.toLowerCase(), name: p.userId.toLowerCase(), team_id: p.teamId ?? 'T1' },
    api_app_id: 'A1',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: p.channelId ?? 'C1', is_ephemeral: p.ephemeral ?? true },
    trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
    team: { id: p.teamId ?? 'T1', domain: 'fake' },
    channel: { id: p.channelId ?? 'C1', name: 'newsroom' },
    response_url: p.responseUrl,
    actions: [
      { type: 'button', action_id: p.actionId, block_id: 'newsroom_answer_actions', value: p.value, text: { type: 'plain_text', text: 'x' }, action_ts: String(Date.now() / 1000) },
    ],
  };
}

export function blockActionForm(p: Parameters<typeof blockActionPayload>[0]): string {
  return new URLSearchParams({ payload: JSON.stringify(blockActionPayload(p)) }).toString();
}
