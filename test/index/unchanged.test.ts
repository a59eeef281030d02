// Re-ingest decides "unchanged" before parsing (issue 14 part 5): by size and mtime when the
// stored stamp is trustworthy, else by the hash of the raw bytes; a run with nothing to do
// writes no snapshot.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSources } from '../../src/corpus/index.js';
import { ingest } from '../../src/index/ingest.js';
import { currentSnapshotName, loadIndex } from '../../src/index/store.js';
import { hashEmbedder } from '../fixtures/hash-embedder.js';

let root: string;
let corpus: string;
let indexDir: string;
const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const BODY = 'Talks in Riyadh\n\nThe delegations met in Riyadh on Tuesday for four hours.\n';

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'unchanged-test-'));
  corpus = join(root, 'corpus');
  indexDir = join(root, 'index');
  mkdirSync(corpus);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Makes a file look written an hour ago (an archive file, not one being edited now). */
const age = (file: string) => utimesSync(file, new Date(Date.now() - 3600_000), new Date(Date.now() - 3600_000));

describe('loadSources with what the index holds', () => {
  it('a file whose size and mtime match a settled stamp is not even read', async () => {
    const file = join(corpus, 'a.txt');
    writeFileSync(file, BODY);
    age(file);
    const st = statSync(file);
    // The stored hash is not the file's: it comes back unchanged, so the bytes were never read.
    const r = await loadSources([corpus], { indexed: () => ({ id: 'a', contentHash: 'stored-hash', stamp: { size: st.size, mtimeMs: st.mtimeMs, checkedAtMs: Date.now() } }) });
    expect(r.sources).toEqual([]);
    expect(r.unchanged).toEqual([{ id: 'a', path: file, contentHash: 'stored-hash' }]);
  });

  it('a touched file with the same bytes is hashed, not parsed, and gets a fresh stamp', async () => {
    const file = join(corpus, 'a.txt');
    writeFileSync(file, ''); // parsing it would skip it as empty
    const r = await loadSources([corpus], { indexed: () => ({ id: 'a', contentHash: sha(''), stamp: { size: 0, mtimeMs: 1, checkedAtMs: 10_000 } }) });
    expect(r.skipped).toEqual([]);
    expect(r.unchanged).toHaveLength(1);
    expect(r.unchanged[0].stamp!.mtimeMs).toBe(statSync(file).mtimeMs);
  });

  it('a stamp taken within 2 s of the write is not trusted (an edit in the same clock tick keeps size and mtime)', async () => {
    const file = join(corpus, 'a.txt');
    writeFileSync(file, BODY);
    const st = statSync(file);
    const r = await loadSources([corpus], { indexed: () => ({ id: 'a', contentHash: 'stored-hash', stamp: { size: st.size, mtimeMs: st.mtimeMs, checkedAtMs: st.mtimeMs + 500 } }) });
    expect(r.sources.map((s) => s.id)).toEqual(['a']); // read, hashed, found different, parsed
    expect(r.sources[0].contentHash).toBe(sha(BODY));
  });
});

describe('ingest of an unchanged folder', () => {
  it('parses nothing, loads no vectors and writes no snapshot; an edit is found once its mtime changes', async () => {
    const file = join(corpus, 'a.txt');
    writeFileSync(file, BODY);
    writeFileSync(join(corpus, 'b.txt'), 'Grain deal\n\nThe grain corridor deal was extended by sixty days.\n');
    age(file);
    age(join(corpus, 'b.txt'));
    const embedder = hashEmbedder();
    await ingest({ paths: [corpus], indexDir, embedder });
    const snap = currentSnapshotName(indexDir);
    const again = await ingest({ paths: [corpus], indexDir, embedder });
    expect(again.unchanged.sort()).toEqual(['a', 'b']);
    expect(again.snapshot).toBeUndefined();
    expect(currentSnapshotName(indexDir)).toBe(snap);
    expect([again.sourcesTotal, again.paragraphsTotal]).toEqual([2, 2]);

    // Same size, same mtime, different bytes, stamped within the same second as the write: hashed and found.
    const st = statSync(file);
    writeFileSync(file, BODY.replace('four', 'five'));
    utimesSync(file, st.atime, st.mtime);
    const edited = await ingest({ paths: [corpus], indexDir, embedder });
    // The first ingest stamped the aged file long after its write, so its stamp is trusted:
    // an edit that restores size and mtime exactly is the one thing that goes unseen.
    expect(edited.updated).toEqual([]);
    // Touching it (a new mtime) makes it read, hashed and re-indexed.
    writeFileSync(file, BODY.replace('four', 'five'));
    const touched = await ingest({ paths: [corpus], indexDir, embedder });
    expect(touched.updated).toEqual(['a']);
    expect(loadIndex(indexDir).paragraphsOf('a')[0].text).toContain('five hours');
    expect(readFileSync(file, 'utf8')).toContain('five');
  });

  it('files touched but not changed are hashed once; their new stamps are kept beside the snapshot for the next run', async () => {
    const file = join(corpus, 'a.txt');
    writeFileSync(file, BODY);
    age(file);
    const embedder = hashEmbedder();
    await ingest({ paths: [corpus], indexDir, embedder });
    const snap = currentSnapshotName(indexDir);
    const touchedAt = new Date(Date.now() - 1800_000);
    utimesSync(file, touchedAt, touchedAt);
    const first = await ingest({ paths: [corpus], indexDir, embedder });
    expect(first.unchanged).toEqual(['a']);
    expect(currentSnapshotName(indexDir)).toBe(snap); // no snapshot for a touch
    const stamps = JSON.parse(readFileSync(join(indexDir, 'stamps.json'), 'utf8'));
    expect(stamps[file].stamp.mtimeMs).toBe(statSync(file).mtimeMs);
    // The kept stamp is trusted next time: an edit that restores size and mtime goes unread,
    // which shows the file was not hashed again.
    writeFileSync(file, BODY.replace('four', 'nine'));
    utimesSync(file, touchedAt, touchedAt);
    expect((await ingest({ paths: [corpus], indexDir, embedder })).updated).toEqual([]);
  });
});
