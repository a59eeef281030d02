// Builds the digest: what was indexed since the last one, grouped into stories, each with
// its key sentences (verbatim, cited), its sources and where they disagree.
// Pure apart from the injected pieces (`embed`, `summarise`): same index, same times, same digest.
import type { ParagraphIndex } from '../index/paragraph-index.js';
import { prepared } from '../index/prepare.js';
import type { Digest, Disagreement, Excerpt, SourceSummary, Story } from '../types.js';
import { storyDisputes } from './disputes.js';
import { fitKeyPoints, keyPoints, MAX_KEY_POINTS, type Embed } from './key-points.js';
import { renderDigestText } from './render-text.js';
import { newSources } from './select.js';
import { groupStories, headlineOf } from './stories.js';
import { localDate } from '../time.js';
import { wireCopies } from '../index/syndication.js';

export interface BuildDigestOptions {
  index: ParagraphIndex;
  /** Sources indexed after this instant are new; without it, everything indexed up to `now`. */
  since?: Date;
  now: Date;
  /** IANA time zone of the newsroom (the digest's date and times). */
  timeZone: string;
  /** Sentence embedder: picks key sentences by meaning instead of by shared terms. */
  embed?: Embed;
  /** Optional story summary (the lead wires the verified LLM path); failures leave it out. */
  summarise?: (story: Story) => Promise<string | undefined>;
  /** Leave out articles published this many days before `since` (see select.ts). */
  staleAfterDays?: number;
  /** Story similarity cut (stories.ts). */
  threshold?: number;
  /** At most this many stories are shown (default 15): the ones with the most sources. */
  maxStories?: number;
}

/** A morning digest of 200 stories is 20 chat messages nobody reads; the rest is counted. */
export const MAX_STORIES = 15;

function summaryOf(s: SourceSummary, copyOf?: string): SourceSummary {
  return {
    id: s.id,
    title: s.title,
    ...(s.url ? { url: s.url } : {}),
    ...(s.published ? { published: s.published } : {}),
    ...(s.outlet ? { outlet: s.outlet } : {}),
    paragraphs: s.paragraphs,
    ingestedAt: s.ingestedAt,
    ...(s.firstSeen ? { firstSeen: s.firstSeen } : {}),
    ...(s.updated ? { updated: s.updated } : {}),
    ...(s.previousTitle ? { previousTitle: s.previousTitle } : {}),
    ...(s.summaryOnly ? { summaryOnly: true } : {}),
    ...(copyOf ? { copyOf } : {}),
  };
}

/** A source first indexed before `since` and changed after it: a correction, not a new story. */
function isUpdate(s: SourceSummary, since: Date | undefined): boolean {
  return Boolean(since && s.updated && s.firstSeen && Date.parse(s.firstSeen) <= since.getTime());
}

export async function buildDigest(options: BuildDigestOptions): Promise<Digest> {
  const { since, now, timeZone } = options;
  const changed = newSources(options.index, { since, now, staleAfterDays: options.staleAfterDays });
  const updates = changed.filter((s) => isUpdate(s, since));
  const fresh = changed.filter((s) => !isUpdate(s, since));
  // A database backend fetches the new sources' paragraphs and vectors here, in one query.
  const index = await prepared(options.index, { sourceIds: changed.map((s) => s.id) });
  const all = groupStories(index, fresh, { threshold: options.threshold });
  // Wire copies among the new sources count as one report of their story.
  const copies = wireCopies(fresh);
  const reports = (g: { sources: SourceSummary[] }) => g.sources.filter((s) => !copies.has(s.id)).length;
  // The biggest stories (most independent reports), in their usual order; the others are counted at the end.
  const max = options.maxStories ?? MAX_STORIES;
  const kept = new Set([...all].sort((a, b) => reports(b) - reports(a)).slice(0, max));
  const groups = all.filter((g) => kept.has(g));
  const left = all.filter((g) => !kept.has(g));

  let n = 0;
  const stories: Story[] = [];
  for (const whole of groups) {
    // Key points and disputes read one copy of each wire story: two copies never "disagree".
    const group = { ...whole, sources: whole.sources.filter((s) => !copies.has(s.id)) };
    const found = await keyPoints(index, group, { embed: options.embed });
    const { disputes, sentences } = storyDisputes(index, group);

    // Every claim shown is a key point; at most three key sentences, none twice (key-points.ts).
    const fitted = fitKeyPoints(
      found,
      disputes.map((d) => ({ claims: d.claims.map((c) => sentences.get(c.n)!) })),
      (sourceId) => {
        const source = group.sources.find((s) => s.id === sourceId)!;
        return { title: source.title, ...(source.url ? { url: source.url } : {}), ...(source.published ? { published: source.published } : {}), ...(source.outlet ? { outlet: source.outlet } : {}) };
      },
      group.sources.length > 1 ? MAX_KEY_POINTS : 2,
    );
    const points = fitted.points;
    const shown: Disagreement[] = fitted.disputes.map(({ index: d, claims }) => ({ ...disputes[d], claims: claims.map(({ claim, point }) => ({ ...disputes[d].claims[claim], n: point })) }));
    const numbered: Excerpt[] = points.map((p) => ({ n: ++n, ...p }));
    const story: Story = {
      headline: headlineOf(group),
      sources: whole.sources.map((s) => summaryOf(s, copies.get(s.id))),
      ...(group.sources.length < whole.sources.length ? { reports: group.sources.length } : {}),
      keyPoints: numbered,
      disputes: shown.map((d) => ({ ...d, claims: d.claims.map((c) => ({ ...c, n: numbered[c.n].n })) })),
    };
    if (options.summarise) {
      try {
        const summary = await options.summarise(story);
        if (summary?.trim()) story.summary = summary.trim();
      } catch {
        // A summary is an extra; the quotes stand on their own.
      }
    }
    stories.push(story);
  }

  const digest: Omit<Digest, 'text'> = {
    date: localDate(now, timeZone),
    timeZone,
    ...(since ? { since: since.toISOString() } : {}),
    newSources: fresh.length,
    stories,
    ...(updates.length ? { updates: updates.map((s) => summaryOf(s)) } : {}),
    ...(left.length ? { more: { stories: left.length, sources: left.reduce((k, g) => k + g.sources.length, 0) } } : {}),
  };
  return { ...digest, text: renderDigestText(digest) };
}
