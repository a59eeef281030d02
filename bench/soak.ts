// Load and soak through the Slack HTTP adapter on loopback: 20 simulated users ask 2,000
// questions over 10 minutes while 500 new sources arrive in the inbox folder and are
// ingested by the running bot. Reports answered, acked within 3 s, errors, answer time
// and RSS over time.
//   npm run build:bench && node dist-bench/bench/soak.js ../shared/eval/scifact [--minutes=10] [--questions=2000] [--sources=500]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SlackConnection } from '../src/adapters/slack/index.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { startBot } from '../src/serve.js';
import { SEED_QUESTIONS } from '../test/fixtures/seed-questions.js';
import { postSigned, slashCommandForm, startFakeSlack } from '../test/fakes/slack-server.js';
import { loadSciFact, percentile } from './scifact-data.js';

const arg = (name: string, fallback: number) => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : fallback;
};

async function main() {
  const dir = resolve(process.argv[2] ?? '../shared/eval/scifact');
  const minutes = arg('minutes', 10);
  const total = arg('questions', 2000);
  const sourcesToAdd = arg('sources', 500);
  const users = 20;
  const root = mkdtempSync(join(tmpdir(), 'soak-'));
  const inbox = join(root, 'inbox');
  mkdirSync(inbox);
  const fake = await startFakeSlack();
  const secret = 'soak-secret';
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-soak',
    SLACK_SIGNING_SECRET: secret,
    SLACK_API_URL: fake.apiUrl,
    SLACK_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    INDEX_DIR: join(root, 'index'),
    CORPUS_DIR: resolve('seeds'),
    INBOX_DIR: inbox,
    // Each simulated user asks every 6 s (10 a minute): the limit is set just above that.
    RATE_LIMIT_QUESTIONS: '12',
    RATE_LIMIT_WINDOW_S: '60',
    LOG_LEVEL: 'warn',
  });
  const bot = await startBot(config, createLogger({ level: 'warn' }), { reloadIntervalMs: 2000 });
  const url = `http://127.0.0.1:${(bot.connections[0] as SlackConnection).port()}/slack/events`;
  const rss: { at: string; mib: number; paragraphs: number }[] = [];
  const sample = (at: string) => rss.push({ at, mib: Math.round(process.memoryUsage().rss / 2 ** 20), paragraphs: 0 });
  sample('start');

  // New sources: SciFact abstracts dropped into the inbox in equal batches over the run.
  const { docs } = loadSciFact(dir);
  const batches = 10;
  const perBatch = Math.ceil(sourcesToAdd / batches);
  const durationMs = minutes * 60_000;
  let dropped = 0;
  const dropTimer = setInterval(() => {
    for (const d of docs.slice(dropped, Math.min(sourcesToAdd, dropped + perBatch))) writeFileSync(join(inbox, `scifact_${d.id}.txt`), `${d.title}\n\n${d.text}\n`);
    dropped = Math.min(sourcesToAdd, dropped + perBatch);
    if (dropped >= sourcesToAdd) clearInterval(dropTimer);
  }, durationMs / (batches + 1));

  const acks: number[] = [];
  const answers: number[] = [];
  let errors = 0;
  let refused = 0;
  const interval = durationMs / (total / users); // each user's gap between questions
  const started = Date.now();
  let sent = 0;
  const middle = setTimeout(() => sample('middle'), durationMs / 2);
  const pending: Promise<void>[] = [];
  await new Promise<void>((done) => {
    const tick = setInterval(() => {
      for (let u = 0; u < users && sent < total; u++) {
        const id = `q${sent}`;
        const question = SEED_QUESTIONS[sent % SEED_QUESTIONS.length].question;
        sent++;
        const t0 = Date.now();
        pending.push(
          (async () => {
            try {
              const ack = await postSigned(url, slashCommandForm({ command: '/ask', text: question, userId: `U${u}`, responseUrl: fake.responseUrl(id) }), {
                signingSecret: secret,
                contentType: 'application/x-www-form-urlencoded',
                timeoutMs: 30_000,
              });
              if (ack.status !== 200) return void errors++;
              acks.push(ack.ms);
              const deadline = Date.now() + 60_000;
              for (;;) {
                const posts = fake.responsesFor(id).map((r) => JSON.stringify(r.body));
                const final = posts.find((p) => !p.includes('Searching the sources'));
                if (final) {
                  if (/slow down/.test(final)) refused++;
                  else answers.push(Date.now() - t0);
                  return;
                }
                if (Date.now() > deadline) return void errors++;
                await new Promise((r) => setTimeout(r, 25));
              }
            } catch {
              errors++;
            }
          })(),
        );
      }
      if (sent >= total) {
        clearInterval(tick);
        done();
      }
    }, interval);
  });
  await Promise.all(pending);
  clearTimeout(middle);
  // Let the inbox finish what was dropped.
  const until = Date.now() + 120_000;
  while (Date.now() < until && (await indexedCount(root)) < 5 + sourcesToAdd) await new Promise((r) => setTimeout(r, 1000));
  sample('end');
  const indexed = await indexedCount(root);
  await bot.stop();
  await fake.close();

  console.log(`\nSoak: ${users} users, ${total} /ask over ${minutes} min, ${sourcesToAdd} sources dropped in the inbox meanwhile (${((Date.now() - started) / 60_000).toFixed(1)} min wall)\n`);
  console.log('| measure | value |');
  console.log('|---|---|');
  console.log(`| questions answered | ${answers.length} |`);
  console.log(`| acked within 3 s | ${acks.filter((a) => a <= 3000).length} / ${acks.length} |`);
  console.log(`| errors (non-200 ack, no answer in 60 s, network) | ${errors} |`);
  console.log(`| "slow down" replies | ${refused} |`);
  console.log(`| ack p50 / p95 | ${percentile(acks, 50).toFixed(0)} / ${percentile(acks, 95).toFixed(0)} ms |`);
  console.log(`| request → answer p50 / p95 | ${percentile(answers, 50).toFixed(0)} / ${percentile(answers, 95).toFixed(0)} ms |`);
  console.log(`| sources indexed at the end | ${indexed} (5 seeds + ${sourcesToAdd} dropped) |`);
  console.log(`| RSS start / middle / end | ${rss.map((r) => `${r.mib} MiB`).join(' / ')} |`);
  rmSync(root, { recursive: true, force: true });
}

async function indexedCount(root: string): Promise<number> {
  const { readManifest } = await import('../src/index/store.js');
  try {
    return Object.keys(readManifest(join(root, 'index')).sources).length;
  } catch {
    return 0;
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
