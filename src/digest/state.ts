// Posting state, kept as JSON next to the index (`<indexDir>/digest-state.json`) and written
// atomically (temporary file, fsync, rename): a crash leaves the old state or the new one.
//
// It records what the digests covered (sources indexed up to `coveredUntil`) and, per
// destination ("slack:C123", "discord:456"), the last digest it got — for which scheduled
// occurrence and local date, covering sources up to when — and the last failure. A restart
// reads it back, so the same occurrence is never posted twice to one destination, and a
// destination that failed gets the sources it missed in its next digest.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const STATE_FILE_NAME = 'digest-state.json';

export interface PostedRecord {
  /** When it was posted (ISO). */
  at: string;
  /** The scheduled occurrence it was for (ISO instant), or "manual" for `digest --post`. */
  occurrence: string;
  /** Local date of the digest (YYYY-MM-DD). */
  date: string;
  /** Sources indexed up to this instant (ISO) were in it. */
  until: string;
}

export interface FailureRecord {
  at: string;
  occurrence: string;
  date: string;
  /** What went wrong, in a sentence (no message text or tokens). */
  error: string;
  attempts: number;
  /** The digest it missed covered sources indexed after this instant (ISO), if known. */
  from?: string;
}

export interface SkippedRecord {
  at: string;
  occurrence: string;
  date: string;
}

export interface DestinationState {
  lastPosted?: PostedRecord;
  lastFailure?: FailureRecord;
  /** The last occurrence that had nothing new and was not posted (`postWhenEmpty` off). */
  lastSkipped?: SkippedRecord;
}

export interface DigestState {
  version: 1;
  /** Sources indexed up to this instant (ISO) were in a posted digest (the latest one). */
  coveredUntil?: string;
  destinations: Record<string, DestinationState>;
}

export function emptyState(): DigestState {
  return { version: 1, destinations: {} };
}

export function stateFileFor(indexDir: string): string {
  return join(indexDir, STATE_FILE_NAME);
}

export class StateFileError extends Error {}

/** Reads the state; a missing file is an empty state. A file that is not a state throws StateFileError. */
export function readState(file: string): DigestState {
  if (!existsSync(file)) return emptyState();
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new StateFileError(`The digest state file ${file} is not valid JSON (${(e as Error).message}); move it away to start afresh.`);
  }
  const d = data as Partial<DigestState> | null;
  if (!d || typeof d !== 'object' || d.version !== 1 || typeof d.destinations !== 'object' || d.destinations === null) {
    throw new StateFileError(`The digest state file ${file} is not a digest state (version 1); move it away to start afresh.`);
  }
  return { version: 1, ...(typeof d.coveredUntil === 'string' ? { coveredUntil: d.coveredUntil } : {}), destinations: d.destinations };
}

/** Writes the state atomically: a reader sees the old file or the new one, never half of one. */
export function writeState(file: string, state: DigestState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(state, null, 2) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/**
 * The state as this process knows it, changed through `update` (serialised). The file is
 * shared: `digest --post` may write it while `serve` runs. So `refresh` re-reads it (before
 * deciding what to post), and every `update` applies its change to the file as it is now,
 * not to what this process read earlier — what another process recorded is kept.
 */
export class StateStore {
  private state: DigestState;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {
    this.state = readState(file);
  }

  get(): DigestState {
    return structuredClone(this.state);
  }

  /** Re-reads the file (what another process wrote since); a file that became unreadable keeps the last good state. */
  refresh(): DigestState {
    this.state = this.latest();
    return this.get();
  }

  /** Applies a change to the file's current state and saves it before the returned promise settles. */
  update(change: (state: DigestState) => void): Promise<DigestState> {
    const run = this.queue.then(() => {
      const next = this.latest();
      change(next);
      writeState(this.file, next);
      this.state = next;
      return structuredClone(next);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private latest(): DigestState {
    try {
      return readState(this.file);
    } catch (err) {
      if (err instanceof StateFileError) return structuredClone(this.state);
      throw err;
    }
  }
}

/** What posting reads and writes: the file store above, or a database's (index/postgres/digest-state.ts). */
export type DigestStateStore = Pick<StateStore, 'get' | 'refresh' | 'update'>;

/**
 * State shared by several bot replicas: each digest run holds `exclusive` (a database lock)
 * and reads the state afresh (`pull`) first, so an occurrence one replica posted is
 * "handled" for the others and is posted once.
 */
export interface SharedDigestState {
  store: DigestStateStore;
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  pull(): Promise<void>;
}

/** True when the destination has had this occurrence (posted, or skipped as empty). */
export function handled(state: DigestState, destination: string, occurrence: string): boolean {
  const d = state.destinations[destination];
  return d?.lastPosted?.occurrence === occurrence || d?.lastSkipped?.occurrence === occurrence;
}

/**
 * The instant sources are new after, for one destination: what its last digest covered; for
 * one that has only failed so far, where its missed digest started; else the global mark.
 */
export function coveredFor(state: DigestState, destination: string): string | undefined {
  const d = state.destinations[destination];
  return d?.lastPosted?.until ?? d?.lastFailure?.from ?? state.coveredUntil;
}
