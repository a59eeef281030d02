// The digest over the seeds (and five fixture articles), with the real bundled model.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDiscordMessages } from '../../src/adapters/discord/render.js';
import { toSlackMessages } from '../../src/adapters/slack/render.js';
import { buildDigest } from '../../src/digest/build.js';
import type { Embedder } from '../../src/embed/embedder.js';
import { createLocalEmbedder } from '../../src/embed/local.js';
import { ingest } from '../../src/index/ingest.js';
import type { LocalIndex } from '../../src/index/local-index.js';
import { loadIndex } from '../../src/index/store.js';
import type { Digest } from '../../src/types.js';

const SEEDS = ['000_450ac052006812d4', '001_9d2b0e729d22a81c', '002_d5c702b0c17a4684', '003_d268800eac509475', '004_8795b68136b604a4'];
// Seeds are indexed on Sunday evening, the fixtures on Monday morning (Europe/Berlin, summer time).
const T0 = new Date('2025-03-30T06:00:00Z'); // last digest: Sunday 08:00 CEST
const T1 = new Date('2025-03-30T18:00:00Z');
const T2 = new Date('2025-03-31T04:30:00Z');
const NOW = new Date('2025-03-31T06:00:00Z'); // Monday 08:00 CEST
const TZ = 'Europe/Berlin';

let dir: string;
let index: LocalIndex;
let embedder: Embedder;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'digest-seeds-'));
  embedder = await createLocalEmbedder({ modelDir: 'models/onnx-community/all-MiniLM-L6-v2-ONNX' });
  await ingest({ paths: ['seeds'], indexDir: dir, embedder, now: () => T1 });
  await ingest({ paths: ['test/digest/fixtures/articles'], indexDir: dir, embedder, now: () => T2 });
  index = loadIndex(dir);
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function checkCitations(d: Digest): void {
  const all = d.stories.flatMap((s) => s.keyPoints);
  expect(all.map((k) => k.n)).toEqual(all.map((_, i) => i + 1)); // numbered once through the digest
  for (const story of d.stories) {
    const ids = new Set(story.sources.map((s) => s.id));
    for (const k of story.keyPoints) {
      expect(ids.has(k.sourceId)).toBe(true);
      const paragraph = index.paragraphsOf(k.sourceId).find((p) => p.index === k.paragraph);
      expect(paragraph?.text, `${k.sourceId}#${k.paragraph}`).toContain(k.quote); // verbatim
      expect(d.text).toContain(`“${k.quote}” [${k.n}]`);
    }
    for (const dispute of story.disputes) {
      for (const c of dispute.claims) {
        const shown = story.keyPoints.find((k) => k.n === c.n);
        expect(shown, `claim [${c.n}] is a key point of its story`).toBeDefined();
        expect(shown!.sourceId).toBe(c.sourceId);
        expect(shown!.quote).toBe(c.quote);
        expect(c.quote).toContain(c.value);
      }
    }
  }
}

describe('digest of the seeds', () => {
  let d: Digest;
  beforeAll(async () => {
    d = await buildDigest({ index, since: T0, now: new Date(T1.getTime() + 60_000), timeZone: TZ });
  });

  it('groups the five seeds into one story headed by the title nearest its centroid', () => {
    expect(d.newSources).toBe(5);
    expect(d.stories).toHaveLength(1);
    expect(d.stories[0].sources.map((s) => s.id).sort()).toEqual(SEEDS);
    expect(d.stories[0].headline).toBe('Trump and Putin Speak, Seek Peaceful Resolution In Ukraine');
    expect(d.stories[0].sources[0].id).toBe('000_450ac052006812d4');
  });

  it('has a header with the local date and the counts', () => {
    expect(d.date).toBe('2025-03-30');
    expect(d.since).toBe('2025-03-30T06:00:00.000Z');
    expect(d.text.split('\n').slice(0, 2)).toEqual([
      'Newsroom digest — Sunday 30 March 2025 (Europe/Berlin)',
      '5 new sources since 30 March 2025, 08:00, 1 story.',
    ]);
  });

  it('flags the call duration: “over an hour” in 000 vs “two hours” in 001, both quoted and cited', () => {
    const story = d.stories[0];
    const call = story.disputes.find((x) => x.kind === 'duration');
    expect(call).toBeDefined();
    expect(call!.topic).toBe('how long the call lasted');
    expect(call!.claims.map((c) => [c.sourceId, c.value, c.quote])).toEqual([
      ['000_450ac052006812d4', 'over an hour', 'The call between Donald Trump and Vladimir Putin lasted over an hour.'],
      ['001_9d2b0e729d22a81c', 'two hours', 'Vladimir Putin and Donald Trump had a significant phone call that lasted two hours.'],
    ]);
    const [a, b] = call!.claims.map((c) => c.n);
    expect(d.text).toContain(`Disputed — how long the call lasted: “over an hour” [${a}] vs “two hours” [${b}].`);
  });

  it('quotes two or three central sentences verbatim, and every cited number is shown', () => {
    const story = d.stories[0];
    // Three key sentences at most, the dispute's two sides among them (issue 19), each once.
    expect(story.keyPoints.length).toBe(3);
    expect(story.keyPoints.filter((k) => k.score > 0).length).toBeGreaterThanOrEqual(1);
    expect(new Set(story.keyPoints.map((k) => k.quote)).size).toBe(3);
    expect(new Set(story.keyPoints.map((k) => k.sourceId)).size).toBe(3); // from three different sources
    checkCitations(d);
  });

  it('renders in the Slack and Discord adapters with the dispute and every citation', () => {
    const reply = { kind: 'digest' as const, digest: d };
    const slack = JSON.stringify(toSlackMessages(reply));
    const discord = JSON.stringify(toDiscordMessages(reply));
    const call = d.stories[0].disputes[0];
    for (const out of [slack, discord].map((o) => o.replace(/\\\\_/g, '_'))) {
      expect(out).toContain('how long the call lasted');
      for (const c of call.claims) expect(out).toContain(`[${c.n}]`);
      for (const k of d.stories[0].keyPoints) expect(out).toContain(`${k.sourceId} ¶${k.paragraph}`);
    }
  });

  it('lists every source of the story with its date where known', () => {
    expect(d.text).toContain('• Trump’s Bold Approach to Ending the Ukraine War: Direct Talks with Putin Amidst Renewed Tensions — 14 March 2025 — 002_d5c702b0c17a4684 — ');
    for (const id of SEEDS) expect(d.text).toContain(` — ${id} — `);
  });
});

describe('digest of seeds and fixture articles', () => {
  it('keeps one story per event: the seeds, the ECB decision, the storm, the Odesa strike', async () => {
    const d = await buildDigest({ index, since: T0, now: NOW, timeZone: TZ });
    expect(d.newSources).toBe(10);
    expect(d.date).toBe('2025-03-31');
    expect(d.stories.map((s) => s.sources.map((x) => x.id).sort())).toEqual([
      SEEDS,
      ['ecb-ledger', 'ecb-wire'],
      ['storm-coast', 'storm-wire'],
      ['odesa-drones'],
    ]);
    expect(d.text.split('\n').slice(0, 2)).toEqual(['Newsroom digest — Monday 31 March 2025 (Europe/Berlin)', '10 new sources since 30 March 2025, 08:00, 4 stories.']);
    checkCitations(d);
  });

  it('covers only what came in after `since`', async () => {
    const d = await buildDigest({ index, since: T1, now: NOW, timeZone: TZ });
    expect(d.newSources).toBe(5);
    expect(d.stories.map((s) => s.headline)).toEqual([
      'ECB holds interest rates at 2% as inflation cools',
      'Storm Elin floods Brittany coast, killing 12 people',
      'Russian drones hit Odesa port, cutting power to 200,000 homes',
    ]);
    const storm = d.stories[1];
    expect(storm.disputes.map((x) => [x.topic, x.claims.map((c) => `${c.sourceId}: ${c.value}`)])).toEqual([
      ['how many people were killed', ['storm-coast: 12 people', 'storm-wire: 14 people']],
    ]);
    expect(d.stories[0].disputes).toEqual([]);
    expect(d.stories[2].disputes).toEqual([]);
    expect(d.stories[2].keyPoints).toHaveLength(2);
    expect(d.text).toContain('• ECB holds interest rates at 2% as inflation cools — Frankfurt Ledger, 5 June 2025 — ecb-ledger — [');
    checkCitations(d);
  });

  it('says so in one line when nothing is new', async () => {
    const d = await buildDigest({ index, since: NOW, now: new Date(NOW.getTime() + 3_600_000), timeZone: TZ });
    expect(d).toEqual({
      date: '2025-03-31',
      timeZone: TZ,
      since: NOW.toISOString(),
      newSources: 0,
      stories: [],
      text: 'No new sources since 31 March 2025, 08:00 (Europe/Berlin).',
    });
  });

  it('picks key sentences by meaning when given an embedder, still verbatim', async () => {
    let calls = 0;
    const embed = async (texts: string[]) => {
      calls++;
      return embedder.embedPassages(texts);
    };
    const d = await buildDigest({ index, since: T0, now: NOW, timeZone: TZ, embed });
    expect(calls).toBe(4); // one call per story
    // At most three key sentences a story, a dispute's sides among them (issue 19): the call story shows one more and its two sides.
    expect(d.stories.map((s) => s.keyPoints.filter((k) => k.score > 0).length)).toEqual([1, 3, 2, 2]);
    expect(d.stories.map((s) => s.keyPoints.length)).toEqual([3, 3, 3, 2]);
    checkCitations(d);
  });

  it('adds the summary hook’s text, and leaves it out when the hook fails', async () => {
    const d = await buildDigest({
      index,
      since: T1,
      now: NOW,
      timeZone: TZ,
      summarise: async (story) => {
        if (story.sources.length === 1) throw new Error('LLM down');
        return `Summary of ${story.sources.length} sources.`;
      },
    });
    expect(d.stories.map((s) => s.summary)).toEqual(['Summary of 2 sources.', 'Summary of 2 sources.', undefined]);
    expect(d.text).toContain('1. ECB holds interest rates at 2% as inflation cools\n   Summary of 2 sources.\n');
  });
});
