import { mkdirSync, mkdtempSync, renameSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingest } from '../../src/index/ingest.js';
import { hasIndex, IndexUnusableError, loadIndex, loadIndexInBackground, readManifest } from '../../src/index/store.js';
import { hashEmbedder } from '../fixtures/hash-embedder.js';

let root: string;
let corpus: string;
let indexDir: string;

const article = (title: string, ...paras: string[]) => [title, ...paras].join('\n\n') + '\n';

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'store-test-'));
  corpus = join(root, 'corpus');
  indexDir = join(root, 'index');
  mkdirSync(corpus);
  writeFileSync(join(corpus, 'a.txt'), article('Talks in Riyadh', 'The delegations met in Riyadh on Tuesday for four hours.', 'Officials said the meeting was constructive.'));
  writeFileSync(join(corpus, 'b.txt'), article('Grain deal extended', 'The grain corridor deal was extended by sixty days.', 'Shipping companies welcomed the decision.'));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

const texts = () => loadIndex(indexDir).allParagraphs().map((p) => `${p.sourceId}#${p.index} ${p.text}`).sort();

describe('index on disk', () => {
  it('round-trips sources, paragraphs, vectors and BM25', async () => {
    const embedder = hashEmbedder();
    const report = await ingest({ paths: [corpus], indexDir, embedder });
    expect(report.added.sort()).toEqual(['a', 'b']);
    expect(hasIndex(indexDir)).toBe(true);
    const index = loadIndex(indexDir);
    expect(index.sources().map((s) => s.id).sort()).toEqual(['a', 'b']);
    expect(index.source('a')!.title).toBe('Talks in Riyadh');
    expect(index.size).toBe(4);
    const lex = index.lexical('grain corridor', 5);
    expect(index.paragraph(lex[0].key)!.sourceId).toBe('b');
    const dense = index.dense(await embedder.embedQuery('The delegations met in Riyadh on Tuesday for four hours.'), 1);
    expect(index.paragraph(dense[0].key)!.text).toContain('Riyadh');
    expect(dense[0].score).toBeGreaterThan(0.99);
    expect(readManifest(indexDir).embedder).toEqual({ id: 'test:hash', dimension: 32 });
  });

  it('re-ingest is incremental: unchanged skipped, changed replaced, deleted removed, no duplicates', async () => {
    const embedder = hashEmbedder();
    await ingest({ paths: [corpus], indexDir, embedder });
    const before = embedder.texts;

    const again = await ingest({ paths: [corpus], indexDir, embedder });
    expect(again.unchanged.sort()).toEqual(['a', 'b']);
    expect(embedder.texts).toBe(before); // nothing re-embedded

    writeFileSync(join(corpus, 'b.txt'), article('Grain deal extended', 'The grain corridor deal was extended by ninety days.'));
    writeFileSync(join(corpus, 'c.txt'), article('Port strike', 'Dock workers in Odesa went on strike.'));
    unlinkSync(join(corpus, 'a.txt'));
    const r = await ingest({ paths: [corpus], indexDir, embedder });
    expect(r.added).toEqual(['c']);
    expect(r.updated).toEqual(['b']);
    expect(r.removed).toEqual(['a']);
    expect(embedder.texts - before).toBe(2);
    expect(texts()).toEqual(['b#1 The grain corridor deal was extended by ninety days.', 'c#1 Dock workers in Odesa went on strike.']);
    const index = loadIndex(indexDir);
    expect(index.lexical('Riyadh delegations', 5)).toEqual([]);
    expect(index.lexical('sixty', 5)).toEqual([]);
    // Removed paragraphs are gone from the vectors too.
    const hits = index.dense(await embedder.embedQuery('delegations met in Riyadh'), 10);
    expect(hits.every((h) => index.paragraph(h.key))).toBe(true);
    expect(hits).toHaveLength(2);
  });

  it('ingesting single files adds them without removing the rest', async () => {
    const embedder = hashEmbedder();
    await ingest({ paths: [corpus], indexDir, embedder });
    const extra = join(root, 'extra.txt');
    writeFileSync(extra, article('Extra', 'A single file added by hand.'));
    const r = await ingest({ paths: [extra], indexDir, embedder });
    expect(r.added).toEqual(['extra']);
    expect(r.removed).toEqual([]);
    expect(loadIndex(indexDir).sources().map((s) => s.id).sort()).toEqual(['a', 'b', 'extra']);
  });

  it('a named file that is gone has its source removed (a file renamed in the inbox); nothing from other folders is', async () => {
    const embedder = hashEmbedder();
    await ingest({ paths: [corpus], indexDir, embedder });
    const inboxDir = join(root, 'inbox');
    mkdirSync(inboxDir);
    const draft = join(inboxDir, 'draft.txt');
    writeFileSync(draft, article('Bridge', 'The bridge opened on Monday.'));
    await ingest({ paths: [draft], indexDir, embedder });
    const final = join(inboxDir, 'bridge-final.txt');
    renameSync(draft, final);
    unlinkSync(join(corpus, 'b.txt')); // gone too, but not named and not in the inbox: kept
    const r = await ingest({ paths: [final, draft], indexDir, embedder });
    expect(r.added).toEqual(['bridge-final']);
    expect(r.removed).toEqual(['draft']);
    expect(loadIndex(indexDir).sources().map((s) => s.id).sort()).toEqual(['a', 'b', 'bridge-final']);
  });

  it('a save interrupted half way leaves the previous index loadable and unchanged', async () => {
    const embedder = hashEmbedder();
    await ingest({ paths: [corpus], indexDir, embedder });
    const good = texts();
    writeFileSync(join(corpus, 'c.txt'), article('Port strike', 'Dock workers in Odesa went on strike.'));
    await expect(
      ingest({
        paths: [corpus],
        indexDir,
        embedder,
        afterFile: (name) => {
          if (name === 'paragraphs.json') throw new Error('simulated crash');
        },
      }),
    ).rejects.toThrow('simulated crash');
    expect(texts()).toEqual(good);
    // The next run finishes the job, with exactly the right paragraphs.
    const r = await ingest({ paths: [corpus], indexDir, embedder });
    expect(r.added).toEqual(['c']);
    expect(texts()).toHaveLength(good.length + 1);
    expect(readdirSync(indexDir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('detects a damaged index file and says what to run', async () => {
    await ingest({ paths: [corpus], indexDir, embedder: hashEmbedder() });
    const snap = readFileSync(join(indexDir, 'CURRENT'), 'utf8').trim();
    const file = join(indexDir, snap, 'paragraphs.json');
    writeFileSync(file, readFileSync(file).subarray(0, 20));
    expect(() => loadIndex(indexDir)).toThrow(IndexUnusableError);
    expect(() => loadIndex(indexDir)).toThrow(/paragraphs\.json.*npm run ingest -- --rebuild/);
    // ingest recovers by rebuilding
    const notes: string[] = [];
    const r = await ingest({ paths: [corpus], indexDir, embedder: hashEmbedder(), onNote: (m) => notes.push(m) });
    expect(notes[0]).toMatch(/damaged.*rebuilding/);
    expect(r.added.sort()).toEqual(['a', 'b']);
    expect(loadIndex(indexDir).size).toBe(4);
  });

  it('adding single files never rebuilds a damaged or foreign index (it would drop the other sources)', async () => {
    await ingest({ paths: [corpus], indexDir, embedder: hashEmbedder('test:one', 32) });
    const extra = join(root, 'extra.txt');
    writeFileSync(extra, article('Extra', 'A single file added by hand.'));
    await expect(ingest({ paths: [extra], indexDir, embedder: hashEmbedder('test:two', 16) })).rejects.toThrow(/built with test:one .*nothing was changed.*--rebuild/);
    const snap = readFileSync(join(indexDir, 'CURRENT'), 'utf8').trim();
    writeFileSync(join(indexDir, snap, 'statements.json'), '[');
    await expect(ingest({ paths: [extra], indexDir, embedder: hashEmbedder('test:one', 32) })).rejects.toThrow(/damaged.*nothing was changed/);
  });

  it('sources whose folder moved are kept when other files are ingested', async () => {
    const embedder = hashEmbedder();
    await ingest({ paths: [corpus], indexDir, embedder });
    renameSync(corpus, join(root, 'moved'));
    const extra = join(root, 'extra.txt');
    writeFileSync(extra, article('Extra', 'A single file added by hand.'));
    const r = await ingest({ paths: [extra], indexDir, embedder });
    expect(r.removed).toEqual([]);
    expect(loadIndex(indexDir).sources().map((s) => s.id).sort()).toEqual(['a', 'b', 'extra']);
  });

  it('the background loader (used by a serving bot) gives the same index and the same refusals', async () => {
    const embedder = hashEmbedder();
    await ingest({ paths: [corpus], indexDir, embedder });
    const a = loadIndex(indexDir);
    const b = await loadIndexInBackground(indexDir);
    expect(b.embedder).toEqual(a.embedder);
    expect(b.allParagraphs()).toEqual(a.allParagraphs());
    expect(b.sources()).toEqual(a.sources());
    expect(b.lexical('grain corridor', 5)).toEqual(a.lexical('grain corridor', 5));
    const q = await embedder.embedQuery('The delegations met in Riyadh on Tuesday for four hours.');
    expect(b.dense(q, 2)).toEqual(a.dense(q, 2));

    const snap = readFileSync(join(indexDir, 'CURRENT'), 'utf8').trim();
    const vectors = join(indexDir, snap, 'vectors.hnsw');
    const bytes = readFileSync(vectors);
    bytes[bytes.length - 1] ^= 0xff; // same length, one bit pattern changed
    writeFileSync(vectors, bytes);
    await expect(loadIndexInBackground(indexDir)).rejects.toThrow(/vectors\.hnsw does not match its checksum.*npm run ingest -- --rebuild/);
    unlinkSync(join(indexDir, snap, 'lexical.json'));
    await expect(loadIndexInBackground(indexDir)).rejects.toThrow(IndexUnusableError);
    writeFileSync(join(indexDir, 'CURRENT'), 'snap-does-not-exist\n');
    await expect(loadIndexInBackground(indexDir)).rejects.toThrow(/damaged.*not there/);
  });

  it('a missing pointer target is reported, not a crash', async () => {
    await ingest({ paths: [corpus], indexDir, embedder: hashEmbedder() });
    writeFileSync(join(indexDir, 'CURRENT'), 'snap-does-not-exist\n');
    expect(() => loadIndex(indexDir)).toThrow(/damaged.*not there/);
  });

  it('an index built with another embedder is rebuilt, never mixed', async () => {
    await ingest({ paths: [corpus], indexDir, embedder: hashEmbedder('test:one', 32) });
    const notes: string[] = [];
    const other = hashEmbedder('test:two', 16);
    const r = await ingest({ paths: [corpus], indexDir, embedder: other, onNote: (m) => notes.push(m) });
    expect(notes.join(' ')).toMatch(/built with test:one .*test:two.*rebuilding/);
    expect(r.added.sort()).toEqual(['a', 'b']);
    expect(other.texts).toBe(4);
    expect(readManifest(indexDir).embedder).toEqual({ id: 'test:two', dimension: 16 });
  });

  it('keeps only the current and the previous snapshot', async () => {
    const embedder = hashEmbedder();
    for (let i = 0; i < 4; i++) {
      writeFileSync(join(corpus, 'a.txt'), article('Talks', `Version ${i} of the story.`));
      await ingest({ paths: [corpus], indexDir, embedder, compact: true }); // whole snapshots (segments: index-segments.test.ts)
    }
    expect(readdirSync(indexDir).filter((f) => f.startsWith('snap-'))).toHaveLength(2);
    expect(existsSync(join(indexDir, '.ingest.lock'))).toBe(false);
  });
});
