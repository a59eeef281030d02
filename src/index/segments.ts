// Segments: what one ingest changed, written beside the base snapshot instead of a whole new
// snapshot, so adding ten articles to a large index writes ten articles' worth. A segment
// holds the new paragraphs, their vectors, the records it sets, the sources whose earlier
// paragraphs it supersedes (removed, replaced or corrected: the deletion log) and statements.
// CURRENT lists the base and its segments; a segment becomes part of the index only when the
// pointer naming it is renamed into place (store.ts `publish`), so a kill at any point leaves
// the old or the new complete index. Keyword postings are rebuilt from the segment's
// paragraphs when it is read (a few hundred paragraphs take milliseconds); the base keeps
// its saved keyword index. Compaction is a whole snapshot written from base plus segments.
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Statement } from '../types.js';
import type { IndexedParagraph, SourceRecord } from './paragraph-index.js';
import { damaged, type Manifest, publish, readHashed, readManifestFile, remember, readPointer, SCHEMA_VERSION, sha256, writeDurable, writeFolder } from './store.js';

/** When the next ingest compacts instead of adding a segment (ingest.ts). */
export const SEGMENT_LIMITS = { count: 8, paragraphs: 5_000, shareOfBase: 0.1 };

export interface Segment {
  /** Sources whose earlier paragraphs, statements and records this segment supersedes. */
  removed: string[];
  /** Records it sets: new and replaced sources, and unchanged ones with a new file stamp. */
  records: SourceRecord[];
  paragraphs: IndexedParagraph[];
  /** paragraphs.length vectors of the index's dimension, one after another. */
  vectors: Float32Array;
  /** `all`: the whole statement list (speakers were re-merged over the corpus); else the statements of its sources. */
  statements: { all: boolean; list: Statement[] };
  nextKey: number;
}

export interface SegmentManifest {
  schema: number;
  kind: 'segment';
  createdAt: string;
  nextKey: number;
  paragraphs: number;
  removed: string[];
  sources: Manifest['sources'];
  files: Record<string, { bytes: number; sha256: string }>;
}

const FILES = ['vectors.f32', 'paragraphs.json', 'sources.json', 'statements.json'] as const;

/** Writes `segment` beside the current base and makes it current. Returns the segment folder name. */
export function saveSegment(dir: string, segment: Segment, hooks: { afterFile?: (name: string) => void } = {}): string {
  const pointer = readPointer(dir);
  const name = `seg-${Date.now()}-${randomBytes(3).toString('hex')}`;
  writeFolder(dir, name, (tmp) => {
    const files: SegmentManifest['files'] = {};
    const put = (file: string, data: Buffer) => {
      writeDurable(join(tmp, file), data);
      files[file] = { bytes: data.length, sha256: sha256(data) };
      hooks.afterFile?.(file);
    };
    put('vectors.f32', Buffer.from(segment.vectors.buffer, segment.vectors.byteOffset, segment.vectors.byteLength));
    put('paragraphs.json', Buffer.from(JSON.stringify(segment.paragraphs)));
    put('sources.json', Buffer.from(JSON.stringify(segment.records)));
    put('statements.json', Buffer.from(JSON.stringify(segment.statements)));
    const manifest: SegmentManifest = {
      schema: SCHEMA_VERSION,
      kind: 'segment',
      createdAt: new Date().toISOString(),
      nextKey: segment.nextKey,
      paragraphs: segment.paragraphs.length,
      removed: segment.removed,
      sources: Object.fromEntries(segment.records.map((s) => [s.id, { contentHash: s.contentHash, paragraphs: s.paragraphs, ingestedAt: s.ingestedAt }])),
      files,
    };
    writeDurable(join(tmp, 'manifest.json'), JSON.stringify(manifest));
  });
  publish(dir, { snapshot: pointer.snapshot, segments: [...pointer.segments, name] });
  return name;
}

export function readSegmentManifest(dir: string, name: string): SegmentManifest {
  let m: SegmentManifest;
  try {
    m = readManifestFile<SegmentManifest>(join(dir, name, 'manifest.json'));
  } catch (err) {
    throw damaged(dir, `the manifest of segment ${name} cannot be read (${(err as Error).message})`);
  }
  if (m.schema !== SCHEMA_VERSION || m.kind !== 'segment') throw damaged(dir, `segment ${name} was written by another version of newsroom-bot`);
  return m;
}

/** The base manifest with its segments' changes applied, in order. */
export function withSegments(base: Manifest, segments: SegmentManifest[]): Manifest {
  if (!segments.length) return base;
  const sources = { ...base.sources };
  let paragraphs = base.paragraphs;
  let nextKey = base.nextKey;
  for (const seg of segments) {
    for (const id of seg.removed) {
      if (sources[id]) paragraphs -= sources[id].paragraphs;
      delete sources[id];
    }
    for (const [id, entry] of Object.entries(seg.sources)) {
      if (!sources[id]) paragraphs += entry.paragraphs;
      sources[id] = entry;
    }
    nextKey = Math.max(nextKey, seg.nextKey);
  }
  return { ...base, sources, paragraphs, nextKey };
}

/** Segment counts and sizes: what the compaction rule reads. */
export function segmentStats(dir: string): { count: number; paragraphs: number; baseParagraphs: number } {
  const pointer = readPointer(dir);
  const manifests = pointer.segments.map((s) => readSegmentManifest(dir, s));
  let baseParagraphs = 0;
  try {
    baseParagraphs = readManifestFile<Manifest>(join(dir, pointer.snapshot, 'manifest.json')).paragraphs;
  } catch {
    // readManifest reports it
  }
  return { count: manifests.length, paragraphs: manifests.reduce((n, m) => n + m.paragraphs, 0), baseParagraphs };
}

/** True when the segments have grown past SEGMENT_LIMITS: the next write is a whole snapshot. */
export function dueForCompaction(dir: string, limits = SEGMENT_LIMITS): boolean {
  const { count, paragraphs, baseParagraphs } = segmentStats(dir);
  return count >= limits.count || paragraphs >= Math.max(limits.paragraphs, limits.shareOfBase * baseParagraphs);
}

function fileOf(dir: string, name: string, m: SegmentManifest, file: string, buf: Buffer): Buffer {
  const expected = m.files?.[file];
  if (!expected) throw damaged(dir, `the manifest of segment ${name} does not list ${file}`);
  if (buf.length !== expected.bytes || sha256(buf) !== expected.sha256) throw damaged(dir, `${name}/${file} does not match its checksum (truncated or modified)`);
  return buf;
}

function parse(dir: string, name: string, dimension: number, data: Record<string, Buffer>, m: SegmentManifest): Segment {
  try {
    const paragraphs = JSON.parse(data['paragraphs.json'].toString('utf8')) as IndexedParagraph[];
    const raw = data['vectors.f32'];
    // Copied: a Buffer's bytes need not sit at a multiple of 4 in its pool.
    const vectors = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
    if (vectors.length !== paragraphs.length * dimension) throw new Error(`${paragraphs.length} paragraphs but ${vectors.length / dimension} vectors`);
    return {
      removed: m.removed,
      records: JSON.parse(data['sources.json'].toString('utf8')) as SourceRecord[],
      paragraphs,
      vectors,
      statements: JSON.parse(data['statements.json'].toString('utf8')) as Segment['statements'],
      nextKey: m.nextKey,
    };
  } catch (err) {
    throw damaged(dir, `segment ${name} could not be read (${(err as Error).message})`);
  }
}

function readFile(dir: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw damaged(dir, `${path} cannot be read (${(err as Error).message})`);
  }
}

/**
 * One JSON file of a segment, checked against its manifest and parsed, once per ingest
 * (rememberingManifests): an ingest checks every segment, then reads their records and
 * statements. Shared: callers do not change what it returns.
 */
function segmentJson<T>(dir: string, name: string, m: SegmentManifest, file: string): T {
  return remember(join(dir, name, file), () => {
    const buf = fileOf(dir, name, m, file, readFile(dir, join(dir, name, file)));
    try {
      return JSON.parse(buf.toString('utf8')) as T;
    } catch (err) {
      throw damaged(dir, `segment ${name} could not be read (${(err as Error).message})`);
    }
  });
}

/** One segment, every file checked against its manifest (blocking). */
export function readSegment(dir: string, name: string, dimension: number): Segment {
  const m = readSegmentManifest(dir, name);
  const raw = fileOf(dir, name, m, 'vectors.f32', readFile(dir, join(dir, name, 'vectors.f32')));
  const paragraphs = segmentJson<IndexedParagraph[]>(dir, name, m, 'paragraphs.json');
  // Copied: a Buffer's bytes need not sit at a multiple of 4 in its pool.
  const vectors = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  if (vectors.length !== paragraphs.length * dimension) throw damaged(dir, `segment ${name} could not be read (${paragraphs.length} paragraphs but ${vectors.length / dimension} vectors)`);
  const records = segmentJson<SourceRecord[]>(dir, name, m, 'sources.json');
  const statements = segmentJson<Segment['statements']>(dir, name, m, 'statements.json');
  return { removed: m.removed, records, paragraphs, vectors, statements, nextKey: m.nextKey };
}

/** The same, reading and hashing in chunks (a serving process's reload). */
export async function readSegmentInBackground(dir: string, name: string, dimension: number): Promise<Segment> {
  const m = readSegmentManifest(dir, name);
  const data: Record<string, Buffer> = {};
  for (const f of FILES) {
    let got: Awaited<ReturnType<typeof readHashed>>;
    try {
      got = await readHashed(join(dir, name, f), true);
    } catch (err) {
      throw damaged(dir, `${name}/${f} cannot be read (${(err as Error).message})`);
    }
    data[f] = fileOf(dir, name, m, f, got.buf!);
  }
  return parse(dir, name, dimension, data, m);
}

export function checkSegmentSizes(dir: string, name: string): void {
  const m = readSegmentManifest(dir, name);
  for (const f of FILES) {
    let bytes: number;
    try {
      bytes = statSync(join(dir, name, f)).size;
    } catch (err) {
      throw damaged(dir, `${name}/${f} cannot be read (${(err as Error).message})`);
    }
    if (bytes !== m.files?.[f]?.bytes) throw damaged(dir, `${name}/${f} does not match its checksum (truncated or modified)`);
  }
}

/** The base's records with each segment's removals and records applied. */
export function recordsWithSegments(dir: string, base: SourceRecord[], segments: string[]): SourceRecord[] {
  const byId = new Map(base.map((r) => [r.id, r]));
  for (const name of segments) {
    const m = readSegmentManifest(dir, name);
    for (const id of m.removed) byId.delete(id);
    for (const r of segmentJson<SourceRecord[]>(dir, name, m, 'sources.json')) byId.set(r.id, r);
  }
  return [...byId.values()];
}

export function statementsWithSegments(dir: string, base: Statement[], segments: string[]): Statement[] {
  let list = base;
  for (const name of segments) {
    const m = readSegmentManifest(dir, name);
    list = applyStatements(list, m.removed, segmentJson<Segment['statements']>(dir, name, m, 'statements.json'));
  }
  return list;
}

/** A statement list after a segment: replaced whole, or its sources' statements swapped. */
export function applyStatements(list: Statement[], removed: string[], seg: Segment['statements']): Statement[] {
  if (seg.all) return [...seg.list]; // the segment's list stays as read (remembered within an ingest)
  const gone = new Set(removed);
  return [...list.filter((s) => !gone.has(s.sourceId)), ...seg.list];
}

/**
 * For a serving bot's reload: the segments published since `loaded` (what currentSnapshotName
 * said when its index was read) on the same base, read and checked, with the pointer now;
 * null when the base itself changed (a compaction or rebuild): then the index is loaded whole.
 */
export async function newSegmentsSince(dir: string, loaded: string, dimension: number): Promise<{ now: string; segments: Segment[] } | null> {
  const pointer = readPointer(dir);
  const [base, ...had] = loaded.split(' ');
  if (pointer.snapshot !== base || had.length > pointer.segments.length || had.some((s, i) => pointer.segments[i] !== s)) return null;
  const segments: Segment[] = [];
  for (const name of pointer.segments.slice(had.length)) segments.push(await readSegmentInBackground(dir, name, dimension));
  return { now: [pointer.snapshot, ...pointer.segments].join(' '), segments };
}

/** True when every segment of the current index matches its checksums (they are small: an ingest adding one checks them all). */
export function segmentsIntact(dir: string, dimension: number): boolean {
  try {
    for (const name of readPointer(dir).segments) readSegment(dir, name, dimension);
    return true;
  } catch {
    return false; // the whole load that follows reports it (and rebuilds or refuses)
  }
}
