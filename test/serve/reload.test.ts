// A serving bot picking up snapshots while ingests keep publishing them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { loadIndex, saveIndex, currentSnapshotName } from '../../src/index/store.js';
import { createLogger } from '../../src/log.js';
import { openRuntime, type Runtime } from '../../src/wiring.js';

let root: string;
let runtime: Runtime;
const logs: string[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'reload-test-'));
  const corpus = join(root, 'corpus');
  mkdirSync(corpus);
  writeFileSync(join(corpus, 'a.txt'), 'Port strike in Odesa\n\nDock workers in Odesa went on strike on Monday over unpaid wages.\n');
  const config = loadConfig({ INDEX_DIR: join(root, 'index'), CORPUS_DIR: corpus, LOG_LEVEL: 'info' });
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => logs.push(line) } as unknown as NodeJS.WritableStream });
  runtime = await openRuntime(config, logger);
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('reload', () => {
  it('a snapshot pruned while it loads is replaced by the newest, not reported as damage', async () => {
    const dir = join(root, 'index');
    const index = loadIndex(dir);
    saveIndex(dir, index); // a new snapshot to pick up
    const loading = runtime.reload();
    await new Promise((r) => setImmediate(r));
    // Two more publications prune the one being read (only the current and previous are kept).
    saveIndex(dir, index);
    saveIndex(dir, index);
    expect(await loading).toBe(true);
    expect(logs.some((l) => l.includes('could not load the new index snapshot'))).toBe(false);
    expect(logs.some((l) => l.includes('replaced meanwhile'))).toBe(true);
    expect(await runtime.reload()).toBe(false); // the newest is the one loaded
    expect(currentSnapshotName(dir)).toBeTruthy();
  });
});
