// Issue 19 item 1: a symbolic link dropped into the inbox that leads outside it is not
// followed (anyone who can write to the inbox could otherwise have the bot quote any file it
// can read); a link to a file inside the inbox is.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchInbox, type Inbox } from '../../src/digest/inbox.js';
import { recordingLogger } from './helpers.js';

let root: string;
let dir: string;
let inbox: Inbox | undefined;
const clock = Date.now() + 60_000;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'inbox-links-'));
  dir = join(root, 'inbox');
  mkdirSync(dir);
});
afterEach(async () => {
  await inbox?.stop();
  inbox = undefined;
  rmSync(root, { recursive: true, force: true });
});

function write(path: string, text: string): string {
  writeFileSync(path, text);
  const t = new Date(clock - 10_000);
  utimesSync(path, t, t);
  return path;
}

describe('inbox symbolic links', () => {
  it('does not follow a link to a file outside the inbox, names it once, and follows one inside', async () => {
    const secret = write(join(root, 'token.txt'), 'xoxb-secret-bot-token\n\nNot an article.\n');
    symlinkSync(secret, join(dir, 'leak.txt'));
    symlinkSync('/etc/passwd', join(dir, 'passwd.md'));
    mkdirSync(join(dir, 'drafts'));
    const inside = write(join(dir, 'drafts', 'story.md'), '# Title\n\nText of the story.\n');
    symlinkSync(inside, join(dir, 'alias.md'));
    const calls: string[][] = [];
    const { logger, lines } = recordingLogger();
    inbox = watchInbox({ intervalMs: 3_600_000, settleMs: 2000, retryMs: 5000, now: () => clock, dir, logger, ingest: async (paths) => void calls.push(paths) });
    for (let i = 0; i < 4; i++) await inbox.scan();
    expect(calls.flat()).toEqual([join(dir, 'alias.md')]);
    const named = lines.filter((l) => /leads outside the inbox/.test(JSON.stringify(l)));
    expect(named.map((l) => (l as { path: string }).path).sort()).toEqual([join(dir, 'leak.txt'), join(dir, 'passwd.md')]);
  });
});
