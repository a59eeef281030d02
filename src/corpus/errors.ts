/**
 * A file that cannot be used as a source. The message is a plain sentence meant for
 * the person running ingest ("binary file (contains NUL bytes)"), never a stack trace.
 * `unreadable`: the file is there but could not be read (permissions, I/O), as opposed to
 * a file whose content is unusable; ingest keeps what it indexed from an unreadable one.
 */
export class SourceError extends Error {
  constructor(
    reason: string,
    readonly unreadable = false,
  ) {
    super(reason);
    this.name = 'SourceError';
  }
}

/** A file that ingest left out, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
}
