// What a run changes: which sources to add, replace, remove, and which to keep because their
// file or folder could not be read (issue 11 part 1: unreadable never means deleted).
import { lstatSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import type { LoadResult } from '../corpus/index.js';
import type { Source } from '../types.js';
import type { SourceRecord } from './paragraph-index.js';

export interface Plan {
  changed: Source[];
  added: string[];
  updated: string[];
  unchanged: string[];
  removed: string[];
  kept: string[];
  /** Synced folders that yield no article now though sources were indexed from them. */
  emptied: string[];
}

/**
 * What to add, replace and remove. A source is removed only when its file is gone (or no
 * longer usable) under a folder that was read whole, or it was named and does not exist.
 * Anything under a file or folder that could not be read is kept as indexed: a permission
 * change or a mount that is briefly away must never empty the index. A synced folder that
 * now yields no article at all while sources were indexed from it counts as unreadable too
 * (an empty mount point looks like that).
 */
export function planChanges(loaded: LoadResult, records: Pick<SourceRecord, 'id' | 'contentHash' | 'path'>[], paths: string[]): Plan {
  const byId = new Map(records.map((r) => [r.id, r]));
  const plan: Plan = { changed: [], added: [], updated: [], unchanged: loaded.unchanged.map((u) => u.id), removed: [], kept: [], emptied: [] };
  for (const source of loaded.sources) {
    const old = byId.get(source.id);
    if (!old) {
      plan.added.push(source.id);
      plan.changed.push(source);
    } else if (old.contentHash !== source.contentHash) {
      plan.updated.push(source.id);
      plan.changed.push(source);
    } else plan.unchanged.push(source.id);
  }
  const seen = new Set([...loaded.sources.map((s) => s.id), ...plan.unchanged]);
  const found = [...loaded.sources.map((s) => s.path ?? ''), ...loaded.unchanged.map((u) => u.path)];
  const syncedDirs = paths.filter((p) => isDirectory(p)).map((d) => d + sep);
  const emptyDirs = syncedDirs.filter((d) => !found.some((f) => f.startsWith(d)));
  const emptySubDirs = emptiedSubFolders(records.filter((r) => r.path && !seen.has(r.id)).map((r) => absolute(r.path!)), syncedDirs, found);
  emptyDirs.push(...emptySubDirs.filter((d) => !emptyDirs.some((e) => d.startsWith(e))));
  const unreadable = [...loaded.unreadable, ...emptyDirs];
  const goneFiles = new Set(paths.filter((p) => isGone(p)));
  for (const record of records) {
    if (seen.has(record.id) || !record.path) continue;
    const where = absolute(record.path);
    if (unreadable.some((u) => where === u || where.startsWith(u.endsWith(sep) ? u : u + sep))) {
      plan.kept.push(record.id);
      continue;
    }
    if (syncedDirs.some((d) => where.startsWith(d)) || goneFiles.has(where)) plan.removed.push(record.id);
  }
  plan.emptied = emptyDirs.filter((d) => plan.kept.some((id) => absolute(byId.get(id)!.path!).startsWith(d))).map((d) => d.slice(0, -1));
  return plan;
}

/**
 * Sub-folders of the synced folders that still exist but yield no article, while an indexed
 * source that is not found now lies under them: an empty mount point deep in the corpus
 * looks exactly like that (issue 19). The deepest existing folder above each missing file
 * decides; with trailing separators.
 */
function emptiedSubFolders(missing: string[], syncedDirs: string[], found: string[]): string[] {
  const withArticles = new Set<string>();
  for (const f of found) for (let d = dirname(f); d !== dirname(d) && !withArticles.has(d); d = dirname(d)) withArticles.add(d);
  const isDir = new Map<string, boolean>();
  const out = new Set<string>();
  for (const where of missing) {
    const top = syncedDirs.find((d) => where.startsWith(d));
    if (!top) continue;
    for (let d = dirname(where); d + sep !== top && d.startsWith(top); d = dirname(d)) {
      // A real folder only: a link is the loader's to judge (one leading out is not followed, its sources go).
      if (!isDir.has(d)) isDir.set(d, isRealDirectory(d));
      if (!isDir.get(d)) continue;
      if (!withArticles.has(d)) out.add(d + sep);
      break;
    }
  }
  return [...out];
}

// Indexes written before paths were stored absolute hold them relative to the working folder.
export function absolute(p: string): string {
  return isAbsolute(p) ? p : resolve(p);
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isRealDirectory(p: string): boolean {
  try {
    return lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Really not there (ENOENT), as opposed to there but unreadable. */
function isGone(p: string): boolean {
  try {
    lstatSync(p);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

