// Console mode logs read as lines, not JSON (issue 14 part 7).
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { humanLogLine } from '../../src/log-format.js';

describe('human log lines', () => {
  it('one JSON record becomes "time LEVEL message (fields)"', () => {
    const t = new Date(2025, 2, 14, 9, 5, 7).getTime();
    const line = humanLogLine(JSON.stringify({ level: 40, time: t, pid: 1, hostname: 'h', app: 'newsroom-bot', msg: 'could not load the new index snapshot', err: 'sources.json does not match', files: 3 }));
    expect(line).toBe('09:05:07 WARN  could not load the new index snapshot (err="sources.json does not match" files=3)');
  });

  it('a logger in human format writes no JSON, and still redacts secrets and message text', () => {
    const out: string[] = [];
    const logger = createLogger({ level: 'info', format: 'human', destination: { write: (s: string) => out.push(s) } as unknown as NodeJS.WritableStream });
    logger.info({ snapshot: 'snap-1', token: 'xoxb-secret', question: 'who said it?' }, 'loaded a new index snapshot');
    logger.debug('not shown at info');
    expect(out).toHaveLength(1);
    expect(out[0]).not.toMatch(/^\{/);
    expect(out[0]).toMatch(/^\d\d:\d\d:\d\d INFO  loaded a new index snapshot \(snapshot=snap-1 token=\[redacted\] question=\[redacted\]\)\n$/);
    expect(out[0]).not.toContain('xoxb-secret');
  });
});
