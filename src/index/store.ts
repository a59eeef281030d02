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

const sha256 = (buf: Buffer) => createHash('sha256').update(buf).digest('hex');

function writeDurable(path: string, data: string | Buffer): void {
  writeFileSync(path, data);
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
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

/** The name of the live snapshot, or null when there is none (cheap: one small read). */
export function currentSnapshotName(dir: string): string | null {
  try {
    return readFileSync(join(dir, POINTER), 'utf8').trim();
  } catch {
    return null;
  }
}

export function hasIndex(dir: string): boolean {
  return existsSync(join(dir, POINTER));
}

/** Writes `index` as a new snapshot and makes it current. Returns the snapshot folder name. */
export function saveIndex(dir: string, index: LocalIndex, hooks: { afterFile?: (name: string) => void } = {}): string {
  mkdirSync(dir, { recursive: true });
  const name = `snap-${Date.now()}-${randomBytes(3).toString('hex')}`;
  const tmp = join(dir, `${name}.partial`);
  mkdirSync(tmp);
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
  fsyncDir(tmp);
  const previous = currentSnapshotName(dir);
  renameSync(tmp, join(dir, name));
  fsyncDir(dir);
  const pointerTmp = join(dir, `${POINTER}.${process.pid}.tmp`);
  writeDurable(pointerTmp, name + '\n');
  renameSync(pointerTmp, join(dir, POINTER));
  fsyncDir(dir);
  pruneSnapshots(dir, name, previous);
  return name;
}

/**
 * Keeps the current snapshot and the one it replaced (a backup one step back); removes
 * everything else, including snapshots and partial writes left by killed runs.
 */
function pruneSnapshots(dir: string, current: string, previous: string | null): void {
  for (const f of readdirSync(dir)) {
    if (f.startsWith('snap-') && f !== current && f !== previous) rmSync(join(dir, f), { recursive: true, force: true });
    else if (f.startsWith(`${POINTER}.`) && f.endsWith('.tmp')) rmSync(join(dir, f), { force: true });
  }
}

export function readManifest(dir: string): Manifest {
  const snap = currentSnapshot(dir);
  try {
    return JSON.parse(readFileSync(join(dir, snap, 'manifest.json'), 'utf8')) as Manifest;
  } catch (err) {
    throw damaged(dir, `its manifest cannot be read (${(err as Error).message})`);
  }
}

function currentSnapshot(dir: string): string {
  let name: string;
  try {
    name = readFileSync(join(dir, POINTER), 'utf8').trim();
  } catch (err) {
    throw damaged(dir, `the pointer file ${POINTER} cannot be read (${(err as Error).message})`);
  }
  if (!/^snap-[\w-]+$/.test(name) || !existsSync(join(dir, name))) throw damaged(dir, `${POINTER} names a snapshot that is not there ("${name.slice(0, 60)}")`);
  return name;
}

function damaged(dir: string, why: string): IndexUnusableError {
  return new IndexUnusableError(`The index in ${dir} is damaged: ${why}. Rebuild it from the corpus with \`npm run ingest -- --rebuild\`.`);
}

/** The current snapshot's folder and manifest, refused when written by another schema. */
function openSnapshot(dir: string): { folder: string; manifest: Manifest } {
  const folder = join(dir, currentSnapshot(dir));
  const manifest = readManifest(dir);
  if (manifest.schema !== SCHEMA_VERSION) {
    throw new IndexUnusableError(
      `The index in ${dir} was written by another version of newsroom-bot (schema ${manifest.schema}, this one reads ${SCHEMA_VERSION}). Rebuild it with \`npm run ingest -- --rebuild\`.`,
    );
  }
  return { folder, manifest };
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
  const { folder, manifest } = openSnapshot(dir);
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
  return assemble(dir, manifest, hnsw, { lexical, paragraphs: data['paragraphs.json'], sources: data['sources.json'], statements: data['statements.json'] });
}

/**
 * The manifest and the source records of the current snapshot, checked against the manifest,
 * without the vectors, paragraphs and keyword index: what a re-ingest needs to decide that
 * nothing changed (the rest is loaded only when something did).
 */
export function readSourceRecords(dir: string): { manifest: Manifest; sources: SourceRecord[] } {
  const { folder, manifest } = openSnapshot(dir);
  const expected = expectedOf(dir, manifest, 'sources.json');
  let buf: Buffer;
  try {
    buf = readFileSync(join(folder, 'sources.json'));
  } catch (err) {
    throw damaged(dir, `sources.json cannot be read (${(err as Error).message})`);
  }
  if (buf.length !== expected.bytes || sha256(buf) !== expected.sha256) throw damaged(dir, 'sources.json does not match its checksum (truncated or modified)');
  try {
    return { manifest, sources: JSON.parse(buf.toString('utf8')) as SourceRecord[] };
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
  const { folder, manifest } = openSnapshot(dir);
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
function readHashed(path: string, keep: boolean): Promise<{ bytes: number; sha256: string; buf?: Buffer }> {
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
  const { folder, manifest } = openSnapshot(dir);
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
  return assemble(dir, manifest, hnsw, { lexical, paragraphs: data['paragraphs.json'], sources: data['sources.json'], statements: data['statements.json'] });
}
