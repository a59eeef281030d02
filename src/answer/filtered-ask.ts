// A question's filters around the answer (issue 20): the time window and outlets it names are
// read (question/), taken out of the text that is searched, and applied to the search as the
// sources they select; sources published after the as-of time are never searched. The reply
// says what was searched; a filtered not-found says how many sources outside the filter
// answer; an outlet that nothing indexed is from gets the list of outlets that are.
import type { ParagraphIndex } from '../index/paragraph-index.js';
import { asOfDate, indexedOutlets, readFilters, searchedLabel, selectSources, type QuestionFilters } from '../question/index.js';
import type { SearchFilter } from '../search/filter.js';
import type { Answer, AnswerFilters } from '../types.js';
import { renderAnswerText } from './render-text.js';

export interface AskScope {
  /** The text searched for: the question without its filter words. */
  text: string;
  filter?: SearchFilter;
  /** The as-of time the recency prior counts age from; absent when the question sets a window. */
  recencyAt?: Date;
}

export interface FilterContext {
  asOf: Date;
  timeZone: string;
  index: ParagraphIndex;
  /** A filter set by the caller (a desk's sources): the question's filters narrow it further. */
  deskFilter?: SearchFilter;
  /** The as-of time was given (ask --as-of, a message's time) rather than the clock's: the reply names it. */
  asOfGiven?: boolean;
}

/** Outlets listed when a named one is not indexed, at most. */
const OUTLETS_LISTED = 15;

export async function askWithFilters(question: string, ctx: FilterContext, answer: (scope: AskScope) => Promise<Answer>): Promise<Answer> {
  const sources = ctx.index.sources();
  const filters = readFilters(question, ctx.asOf, ctx.timeZone, sources);
  const searched = searchedLabel(filters) + (ctx.asOfGiven ? `, as of ${asOfDate(ctx.asOf, ctx.timeZone)}` : '');
  const decorate = (a: Omit<Answer, 'text'>, count?: number): Answer => {
    const out: Omit<Answer, 'text'> = { ...a, question, searched, asOf: ctx.asOf.toISOString(), ...(hasFilters(filters) ? { filters: answerFilters(filters) } : {}) };
    return { ...out, text: renderAnswerText(out, count) };
  };

  if (filters.unknownOutlets?.length) {
    const known = indexedOutlets(sources);
    const listed = known.length ? `Outlets indexed: ${known.slice(0, OUTLETS_LISTED).join(', ')}${known.length > OUTLETS_LISTED ? `, and ${known.length - OUTLETS_LISTED} more` : ''}.` : 'No indexed source names its outlet.';
    const note = `No indexed source is from ${filters.unknownOutlets.join(' or ')}. ${listed}`;
    return decorate({ question, status: 'not_found', excerpts: [], disagreements: [], notes: [note] }, sources.length);
  }

  const selected = selectSources(sources, filters, ctx.asOf, ctx.timeZone);
  const filter = narrowed(ctx.deskFilter, selected);
  const recencyAt = filters.window ? undefined : ctx.asOf;
  // Time and outlet words leave the search text only when they select sources: over an undated
  // archive "this week" narrows nothing, and the words may still help find the passage.
  const text = selected ? filters.text : question;
  const found = await answer({ text, ...(filter ? { filter } : {}), ...(recencyAt ? { recencyAt } : {}) });
  if (found.status === 'answered' || !hasFilters(filters)) return decorate(found, found.status === 'not_found' ? (filter?.sourceIds?.size ?? sources.length) : undefined);

  // Filtered and nothing found: would the sources outside the filter (still as of the same time) answer?
  const outside = narrowed(ctx.deskFilter, selectSources(sources, { text: filters.text }, ctx.asOf, ctx.timeZone));
  const wider = await answer({ text: filters.text, ...(outside ? { filter: outside } : {}), recencyAt: ctx.asOf });
  const answering = new Set(wider.excerpts.filter((e) => !filter?.sourceIds?.has(e.sourceId)).map((e) => e.sourceId));
  const note =
    wider.status === 'answered' && answering.size
      ? `Nothing from ${searchedLabel(filters)} answers this; ${answering.size} source${answering.size === 1 ? '' : 's'} outside that filter ${answering.size === 1 ? 'does' : 'do'} (ask without “${[filters.window?.phrase, ...(filters.outlets ?? [])].filter(Boolean).join('”, “')}” to see ${answering.size === 1 ? 'it' : 'them'}).`
      : `Nothing from ${searchedLabel(filters)} answers this, and no source outside that filter does either.`;
  return decorate({ ...found, notes: [...(found.notes ?? []), note] }, filter?.sourceIds?.size ?? sources.length);
}

function hasFilters(f: QuestionFilters): boolean {
  return !!f.window || !!f.outlets?.length;
}

function answerFilters(f: QuestionFilters): AnswerFilters {
  return {
    ...(f.window?.since ? { since: f.window.since.toISOString() } : {}),
    ...(f.window?.until ? { until: f.window.until.toISOString() } : {}),
    ...(f.outlets?.length ? { outlets: f.outlets } : {}),
  };
}

/** The caller's filter narrowed to the selected sources (either may be absent: no restriction). */
function narrowed(desk: SearchFilter | undefined, selected: Set<string> | undefined): SearchFilter | undefined {
  if (!selected) return desk;
  if (!desk?.sourceIds) return { ...desk, sourceIds: selected };
  return { ...desk, sourceIds: new Set([...selected].filter((id) => desk.sourceIds!.has(id))) };
}

