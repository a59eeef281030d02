// The CLI as a user runs it: the built entry point, a temporary index, the real model.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestInChild } from '../../src/ingest-process.js';
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
    // The first quote states the duration (either source's sentence); whole sentences only.
    expect(r.stdout).toMatch(/^“(Vladimir Putin and Donald Trump had a significant phone call that lasted two hours|The call between Donald Trump and Vladimir Putin lasted over an hour)\./);
    expect(r.stdout).toContain('“The call between Donald Trump and Vladimir Putin lasted over an hour.');
    expect(r.stdout).toMatch(/Sources disagree on how long the call .*lasted: “over an hour” \[\d\] vs “two hours” \[\d\]/);
    expect(r.stdout).toMatch(/\n\[\d\] Trump and Putin Speak, Seek Peaceful Resolution In Ukraine — 000_450ac052006812d4, paragraph 9/);
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
    expect(r.code).toBe(3); // some files skipped: a scheduled job can tell
    expect(r.stderr).toMatch(/skipped .*empty\.txt: empty file/);
    expect(r.stderr.trim().split('\n').at(-1)).toBe('Skipped 1 file (named above); the rest is indexed. Exit code 3.');
    expect(r.stdout).toMatch(/Indexed 1 source \(1 paragraph\).*1 added, 0 updated, 0 removed, 0 unchanged, 1 skipped/);
    const again = await run(['ingest', '--quiet', '--corpus', corpus], undefined, { INDEX_DIR: join(root, 'index2') });
    expect(again.stdout).toMatch(/0 added, 0 updated, 0 removed, 1 unchanged/);

    // A mistyped path is indexed as nothing, and the exit code says so (a cron job notices).
    const typo = await run(['ingest', '--quiet', join(root, 'corpuss')], undefined, { INDEX_DIR: join(root, 'index2') });
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/Not found, so not indexed: .*corpuss/);

    // The bot's inbox ingest (a child process) does not fail a batch because one file was taken away meanwhile.
    writeFileSync(join(corpus, 'inbox-kept.txt'), 'Ferry resumes\n\nThe Odesa ferry resumed service on Friday.\n');
    const child = await ingestInChild(CLI, [join(corpus, 'inbox-kept.txt'), join(corpus, 'taken-away.txt')], { ...process.env, ...env, INDEX_DIR: join(root, 'index2') });
    expect(child.stdout).toMatch(/1 added/);
    rmSync(join(corpus, 'inbox-kept.txt'));
    await run(['ingest', '--quiet', '--corpus', corpus], undefined, { INDEX_DIR: join(root, 'index2') });

    // `sources` lists what is indexed without loading the model.
    const listed = await run(['sources'], undefined, { INDEX_DIR: join(root, 'index2') });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^Indexed sources \(1\), newest first:\n• Port strike in Odesa — good \(1 paragraph\)\n$/);
    const json = await run(['sources', '--json'], undefined, { INDEX_DIR: join(root, 'index2') });
    expect(JSON.parse(json.stdout).map((x: { id: string }) => x.id)).toEqual(['good']);
    const none = await run(['sources'], undefined, { INDEX_DIR: join(root, 'no-index') });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/Nothing is indexed yet .*npm run ingest/);

    // A rebuild from one file reports the sources it dropped.
    writeFileSync(join(corpus, 'second.txt'), 'Grain corridor reopens\n\nShips left Odesa on Tuesday after a week-long pause.\n');
    await run(['ingest', '--quiet', '--corpus', corpus], undefined, { INDEX_DIR: join(root, 'index2') });
    const rebuilt = await run(['ingest', '--quiet', '--rebuild', join(corpus, 'second.txt')], undefined, { INDEX_DIR: join(root, 'index2') });
    expect(rebuilt.stdout).toMatch(/Indexed 1 source .*1 added, 0 updated, 1 removed/);

    // A file deleted from a folder named relative to the working folder (as the default seeds/ is) is removed.
    const relEnv = { INDEX_DIR: join(root, 'index-rel') };
    const first = await runCli(['ingest', '--quiet', '--corpus', 'corpus'], { env: { ...env, ...relEnv }, cwd: root });
    expect(first.stdout).toMatch(/Indexed 2 sources/);
    const deletedFile = join(corpus, 'good.txt');
    const keep = readFileSync(deletedFile);
    rmSync(deletedFile);
    const after = await runCli(['ingest', '--quiet', '--corpus', 'corpus'], { env: { ...env, ...relEnv }, cwd: root });
    expect(after.stdout).toMatch(/Indexed 1 source .*0 added, 0 updated, 1 removed/);
    writeFileSync(deletedFile, keep);
  }, 90_000);

  it('a dtype the model folder lacks is named with what the folder has', async () => {
    const r = await run(['ask', 'How long did the call last?'], undefined, { EMBED_DTYPE: 'q8' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/EMBED_DTYPE=q8 needs .*onnx\/model_quantized\.onnx, which is not there\. This model folder has model_q4\.onnx; set EMBED_DTYPE to match/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // one message, no stack trace
  });

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
    const r = await run(['serve'], '/ask How long did the call last?\n/sources\n/quotes Peskov\n/help\n/foo bar\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/console mode/);
    expect(r.stdout).toMatch(/SLACK_BOT_TOKEN/);
    expect(r.stdout).toMatch(/lasted over an hour/);
    expect(r.stdout).toMatch(/Indexed sources \(5\), newest first:/);
    expect(r.stdout).toMatch(/Dmitry Peskov — \d+ statements?/);
    expect(r.stdout).toMatch(/\/ask <question> — Answer from the indexed articles/);
    expect(r.stdout).toMatch(/Unknown command \/foo\.\nI answer from the indexed news articles only/);
  }, 60_000);
});

describe('console chat reads like a chat (issue 14 part 7)', () => {
  it('logs are human lines on stderr, never JSON, and a wrong argument gets the usage line', async () => {
    const r = await run(['serve'], '/quotes\n/sources abc\n/digest extra\n', { LOG_LEVEL: 'info' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: quotes <name> (a person’s name), for example: quotes Zelenskyy');
    expect(r.stdout).toContain('Usage: sources [page] (a page number), for example: sources 2');
    expect(r.stdout).toContain('Usage: digest (nothing after it), for example: digest');
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines.some((l) => /^\d\d:\d\d:\d\d INFO  shutting down \(reason=/.test(l))).toBe(true);
    expect(lines.filter((l) => l.startsWith('{'))).toEqual([]);
    expect(r.stdout).not.toMatch(/"level":/);
  }, 60_000);

  it('LOG_FORMAT=json keeps JSON lines for a log collector', async () => {
    const r = await run(['serve'], '/help\n', { LOG_LEVEL: 'info', LOG_FORMAT: 'json' });
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n').filter(Boolean).every((l) => l.startsWith('{'))).toBe(true);
  }, 60_000);
});
