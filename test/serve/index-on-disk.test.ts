// Issue 19 item 9: the index on disk deleted or damaged under a running bot makes /readyz say
// so (the bot still answers from the copy in memory), and a good snapshot makes it whole again.
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { currentSnapshotName, saveIndex } from '../../src/index/store.js';
import { createLogger } from '../../src/log.js';
import type { LocalIndex } from '../../src/index/local-index.js';
import { openRuntime, type Runtime } from '../../src/wiring.js';

let root: string;
let dir: string;
let runtime: Runtime;
const logs: string[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'index-on-disk-'));
  const corpus = join(root, 'corpus');
  dir = join(root, 'index');
  mkdirSync(corpus);
  writeFileSync(join(corpus, 'a.txt'), 'Port strike in Odesa\n\nDock workers in Odesa went on strike on Monday over unpaid wages.\n');
  const config = loadConfig({ INDEX_DIR: dir, CORPUS_DIR: corpus, LOG_LEVEL: 'info' });
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => logs.push(line) } as unknown as NodeJS.WritableStream });
  runtime = await openRuntime(config, logger);
}, 120_000);

afterAll(() => {
  vi.useRealTimers();
  rmSync(root, { recursive: true, force: true });
});

/** The check, after the 2 s it is cached for. */
function later(): Record<string, boolean> {
  vi.setSystemTime(Date.now() + 2_500);
  return runtime.checks!();
}

describe('readiness of the index on disk', () => {
  it('is reported while the bot answers from memory, and recovers with a good snapshot', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    expect(later()).toEqual({ indexOnDisk: true });
    const memory = runtime.index();
    const snap = join(dir, currentSnapshotName(dir)!);
    truncateSync(join(snap, 'paragraphs.json'), 10); // damaged
    expect(later()).toEqual({ indexOnDisk: false });
    expect(runtime.index()).toBe(memory);
    expect(runtime.index().size).toBeGreaterThan(0); // still answering from memory
    expect(logs.filter((l) => /the index on disk is missing or damaged/.test(l))).toHaveLength(1);
    expect(later()).toEqual({ indexOnDisk: false });
    expect(logs.filter((l) => /the index on disk is missing or damaged/.test(l))).toHaveLength(1); // logged once

    saveIndex(dir, memory as LocalIndex); // a new, whole snapshot (what a re-ingest publishes)
    expect(later()).toEqual({ indexOnDisk: true });

    rmSync(dir, { recursive: true, force: true }); // deleted
    expect(later()).toEqual({ indexOnDisk: false });
    expect(runtime.index().size).toBeGreaterThan(0);
  });
});
