// ask --as-of (issue 20): a bad value or a bad NEWSROOM_TZ is refused with a sentence that
// says what is expected, before the model or the index is loaded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'newsroom-as-of-'));
const env = { PATH: process.env.PATH ?? '', HOME: root, INDEX_DIR: join(root, 'index'), CORPUS_DIR: join(root, 'corpus'), LOG_LEVEL: 'warn' };
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('ask --as-of', () => {
  it('refuses a date that does not exist, and says the form', async () => {
    const r = await runCli(['ask', '--as-of', '2022-02-30', 'What happened this week?'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--as-of takes a date, or a date and time, in UTC: YYYY-MM-DD or YYYY-MM-DDTHH:MM (got "2022-02-30").');
  });

  it('reads the date in NEWSROOM_TZ, and refuses a zone that does not exist', async () => {
    const bad = await runCli(['ask', '--as-of', 'last tuesday', 'x'], { env: { ...env, NEWSROOM_TZ: 'Europe/Berlin' } });
    expect(bad.stderr).toContain('in Europe/Berlin: YYYY-MM-DD');
    const zone = await runCli(['ask', '--as-of', '2022-03-01', 'x'], { env: { ...env, NEWSROOM_TZ: 'Mars/Olympus' } });
    expect(zone.code).not.toBe(0);
    expect(zone.stderr).toContain('NEWSROOM_TZ "Mars/Olympus" is not an IANA time zone');
  });
});
