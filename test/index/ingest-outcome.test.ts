// The last line and exit code of `ingest` (docs/bad-input.md lists them).
import { describe, expect, it } from 'vitest';
import { ingestOutcome } from '../../src/index/ingest-outcome.js';

const report = (over: Partial<Parameters<typeof ingestOutcome>[0]> = {}) => ({ skipped: [], unreadable: [], kept: [], sourcesTotal: 5, removed: [], ...over });
const run = { paths: ['corpus'], missing: [] as string[], missingOk: false };

describe('ingestOutcome', () => {
  it('0 when everything was read', () => expect(ingestOutcome(report(), run)).toEqual({ code: 0 }));

  it('3 when files were skipped, 4 when some could not be read (4 wins), 1 when a path is missing (1 wins)', () => {
    const skipped = [{ path: 'a.txt', reason: 'empty file' }];
    expect(ingestOutcome(report({ skipped }), run).code).toBe(3);
    const unreadable = report({ skipped, unreadable: ['/c/b.txt', '/c/d'], kept: ['b', 'x', 'y'] });
    expect(ingestOutcome(unreadable, run)).toEqual({ code: 4, lastLine: 'Could not read 2 files or folders (named above); 3 indexed sources from them kept as they were. Exit code 4: run again once they are readable.' });
    expect(ingestOutcome(unreadable, { ...run, missing: ['corpuss'] })).toEqual({ code: 1, lastLine: 'Not found, so not indexed: corpuss.' });
  });

  it('with --missing-ok a named file that is gone is neither an error nor a skip', () => {
    const gone = report({ skipped: [{ path: 'inbox/a.txt', reason: 'file or folder not found' }] });
    expect(ingestOutcome(gone, { ...run, missing: ['inbox/a.txt'], missingOk: true })).toEqual({ code: 0 });
  });

  it('1 when nothing is indexed, unless the inbox took its last file away on purpose', () => {
    expect(ingestOutcome(report({ sourcesTotal: 0 }), run).code).toBe(1);
    expect(ingestOutcome(report({ sourcesTotal: 0, removed: ['a'] }), { ...run, missingOk: true }).code).toBe(0);
  });
});
