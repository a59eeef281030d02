// "Who is X?" about someone no source names: not found, saying which name (issue 22), instead
// of generic sentences about the topic. The central name is the one a "who is / what is"
// question asks about, or the question's only person named in full.
import type { ParagraphIndex } from '../index/paragraph-index.js';
import { introducedName, mentions, questionNames, type QuestionName } from '../question/index.js';

export function centralName(question: string): QuestionName | null {
  const introduced = introducedName(question);
  if (introduced) return introduced;
  const people = questionNames(question).filter((n) => n.person);
  return people.length === 1 ? people[0] : null;
}

/** Paragraphs looked at per name: BM25 on the name's own words puts the ones naming it first. */
const LOOK = 20;

/** The question's central name when no paragraph of the index mentions it, else null. */
export function missingName(question: string, index: ParagraphIndex): string | null {
  const name = centralName(question);
  if (!name) return null;
  const hits = index.lexical(name.text, LOOK);
  return hits.some((h) => {
    const p = index.paragraph(h.key);
    const title = p ? index.source(p.sourceId)?.title ?? '' : '';
    return !!p && mentions(name, `${title}\n${p.text}`);
  })
    ? null
    : name.text;
}
