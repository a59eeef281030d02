// "Who is X?" about someone no source names: not found, saying which name (issue 22), instead
// of generic sentences about the topic. The central name is the one a "who is / what is"
// question asks about, or the person named in full who is its subject ("What did X say …",
// "When will X …"). A name elsewhere in a question is context ("Which state, led by Governor
// X, …"): an article can answer without naming it (RealTime QA: 152 of 369 questions with
// names have an own passage that does not name them).
import type { ParagraphIndex } from '../index/paragraph-index.js';
import { centralName, mentions } from '../question/index.js';

/** Paragraphs looked at per name: BM25 on the name's own words puts the ones naming it first. */
const LOOK = 20;

/**
 * The question's central name when no paragraph of the index mentions it, else null. A backend
 * that fetches ahead (PostgreSQL) is asked for the name's own keyword hits.
 */
export async function missingName(question: string, base: ParagraphIndex): Promise<string | null> {
  const name = centralName(question);
  if (!name) return null;
  const index = base.prepare ? await base.prepare({ question: name.text, candidates: LOOK }) : base;
  const hits = index.lexical(name.text, LOOK);
  return hits.some((h) => {
    const p = index.paragraph(h.key);
    const title = p ? index.source(p.sourceId)?.title ?? '' : '';
    return !!p && mentions(name, `${title}\n${p.text}`);
  })
    ? null
    : name.text;
}
