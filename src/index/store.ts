// Saving and loading the index atomically. Each save writes a complete snapshot folder,
// then switches the `CURRENT` pointer with a rename: a crash at any point leaves the
// previous snapshot as the one that loads. Files carry sha256 sums in the manifest so a
// damaged index is detected before a native reader can crash on it.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import MiniSearch from 'minisearch';
import type { Statement } from '../types.js';
import { LocalIndex, lexicalOptions } from './local-index.js';
import type { IndexedParagraph, SourceRecord } from './paragraph-index.js';
import { checkSegmentSizes, readSegment, readSegmentInBackground, readSegmentManifest, recordsWithSegments, statementsWithSegments, withSegments } from './segments.js';

export const SCHEMA_VERSION = 1;
const POINTER = 'CURRENT';
const FILES = ['vectors.hnsw', 'lexical.json', 'paragraphs.json', 'sources.json', 'statements.json'] as const;

export interface Manifest {
  schema: number;
  embedder: { id: string; dimension: number };
  createdAt: string;
  paragraphs: number;
  nextKey: number;
  sources: Record<string, { contentHash: string; paragraphs: number; ingestedAt: string }>;
  files: Record<string, { bytes: number; sha256: string }>;
}

/** The index folder exists but cannot be used; the message says what to run. */
export class IndexUnusableError extends Error {}

export const sha256 = (buf: Buffer) => createHash('sha256').update(buf).digest('hex');

export function writeDurable(path: string, data: string | Buffer): void {
  writeFileSync(path, data);
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems refuse fsync on directories; the rename is still atomic there.
  }
}

/** What CURRENT names: the base snapshot, then the segments written beside it since, oldest first. */
export interface Pointer {
  snapshot: string;
  segments: string[];
}

function parsePointer(text: string): Pointer {
  const [snapshot = '', ...segments] = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return { snapshot, segments };
}

/** What the live index is (base and segments, one string), or null when there is none (cheap: one small read). */
export function currentSnapshotName(dir: string): string | null {
  try {
    const p = parsePointer(readFileSync(join(dir, POINTER), 'utf8'));
    return [p.snapshot, ...p.segments].join(' ');
  } catch {
    return null;
  }
}

export function hasIndex(dir: string): boolean {
  return existsSync(join(dir, POINTER));
}

/** The pointer, checked: every folder it names is there. */
export function readPointer(dir: string): Pointer {
  let p: Pointer;
  try {
    p = parsePointer(readFileSync(join(dir, POINTER), 'utf8'));
  } catch (err) {
    throw damaged(dir, `the pointer file ${POINTER} cannot be read (${(err as Error).message})`);
  }
  if (!/^snap-[\w-]+$/.test(p.snapshot) || !existsSync(join(dir, p.snapshot))) throw damaged(dir, `${POINTER} names a snapshot that is not there ("${p.snapshot.slice(0, 60)}")`);
  for (const seg of p.segments) {
    if (!/^seg-[\w-]+$/.test(seg) || !existsSync(join(dir, seg))) throw damaged(dir, `${POINTER} names a segment that is not there ("${seg.slice(0, 60)}")`);
  }
  return p;
}

function readPointerOrNull(dir: string): Pointer | null {
  try {
    return parsePointer(readFileSync(join(dir, POINTER), 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Makes `next` current with one atomic rename, then removes what neither it nor the pointer it
 * replaced names. Shared by whole snapshots and segments (segments.ts).
 */
export function publish(dir: string, next: Pointer): void {
  const previous = readPointerOrNull(dir);
  const pointerTmp = join(dir, `${POINTER}.${process.pid}.tmp`);
  try {
    writeDurable(pointerTmp, [next.snapshot, ...next.segments].join('\n') + '\n');
    renameSync(pointerTmp, join(dir, POINTER));
  } catch (err) {
    rmSync(pointerTmp, { force: true });
    throw err;
  }
  fsyncDir(dir);
  prune(dir, next, previous);
}

/**
 * Writes a folder of files through `write` as `<name>.partial`, fsyncs it and renames it to
 * `name`. After any error (a full disk) the partial folder is removed, so that it does not
 * take the space a later, smaller write needs.
 */
export function writeFolder(dir: string, name: string, write: (tmp: string) => void): void {
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `${name}.partial`);
  try {
    mkdirSync(tmp);
    write(tmp);
    fsyncDir(tmp);
    renameSync(tmp, join(dir, name));
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  fsyncDir(dir);
}

/** Writes `index` as a new snapshot (no segments) and makes it current. Returns the snapshot folder name. */
export function saveIndex(dir: string, index: LocalIndex, hooks: { afterFile?: (name: string) => void } = {}): string {
  const name = `snap-${Date.now()}-${randomBytes(3).toString('hex')}`;
  writeFolder(dir, name, (tmp) => {
    const files: Manifest['files'] = {};
    const put = (file: string, data: Buffer) => {
      writeDurable(join(tmp, file), data);
      files[file] = { bytes: data.length, sha256: sha256(data) };
      hooks.afterFile?.(file);
    };
    index.hnsw.writeIndexSync(join(tmp, 'vectors.hnsw'));
    const vectors = readFileSync(join(tmp, 'vectors.hnsw'));
    writeDurable(join(tmp, 'vectors.hnsw'), vectors);
    files['vectors.hnsw'] = { bytes: vectors.length, sha256: sha256(vectors) };
    hooks.afterFile?.('vectors.hnsw');
    put('lexical.json', Buffer.from(JSON.stringify(index.lexicalIndex)));
    const paragraphs = index.allParagraphs().sort((a, b) => a.key - b.key);
    put('paragraphs.json', Buffer.from(JSON.stringify(paragraphs)));
    const sources = index.sources();
    put('sources.json', Buffer.from(JSON.stringify(sources)));
    put('statements.json', Buffer.from(JSON.stringify(index.statements())));
    const manifest: Manifest = {
      schema: SCHEMA_VERSION,
      embedder: index.embedder,
      createdAt: new Date().toISOString(),
      paragraphs: paragraphs.length,
      nextKey: index.nextKey,
      sources: Object.fromEntries(sources.map((s) => [s.id, { contentHash: s.contentHash, paragraphs: s.paragraphs, ingestedAt: s.ingestedAt }])),
      files,
    };
    writeDurable(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 1));
  });
  publish(dir, { snapshot: name, segments: [] });
  return name;
}

/**
 * Keeps what the current pointer and the one it replaced name (a backup one step back);
 * removes everything else, including snapshots, segments and partial writes left by killed runs.
 */
function prune(dir: string, current: Pointer, previous: Pointer | null): void {
  const keep = new Set([current.snapshot, ...current.segments, ...(previous ? [previous.snapshot, ...previous.segments] : [])]);
  for (const f of readdirSync(dir)) {
    if ((f.startsWith('snap-') || f.startsWith('seg-')) && !keep.has(f)) rmSync(join(dir, f), { recursive: true, force: true });
    else if (f.startsWith(`${POINTER}.`) && f.endsWith('.tmp')) rmSync(join(dir, f), { force: true });
  }
}

/**
 * Manifests already read in this scope (an ingest: see rememberingManifests), by path, and the
 * combined manifest by pointer. A snapshot or segment folder is never rewritten once a pointer
 * names it (a change writes a new one), so within one ingest a manifest need not be parsed twice.
 */
let remembered: Map<string, unknown> | undefined;
let rememberDepth = 0;

/** Runs `run` with manifests read at most once each (the base manifest of a large index is megabytes of JSON). */
export async function rememberingManifests<T>(run: () => Promise<T>): Promise<T> {
  if (rememberDepth++ === 0) remembered = new Map();
  try {
    return await run();
  } finally {
    if (--rememberDepth === 0) remembered = undefined;
  }
}

/** JSON.parse of the file at `path`, once per rememberingManifests scope. */
export function readManifestFile<T>(path: string): T {
  return remember(path, () => JSON.parse(readFileSync(path, 'utf8')) as T);
}

/** `compute()` once per rememberingManifests scope for `key` (the path of a file in a published, never rewritten folder); failures are not remembered. */
export function remember<T>(key: string, compute: () => T): T {
  const hit = remembered?.get(key);
  if (hit !== undefined) return hit as T;
  const value = compute();
  remembered?.set(key, value);
  return value;
}

/** The base snapshot's manifest, with what its segments changed applied (sources, paragraph count, next key). */
export function readManifest(dir: string): Manifest {
  const pointer = readPointer(dir);
  const key = `pointer\0${join(dir, pointer.snapshot)}\0${pointer.segments.join(' ')}`;
  const hit = remembered?.get(key);
  if (hit !== undefined) return hit as Manifest;
  let manifest: Manifest;
  try {
    manifest = readManifestFile<Manifest>(join(dir, pointer.snapshot, 'manifest.json'));
  } catch (err) {
    throw damaged(dir, `its manifest cannot be read (${(err as Error).message})`);
  }
  const combined = withSegments(manifest, pointer.segments.map((seg) => readSegmentManifest(dir, seg)));
  remembered?.set(key, combined);
  return combined;
}

export function damaged(dir: string, why: string): IndexUnusableError {
  return new IndexUnusableError(`The index in ${dir} is damaged: ${why}. Rebuild it from the corpus with \`npm run ingest -- --rebuild\`.`);
}

/** The current snapshot's folder and manifest, refused when written by another schema. */
function openSnapshot(dir: string): { folder: string; manifest: Manifest; segments: string[] } {
  const pointer = readPointer(dir);
  const folder = join(dir, pointer.snapshot);
  const manifest = readManifest(dir);
  if (manifest.schema !== SCHEMA_VERSION) {
    throw new IndexUnusableError(
      `The index in ${dir} was written by another version of newsroom-bot (schema ${manifest.schema}, this one reads ${SCHEMA_VERSION}). Rebuild it with \`npm run ingest -- --rebuild\`.`,
    );
  }
  return { folder, manifest, segments: pointer.segments };
}

function expectedOf(dir: string, manifest: Manifest, file: string): { bytes: number; sha256: string } {
  const expected = manifest.files?.[file];
  if (!expected) throw damaged(dir, `the manifest does not list ${file}`);
  return expected;
}

type Parsed = { lexical: LocalIndex['lexicalIndex']; paragraphs: Buffer; sources: Buffer; statements: Buffer };

function assemble(dir: string, manifest: Manifest, hnsw: InstanceType<typeof hnswlib.HierarchicalNSW>, parsed: Parsed): LocalIndex {
  try {
    return new LocalIndex({
      embedder: manifest.embedder,
      hnsw,
      lexical: parsed.lexical,
      paragraphs: JSON.parse(parsed.paragraphs.toString('utf8')) as IndexedParagraph[],
      sources: JSON.parse(parsed.sources.toString('utf8')) as SourceRecord[],
      statements: JSON.parse(parsed.statements.toString('utf8')) as Statement[],
      nextKey: manifest.nextKey,
    });
  } catch (err) {
    throw damaged(dir, `it could not be read (${(err as Error).message})`);
  }
}

/** Loads the current snapshot after checking every file against the manifest (blocking: for start-up and the CLI). */
export function loadIndex(dir: string): LocalIndex {
  const { folder, manifest, segments } = openSnapshot(dir);
  const data: Record<string, Buffer> = {};
  for (const file of FILES) {
    const expected = expectedOf(dir, manifest, file);
    let buf: Buffer;
    try {
      buf = readFileSync(join(folder, file));
    } catch (err) {
      throw damaged(dir, `${file} cannot be read (${(err as Error).message})`);
    }
    if (buf.length !== expected.bytes || sha256(buf) !== expected.sha256) throw damaged(dir, `${file} does not match its checksum (truncated or modified)`);
    if (file !== 'vectors.hnsw') data[file] = buf;
  }
  let hnsw: InstanceType<typeof hnswlib.HierarchicalNSW>;
  let lexical: LocalIndex['lexicalIndex'];
  try {
    hnsw = new hnswlib.HierarchicalNSW('cosine', manifest.embedder.dimension);
    hnsw.readIndexSync(join(folder, 'vectors.hnsw'), true);
    lexical = MiniSearch.loadJSON(data['lexical.json'].toString('utf8'), lexicalOptions) as LocalIndex['lexicalIndex'];
  } catch (err) {
    throw damaged(dir, `it could not be read (${(err as Error).message})`);
  }
  const index = assemble(dir, manifest, hnsw, { lexical, paragraphs: data['paragraphs.json'], sources: data['sources.json'], statements: data['statements.json'] });
  for (const seg of segments) index.applySegment(readSegment(dir, seg, manifest.embedder.dimension));
  return index;
}

/**
 * The manifest and the source records of the current snapshot, checked against the manifest,
 * without the vectors, paragraphs and keyword index: what a re-ingest needs to decide that
 * nothing changed (the rest is loaded only when something did).
 */
export function readSourceRecords(dir: string): { manifest: Manifest; sources: SourceRecord[] } {
  const { folder, manifest, segments } = openSnapshot(dir);
  const base = readChecked<SourceRecord[]>(dir, folder, manifest, 'sources.json');
  return { manifest, sources: segments.length ? recordsWithSegments(dir, base, segments) : base };
}

/** Every statement of the current index (base and segments), without loading the rest. */
export function readStatements(dir: string): Statement[] {
  const { folder, manifest, segments } = openSnapshot(dir);
  return statementsWithSegments(dir, readChecked<Statement[]>(dir, folder, manifest, 'statements.json'), segments);
}

/** One JSON file of the base snapshot, checked against its manifest. */
function readChecked<T>(dir: string, folder: string, manifest: Manifest, file: string): T {
  const expected = expectedOf(dir, manifest, file);
  let buf: Buffer;
  try {
    buf = readFileSync(join(folder, file));
  } catch (err) {
    throw damaged(dir, `${file} cannot be read (${(err as Error).message})`);
  }
  if (buf.length !== expected.bytes || sha256(buf) !== expected.sha256) throw damaged(dir, `${file} does not match its checksum (truncated or modified)`);
  try {
    return JSON.parse(buf.toString('utf8')) as T;
  } catch (err) {
    throw damaged(dir, `it could not be read (${(err as Error).message})`);
  }
}

/**
 * Throws IndexUnusableError when a file of the current snapshot is missing or not the size
 * its manifest says: a re-ingest that changes nothing still notices a truncated index (and
 * rebuilds it) without reading the vectors. (Loading checks every checksum.)
 */
export function checkSnapshotSizes(dir: string): void {
  const { folder, manifest, segments } = openSnapshot(dir);
  for (const seg of segments) checkSegmentSizes(dir, seg);
  for (const file of FILES) {
    const expected = expectedOf(dir, manifest, file);
    let bytes: number;
    try {
      bytes = statSync(join(folder, file)).size;
    } catch (err) {
      throw damaged(dir, `${file} cannot be read (${(err as Error).message})`);
    }
    if (bytes !== expected.bytes) throw damaged(dir, `${file} does not match its checksum (truncated or modified)`);
  }
}

/** A file's bytes, hashed chunk by chunk as they stream in, so the event loop is never held for the whole file. */
export function readHashed(path: string, keep: boolean): Promise<{ bytes: number; sha256: string; buf?: Buffer }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    let bytes = 0;
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on('data', (chunk) => {
        const b = chunk as Buffer;
        hash.update(b);
        bytes += b.length;
        if (keep) chunks.push(b);
      })
      .on('error', reject)
      .on('end', () => resolve({ bytes, sha256: hash.digest('hex'), ...(keep ? { buf: Buffer.concat(chunks) } : {}) }));
  });
}

/**
 * The same checks and result as loadIndex, for a serving process picking up a new snapshot:
 * files are read and hashed in chunks, the vector graph is read on libuv's thread pool and the
 * keyword index is rebuilt in batches (MiniSearch.loadJSONAsync), so answers and Slack/Discord
 * acknowledgements keep flowing. What still runs in one piece is JSON.parse of each file.
 */
export async function loadIndexInBackground(dir: string): Promise<LocalIndex> {
  const { folder, manifest, segments } = openSnapshot(dir);
  const data: Record<string, Buffer> = {};
  for (const file of FILES) {
    const expected = expectedOf(dir, manifest, file);
    let got: Awaited<ReturnType<typeof readHashed>>;
    try {
      got = await readHashed(join(folder, file), file !== 'vectors.hnsw');
    } catch (err) {
      throw damaged(dir, `${file} cannot be read (${(err as Error).message})`);
    }
    if (got.bytes !== expected.bytes || got.sha256 !== expected.sha256) throw damaged(dir, `${file} does not match its checksum (truncated or modified)`);
    if (got.buf) data[file] = got.buf;
  }
  let hnsw: InstanceType<typeof hnswlib.HierarchicalNSW>;
  let lexical: LocalIndex['lexicalIndex'];
  try {
    hnsw = new hnswlib.HierarchicalNSW('cosine', manifest.embedder.dimension);
    await hnsw.readIndex(join(folder, 'vectors.hnsw'), true);
    lexical = (await MiniSearch.loadJSONAsync(data['lexical.json'].toString('utf8'), lexicalOptions)) as LocalIndex['lexicalIndex'];
  } catch (err) {
    throw damaged(dir, `it could not be read (${(err as Error).message})`);
  }
  const index = assemble(dir, manifest, hnsw, { lexical, paragraphs: data['paragraphs.json'], sources: data['sources.json'], statements: data['statements.json'] });
  for (const seg of segments) index.applySegment(await readSegmentInBackground(dir, seg, manifest.embedder.dimension));
  return index;
}
