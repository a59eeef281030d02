// Live feeds under load: 200 items appear across 10 feeds on a loopback server while the bot
// polls them (in process, as `serve` does) and answers questions. Measures the time from an
// item appearing in its feed to a question about it being answered from it (p50/p95), the
// work of each poll, and the questions answered meanwhile (latency, errors).
//   npm run build:bench && node dist-bench/bench/feeds.js seeds [items] [pollSeconds] [spreadSeconds] [inprocess|serve|serve-worker|serve-child]
// `serve` runs the bot itself (startBot, console mode, FEEDS set) twice, one run after the
// other on fresh copies: with its long-lived ingest worker (issue 24, the default) and with
// a child `ingest` per poll (the way before); questions go to a second runtime on the same
// index (as `ask` would). `serve-worker` / `serve-child` run one of them. `inprocess` polls
// and ingests in this process (the poller's own cost).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { loadConfig } from '../src/config.js';
import { startBot } from '../src/serve.js';
import { createLogger, silentLogger } from '../src/log.js';
import { createFeedPollerFor, openRuntime, runIngest } from '../src/wiring.js';
import { articlePage, rssFeed, startFeedServer, type TestItem } from '../test/fixtures/feed-server.js';

const FEEDS = 10;
const FACILITIES = ['library', 'swimming pool', 'fire station', 'bus depot', 'concert hall', 'sports ground', 'health centre', 'school gym', 'ferry pier', 'water plant'];
const PEOPLE = ['Ana Ruiz', 'Tomas Berg', 'Lena Okafor', 'Marco Vidal', 'Ines Duarte', 'Piet Janssen', 'Sara Kowal', 'Omar Haddad'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

function town(i: number): string {
  const a = ['Kar', 'Del', 'Mon', 'Bri', 'Sol', 'Ver', 'Tal', 'Orn', 'Quel', 'Fen', 'Lum', 'Gar', 'Hes', 'Vin', 'Ros', 'Bal', 'Cor', 'Dun', 'Esk', 'Yar'];
  const b = ['vik', 'mora', 'stad', 'holm', 'ford', 'ley', 'bury', 'wick', 'haven', 'dale'];
  return a[i % a.length] + b[Math.floor(i / a.length) % b.length];
}

/** One article per item, in varied wording (templated copies would look like one wire story). */
function article(i: number): { title: string; paragraphs: string[]; question: string; answer: string } {
  const t = town(i);
  const f = FACILITIES[i % FACILITIES.length];
  const amount = `${12 + i * 3} million euros`;
  const who = PEOPLE[i % PEOPLE.length];
  const day = DAYS[i % DAYS.length];
  const lead = [
    `The council of ${t} approved ${amount} on ${day} for a new ${f}, mayor ${who} said.`,
    `Councillors in ${t} voted on ${day} to spend ${amount} on a new ${f}, according to ${who}, the town's mayor.`,
    `${t} will build a new ${f} after its council set aside ${amount} at a meeting on ${day}, mayor ${who} announced.`,
  ][i % 3];
  const middle = [
    `Construction is expected to begin in ${2027 + (i % 3)} and take about ${2 + (i % 4)} years.`,
    `Local builders may bid for the work until the end of ${['March', 'June', 'September'][i % 3]}.`,
    `Opposition members argued the money would be better spent on repairing roads around ${t}.`,
    `A petition asking for the project had gathered ${300 + i * 11} signatures last winter.`,
  ];
  return {
    title: `${t} approves new ${f}`,
    paragraphs: [lead, middle[i % 4], middle[(i + 1) % 4].replace('the money', `the ${amount}`)],
    question: `How much money did the council of ${t} approve for the new ${f}?`,
    answer: amount,
  };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const sec = (ms: number) => (ms / 1000).toFixed(1);

type Mode = 'inprocess' | 'worker' | 'child-per-batch';

interface RunResult {
  mode: Mode;
  total: number;
  toIndex: number[];
  toAnswer: number[];
  asked: number;
  errors: number;
  latencies: number[];
  polls: { sources: number; ms: number }[];
  pollTimes: number[];
  /** Sampled every 250 ms from the bot's ingest queue (serve modes). */
  queue: { maxSources: number; maxJobs: number; maxOldestS: number; maxRunning: number; workerRestarts: number; workerPids: Set<number> };
}

async function runOnce(corpus: string, total: number, pollS: number, spreadS: number, runMode: Mode): Promise<RunResult> {
  const mode = runMode === 'inprocess' ? 'inprocess' : 'serve';
  const queue = { maxSources: 0, maxJobs: 0, maxOldestS: 0, maxRunning: 0, workerRestarts: 0, workerPids: new Set<number>() };
  let sampler: ReturnType<typeof setInterval> | undefined;
  const server = await startFeedServer();
  const root = mkdtempSync(join(tmpdir(), 'bench-feeds-'));
  cpSync(corpus, join(root, 'corpus'), { recursive: true });
  const feedItems: TestItem[][] = Array.from({ length: FEEDS }, () => []);
  const publish = (f: number) => server.set(`/feed${f}.xml`, { body: rssFeed(`Outlet ${f}`, feedItems[f]), etag: `"${feedItems[f].length}"` });
  for (let f = 0; f < FEEDS; f++) publish(f);
  const config = loadConfig({
    INDEX_DIR: join(root, 'index'),
    CORPUS_DIR: join(root, 'corpus'),
    LOG_LEVEL: 'silent',
    FEED_POLL_MINUTES: String(pollS / 60),
    EMBED_MODEL_DIR: resolve('models/onnx-community/all-MiniLM-L6-v2-ONNX'),
    ...(mode === 'serve' ? { FEEDS: Array.from({ length: FEEDS }, (_, f) => server.url(`/feed${f}.xml`)).join(',') } : {}),
  });
  const runtime = await openRuntime(config, silentLogger);

  const appeared = new Map<string, number>();
  const available = new Map<string, number>();
  const answerable = new Map<string, number>();
  const polls: { sources: number; ms: number }[] = [];
  const pollTimes: number[] = [];
  let stopFeeds: () => Promise<void>;
  if (mode === 'serve') {
    const input = new PassThrough();
    // BENCH_LOG=info shows the bot's own log (polls, ingests) on stderr.
    const botLogger = process.env.BENCH_LOG ? createLogger({ level: process.env.BENCH_LOG as 'info', destination: process.stderr }) : silentLogger;
    const bot = await startBot(config, botLogger, { input, output: new PassThrough().resume(), reloadIntervalMs: 500, ingest: runMode === 'worker' ? 'worker' : 'child-per-batch' });
    sampler = setInterval(() => {
      const q = bot.ingestStatus();
      if (!q) return;
      queue.maxSources = Math.max(queue.maxSources, q.waitingSources);
      queue.maxJobs = Math.max(queue.maxJobs, q.waitingJobs);
      queue.maxOldestS = Math.max(queue.maxOldestS, q.oldestWaitSeconds);
      queue.maxRunning = Math.max(queue.maxRunning, q.runningSources);
      if ('restarts' in q.worker) {
        queue.workerRestarts = q.worker.restarts;
        if (q.worker.pid) queue.workerPids.add(q.worker.pid);
      }
    }, 250);
    stopFeeds = async () => {
      clearInterval(sampler);
      input.end();
      await bot.done;
    };
  } else {
    const poller = createFeedPollerFor(
      config,
      Array.from({ length: FEEDS }, (_, f) => server.url(`/feed${f}.xml`)),
      async (sources) => {
        const t0 = performance.now();
        await runIngest(config, runtime.embedder, silentLogger, [], { sources, quiet: true });
        await runtime.reload();
        polls.push({ sources: sources.length, ms: performance.now() - t0 });
        for (const s of sources) if (s.url && !available.has(s.url)) available.set(s.url, Date.now());
      },
      (id) => runtime.index().source(id)?.contentHash,
      silentLogger,
      undefined,
      (_report, ms) => pollTimes.push(ms),
    );
    poller.start(pollS * 1000);
    stopFeeds = () => poller.stop();
  }
  // With the bot polling, an item is indexed when a snapshot holding it is published (its ingestedAt).
  const noteIndexed = () => {
    if (mode !== 'serve') return;
    for (const s of runtime.index().sources()) if (s.url && !available.has(s.url)) available.set(s.url, Date.parse(s.ingestedAt));
  };

  // Items appear one at a time, spread evenly, round-robin over the feeds.
  const items = Array.from({ length: total }, (_, i) => ({ i, link: server.url(`/o${i % FEEDS}/story-${i}`), ...article(i) }));
  const started = Date.now();
  let next = 0;
  const appear = setInterval(() => {
    if (next >= items.length) return clearInterval(appear);
    const it = items[next++];
    server.set(new URL(it.link).pathname, { body: articlePage(it.title, it.paragraphs, `Outlet ${it.i % FEEDS}`) });
    feedItems[it.i % FEEDS].push({ guid: `item-${it.i}`, link: it.link, title: it.title, published: new Date().toISOString(), summary: it.paragraphs[0] });
    publish(it.i % FEEDS);
    appeared.set(it.link, Date.now());
  }, (spreadS * 1000) / total);

  // Meanwhile: every item that has been indexed is asked about until it answers; between those,
  // the seed questions a newsroom keeps asking. Every question's latency and error are counted.
  const seedQuestions = ['How long did the call between Trump and Putin last?', 'How many drones did Russia launch after the call?', 'Who is the EU foreign policy chief?'];
  const latencies: number[] = [];
  let errors = 0;
  let asked = 0;
  const deadline = started + (spreadS + pollS * 4 + 120) * 1000;
  while (answerable.size < items.length && Date.now() < deadline) {
    if (mode === 'serve') await runtime.reload();
    noteIndexed();
    const pending = items.filter((it) => available.has(it.link) && !answerable.has(it.link));
    const batch = [...pending.slice(0, 3).map((it) => ({ q: it.question, it })), { q: seedQuestions[asked % seedQuestions.length], it: undefined }];
    for (const { q, it } of batch) {
      const t0 = performance.now();
      try {
        const a = await runtime.answerer.ask(q);
        asked++;
        latencies.push(performance.now() - t0);
        if (it && a.excerpts.some((e) => e.url === it.link && e.quote.includes(it.answer))) answerable.set(it.link, Date.now());
      } catch (err) {
        errors++;
        console.error((err as Error).message);
      }
    }
    if (!pending.length) await new Promise((r) => setTimeout(r, 100));
  }
  clearInterval(appear);
  await stopFeeds();
  await server.close();

  const toAnswer = items.filter((it) => answerable.has(it.link)).map((it) => answerable.get(it.link)! - appeared.get(it.link)!);
  const toIndex = items.filter((it) => available.has(it.link)).map((it) => available.get(it.link)! - appeared.get(it.link)!);
  rmSync(root, { recursive: true, force: true });
  return { mode: runMode, total, toIndex, toAnswer, asked, errors, latencies, polls, pollTimes, queue };
}

const LABEL: Record<Mode, string> = {
  inprocess: 'polled and ingested in process',
  worker: '`serve`: the long-lived ingest worker (model loaded once)',
  'child-per-batch': '`serve`: a child `ingest` per poll (before issue 24)',
};

function printTable(runs: RunResult[]): void {
  const row = (name: string, f: (r: RunResult) => string) => console.log(`| ${name} | ${runs.map(f).join(' | ')} |`);
  const three = (xs: number[]) => `${sec(pct(xs, 50))} / ${sec(pct(xs, 95))} / ${sec(Math.max(...xs))} s`;
  console.log(`| measure | ${runs.map((r) => LABEL[r.mode]).join(' | ')} |`);
  console.log(`|---|${runs.map(() => '---|').join('')}`);
  row('items answerable from their own page', (r) => `${r.toAnswer.length} / ${r.total}`);
  row('appearing → indexed and served, p50 / p95 / max', (r) => three(r.toIndex));
  row('appearing → answered from it, p50 / p95 / max', (r) => `**${three(r.toAnswer)}**`);
  if (runs.some((r) => r.mode !== 'inprocess')) {
    row('ingest queue at most: sources / jobs waiting, oldest wait; sources in one ingest', (r) => (r.mode === 'inprocess' ? '—' : `${r.queue.maxSources} / ${r.queue.maxJobs}, ${r.queue.maxOldestS.toFixed(1)} s; ${r.queue.maxRunning}`));
    row('worker processes (restarts)', (r) => (r.mode === 'worker' ? `${r.queue.workerPids.size} (${r.queue.workerRestarts})` : '—'));
  }
  if (runs.some((r) => r.mode === 'inprocess')) {
    row('polls / polls that indexed something', (r) => (r.mode === 'inprocess' ? `${r.pollTimes.length} / ${r.polls.length}` : '—'));
    row('whole poll (fetch, extract, ingest, reload), p50 / max', (r) => (r.mode === 'inprocess' ? `${sec(pct(r.pollTimes, 50))} / ${sec(Math.max(...r.pollTimes))} s` : '—'));
    row('of which ingest + reload, p50 / max', (r) => (r.mode === 'inprocess' ? `${sec(pct(r.polls.map((p) => p.ms), 50))} / ${sec(Math.max(...r.polls.map((p) => p.ms)))} s` : '—'));
  }
  row('questions answered meanwhile', (r) => `${r.asked}, errors ${r.errors}`);
  row('answer latency meanwhile, p50 / p95', (r) => `${pct(r.latencies, 50).toFixed(0)} / ${pct(r.latencies, 95).toFixed(0)} ms`);
}

async function main() {
  const corpus = resolve(process.argv[2] ?? 'seeds');
  const total = Number(process.argv[3] ?? 200);
  const pollS = Number(process.argv[4] ?? 10);
  const spreadS = Number(process.argv[5] ?? 60);
  const arg = process.argv[6] ?? 'inprocess';
  const modes: Mode[] = arg === 'serve' ? ['worker', 'child-per-batch'] : arg === 'serve-worker' ? ['worker'] : arg === 'serve-child' ? ['child-per-batch'] : ['inprocess'];
  const runs: RunResult[] = [];
  for (const m of modes) runs.push(await runOnce(corpus, total, pollS, spreadS, m));
  console.log(`\nFeeds under load: ${total} items appearing over ${spreadS} s (${((total * pollS) / spreadS).toFixed(1)} per ${pollS} s poll) across ${FEEDS} RSS feeds (loopback), polled every ${pollS} s; base corpus ${corpus}; runs one after the other\n`);
  printTable(runs);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
