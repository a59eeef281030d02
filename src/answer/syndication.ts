// Wire copies in answers: of several outlets' copies of one story only the best-ranked is
// quoted (so a disagreement needs two independent reports, not two copies of one), and its
// excerpts name the other outlets ("also published by …").
import { publisherName, wireCopiesOf, wireOriginal } from '../index/syndication.js';
import type { ParagraphIndex } from '../index/paragraph-index.js';
import type { RankedParagraph } from '../search/search.js';
import type { Excerpt } from '../types.js';

/** The hits of one copy per wire story: the first-ranked copy's. Unchanged when the index holds no copies. */
export function oneCopyPerStory(index: ParagraphIndex, hits: RankedParagraph[]): RankedParagraph[] {
  const copies = wireCopiesOf(index);
  if (!copies.size) return hits;
  const quoted = new Map<string, string>();
  return hits.filter((h) => {
    const story = wireOriginal(copies, h.source.id);
    const first = quoted.get(story);
    if (first === undefined) quoted.set(story, h.source.id);
    return first === undefined || first === h.source.id;
  });
}

/** Excerpts with the outlets that published the same wire story, named once each. */
export function withAlsoPublishedBy(index: ParagraphIndex, excerpts: Excerpt[]): Excerpt[] {
  const copies = wireCopiesOf(index);
  if (!copies.size) return excerpts;
  const members = new Map<string, string[]>();
  for (const [copy, original] of copies) members.set(original, [...(members.get(original) ?? [original]), copy]);
  return excerpts.map((e) => {
    const group = members.get(wireOriginal(copies, e.sourceId));
    if (!group) return e;
    const own = index.source(e.sourceId);
    const ownName = own ? publisherName(own) : undefined;
    const names = [...new Set(group.filter((id) => id !== e.sourceId).map((id) => index.source(id)).filter((r) => r !== undefined).map(publisherName))].filter((n) => n !== ownName);
    return names.length ? { ...e, alsoPublishedBy: names } : e;
  });
}
