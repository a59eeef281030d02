// The watched inbox: a dropped file reaches the injected ingest once, after it stops growing.
import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchInbox, type Inbox } from '../../src/digest/inbox.js';
import { ingest } from '../../src/index/ingest.js';
import { loadIndex } from '../../src/index/store.js';
import { hashEmbedder } from '../fixtures/hash-embedder.js';
import { recordingLogger } from './helpers.js';

let dir: string;
let inbox: Inbox | undefined;
let clock: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'digest-inbox-'));
  clock = Date.now() + 60_000;
});
afterEach(async () => {
  await inbox?.stop();
  inbox = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A file written a while ago (its modification time in the past). */
function drop(name: string, text: string, ageMs = 10_000): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  const t = new Date(clock - ageMs);
  utimesSync(path, t, t);
  return path;
}

// The timer loop is effectively off (an hour between scans); the tests call scan() themselves.
const options = { intervalMs: 3_600_000, settleMs: 2000, retryMs: 5000, now: () => clock };

describe('watchInbox', () => {
  it('hands a dropped file to ingest once, after two scans see it unchanged', async () => {
    const calls: string[][] = [];
    inbox = watchInbox({ ...options, dir, ingest: async (paths) => void calls.push(paths) });
    await inbox.scan(); // the loop's first scan ran on start; this one sees an empty folder too
    const path = drop('story.md', '# Title\n\nText of the story.\n');
    drop('notes.pdf', 'not an article');
    drop('.hidden.md', 'editor swap file');
    await inbox.scan();
    expect(calls).toEqual([]); // first sight: not yet known to be complete
    await inbox.scan();
    expect(calls).toEqual([[path]]);
    await inbox.scan();
    await inbox.scan();
    expect(calls).toEqual([[path]]); // never twice
  });

  it('waits while a file is still growing or was touched moments ago, and takes it again when it changes', async () => {
    const calls: string[][] = [];
    inbox = watchInbox({ ...options, dir, ingest: async (paths) => void calls.push(paths) });
    const path = drop('growing.txt', 'first part', 0);
    await inbox.scan();
    appendFileSync(path, ' second part');
    utimesSync(path, new Date(clock - 500), new Date(clock - 500));
    await inbox.scan(); // size changed
    await inbox.scan(); // unchanged, but touched 0.5 s ago (< settleMs)
    expect(calls).toEqual([]);
    clock += 5000;
    await inbox.scan();
    expect(calls).toEqual([[path]]);
    appendFileSync(path, ' correction');
    utimesSync(path, new Date(clock - 10_000), new Date(clock - 10_000));
    await inbox.scan();
    await inbox.scan();
    expect(calls).toEqual([[path], [path]]);
  });

  it('logs a failed ingest, goes on, and retries the file after a pause', async () => {
    const calls: string[][] = [];
    let fail = true;
    const { logger, lines } = recordingLogger();
    inbox = watchInbox({
      ...options,
      dir,
      logger,
      ingest: async (paths) => {
        calls.push(paths);
        if (fail) throw new Error('index is busy');
      },
    });
    const path = drop('a.txt', 'A story.');
    await inbox.scan();
    await inbox.scan();
    expect(calls).toEqual([[path]]);
    expect(lines.filter((l) => l.msg === 'inbox ingest failed; will retry')).toMatchObject([{ level: 50, files: 1, err: 'index is busy' }]);
    await inbox.scan();
    expect(calls).toHaveLength(1); // not before retryMs
    fail = false;
    clock += 6000;
    await inbox.scan();
    expect(calls).toEqual([[path], [path]]);
    await inbox.scan();
    expect(calls).toHaveLength(2);
  });

  it('never runs two ingests at once, even when scans are asked for concurrently', async () => {
    let running = 0;
    let most = 0;
    const calls: string[][] = [];
    inbox = watchInbox({
      ...options,
      dir,
      ingest: async (paths) => {
        running++;
        most = Math.max(most, running);
        calls.push(paths);
        await new Promise((r) => setTimeout(r, 20));
        running--;
      },
    });
    const path = drop('b.md', 'B story.');
    await inbox.scan();
    await Promise.all([inbox.scan(), inbox.scan(), inbox.scan()]);
    expect(most).toBe(1);
    expect(calls).toEqual([[path]]);
  });

  it('polls on its own timer and stops', async () => {
    const calls: string[][] = [];
    const path = drop('c.md', 'C story.');
    inbox = watchInbox({ ...options, intervalMs: 10, dir, ingest: async (paths) => void calls.push(paths) });
    const deadline = Date.now() + 2000;
    while (calls.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(calls).toEqual([[path]]);
    await inbox.stop();
    drop('d.md', 'D story.');
    await new Promise((r) => setTimeout(r, 60));
    expect(calls).toEqual([[path]]);
  });
  it('a file renamed or deleted in the inbox is not left behind as a source; other folders are untouched', async () => {
    const root = mkdtempSync(join(tmpdir(), 'digest-inbox-index-'));
    try {
      const indexDir = join(root, 'index');
      const corpus = join(root, 'corpus');
      mkdirSync(corpus);
      writeFileSync(join(corpus, 'other.md'), '# Other\n\nA story from the corpus.\n');
      const embedder = hashEmbedder();
      await ingest({ paths: [corpus], indexDir, embedder });
      unlinkSync(join(corpus, 'other.md')); // gone from another folder: never removed by the inbox
      const calls: string[][] = [];
      inbox = watchInbox({ ...options, dir, ingest: async (paths) => void (calls.push(paths), await ingest({ paths, indexDir, embedder })) });
      const ids = () => loadIndex(indexDir).sources().map((s) => s.id).sort();
      const draft = drop('draft.md', '# Bridge\n\nThe bridge opened on Monday.\n');
      await inbox.scan();
      await inbox.scan();
      expect(ids()).toEqual(['draft', 'other']);

      const final = join(dir, 'bridge-final.md');
      renameSync(draft, final);
      await inbox.scan();
      await inbox.scan();
      expect(ids()).toEqual(['bridge-final', 'other']);
      expect(calls.flat()).toContain(draft);

      unlinkSync(final);
      await inbox.scan();
      expect(ids()).toEqual(['other']);
      const n = calls.length;
      await inbox.scan();
      expect(calls.length).toBe(n); // a removal is handed over once
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
