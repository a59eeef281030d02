// A busy day: the digest shows its biggest stories and counts the rest, on every platform.
import { describe, expect, it } from 'vitest';
import { toDiscordMessages } from '../../src/adapters/discord/render.js';
import { toSlackBlocks } from '../../src/adapters/slack/render.js';
import { buildDigest } from '../../src/digest/build.js';
import { fakeIndex } from './helpers.js';

// One direction per story: stories never merge; `size` sources each, near-identical vectors apart from wire-copy level.
function story(k: number, size: number) {
  return Array.from({ length: size }, (_, j) => {
    const v = new Float32Array(64);
    v[k] = 1;
    v[63] = 0.3 + 0.1 * j; // sources of one story: close (same story), not identical
    const n = Math.hypot(...v);
    return {
      id: `s${k}-${j}`,
      title: `Story ${k} report ${j}`,
      ingestedAt: '2025-03-31T05:00:00.000Z',
      paragraphs: [{ text: `Report ${j} on story number ${k} says something about it.`, v: v.map((x) => x / n) }],
    };
  });
}

describe('digest cap', () => {
  it('keeps the stories with the most sources and counts the others', async () => {
    // Stories 0-3 with 1 source, story 4 with 3, story 5 with 2.
    const index = fakeIndex([...story(0, 1), ...story(1, 1), ...story(2, 1), ...story(3, 1), ...story(4, 3), ...story(5, 2)]);
    const d = await buildDigest({ index, since: new Date('2025-03-31T00:00:00Z'), now: new Date('2025-03-31T06:00:00Z'), timeZone: 'UTC', maxStories: 3 });
    expect(d.stories).toHaveLength(3);
    expect(d.stories.map((s) => s.sources.length).sort()).toEqual([1, 2, 3]);
    expect(d.more).toEqual({ stories: 3, sources: 3 });
    expect(d.text).toMatch(/9 new sources since .*, 6 stories\./);
    expect(d.text.endsWith('… and 3 smaller stories (3 sources); list them with sources.')).toBe(true);

    const slack = JSON.stringify(toSlackBlocks({ kind: 'digest', digest: d }));
    expect(slack).toContain('3 smaller stories (3 sources); list them with /sources.');
    const discord = toDiscordMessages({ kind: 'digest', digest: d }).flatMap((m) => m.embeds);
    expect(discord[0].description).toMatch(/in 6 stories/);
    expect(discord[discord.length - 1].description).toContain('3 smaller stories (3 sources); list them with /sources.');

    const all = await buildDigest({ index, since: new Date('2025-03-31T00:00:00Z'), now: new Date('2025-03-31T06:00:00Z'), timeZone: 'UTC' });
    expect(all.stories).toHaveLength(6);
    expect(all.more).toBeUndefined();
  });
});
