// Reading sources from disk: walks folders, reads files, skips unusable ones with a
// reason, and drops files whose bytes duplicate an earlier file.

import { createHash } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Source } from '../types.js';
import { SourceError, type SkippedFile } from './errors.js';
import { parseSource, type SourceFormat } from './parse.js';

export interface LoadResult {
  sources: Source[];
  skipped: SkippedFile[];
  /**
   * Absolute paths of files and folders that exist but could not be read (permissions, I/O
   * errors, a mount that is away). What was indexed from them must be kept, not removed.
   */
  unreadable: string[];
  /** Files left unparsed because they match what is indexed (see `LoadOptions.indexed`). */
  unchanged: UnchangedFile[];
  /** Size and modification time of each parsed source's file, by source id. */
  stamps: Map<string, FileStamp>;
}

/** What the index holds for a file: enough to tell, before parsing, that it has not changed. */
export interface IndexedFile {
  id: string;
  /** sha256 of the raw bytes. */
  contentHash: string;
  stamp?: FileStamp;
}

/** Size and modification time of a file, and when they were read. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  /** When the stamp was taken (ms since the epoch). */
  checkedAtMs: number;
}

export interface UnchangedFile {
  id: string;
  path: string;
  contentHash: string;
  /** A fresh stamp, when the stored one no longer matches (the file was touched, not changed). */
  stamp?: FileStamp;
}

export interface LoadOptions {
  /** Files larger than this are skipped (default 20 MiB). */
  maxBytes?: number;
  /** Called for each skipped file, as it is skipped. */
  onSkip?: (s: SkippedFile) => void;
  /** Called for problems that did not stop a file from loading (a bad front matter field). */
  onWarning?: (w: { path: string; message: string }) => void;
  /** What the index holds for an absolute path: a file that matches it is not parsed again. */
  indexed?: (absPath: string) => IndexedFile | undefined;
}

/**
 * A stamp proves a file unchanged only when it was taken well after the file's last write:
 * a write in the same clock tick as the stored mtime could otherwise keep size and mtime
 * (git's "racy clean" problem). Younger files are hashed instead.
 */
const STAMP_SETTLE_MS = 2000;

export function stampMatches(stamp: FileStamp | undefined, st: { size: number; mtimeMs: number }): boolean {
  return !!stamp && stamp.size === st.size && stamp.mtimeMs === st.mtimeMs && stamp.checkedAtMs - stamp.mtimeMs >= STAMP_SETTLE_MS;
}

export const DEFAULT_MAX_SOURCE_BYTES = 20 * 1024 * 1024;

const FORMATS: Record<string, SourceFormat> = {
  '.txt': 'txt',
  '.md': 'md',
  '.markdown': 'md',
  '.html': 'html',
  '.htm': 'html',
};

function formatOf(file: string): SourceFormat | undefined {
  return FORMATS[path.extname(file).toLowerCase()];
}

/** The source id: the file name without its extension. */
export function sourceIdOf(file: string): string {
  return path.parse(file).name;
}

/** Relative to the working directory when the file is under it, else absolute. */
function displayPath(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

function sizeText(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return Number.isInteger(mib) && mib >= 1 ? `${mib} MiB` : `${bytes} bytes`;
}

function readError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  if (code === 'ENOENT') return 'file or folder not found';
  if (code === 'EISDIR') return 'is a folder, not a file';
  if (code === 'ELOOP') return 'symbolic link loop';
  if (code === 'EIO') return 'cannot be read (input/output error)';
  return `cannot be read (${code ?? (e as Error).message})`;
}

/** Errors that mean "there but not readable now", as opposed to "not there". */
function isUnreadable(e: unknown): boolean {
  return (e as NodeJS.ErrnoException).code !== 'ENOENT';
}

interface WalkState {
  /** Real paths of folders already walked (a folder reached twice is walked once). */
  seen: Set<string>;
  out: string[];
  skip: (s: SkippedFile) => void;
  unreadable: string[];
  /** Real paths of the folders being ingested: a link that leads out of all of them is not followed. */
  roots: string[];
}

/** True when `p` is `root` or lies under it (both real, absolute paths). */
export function isWithin(p: string, root: string): boolean {
  return p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/**
 * Files under a folder, recursively; hidden files and folders are left out. A folder that
 * cannot be listed is reported and recorded as unreadable; a symbolic link that leads back
 * into the folders being walked (a loop) is skipped and named.
 */
async function walk(dir: string, state: WalkState, ancestors: string[] = []): Promise<void> {
  let real: string;
  try {
    real = await fs.realpath(dir);
  } catch (e) {
    state.skip({ path: displayPath(dir), reason: readError(e) });
    if (isUnreadable(e)) state.unreadable.push(dir);
    return;
  }
  if (state.seen.has(real)) return; // reached twice through links: its files are listed already
  state.seen.add(real);
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (e) {
    state.skip({ path: displayPath(dir), reason: readError(e) });
    if (isUnreadable(e)) state.unreadable.push(dir);
    return;
  }
  const chain = [...ancestors, real];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const link = await followLink(full, real, chain, state.roots);
      if (link.skip) {
        state.skip({ path: displayPath(full), reason: link.skip });
        if (link.unreadable) state.unreadable.push(full);
        continue;
      }
      isDir = link.isDir;
      isFile = link.isFile;
    }
    if (isDir) await walk(full, state, chain);
    else if (isFile && formatOf(full)) state.out.push(full);
  }
}

/**
 * Where a symbolic link leads. `skip` says why it is not followed: a loop; a target outside
 * the folders being ingested (anyone who can drop a link into a shared corpus folder or the
 * inbox could otherwise have the bot quote any file its user can read); a target that is not
 * there (`unreadable`: a share that is away keeps what was indexed through the link).
 */
async function followLink(full: string, realDir: string, chain: string[], roots: string[]): Promise<{ isDir: boolean; isFile: boolean; skip?: string; unreadable?: boolean }> {
  const none = { isDir: false, isFile: false };
  const outside = (target: string) => ({ ...none, skip: `symbolic link leads outside the folder being ingested (to ${target}); not followed` });
  let st;
  try {
    st = await fs.stat(full);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { ...none, skip: 'symbolic link loop (it leads back to itself)' };
    if (code !== 'ENOENT') return { ...none, skip: readError(e), unreadable: true };
    const target = path.resolve(realDir, await fs.readlink(full).catch(() => '.'));
    if (!roots.some((r) => isWithin(target, r))) return outside(target);
    return { ...none, skip: `symbolic link to ${displayPath(target)}, which is not there (a mount or share that is away?); what was indexed through it is kept`, unreadable: true };
  }
  let target: string;
  try {
    target = await fs.realpath(full);
  } catch (e) {
    return { ...none, skip: readError(e), unreadable: true };
  }
  if (!roots.some((r) => isWithin(target, r))) return outside(target);
  if (st.isDirectory() && chain.includes(target)) return { ...none, skip: `symbolic link loop (it leads back to ${displayPath(target)})` };
  return { isDir: st.isDirectory(), isFile: st.isFile() };
}

/**
 * Loads sources from files and folders. Folders are walked recursively for .txt, .md,
 * .markdown, .html and .htm files; other files are skipped with a reason only when named
 * explicitly. Files are read in path order, so of two files with the same bytes the
 * first by path is kept.
 */
export async function loadSources(paths: string[], options: LoadOptions = {}): Promise<LoadResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_SOURCE_BYTES;
  const skipped: SkippedFile[] = [];
  const unreadable: string[] = [];
  const skip = (s: SkippedFile) => {
    skipped.push(s);
    options.onSkip?.(s);
  };

  const files = new Set<string>();
  const roots = await folderRoots(paths);
  const state: WalkState = { seen: new Set(), out: [], skip, unreadable, roots };
  for (const p of paths) {
    const abs = path.resolve(p);
    let st;
    try {
      st = await fs.stat(abs);
    } catch (e) {
      skip({ path: displayPath(abs), reason: readError(e) });
      if (isUnreadable(e)) unreadable.push(abs);
      continue;
    }
    if (st.isDirectory()) {
      state.out = [];
      await walk(abs, state);
      for (const f of state.out) files.add(f);
    } else if (!formatOf(abs)) {
      const ext = path.extname(abs) || '(none)';
      skip({ path: displayPath(abs), reason: `unsupported file type ${ext}; use .txt, .md or .html` });
    } else {
      files.add(abs);
    }
  }

  const sources: Source[] = [];
  const unchanged: UnchangedFile[] = [];
  const stamps = new Map<string, FileStamp>();
  const byHash = new Map<string, string>();
  const byId = new Map<string, string>();
  const ordered = [...files].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  // Files are read a few at a time ahead of the one being handled (stat and hash are I/O
  // bound); they are still handled in path order, which decides which of two duplicates wins.
  const ahead: Promise<ReadResult>[] = [];
  const start = (i: number) => {
    if (i < ordered.length) ahead[i] = readOne(ordered[i], sourceIdOf(ordered[i]), maxBytes, options.indexed?.(ordered[i])).catch((e: unknown) => ({ error: e }));
  };
  for (let i = 0; i < READ_AHEAD; i++) start(i);
  for (let i = 0; i < ordered.length; i++) {
    const abs = ordered[i];
    const shown = displayPath(abs);
    const id = sourceIdOf(abs);
    start(i + READ_AHEAD);
    const result = await ahead[i];
    delete ahead[i];
    try {
      if ('error' in result) throw result.error;
      const got = result;
      const twin = byHash.get(got.hash);
      if (twin !== undefined) throw new SourceError(`same text as ${twin}`);
      const clash = byId.get(id);
      if (clash !== undefined) throw new SourceError(`another file already has the id ${id} (${clash}); rename one of them`);
      if (got.bytes) {
        const source = parseSource({
          id,
          // Absolute: ingest compares it with the folders it syncs to find deleted files.
          path: abs,
          bytes: got.bytes,
          format: formatOf(abs) as SourceFormat,
          onWarning: (message) => options.onWarning?.({ path: shown, message }),
        });
        stamps.set(id, got.stamp);
        sources.push(source);
      } else unchanged.push({ id, path: abs, contentHash: got.hash, ...(got.fresh ? { stamp: got.stamp } : {}) });
      byHash.set(got.hash, id);
      byId.set(id, shown);
    } catch (e) {
      if (!(e instanceof SourceError)) throw e;
      if (e.unreadable) unreadable.push(abs);
      skip({ path: shown, reason: e.message });
    }
  }
  return { sources, skipped, unreadable, unchanged, stamps };
}

/** Real paths of the named folders (links inside one may lead into another). */
async function folderRoots(paths: string[]): Promise<string[]> {
  const roots: string[] = [];
  for (const p of paths) {
    const real = await fs.realpath(path.resolve(p)).catch(() => undefined);
    if (real && (await fs.stat(real).then((st) => st.isDirectory(), () => false))) roots.push(real);
  }
  return roots;
}

/**
 * One file's bytes and hash, or only its hash when it matches what is indexed: by size and
 * modification time (no read at all), else by the hash of its bytes (no parse).
 */
type ReadResult = { hash: string; bytes?: Uint8Array; stamp: FileStamp; fresh?: boolean } | { error: unknown };

/** Files being read at once, ahead of the one being parsed. */
const READ_AHEAD = 16;

async function readOne(abs: string, id: string, maxBytes: number, indexed: IndexedFile | undefined): Promise<{ hash: string; bytes?: Uint8Array; stamp: FileStamp; fresh?: boolean }> {
  const checkedAtMs = Date.now();
  let st;
  try {
    st = await fs.stat(abs);
  } catch (e) {
    throw new SourceError(readError(e), isUnreadable(e));
  }
  const stamp: FileStamp = { size: st.size, mtimeMs: st.mtimeMs, checkedAtMs };
  const same = indexed?.id === id ? indexed : undefined;
  if (same && stampMatches(same.stamp, st)) {
    // Not read, so its permissions are checked: an unreadable file is reported even when unchanged.
    await fs.access(abs, fsConstants.R_OK).catch((e: unknown) => {
      throw new SourceError(readError(e), isUnreadable(e));
    });
    return { hash: same.contentHash, stamp: same.stamp! };
  }
  if (st.size > maxBytes) throw new SourceError(`larger than ${sizeText(maxBytes)}; split it or raise MAX_SOURCE_BYTES`);
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(abs);
  } catch (e) {
    throw new SourceError(readError(e), isUnreadable(e));
  }
  if (bytes.length > maxBytes) throw new SourceError(`larger than ${sizeText(maxBytes)}; split it or raise MAX_SOURCE_BYTES`);
  // Identical bytes are caught before parsing: the hash is all it takes.
  const hash = createHash('sha256').update(bytes).digest('hex');
  if (same && same.contentHash === hash) return { hash, stamp, fresh: true };
  return { hash, bytes, stamp };
}
