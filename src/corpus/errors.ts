/**
 * A file that cannot be used as a source. The message is a plain sentence meant for
 * the person running ingest ("binary file (contains NUL bytes)"), never a stack trace.
 */
export class SourceError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SourceError';
  }
}

/** A file that ingest left out, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
}
