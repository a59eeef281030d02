// Burst of /ask slash commands against the Slack adapter in HTTP mode, on loopback: a fake Slack
// (Web API + response_url) and the real Bolt app, requests signed as Slack signs them.
//
//   npx tsc -p tsconfig.bench.json && node dist-bench/bench/slack-burst.js [--commands=200] [--users=20]
//     [--concurrency=5] [--delay=20] [--limit=N]   (--limit: the test double refuses a user's N+1th ask per minute)
//
// Measures, per command: whether Slack got its ack within 3 s, and the time from sending the request
// to the answer reaching response_url. Counts errors and "slow down" refusals from the core.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSlackConnection } from '../src/adapters/slack/index.js';
import type { ChatCore, ChatReply, ChatRequest } from '../src/chat/types.js';
import { silentLogger } from '../src/log.js';
import { createCoreDouble } from '../test/adapters/slack/core-double.js';
import { postSigned, slashCommandForm, startFakeSlack, type ResponseUrlPost } from '../test/fakes/slack-server.js';

export interface SlackBurstOptions {
  commands?: number;
  users?: number;
  /** Commands in flight at once (the users take turns). */
  concurrency?: number;
  /** How long one answer may take before it counts as an error. */
  answerTimeoutMs?: number;
}

export interface SlackBurstResult {
  commands: number;
  users: number;
  concurrency: number;
  ackedWithin3s: number;
  ackP50Ms: number;
  ackP95Ms: number;
  answered: number;
  answerP50Ms: number;
  answerP95Ms: number;
  errors: number;
  refused: number;
  wallMs: number;
}

const SECRET = 'bench-signing-secret';
const ACK_DEADLINE_MS = 3000;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export async function runSlackBurst(
  core: ChatCore,
  { commands = 200, users = 20, concurrency = 5, answerTimeoutMs = 15_000 }: SlackBurstOptions = {},
): Promise<SlackBurstResult> {
  let refused = 0;
  const counting: ChatCore = {
    commands: core.commands,
    async handle(request: ChatRequest): Promise<ChatReply> {
      const reply = await core.handle(request);
      if (reply.kind === 'notice' && reply.level === 'refused') refused++;
      return reply;
    },
  };

  const fake = await startFakeSlack();
  const dir = await mkdtemp(join(tmpdir(), 'slack-burst-'));
  const conn = createSlackConnection({
    core: counting,
    botToken: 'xoxb-bench',
    signingSecret: SECRET,
    port: 0,
    host: '127.0.0.1',
    slackApiUrl: fake.apiUrl,
    feedbackFile: join(dir, 'votes.jsonl'),
    logger: silentLogger,
    retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 0 },
    apiTimeoutMs: 10_000,
  });

  const waiting = new Map<string, (post: ResponseUrlPost) => void>();
  const onRespond = (post: ResponseUrlPost): void => {
    waiting.get(post.id)?.(post);
    waiting.delete(post.id);
  };
  fake.events.on('respond', onRespond);

  const ackMs: number[] = [];
  const answerMs: number[] = [];
  let ackedWithin3s = 0;
  let errors = 0;
  const started = performance.now();

  try {
    await conn.start();
    const url = `http://127.0.0.1:${conn.port()}/slack/events`;
    let next = 0;

    const one = async (i: number): Promise<void> => {
      const id = `burst-${i}`;
      const user = `U${String(i % users).padStart(3, '0')}`;
      let timer: NodeJS.Timeout | undefined;
      const answer = new Promise<ResponseUrlPost | undefined>((resolve) => {
        waiting.set(id, resolve);
        timer = setTimeout(() => resolve(undefined), answerTimeoutMs);
      });
      const t0 = performance.now();
      try {
        const res = await postSigned(
          url,
          slashCommandForm({ command: '/ask', text: `Question ${i}: how long did the call last?`, userId: user, responseUrl: fake.responseUrl(id) }),
          { signingSecret: SECRET, contentType: 'application/x-www-form-urlencoded', timeoutMs: answerTimeoutMs },
        );
        ackMs.push(res.ms);
        if (res.status !== 200) {
          errors++;
          return;
        }
        if (res.ms <= ACK_DEADLINE_MS) ackedWithin3s++;
        const post = await answer;
        if (!post) {
          errors++;
          return;
        }
        answerMs.push(post.at - t0);
        if (String(post.body.text ?? '').startsWith('Something went wrong')) errors++;
      } catch {
        errors++;
      } finally {
        clearTimeout(timer);
        waiting.delete(id);
      }
    };

    const worker = async (): Promise<void> => {
      while (next < commands) await one(next++);
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, commands)) }, worker));
  } finally {
    fake.events.off('respond', onRespond);
    await conn.stop();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }

  return {
    commands,
    users,
    concurrency,
    ackedWithin3s,
    ackP50Ms: percentile(ackMs, 50),
    ackP95Ms: percentile(ackMs, 95),
    answered: answerMs.length,
    answerP50Ms: percentile(answerMs, 50),
    answerP95Ms: percentile(answerMs, 95),
    errors,
    refused,
    wallMs: performance.now() - started,
  };
}

export function formatSlackBurst(r: SlackBurstResult): string {
  const ms = (v: number): string => (Number.isNaN(v) ? '—' : `${v.toFixed(1)} ms`);
  const rows: [string, string][] = [
    ['commands (users, in flight)', `${r.commands} (${r.users} users, ${r.concurrency} at once)`],
    ['acked within 3 s', `${r.ackedWithin3s} / ${r.commands}`],
    ['ack p50 / p95', `${ms(r.ackP50Ms)} / ${ms(r.ackP95Ms)}`],
    ['answers at response_url', `${r.answered} / ${r.commands}`],
    ['request → answer p50', ms(r.answerP50Ms)],
    ['request → answer p95', ms(r.answerP95Ms)],
    ['errors', String(r.errors)],
    ['rate-limited ("slow down")', String(r.refused)],
    ['wall time', `${(r.wallMs / 1000).toFixed(2)} s`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return ['Slack burst (HTTP mode, loopback)', ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join('\n');
}

async function main(): Promise<void> {
  const arg = (name: string, fallback: number): number => {
    const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
    return hit ? Number(hit.split('=')[1]) : fallback;
  };
  const limit = arg('limit', 0);
  // The test double stands in for the chat core here; the lead plugs in the real one.
  const core = createCoreDouble({
    delayMs: arg('delay', 20),
    ...(limit > 0 ? { perUserLimit: { count: limit, perMs: 60_000 } } : {}),
  });
  const result = await runSlackBurst(core, {
    commands: arg('commands', 200),
    users: arg('users', 20),
    concurrency: arg('concurrency', 5),
  });
  console.log(formatSlackBurst(result));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
