// Burst of /ask interactions through the fake Discord gateway and the real discord.js client:
// how many are acknowledged (deferred) within Discord's 3 s, and how long until the answer.
//   npx tsc -p tsconfig.bench.json && node dist-bench/bench/discord-burst.js [interactions] [users]
import { pathToFileURL } from 'node:url';
import { createDiscordConnection } from '../src/adapters/discord/index.js';
import type { ChatCore, CommandName } from '../src/chat/types.js';
import { silentLogger } from '../src/log.js';
import { FakeDiscord, IDS } from '../test/fakes/discord-server.js';

export interface DiscordBurstOptions {
  interactions?: number;
  users?: number;
  /** Passed to the client's REST options (discord.js caps requests at 50/s by default). */
  globalRequestsPerSecond?: number;
  /** Give up waiting for answers after this long. */
  timeoutMs?: number;
}

export interface DiscordBurstResult {
  interactions: number;
  users: number;
  deferredWithin3s: number;
  deferP50Ms: number;
  deferP95Ms: number;
  answerP50Ms: number;
  answerP95Ms: number;
  answered: number;
  errors: number;
  rateLimitedResponses: number;
  wallMs: number;
}

const ORIGINAL = /^\/webhooks\/\d+\/([^/]+)\/messages\/@original$/;
const CALLBACK = /^\/interactions\/\d+\/([^/]+)\/callback$/;

function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export async function runDiscordBurst(core: ChatCore, options: DiscordBurstOptions = {}): Promise<DiscordBurstResult> {
  const { interactions = 200, users = 20, timeoutMs = 60_000 } = options;
  const fake = await FakeDiscord.start();
  const conn = createDiscordConnection({
    core,
    token: 'bench-token',
    appId: IDS.app,
    logger: silentLogger,
    restApi: fake.api,
    rest: { retries: 0, ...(options.globalRequestsPerSecond ? { globalRequestsPerSecond: options.globalRequestsPerSecond } : {}) },
    readyTimeoutMs: 10_000,
  });
  try {
    await conn.start();
    const pushedAt = new Map<string, number>(); // token -> time pushed
    const t0 = performance.now();
    for (let i = 0; i < interactions; i++) {
      const user = { id: (1_180_000_000_000_001_000n + BigInt(i % users)).toString() };
      const at = performance.now();
      const { token } = fake.pushCommand('ask', { question: `How long was the call? (${i})` }, { user });
      pushedAt.set(token, at);
    }
    const done = () => new Set(fake.calls.filter((c) => c.method === 'PATCH' && c.status === 200 && ORIGINAL.test(c.path)).map((c) => ORIGINAL.exec(c.path)![1]));
    await fake.waitFor(() => done().size >= interactions, timeoutMs, 'every answer').catch(() => undefined);
    const wallMs = performance.now() - t0;

    const deferAt = new Map<string, number>();
    const answerAt = new Map<string, number>();
    let errors = 0;
    let limited = 0;
    for (const c of fake.calls) {
      if (c.status === 429) limited++;
      else if (c.status >= 400) errors++;
      const cb = CALLBACK.exec(c.path);
      if (cb && c.method === 'POST' && c.status === 204 && !deferAt.has(cb[1])) deferAt.set(cb[1], c.at);
      const ed = ORIGINAL.exec(c.path);
      if (ed && c.method === 'PATCH' && c.status === 200 && !answerAt.has(ed[1])) answerAt.set(ed[1], c.at);
    }
    const defers: number[] = [];
    const answers: number[] = [];
    for (const [token, at] of pushedAt) {
      const d = deferAt.get(token);
      const a = answerAt.get(token);
      if (d === undefined || a === undefined) errors++;
      if (d !== undefined) defers.push(d - at);
      if (a !== undefined) answers.push(a - at);
    }
    return {
      interactions,
      users,
      deferredWithin3s: defers.filter((ms) => ms <= 3000).length,
      deferP50Ms: percentile(defers, 50),
      deferP95Ms: percentile(defers, 95),
      answerP50Ms: percentile(answers, 50),
      answerP95Ms: percentile(answers, 95),
      answered: answers.length,
      errors,
      rateLimitedResponses: limited,
      wallMs,
    };
  } finally {
    await conn.stop();
    await fake.close();
  }
}

export function formatBurst(r: DiscordBurstResult, label = ''): string {
  const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : '—');
  const rows: [string, string][] = [
    ['interactions / users', `${r.interactions} / ${r.users}`],
    ['deferred within 3 s', `${r.deferredWithin3s} / ${r.interactions}`],
    ['defer p50 / p95', `${ms(r.deferP50Ms)} / ${ms(r.deferP95Ms)}`],
    ['edited answer p50 / p95', `${ms(r.answerP50Ms)} / ${ms(r.answerP95Ms)}`],
    ['answered', `${r.answered} / ${r.interactions}`],
    ['errors', String(r.errors)],
    ['429 responses', String(r.rateLimitedResponses)],
    ['wall time', ms(r.wallMs)],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return [label && `discord burst ${label}`, ...rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`)].filter(Boolean).join('\n');
}

/** The trial core: answers every request after `delayMs`, like a fast search would. */
export function delayCore(delayMs = 20): ChatCore {
  return {
    commands: ['ask', 'sources', 'quotes', 'digest', 'help'] as CommandName[],
    async handle(req) {
      await new Promise((r) => setTimeout(r, delayMs));
      return {
        kind: 'answer',
        answer: {
          question: req.text,
          status: 'answered',
          excerpts: [
            { n: 1, sourceId: '001_9d2b0e729d22a81c', title: 'Article 1', url: 'https://news.example/1', paragraph: 2, quote: 'The call lasted two hours, officials said.', score: 1 },
            { n: 2, sourceId: '002_9d2b0e729d22a81c', title: 'Article 2', paragraph: 5, quote: 'Aides said the call went on for over an hour.', score: 0.8 },
          ],
          disagreements: [],
          text: '',
        },
      };
    },
  };
}

async function main(): Promise<void> {
  const interactions = Number(process.argv[2]) || 200;
  const users = Number(process.argv[3]) || 20;
  const r = await runDiscordBurst(delayCore(20), { interactions, users });
  console.log(formatBurst(r, '(test double core, 20 ms per answer; discord.js default 50 req/s)'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
