// The CLI as a user runs it: the built entry point, a temporary index, the real model.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../fixtures/run-cli.js';

let root: string;
let env: Record<string, string>;

const run = (args: string[], input?: string, extraEnv: Record<string, string> = {}, timeoutMs = 60_000) =>
  runCli(args, { env: { ...env, ...extraEnv }, input, timeoutMs });

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` (npm test does it)');
  root = mkdtempSync(join(tmpdir(), 'cli-test-'));
  env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? root, INDEX_DIR: join(root, 'index'), CORPUS_DIR: join(process.cwd(), 'seeds'), LOG_LEVEL: 'warn' };
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('CLI', () => {
  it('the first ask builds the index from the corpus, then answers with verbatim cited excerpts', async () => {
    const r = await run(['ask', 'How long did the call between Trump and Putin last?']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/No index in .* yet: building it/);
    expect(r.stderr).toMatch(/Indexed 5 sources, \d+ paragraphs/);
    expect(r.stdout).toContain('“The call between Donald Trump and Vladimir Putin lasted over an hour.” [1]');
    expect(r.stdout).toMatch(/Sources disagree on how long the call .*lasted: “over an hour” \[\d\] vs “two hours” \[\d\]/);
    expect(r.stdout).toMatch(/\n\[1\] Trump and Putin Speak, Seek Peaceful Resolution In Ukraine — 000_450ac052006812d4, paragraph 9/);
    expect(existsSync(join(root, 'index', 'CURRENT'))).toBe(true);
  }, 120_000);

  it('--json prints the Answer contract; off-topic questions are not_found', async () => {
    const r = await run(['ask', '--json', '-k', '2', 'How many drones did Russia launch after the call?']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/building/);
    const a = JSON.parse(r.stdout);
    expect(a.status).toBe('answered');
    expect(a.excerpts.length).toBeLessThanOrEqual(2);
    expect(Object.keys(a.excerpts[0]).sort()).toEqual(['n', 'paragraph', 'quote', 'score', 'sourceId', 'title']);
    expect(a.excerpts[0].quote).toContain('140 drones');
    expect(a.disagreements).toEqual([]);
    const off = JSON.parse((await run(['ask', '--json', 'What is the price of Brent crude?'])).stdout);
    expect(off).toMatchObject({ status: 'not_found', excerpts: [], disagreements: [] });
  }, 60_000);

  it('answers one question per line from stdin, loading once, and refuses bad ones with a message', async () => {
    const input = ['Will it rain in Kyiv tomorrow?', '', 'Where did Russian and Ukrainian negotiators meet?', 'x'.repeat(1200)].join('\n') + '\n';
    const r = await run(['ask', '--json'], input);
    expect(r.code).toBe(2); // one question was refused
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.status)).toEqual(['not_found', 'answered', 'refused']);
    expect(lines[1].excerpts[0].quote).toContain('Istanbul');
    expect(lines[2].reason).toMatch(/1,200 characters long; please keep it under 1,000/);
  }, 60_000);

  it('refuses an empty question and unknown commands with a clear message', async () => {
    const empty = await run(['ask', '   ']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/Please type a question/);
    const unknown = await run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown command "frobnicate"/);
  }, 60_000);

  it('ingest reports what changed and skips a bad file with its name and reason', async () => {
    const corpus = join(root, 'corpus');
    rmSync(corpus, { recursive: true, force: true });
    mkdirSync(corpus);
    writeFileSync(join(corpus, 'good.txt'), 'Port strike in Odesa\n\nDock workers in Odesa went on strike on Monday over unpaid wages.\n');
    writeFileSync(join(corpus, 'empty.txt'), '');
    const r = await run(['ingest', '--quiet', '--corpus', corpus], undefined, { INDEX_DIR: join(root, 'index2') });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/skipped .*empty\.txt: empty file/);
    expect(r.stdout).toMatch(/Indexed 1 sources \(1 paragraphs\).*1 added, 0 updated, 0 removed, 0 unchanged, 1 skipped/);
    const again = await run(['ingest', '--quiet', '--corpus', corpus], undefined, { INDEX_DIR: join(root, 'index2') });
    expect(again.stdout).toMatch(/0 added, 0 updated, 0 removed, 1 unchanged/);
  }, 60_000);

  it('an invalid configuration lists every problem and exits non-zero', async () => {
    const r = await run(['ask', 'q?'], undefined, { SLACK_BOT_TOKEN: 'xoxb-1', DISCORD_TOKEN: 'abc', DIGEST_TZ: 'Mars/Olympus' });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('SLACK_SIGNING_SECRET is required when SLACK_BOT_TOKEN is set and SLACK_APP_TOKEN is not');
    expect(r.stderr).toContain('DISCORD_APP_ID is required when DISCORD_TOKEN is set');
    expect(r.stderr).toContain('DIGEST_TZ "Mars/Olympus" is not an IANA time zone');
  });
});

describe('console chat (npm start without tokens)', () => {
  it('answers piped commands and exits 0 at end of input', async () => {
    const r = await run(['serve'], '/ask How long did the call last?\n/sources\n/quotes Peskov\n/help\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/console mode/);
    expect(r.stdout).toMatch(/SLACK_BOT_TOKEN/);
    expect(r.stdout).toMatch(/lasted over an hour/);
    expect(r.stdout).toMatch(/Indexed sources \(5\), newest first — page 1 of 1/);
    expect(r.stdout).toMatch(/Dmitry Peskov — \d+ statements?/);
    expect(r.stdout).toMatch(/\/ask <question> — Answer from the indexed articles/);
  }, 60_000);
});
