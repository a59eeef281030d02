// Question reading: what a question asks, and (follow-up.ts) a follow-up read with its conversation.
export { readFollowUp, namesIn, namingForms, peopleIn, type EarlierTurn, type ReadFollowUp } from './follow-up.js';
