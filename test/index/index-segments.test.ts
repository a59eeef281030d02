// Issue 24: an ingest that changes a few sources writes a segment beside the base snapshot;
// the index read back (base + segments) is the index a whole ingest of the same corpus gives.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingest } from '../../src/index/ingest.js';
import type { LocalIndex } from '../../src/index/local-index.js';
import { newSegmentsSince, segmentStats } from '../../src/index/segments.js';
import { currentSnapshotName, loadIndex, loadIndexInBackground, readManifest, readPointer, readStatements } from '../../src/index/store.js';
import { statementsOf } from '../../src/wiring.js';
import { hashEmbedder } from '../fixtures/hash-embedder.js';

let root: string;
let corpus: string;
let indexDir: string;

const article = (title: string, ...paras: string[]) => [title, ...paras].join('\n\n') + '\n';

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'segments-test-'));
  corpus = join(root, 'corpus');
  indexDir = join(root, 'index');
  mkdirSync(corpus);
  writeFileSync(join(corpus, 'a.txt'), article('Talks in Riyadh', 'The delegations met in Riyadh on Tuesday for four hours.', '"The meeting was constructive," said Marco Rubio, the secretary of state.'));
  writeFileSync(join(corpus, 'b.txt'), article('Grain deal extended', 'The grain corridor deal was extended by sixty days.', 'Shipping companies welcomed the decision.'));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

/** What an index holds, independent of how it was written. */
function contents(index: LocalIndex) {
  return {
    sources: index.sources().map((s) => `${s.id} ${s.contentHash} ${s.paragraphs}`).sort(),
    paragraphs: index.allParagraphs().map((p) => `${p.key} ${p.sourceId}#${p.index} ${p.text}`).sort(),
    statements: index.statements().map((s) => `${s.sourceId}#${s.paragraph} ${s.speaker}: ${s.quote}`).sort(),
  };
}

const dirs = (prefix: string) => readdirSync(indexDir).filter((f) => f.startsWith(prefix));

describe('index segments', () => {
  it('add, replace and remove are written as segments and read back as a whole ingest of the same corpus', async () => {
    const embedder = hashEmbedder();
    await ingest({ paths: [corpus], indexDir, embedder, statements: statementsOf });
    expect(readPointer(indexDir).segments).toEqual([]);
    const base = readPointer(indexDir).snapshot;

    // Added as a single file (an inbox drop).
    writeFileSync(join(corpus, 'c.txt'), article('Port strike', 'Dock workers in Odesa went on strike on Monday.', '"We will not load ships," said Olena Kovalenko, a union leader.'));
    const added = await ingest({ paths: [join(corpus, 'c.txt')], indexDir, embedder, statements: statementsOf });
    expect(added.added).toEqual(['c']);
    expect(added.paragraphsTotal).toBe(6);
    // Replaced (a correction) and removed, by a folder sync.
    writeFileSync(join(corpus, 'b.txt'), article('Grain deal extended again', 'The grain corridor deal was extended by ninety days.'));
    unlinkSync(join(corpus, 'a.txt'));
    const synced = await ingest({ paths: [corpus], indexDir, embedder, statements: statementsOf });
    expect(synced.updated).toEqual(['b']);
    expect(synced.removed).toEqual(['a']);

    const pointer = readPointer(indexDir);
    expect(pointer.snapshot).toBe(base); // the base was not rewritten
    expect(pointer.segments).toHaveLength(2);
    expect(dirs('snap-')).toEqual([base]);
    expect(readManifest(indexDir).paragraphs).toBe(3);
    expect(Object.keys(readManifest(indexDir).sources).sort()).toEqual(['b', 'c']);

    const index = loadIndex(indexDir);
    const fresh = join(root, 'fresh');
    await ingest({ paths: [corpus], indexDir: fresh, embedder: hashEmbedder(), statements: statementsOf });
    const whole = loadIndex(fresh);
    // Keys differ (the segments numbered after the base); the texts, sources and statements do not.
    const strip = (c: ReturnType<typeof contents>) => ({ ...c, paragraphs: c.paragraphs.map((p) => p.replace(/^\d+ /, '')).sort() });
    expect(strip(contents(index))).toEqual(strip(contents(whole)));
    expect(contents(index).statements.join('\n')).toContain('Kovalenko');
    expect(contents(index).statements.join('\n')).not.toContain('Rubio');
    expect(readStatements(indexDir).length).toBe(index.statements().length);
    expect(index.source('b')!.previousTitle).toBe('Grain deal extended'); // a correction keeps its history

    // Both searches see the new paragraphs and not the removed or replaced ones.
    const lex = index.lexical('dock workers strike', 3).map((h) => index.paragraph(h.key)!.sourceId);
    expect(lex[0]).toBe('c');
    expect(index.lexical('Riyadh delegations', 5)).toEqual([]);
    expect(index.lexical('sixty', 5)).toEqual([]);
    const dense = index.dense(await embedder.embedQuery('The grain corridor deal was extended by ninety days.'), 1);
    expect(index.paragraph(dense[0].key)!.text).toContain('ninety');
    expect((await loadIndexInBackground(indexDir)).allParagraphs().length).toBe(3);
  });

  it('speakers merged around the changed names only are those a whole ingest gives, as sources come and go', async () => {
    const embedder = hashEmbedder();
    writeFileSync(join(corpus, 'k.txt'), article('Baltic talks', '"Europe must stay united," said Kaja Kallas, the EU foreign policy chief.', 'Andrius Kubilius, the defence commissioner, agreed.'));
    await ingest({ paths: [corpus], indexDir, embedder, statements: statementsOf });
    const wholeStatements = async () => {
      const fresh = mkdtempSync(join(root, 'whole-'));
      await ingest({ paths: [corpus], indexDir: fresh, embedder: hashEmbedder(), statements: statementsOf });
      return contents(loadIndex(fresh)).statements;
    };
    const steps: (() => void)[] = [
      // A bare surname that goes to the people named in full in the base.
      () => writeFileSync(join(corpus, 'c.txt'), article('Port strike', '"We will not give in," Rubio said on Monday.', '"Unity matters," Kallas told reporters.')),
      // A one-edit neighbour and a new full name.
      () => writeFileSync(join(corpus, 'd.txt'), article('Envoys', '"The talks go on," said Marko Rubio, a spokesman.', '"No deal yet," said Olena Kovalenko.')),
      // The full names go: the bare surnames of c and d are no longer theirs.
      () => unlinkSync(join(corpus, 'a.txt')),
      () => writeFileSync(join(corpus, 'k.txt'), article('Baltic talks', '"Europe must stay firm," said Kristjan Kallas, an Estonian MP.')),
    ];
    for (const step of steps) {
      step();
      await ingest({ paths: [corpus], indexDir, embedder, statements: statementsOf });
      expect(readPointer(indexDir).segments.length).toBeGreaterThan(0);
      expect(contents(loadIndex(indexDir)).statements).toEqual(await wholeStatements());
    }
    expect(contents(loadIndex(indexDir)).statements.join('\n')).toContain('Kallas');
  });

  it('a serving index picks up a new segment without loading the base again', async () => {
    const embedder = hashEmbedder();
    await ingest({ paths: [corpus], indexDir, embedder });
    const serving = loadIndex(indexDir);
    const loaded = currentSnapshotName(indexDir)!;
    const hnsw = serving.hnsw;
    writeFileSync(join(corpus, 'c.txt'), article('Port strike', 'Dock workers in Odesa went on strike on Monday.'));
    await ingest({ paths: [join(corpus, 'c.txt')], indexDir, embedder });

    const added = await newSegmentsSince(indexDir, loaded, embedder.dimension);
    expect(added!.segments).toHaveLength(1);
    for (const seg of added!.segments) serving.applySegment(seg);
    expect(added!.now).toBe(currentSnapshotName(indexDir));
    expect(serving.hnsw).toBe(hnsw); // the same vector graph, grown
    expect(serving.source('c')!.title).toBe('Port strike');
    expect(serving.paragraph(serving.lexical('dock workers', 1)[0].key)!.sourceId).toBe('c');
    // Nothing newer: no segments; after a compaction the base changed and the answer is null.
    expect((await newSegmentsSince(indexDir, added!.now, embedder.dimension))!.segments).toEqual([]);
    await ingest({ paths: [corpus], indexDir, embedder, compact: true });
    expect(await newSegmentsSince(indexDir, added!.now, embedder.dimension)).toBeNull();
  });

  it('compacts past the segment count, and at --compact; what neither the pointer nor the one it replaced names is pruned', async () => {
    const embedder = hashEmbedder();
    const limits = { count: 2, paragraphs: 1_000_000, shareOfBase: 1 };
    await ingest({ paths: [corpus], indexDir, embedder, segmentLimits: limits });
    const base = readPointer(indexDir).snapshot;
    for (let i = 0; i < 2; i++) {
      writeFileSync(join(corpus, `n${i}.txt`), article(`Story ${i}`, `Report number ${i} about the harbour.`));
      await ingest({ paths: [corpus], indexDir, embedder, segmentLimits: limits });
    }
    expect(segmentStats(indexDir).count).toBe(2);
    expect(readPointer(indexDir).snapshot).toBe(base);
    writeFileSync(join(corpus, 'n2.txt'), article('Story 2', 'Report number 2 about the harbour.'));
    await ingest({ paths: [corpus], indexDir, embedder, segmentLimits: limits });
    const compacted = readPointer(indexDir);
    expect(compacted.snapshot).not.toBe(base);
    expect(compacted.segments).toEqual([]);
    expect(loadIndex(indexDir).sources().map((s) => s.id).sort()).toEqual(['a', 'b', 'n0', 'n1', 'n2']);

    // A segment on the new base, then `--compact` with nothing changed merges it.
    writeFileSync(join(corpus, 'n3.txt'), article('Story 3', 'Report number 3 about the harbour.'));
    await ingest({ paths: [corpus], indexDir, embedder });
    expect(segmentStats(indexDir).count).toBe(1);
    const r = await ingest({ paths: [corpus], indexDir, embedder, compact: true });
    expect(r.paragraphsEmbedded).toBe(0);
    expect(readPointer(indexDir).segments).toEqual([]);
    expect(dirs('snap-')).toHaveLength(2);
    expect(loadIndex(indexDir).sources().map((s) => s.id).sort()).toEqual(['a', 'b', 'n0', 'n1', 'n2', 'n3']);
    // The pointer it replaced (the backup one step back) still names the segment; one publish later it goes.
    expect(dirs('seg-')).toHaveLength(1);
    writeFileSync(join(corpus, 'n4.txt'), article('Story 4', 'Report number 4 about the harbour.'));
    await ingest({ paths: [corpus], indexDir, embedder });
    expect(dirs('seg-')).toEqual(readPointer(indexDir).segments);
    expect(readdirSync(indexDir).filter((f) => f.endsWith('.partial') || f.endsWith('.tmp'))).toEqual([]);
  });

  it('a damaged segment is reported, and a change on top of it rebuilds from the corpus', async () => {
    const embedder = hashEmbedder();
    await ingest({ paths: [corpus], indexDir, embedder });
    writeFileSync(join(corpus, 'c.txt'), article('Port strike', 'Dock workers in Odesa went on strike on Monday.'));
    await ingest({ paths: [corpus], indexDir, embedder });
    const seg = readPointer(indexDir).segments[0];
    const file = join(indexDir, seg, 'paragraphs.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Dock', 'Dusk'));
    expect(() => loadIndex(indexDir)).toThrow(/segment|paragraphs\.json.*checksum/);
    writeFileSync(join(corpus, 'd.txt'), article('Ferry', 'A ferry sailed from Varna.'));
    const notes: string[] = [];
    await ingest({ paths: [corpus], indexDir, embedder, onNote: (m) => notes.push(m) });
    expect(notes.join(' ')).toMatch(/damaged.*rebuilding/);
    expect(loadIndex(indexDir).sources().map((s) => s.id).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(readPointer(indexDir).segments).not.toContain(seg);
  });
});
