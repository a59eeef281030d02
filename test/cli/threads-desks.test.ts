// `ask --thread` and `--desk` through the built CLI on the seed articles (bundled model):
// the questions on stdin are one conversation, one Answer JSON a line; a desk's sources only.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../fixtures/run-cli.js';

let root: string;
let env: Record<string, string>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cli-threads-'));
  env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? root, INDEX_DIR: join(root, 'index'), CORPUS_DIR: join(process.cwd(), 'seeds'), LOG_LEVEL: 'warn' };
  const r = await runCli(['ingest'], { env, timeoutMs: 240_000 });
  expect(r.code).toBe(0);
}, 250_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

it('ask --thread reads a follow-up with the question before it, one Answer JSON a line', async () => {
  const r = await runCli(['ask', '--thread', '--json'], { env, input: 'How long did the Trump–Putin call last?\nWhat did he say about the ceasefire?\nWhat about Narnia?\n', timeoutMs: 240_000 });
  expect(r.code).toBe(0);
  const [first, second, third] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  expect(first.status).toBe('answered');
  expect(first.resolvedQuestion).toBeUndefined();
  expect(second.question).toBe('What did he say about the ceasefire?');
  expect(second.resolvedQuestion).toMatch(/^What did (Trump|Putin|Donald Trump|Vladimir Putin) say about the ceasefire\?$/);
  expect(second.text).toMatch(/^Reading this as: /);
  expect(third.status).toBe('not_found');
}, 250_000);

it('ask --desk searches only the desk; an unknown desk or a bad desks file is refused with a sentence', async () => {
  const desks = join(root, 'desks.yaml');
  writeFileSync(desks, 'desks:\n  one:\n    folders: [seeds/001_9d2b0e729d22a81c.txt]\n    channels: { slack: [C1] }\n');
  const ok = await runCli(['ask', '--json', '--desk', 'one', 'How long did the call last?'], { env: { ...env, DESKS_FILE: desks }, timeoutMs: 240_000 });
  expect(ok.code).toBe(0);
  const answer = JSON.parse(ok.stdout);
  expect(answer.excerpts.length).toBeGreaterThan(0);
  expect(new Set(answer.excerpts.map((e: { sourceId: string }) => e.sourceId))).toEqual(new Set(['001_9d2b0e729d22a81c']));
  const unknown = await runCli(['ask', '--desk', 'two', 'How long did the call last?'], { env: { ...env, DESKS_FILE: desks }, timeoutMs: 240_000 });
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('--desk two: no such desk in DESKS_FILE; the desks are one.');
  writeFileSync(desks, 'desks:\n  one:\n    folder: [seeds]\n');
  const bad = await runCli(['ask', 'How long did the call last?'], { env: { ...env, DESKS_FILE: desks }, timeoutMs: 60_000 });
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('desks.one: unknown key "folder"');
}, 250_000);
