// Checks a built newsroom-bot image with podman (scripts/build-image.sh runs it):
//   node scripts/image/check-image.mjs newsroom-bot:local
// Each check prints one line; the first failure ends the run with exit 1 and what it saw.
// A fake Slack Web API runs on this machine's loopback; the containers that need it share the
// host's network (--network=host) on free ports, the others run with no network at all.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';

const IMAGE = process.argv[2];
if (!IMAGE) {
  console.error('usage: node scripts/image/check-image.mjs IMAGE');
  process.exit(2);
}
const TAG = `newsroom-check-${process.pid}`;
const STOP_LIMIT_MS = 5000;
const START_TIMEOUT_MS = 5000;
const started = Date.now();
const cleanup = { containers: new Set(), volumes: new Set(), servers: [] };

const say = (line) => console.log(`check-image: [${Math.round((Date.now() - started) / 1000)}s] ${line}`);
class CheckFailed extends Error {}
function expect(ok, what, seen = '') {
  if (!ok) throw new CheckFailed(`${what}${seen ? `\n--- what it saw ---\n${String(seen).slice(-4000)}` : ''}`);
}

/** Runs a command to its end (bounded); resolves with its code, output and time. */
function run(cmd, args, { input, timeoutMs = 300_000, onLine } = {}) {
  return new Promise((resolve) => {
    const t = Date.now();
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const lines = (chunk, into) => {
      if (onLine) for (const l of String(chunk).split('\n')) if (l) onLine(l, Date.now(), into);
    };
    child.stdout.on('data', (d) => ((stdout += d), lines(d, 'stdout')));
    child.stderr.on('data', (d) => ((stderr += d), lines(d, 'stderr')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - t, endedAt: Date.now() });
    });
    child.stdin.end(input ?? '');
  });
}
const podman = (args, options) => run('podman', args, options);
const podmanSync = (args) => spawnSync('podman', args, { encoding: 'utf8' });

async function freePort() {
  const s = createTcpServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

/** A Slack Web API that accepts the token (auth.test) and answers every other method ok. */
async function fakeSlack() {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const method = (req.url ?? '').split('/').pop();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(method === 'auth.test' ? { ok: true, url: 'https://newsroom.slack.com/', team: 'Newsroom', user: 'bot', team_id: 'T1', user_id: 'UBOT', bot_id: 'BBOT' } : { ok: true }));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  cleanup.servers.push(server);
  return `http://127.0.0.1:${server.address().port}/api/`;
}

/** A Slack Web API that accepts connections and never answers (a proxy swallowing requests). */
async function silentSlack() {
  const sockets = new Set();
  const server = createTcpServer((s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  cleanup.servers.push({ close: (cb) => (sockets.forEach((s) => s.destroy()), server.close(cb)) });
  return `http://127.0.0.1:${server.address().port}/api/`;
}

async function volume(name) {
  const full = `${TAG}-${name}`;
  const r = await podman(['volume', 'create', full]);
  expect(r.code === 0, `podman volume create ${full}`, r.stderr);
  cleanup.volumes.add(full);
  return full;
}

async function slackEnv(apiUrl) {
  return ['-e', 'SLACK_BOT_TOKEN=xoxb-image-check', '-e', 'SLACK_SIGNING_SECRET=image-check', '-e', `SLACK_API_URL=${apiUrl}`, '-e', `SLACK_PORT=${await freePort()}`, '-e', `HTTP_PORT=${await freePort()}`];
}

async function startDetached(name, args) {
  cleanup.containers.add(name);
  const r = await podman(['run', '-d', '--name', name, ...args, IMAGE]);
  expect(r.code === 0, `podman run -d ${name}`, r.stderr);
}

async function waitForLog(name, pattern, timeoutMs) {
  const until = Date.now() + timeoutMs;
  let logs = '';
  while (Date.now() < until) {
    const r = await podman(['logs', name]);
    logs = r.stdout + r.stderr;
    if (pattern.test(logs)) return logs;
    const state = podmanSync(['inspect', '--format', '{{.State.Status}}', name]).stdout.trim();
    expect(state === 'running', `${name} stopped before its log said ${pattern}`, logs);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new CheckFailed(`${name}: no log line ${pattern} within ${timeoutMs / 1000} s\n${logs.slice(-4000)}`);
}

function inspect(name) {
  const r = podmanSync(['inspect', name]);
  expect(r.status === 0, `podman inspect ${name}`, r.stderr);
  return JSON.parse(r.stdout)[0];
}

/** `podman stop` with the Dockerfile's defaults; it must end within STOP_LIMIT_MS with code 0. */
async function stopsCleanly(name, when) {
  const r = await podman(['stop', '--time', '10', name]);
  expect(r.code === 0, `podman stop ${name}`, r.stderr);
  const state = inspect(name).State;
  const logs = podmanSync(['logs', name]);
  expect(r.ms < STOP_LIMIT_MS, `stop ${when}: took ${r.ms} ms (limit ${STOP_LIMIT_MS}); a missing signal handler waits out --time and is killed`, logs.stdout + logs.stderr);
  expect(state.ExitCode === 0, `stop ${when}: exit code ${state.ExitCode}, expected 0`, logs.stdout + logs.stderr);
  say(`ok: stop ${when} ended in ${(r.ms / 1000).toFixed(1)} s with code 0`);
}

const QUESTION = 'How long did the call between Trump and Putin last?';

async function checks() {
  say(`checking ${IMAGE}`);

  // Non-root, and only the index volume is writable.
  const probe = `const fs=require('node:fs');const w=(p)=>{try{fs.writeFileSync(p,'x');fs.rmSync(p);return true}catch{return false}};
console.log(JSON.stringify({uid:process.getuid(),user:require('node:os').userInfo().username,index:w('/app/index-data/.probe'),
others:['/app','/app/dist','/app/node_modules','/app/models','/app/seeds','/app/prompts','/usr/local/bin','/etc'].filter((d)=>w(d+'/.probe'))}))`;
  const confined = await podman(['run', '--rm', '--network=none', IMAGE, 'node', '-e', probe]);
  expect(confined.code === 0, 'the confinement probe ran', confined.stdout + confined.stderr);
  const c = JSON.parse(confined.stdout.trim().split('\n').pop());
  expect(c.uid !== 0, `runs as root (uid ${c.uid})`, confined.stdout);
  expect(c.index, 'the index volume /app/index-data is not writable', confined.stdout);
  expect(c.others.length === 0, `writable besides the index volume: ${c.others.join(', ')}`, confined.stdout);
  say(`ok: runs as ${c.user} (uid ${c.uid}); writes /app/index-data and nothing else under /app, /usr/local/bin or /etc`);

  // ask: the first run builds the index from the seeds into the volume.
  const index = await volume('index');
  const ask = await podman(['run', '--rm', '--network=none', '-v', `${index}:/app/index-data`, IMAGE, 'node', 'dist/cli.js', 'ask', QUESTION]);
  expect(ask.code === 0 && /lasted/.test(ask.stdout) && /\n\[1\] /.test(ask.stdout), `ask "${QUESTION}" answered with a cited quote`, ask.stdout + ask.stderr);
  say(`ok: ask answered from the seeds in ${(ask.ms / 1000).toFixed(0)} s (index built in the volume): ${ask.stdout.split('\n')[0].slice(0, 100)}`);

  // The console chat through stdin (no tokens: the image's CMD serves the console).
  const chat = await podman(['run', '--rm', '-i', '--network=none', '-v', `${index}:/app/index-data`, IMAGE], { input: '/ask How many drones did Russia launch after the call?\n' });
  expect(chat.code === 0 && chat.stdout.includes('140 drones'), 'the console chat answered /ask through stdin and exited 0 at end of input', chat.stdout + chat.stderr);
  say('ok: the console chat answered /ask through stdin and exited 0 at the end of input');

  // Slack mode against a fake Web API: the HEALTHCHECK turns healthy; then stop while running.
  const running = `${TAG}-running`;
  await startDetached(running, ['--network=host', '-v', `${index}:/app/index-data`, ...(await slackEnv(await fakeSlack()))]);
  const until = Date.now() + 120_000;
  let health;
  for (;;) {
    health = await podman(['healthcheck', 'run', running]);
    if (health.code === 0) break;
    expect(Date.now() < until, 'the HEALTHCHECK did not pass within 120 s', health.stdout + health.stderr + podmanSync(['logs', running]).stderr);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const state = inspect(running).State;
  const status = (state.Health ?? state.Healthcheck)?.Status;
  expect(status === 'healthy', `health status "${status}", expected healthy`, JSON.stringify(state));
  say(`ok: the HEALTHCHECK turned healthy ${Math.round((Date.now() - (until - 120_000)) / 1000)} s after start`);
  await stopsCleanly(running, 'while running');

  // Stop during start-up: an empty volume makes start-up build the index first.
  const starting = `${TAG}-starting`;
  await startDetached(starting, ['--network=host', '-v', `${await volume('empty')}:/app/index-data`, ...(await slackEnv(await fakeSlack()))]);
  await waitForLog(starting, /No index in .* yet: building it/, 120_000);
  await stopsCleanly(starting, 'during start-up (first index build)');

  // Slack never answers auth.test: the process must end, non-zero, soon after its start timeout.
  const failing = `${TAG}-failing`;
  cleanup.containers.add(failing);
  let checkingAt = 0;
  const failed = await podman(
    ['run', '--name', failing, '--network=host', '-v', `${index}:/app/index-data`, '-e', `SLACK_START_TIMEOUT_MS=${START_TIMEOUT_MS}`, ...(await slackEnv(await silentSlack())), IMAGE],
    { timeoutMs: 180_000, onLine: (line, at) => void (/checking the bot token/.test(line) && !checkingAt && (checkingAt = at)) },
  );
  expect(checkingAt > 0, 'the failing start never logged its token check', failed.stderr);
  const afterCheck = failed.endedAt - checkingAt;
  expect(failed.code !== 0 && failed.code !== null, `a failed Slack start exited with ${failed.code ?? failed.signal}, expected non-zero`, failed.stderr);
  expect(afterCheck < START_TIMEOUT_MS + 3000, `a failed Slack start ended ${afterCheck} ms after its token check began (timeout ${START_TIMEOUT_MS} ms)`, failed.stderr);
  expect(/Could not start: Slack did not answer auth\.test/.test(failed.stderr), 'the failed start said why', failed.stderr);
  say(`ok: Slack silent: exited ${failed.code} ${(afterCheck / 1000).toFixed(1)} s after the token check began (SLACK_START_TIMEOUT_MS=${START_TIMEOUT_MS})`);
}

let code = 0;
try {
  await checks();
  say('all checks passed');
} catch (err) {
  console.error(`check-image: FAILED: ${err instanceof CheckFailed ? err.message : err.stack}`);
  code = 1;
} finally {
  for (const c of cleanup.containers) podmanSync(['rm', '-f', '-t', '0', c]);
  for (const v of cleanup.volumes) podmanSync(['volume', 'rm', '-f', v]);
  for (const s of cleanup.servers) await new Promise((r) => s.close(r));
}
process.exit(code);
