// The daily digest: what is new, grouped into stories; its schedule, posting state and inbox.
export { buildDigest, type BuildDigestOptions } from './build.js';
export { groupStories, headlineOf, sourceVector, STORY_THRESHOLD, TITLE_WEIGHT, type StoryGroup } from './stories.js';
export { keyPoints, type Embed, type KeyPoint } from './key-points.js';
export { storyDisputes, DISPUTE_QUESTIONS, type DisputeQuestion } from './disputes.js';
export { renderDigestText, disputeLine } from './render-text.js';
export { newSources } from './select.js';
export { StateStore, readState, writeState, stateFileFor, STATE_FILE_NAME, StateFileError, emptyState, type DigestState, type DigestStateStore, type SharedDigestState } from './state.js';
export { digestCron, dueRun, startScheduler, ScheduleError, type Due } from './schedule.js';
export { postDigest, destinationKey, isTransient, type DigestDestination, type PostOutcome, type RetryOptions } from './post.js';
export { watchInbox, type Inbox, type InboxOptions } from './inbox.js';
export { createDigestService, type DigestService, type DigestServiceOptions, type RunReport } from './service.js';
export { localDate, isTimeZone } from '../time.js';
