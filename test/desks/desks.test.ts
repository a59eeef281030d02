// Desks (src/chat/desks.ts): the file checked with clear messages, channels routed to their desk's
// sources (a search filter), DESKS_DEFAULT=none, and desk digests on their own schedules.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAnswerer } from '../../src/answer/answerer.js';
import { createChatCore, NO_DESK_TEXT } from '../../src/chat/core.js';
import { DesksError, loadDesks, parseDesks, type Desk } from '../../src/chat/desks.js';
import { loadConfig } from '../../src/config.js';
import { LocalIndex } from '../../src/index/local-index.js';
import { silentLogger } from '../../src/log.js';
import { createDigest } from '../../src/platforms.js';
import type { Source } from '../../src/types.js';
import { fakePlatform } from '../digest/helpers.js';
import { hashEmbedder } from '../fixtures/hash-embedder.js';

const GOOD = `
desks:
  politics:
    folders: [articles/politics]
    outlets: [Reuters]
    channels: { slack: [C0123], discord: ["112233"] }
    digest: { cron: "0 8 * * 1-5", tz: Europe/Berlin, slack: [C0123] }
  sports:
    folders: [articles/sports]
    tags: [football]
    channels: { slack: [C0456] }
    digest: { cron: "30 18 * * *", tz: America/New_York, slack: [C0456] }
`;

const problems = (yaml: string): string[] => {
  try {
    parseDesks(yaml, 'desks.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(DesksError);
    return (e as DesksError).problems;
  }
  throw new Error('expected the desks file to be refused');
};

describe('the desks file', () => {
  it('reads desks with their selectors, channels and digests', () => {
    const desks = parseDesks(GOOD);
    expect(desks.map((d) => d.name)).toEqual(['politics', 'sports']);
    expect(desks[0]).toMatchObject({ folders: ['articles/politics'], outlets: ['Reuters'], channels: { slack: ['C0123'], discord: ['112233'] }, digest: { cron: '0 8 * * 1-5', tz: 'Europe/Berlin', slack: ['C0123'], discord: [] } });
    expect(desks[1].tags).toEqual(['football']);
  });

  it('names unknown keys, a channel in two desks, a desk with no sources, a bad schedule and zone', () => {
    expect(problems('desks:\n  a:\n    folder: [x]\n')).toEqual([expect.stringMatching(/desks\.a: unknown key "folder"/)]);
    expect(problems('desk:\n  a: {}\n')).toEqual([
      'it needs a "desks:" key at the top with one entry per desk (see docs/operations.md)',
      expect.stringMatching(/^the top level: unknown key "desk"/),
    ]);
    expect(problems('desks:\n  a:\n    outlets: [AP]\n    channels: { slack: [C1] }\n  b:\n    outlets: [BBC]\n    channels: { slack: [C1] }\n')).toEqual([
      'slack channel C1 is in two desks ("a" and "b"); a channel serves one desk',
    ]);
    expect(problems('desks:\n  empty:\n    channels: { slack: [C1] }\n')).toEqual(['desk "empty" has no sources: give it folders, outlets, feeds or tags']);
    const bad = problems('desks:\n  a:\n    outlets: [AP]\n    digest: { cron: "every morning", tz: Mars/Olympus, slack: [C1] }\n  b:\n    outlets: [AP]\n    digest: { cron: "0 8 * * *", slack: [] }\n');
    expect(bad).toEqual([
      'desk "a": digest tz "Mars/Olympus" is not an IANA time zone (for example Europe/Berlin)',
      'desk "b": its digest names no channels to post to (digest: { slack: [...], discord: [...] })',
    ]);
    expect(problems('desks:\n  a:\n    outlets: [AP]\n    digest: { cron: "every morning", slack: [C1] }\n')[0]).toMatch(/^desk "a": digest cron "every morning" is not a schedule/);
    expect(problems('desks: [\n')[0]).toMatch(/^it is not valid YAML/);
  });

  it('says when the file cannot be read', () => {
    expect(() => loadDesks('/nonexistent/desks.yaml')).toThrow(/desks file \/nonexistent\/desks.yaml has a problem:\n {2}- it could not be read \(ENOENT\)/);
  });
});

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Two folders' worth of articles, with outlets and tags: politics (folder and Reuters) and sports. */
async function newsroomIndex(root: string): Promise<LocalIndex> {
  const embedder = hashEmbedder();
  const mk = (id: string, path: string, text: string, extra: Partial<Source> = {}): Source => ({
    id, title: id, contentHash: id, path: join(root, path), paragraphs: [{ sourceId: id, index: 1, text }], ...extra,
  });
  const sources = [
    mk('pol1', 'articles/politics/pol1.md', 'The senate vote on the budget was held on Tuesday and the budget passed.'),
    mk('wire', 'articles/wire/w1.md', 'The budget vote in parliament was delayed, Reuters reported.', { outlet: 'Reuters' }),
    mk('spo1', 'articles/sports/spo1.md', 'The club budget for new players was cut after the vote of the members.'),
    mk('spo2', 'articles/other/s2.md', 'The football budget vote took place at the stadium.', { tags: ['Football'] }),
  ];
  const index = LocalIndex.empty({ id: embedder.id, dimension: embedder.dimension }, 16);
  index.apply({
    upserts: await Promise.all(sources.map(async (source) => ({ source, vectors: await embedder.embedPassages(source.paragraphs.map((p) => p.text)), ingestedAt: new Date().toISOString() }))),
    removals: [],
  });
  return index;
}

describe('desks route questions by channel', () => {
  const setup = async (fallback: 'all' | 'none' = 'all') => {
    const root = mkdtempSync(join(tmpdir(), 'desks-'));
    dirs.push(root);
    const index = await newsroomIndex(root);
    const desks = parseDesks(GOOD).map((d): Desk => ({ ...d, folders: d.folders.map((f) => join(root, f)) }));
    const answerer = createAnswerer({ index: () => index, embedder: null });
    return createChatCore({ answerer, index: () => index, desks: { desks, fallback } });
  };
  const user = { id: 'slack:U1', platform: 'slack' };
  const sourcesOf = (reply: Awaited<ReturnType<Awaited<ReturnType<typeof setup>>['handle']>>) =>
    reply.kind === 'answer' ? [...new Set(reply.answer.excerpts.map((e) => e.sourceId))].sort() : reply.kind === 'sources' ? reply.sources.map((s) => s.id).sort() : [];

  it('a desk channel searches only its desk (folders, outlets, tags); other channels see everything', async () => {
    const core = await setup();
    const ask = (channel: string) => core.handle({ command: 'ask', text: 'What happened at the budget vote?', user, channel });
    expect(sourcesOf(await ask('slack:C0123'))).toEqual(['pol1', 'wire']);
    expect(sourcesOf(await ask('slack:C0456'))).toEqual(['spo1', 'spo2']);
    expect(sourcesOf(await ask('discord:112233'))).toEqual(['pol1', 'wire']);
    expect(sourcesOf(await ask('slack:C0999')).length).toBe(4);
    expect(sourcesOf(await core.handle({ command: 'sources', text: '', user, channel: 'slack:C0456' }))).toEqual(['spo1', 'spo2']);
  });

  it('with DESKS_DEFAULT=none a channel in no desk gets a note, not every source', async () => {
    const core = await setup('none');
    const reply = await core.handle({ command: 'ask', text: 'What happened at the budget vote?', user, channel: 'slack:C0999' });
    expect(reply).toEqual({ kind: 'notice', level: 'refused', text: NO_DESK_TEXT });
    expect(sourcesOf(await core.handle({ command: 'ask', text: 'What happened at the budget vote?', user, channel: 'slack:C0123' }))).toEqual(['pol1', 'wire']);
  });
});

describe('desk digests', () => {
  it('each desk posts its own sources to its own channels, on its own schedule', async () => {
    const root = mkdtempSync(join(tmpdir(), 'desks-digest-'));
    dirs.push(root);
    const index = await newsroomIndex(root);
    const desks = parseDesks(GOOD).map((d): Desk => ({ ...d, folders: d.folders.map((f) => join(root, f)) }));
    const config = loadConfig({ INDEX_DIR: root, DIGEST_TZ: 'UTC', LOG_LEVEL: 'silent' });
    const slack = fakePlatform('slack');
    const digests = createDigest(config, { index: () => index, desks: { desks, fallback: 'all' } }, [slack], silentLogger);
    const politics = digests.desk('politics')!;
    const sports = digests.desk('sports')!;
    const preview = await sports.preview(new Date(0));
    expect(preview.stories.flatMap((s) => s.sources.map((x) => x.id)).sort()).toEqual(['spo1', 'spo2']);
    const report = await politics.postNow();
    expect(report.outcomes.map((o) => o.destination)).toEqual(['slack:C0123']);
    expect(slack.posts.map((p) => p.channelId)).toEqual(['C0123']);
    const posted = slack.posts[0].reply.kind === 'digest' ? slack.posts[0].reply.digest : undefined;
    expect(posted?.stories.flatMap((s) => s.sources.map((x) => x.id)).sort()).toEqual(['pol1', 'wire']);
    await digests.start();
    try {
      const [p, s] = [politics.nextRun()!, sports.nextRun()!];
      // 08:00 in Berlin on a weekday; 18:30 in New York.
      expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', weekday: 'short' }).format(p)).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 08:00$/);
      expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit' }).format(s)).toBe('18:30');
      expect(digests.nextRun()).toBeUndefined(); // no DIGEST_CRON: the newsroom digest is not scheduled
    } finally {
      await digests.stop();
    }
  });
});
