// Size-and-mtime stamps of files touched but not changed, kept beside the snapshot (a cache).
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileStamp, UnchangedFile } from '../corpus/index.js';

/**
 * Files touched but not changed (copied back, restored from a backup) are hashed once; their
 * new stamps go to a small side file, so the next no-op run does not hash them again and no
 * snapshot is written for it. Only a hint: a stamp is used only with the content hash it was taken for.
 */
export const STAMPS = 'stamps.json';
type StampFile = Record<string, { contentHash: string; stamp: FileStamp }>;

export function saveFreshStamps(indexDir: string, unchanged: UnchangedFile[]): void {
  const fresh = unchanged.filter((u) => u.stamp);
  if (!fresh.length) return;
  const all: StampFile = { ...readStamps(indexDir) };
  for (const u of fresh) all[u.path] = { contentHash: u.contentHash, stamp: u.stamp! };
  const tmp = join(indexDir, `${STAMPS}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, JSON.stringify(all));
    renameSync(tmp, join(indexDir, STAMPS));
  } catch {
    rmSync(tmp, { force: true }); // a cache: next time the files are hashed again
  }
}

export function readStamps(indexDir: string): StampFile {
  try {
    return JSON.parse(readFileSync(join(indexDir, STAMPS), 'utf8')) as StampFile;
  } catch {
    return {};
  }
}

