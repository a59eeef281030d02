// What a question asks, read before it is searched: the time it is asked as of, its time window and its outlets.
export { AsOfError, localDay, newsroomTimeZone, parseAsOf, zonedInstant, zoneOffsetMinutes, type LocalDay } from './as-of.js';
export { inWindow, publishedInstant, readTimeWindow, withoutPhrase, type ReadWindow, type TimeWindow } from './time-window.js';
export { isKnownOutlet, isOutlet, outletKey, outletKeys, outletOf, readOutlets, registeredDomain, type ReadOutlets } from './outlets.js';
export { asOfDate, indexedOutlets, publishedAfter, readFilters, searchedLabel, selectSources, type FilterSource, type QuestionFilters } from './filters.js';
// A follow-up read with its conversation (follow-up.ts).
export { readFollowUp, namesIn, namingForms, peopleIn, type EarlierTurn, type ReadFollowUp } from './follow-up.js';
// What answer it wants and what it names (answer-type.ts, names.ts).
export { answerTypeOf, holdsAnswerType, wantsValue, type AnswerType } from './answer-type.js';
export { centralName, introducedName, introduces, mentions, nameCoverage, questionNames, type QuestionName } from './names.js';
