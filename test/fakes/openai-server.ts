// A fake OpenAI-compatible server on 127.0.0.1: chat completions answered by a function
// the test supplies, embeddings that honour `encoding_format`, and switchable failures.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string }[];
}

export interface FakeOpenAI {
  baseURL: string;
  requests: { path: string; body: any }[];
  /** What the chat model answers (the message content). */
  reply: (body: ChatRequestBody) => string;
  /** Respond with this status (and a JSON error) instead, while set. */
  failWith: number | null;
  /** Delay every response by this many ms. */
  delayMs: number;
  /** When set, send chat completions' headers at once and then the body a few bytes at a time, this many ms apart. */
  trickleMs: number;
  /** Embedding function for /v1/embeddings. */
  embed: (text: string) => number[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const sockets = new Set<import('node:net').Socket>();
  const fake: FakeOpenAI = {
    baseURL: '',
    requests: [],
    reply: () => '{"answerable": false, "summary": "", "disagreements": []}',
    failWith: null,
    delayMs: 0,
    trickleMs: 0,
    embed: (text) => {
      const v = new Array(8).fill(0);
      for (const w of text.toLowerCase().split(/\W+/)) if (w) v[w.length % 8] += 1;
      return v;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', ...(status === 429 ? { 'retry-after': '0' } : {}) });
    res.end(JSON.stringify(body));
  };
  // Headers at once, then the body in 8-byte pieces: a slow model streaming out its reply.
  const trickle = async (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.flushHeaders();
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i += 8) {
      if (res.destroyed) return;
      res.write(bytes.subarray(i, i + 8));
      await new Promise((r) => setTimeout(r, fake.trickleMs));
    }
    res.end();
  };
  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    let body: any = {};
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      // keep {}
    }
    fake.requests.push({ path: req.url ?? '', body });
    if (fake.delayMs) await new Promise((r) => setTimeout(r, fake.delayMs));
    if (res.destroyed) return;
    if (fake.failWith) return send(res, fake.failWith, { error: { message: `fake failure ${fake.failWith}`, type: 'server_error' } });
    if (req.url === '/v1/chat/completions') {
      const content = fake.reply(body as ChatRequestBody);
      return (fake.trickleMs ? trickle : send)(res, 200, {
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: 0,
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      });
    }
    if (req.url === '/v1/embeddings') {
      const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
      const data = inputs.map((text, index) => {
        const v = fake.embed(text);
        // The SDK asks for base64 unless told otherwise, and drops float arrays it did not ask for.
        const embedding = body.encoding_format === 'float' ? v : Buffer.from(new Float32Array(v).buffer).toString('base64');
        return { object: 'embedding', index, embedding };
      });
      return send(res, 200, { object: 'list', data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } });
    }
    send(res, 404, { error: { message: 'not found' } });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}
