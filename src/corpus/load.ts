// Reading sources from disk: walks folders, reads files, skips unusable ones with a
// reason, and drops files whose bytes duplicate an earlier file.

import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Source } from '../types.js';
import { SourceError, type SkippedFile } from './errors.js';
import { parseSource, type SourceFormat } from './parse.js';

export interface LoadResult {
  sources: Source[];
  skipped: SkippedFile[];
}

export interface LoadOptions {
  /** Files larger than this are skipped (default 20 MiB). */
  maxBytes?: number;
  /** Called for each skipped file, as it is skipped. */
  onSkip?: (s: SkippedFile) => void;
  /** Called for problems that did not stop a file from loading (a bad front matter field). */
  onWarning?: (w: { path: string; message: string }) => void;
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
  return `cannot be read (${code ?? (e as Error).message})`;
}

/** Files under a folder, recursively; hidden files and folders are left out. */
async function walk(dir: string, seen: Set<string>, out: string[], skip: (s: SkippedFile) => void): Promise<void> {
  let real: string;
  try {
    real = await fs.realpath(dir);
  } catch (e) {
    skip({ path: displayPath(dir), reason: readError(e) });
    return;
  }
  if (seen.has(real)) return; // a symlink loop
  seen.add(real);
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (e) {
    skip({ path: displayPath(dir), reason: readError(e) });
    return;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const st = await fs.stat(full).catch(() => undefined);
      isDir = st?.isDirectory() ?? false;
      isFile = st?.isFile() ?? false;
    }
    if (isDir) await walk(full, seen, out, skip);
    else if (isFile && formatOf(full)) out.push(full);
  }
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
  const skip = (s: SkippedFile) => {
    skipped.push(s);
    options.onSkip?.(s);
  };

  const files = new Set<string>();
  const seenDirs = new Set<string>();
  for (const p of paths) {
    const abs = path.resolve(p);
    let st;
    try {
      st = await fs.stat(abs);
    } catch (e) {
      skip({ path: displayPath(abs), reason: readError(e) });
      continue;
    }
    if (st.isDirectory()) {
      const found: string[] = [];
      await walk(abs, seenDirs, found, skip);
      for (const f of found) files.add(f);
    } else if (!formatOf(abs)) {
      const ext = path.extname(abs) || '(none)';
      skip({ path: displayPath(abs), reason: `unsupported file type ${ext}; use .txt, .md or .html` });
    } else {
      files.add(abs);
    }
  }

  const sources: Source[] = [];
  const byHash = new Map<string, string>();
  const byId = new Map<string, string>();
  for (const abs of [...files].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const shown = displayPath(abs);
    const id = sourceIdOf(abs);
    try {
      const st = await fs.stat(abs);
      if (st.size > maxBytes) throw new SourceError(`larger than ${sizeText(maxBytes)}; split it or raise MAX_SOURCE_BYTES`);
      let bytes: Uint8Array;
      try {
        bytes = await fs.readFile(abs);
      } catch (e) {
        throw new SourceError(readError(e));
      }
      if (bytes.length > maxBytes) throw new SourceError(`larger than ${sizeText(maxBytes)}; split it or raise MAX_SOURCE_BYTES`);
      // Identical bytes are caught before parsing: the hash is all it takes.
      const hash = createHash('sha256').update(bytes).digest('hex');
      const twin = byHash.get(hash);
      if (twin !== undefined) throw new SourceError(`same text as ${twin}`);
      const clash = byId.get(id);
      if (clash !== undefined) throw new SourceError(`another file already has the id ${id} (${clash}); rename one of them`);
      const source = parseSource({
        id,
        // Absolute: ingest compares it with the folders it syncs to find deleted files.
        path: abs,
        bytes,
        format: formatOf(abs) as SourceFormat,
        onWarning: (message) => options.onWarning?.({ path: shown, message }),
      });
      byHash.set(hash, id);
      byId.set(id, shown);
      sources.push(source);
    } catch (e) {
      if (!(e instanceof SourceError)) throw e;
      skip({ path: shown, reason: e.message });
    }
  }
  return { sources, skipped };
}
