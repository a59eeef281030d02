// `serve` stops when told and ends when it cannot start (issue 25): the built CLI, as a
// container runs it. Where this test runs as root with `unshare`, node is started as PID 1 of
// its own PID namespace, as in a container: there a signal without a handler is ignored, so a
// missing handler shows as a hang, not as a death by signal.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../fixtures/run-cli.js';

let root: string;
let baseEnv: Record<string, string>;

/** Runs node as PID 1 of a new PID namespace when this user may (root, util-linux `unshare`). */
const PID1 = process.getuid?.() === 0 && spawnSync('unshare', ['--pid', '--fork', 'true']).status === 0;

interface Served {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (or the signal's name) when the process has ended. */
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Sends a signal to node itself (PID 1 inside its namespace when PID1). */
  kill(signal: NodeJS.Signals): void;
}

function nodePid(child: ChildProcess): number {
  if (!PID1) return child.pid!;
  // unshare --fork: node is unshare's only child.
  const children = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim();
  return Number(children.split(/\s+/)[0]);
}

function serve(env: Record<string, string>): Served {
  const argv = [process.execPath, CLI, 'serve'];
  const child = PID1 ? spawn('unshare', ['--pid', '--fork', '--kill-child', ...argv], { env, stdio: 'pipe' }) : spawn(argv[0], argv.slice(1), { env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, ended, kill: (signal) => process.kill(nodePid(child), signal) };
}

async function waitFor(what: string, probe: () => boolean, timeoutMs: number, served: Served): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}\nstdout:\n${served.stdout()}\nstderr:\n${served.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits at most limitMs for the process to end; a process still running is killed and reported. */
async function endedWithin(served: Served, limitMs: number) {
  const timer = new Promise<null>((r) => setTimeout(() => r(null), limitMs));
  const r = await Promise.race([served.ended, timer]);
  if (!r) {
    served.child.kill('SIGKILL');
    await served.ended;
    throw new Error(`still running ${limitMs} ms later\nstdout:\n${served.stdout()}\nstderr:\n${served.stderr()}`);
  }
  return r;
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` (npm test does it)');
  root = mkdtempSync(join(tmpdir(), 'serve-lifecycle-'));
  baseEnv = { PATH: process.env.PATH ?? '', HOME: root, CORPUS_DIR: join(process.cwd(), 'seeds'), INDEX_DIR: join(root, 'index'), LOG_LEVEL: 'info', LOG_FORMAT: 'json', HTTP_PORT: '0' };
  // One index for the tests that start on a built one.
  const r = await runCli(['ingest', '--quiet'], { env: baseEnv, timeoutMs: 180_000 });
  if (r.code !== 0) throw new Error(`ingest failed: ${r.stderr}`);
}, 200_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe(`serve stops when told (${PID1 ? 'node as PID 1 of its own PID namespace, as in a container' : 'node as an ordinary process'})`, () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s during start-up (the first index being built) ends it within 5 s with code 0', async (signal) => {
    const served = serve({ ...baseEnv, INDEX_DIR: join(root, `empty-${signal}`) });
    await waitFor('the first index build to begin', () => /No index in .* yet: building it/.test(served.stderr()), 60_000, served);
    const sent = Date.now();
    served.kill(signal);
    const r = await endedWithin(served, 5000);
    expect({ code: r.code, signal: r.signal }).toEqual({ code: 0, signal: null });
    expect(r.at - sent).toBeLessThan(5000);
    expect(served.stderr()).toContain('stop requested during start-up');
  }, 90_000);

  it.each(['SIGTERM', 'SIGINT'] as const)('%s while running (console chat, input still open) ends it within 5 s with code 0', async (signal) => {
    const served = serve(baseEnv);
    await waitFor('the end of start-up', () => served.stdout().includes('console mode') && served.stderr().includes('"msg":"serving'), 60_000, served);
    const sent = Date.now();
    served.kill(signal);
    const r = await endedWithin(served, 5000);
    expect({ code: r.code, signal: r.signal }).toEqual({ code: 0, signal: null });
    expect(r.at - sent).toBeLessThan(5000);
    expect(served.stderr()).toMatch(/"msg":"stopped"/);
  }, 90_000);
});

describe('serve ends when it cannot start', () => {
  let blackhole: Server;
  const sockets = new Set<Socket>();
  let apiUrl: string;
  beforeAll(async () => {
    // A Slack API that accepts connections and never answers (a proxy that swallows requests).
    blackhole = createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => blackhole.listen(0, '127.0.0.1', r));
    apiUrl = `http://127.0.0.1:${(blackhole.address() as { port: number }).port}/api/`;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.destroy());
    await new Promise((r) => blackhole.close(r));
  });

  const slackEnv = (api: string) => ({
    ...baseEnv,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: 'secret',
    SLACK_API_URL: api,
    SLACK_PORT: '0',
    SLACK_START_TIMEOUT_MS: '2000',
  });

  it('Slack never answers auth.test: it says so, closes what it opened and exits 1 soon after its timeout', async () => {
    const served = serve(slackEnv(apiUrl));
    await waitFor('the token check to begin', () => served.stderr().includes('checking the bot token'), 60_000, served);
    const checking = Date.now();
    // SLACK_START_TIMEOUT_MS (2 s) plus closing: no retry, socket or timer may keep it alive.
    const r = await endedWithin(served, 2000 + 3000);
    expect({ code: r.code, signal: r.signal }).toEqual({ code: 1, signal: null });
    expect(r.at - checking).toBeLessThan(5000);
    expect(served.stderr()).toMatch(/Could not start: Slack did not answer auth\.test .* within 2 s/);
    expect(served.stderr()).not.toContain('newsroom-bot failed'); // a sentence, not a stack trace
    // The process ended because its event loop emptied, not because the safety net ended it.
    expect(served.stderr()).not.toContain('something kept the process alive');
  }, 90_000);

  it('Slack unreachable (connection refused): exits 1 within its timeout', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const served = serve(slackEnv(`http://127.0.0.1:${port}/api/`));
    await waitFor('the token check to begin', () => served.stderr().includes('checking the bot token'), 60_000, served);
    const checking = Date.now();
    const r = await endedWithin(served, 2000 + 3000);
    expect({ code: r.code, signal: r.signal }).toEqual({ code: 1, signal: null });
    expect(r.at - checking).toBeLessThan(5000);
    expect(served.stderr()).toMatch(/Could not start: /);
    expect(served.stderr()).not.toContain('something kept the process alive');
  }, 90_000);
});
