// What an `ingest` run tells the operator and a scheduled job: its last line and its exit code.
//   0  everything was read; the index matches the files
//   1  nothing is indexed, or a named path does not exist (the rest was still indexed)
//   3  indexed, but some files were skipped as unusable (empty, binary, too large, a duplicate,
//      an unsupported type, a symbolic link loop); the lines above name each one
//   4  some files or folders could not be read (permissions, an I/O error, a mount that is away):
//      what was indexed from them is kept as it was; run again once they are readable
// The most serious applies: 1, then 4, then 3.
import type { IngestReport } from './ingest.js';

export const INGEST_EXIT = { ok: 0, failed: 1, skipped: 3, unreadable: 4 } as const;

const NOT_FOUND = 'file or folder not found';

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

export function ingestOutcome(
  r: Pick<IngestReport, 'skipped' | 'unreadable' | 'kept' | 'sourcesTotal' | 'removed'>,
  run: { paths: string[]; missing: string[]; missingOk: boolean },
): { code: number; lastLine?: string } {
  // (The inbox's last file taken away, with --missing-ok, empties the index on purpose.)
  if (r.sourcesTotal === 0 && !(run.missingOk && r.removed.length)) {
    return { code: INGEST_EXIT.failed, lastLine: `Nothing is indexed: no usable .txt, .md or .html files in ${run.paths.join(', ')}.` };
  }
  // A mistyped path must not look like success to a cron job; the rest was still indexed.
  // (--missing-ok: the bot's inbox, where a file may be taken away before its ingest runs.)
  if (run.missing.length && !run.missingOk) return { code: INGEST_EXIT.failed, lastLine: `Not found, so not indexed: ${run.missing.join(', ')}.` };
  if (r.unreadable.length) {
    const kept = r.kept.length ? `; ${plural(r.kept.length, 'indexed source')} from them kept as ${r.kept.length === 1 ? 'it was' : 'they were'}` : '';
    return {
      code: INGEST_EXIT.unreadable,
      lastLine: `Could not read ${plural(r.unreadable.length, 'file or folder').replace('file or folders', 'files or folders')} (named above)${kept}. Exit code ${INGEST_EXIT.unreadable}: run again once they are readable.`,
    };
  }
  const skipped = r.skipped.filter((s) => !(run.missingOk && s.reason === NOT_FOUND));
  if (skipped.length) return { code: INGEST_EXIT.skipped, lastLine: `Skipped ${plural(skipped.length, 'file')} (named above); the rest is indexed. Exit code ${INGEST_EXIT.skipped}.` };
  return { code: INGEST_EXIT.ok };
}
