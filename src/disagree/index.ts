// Do the sources disagree about what was asked? Values (and the wording of the note) per question.
export { detectDisagreements, explainValues, topicOf, type Candidate } from './disagreement.js';
export { detectStanceDisagreements, sourceStances, type SourceStance, type StanceSentence } from './stance.js';
export { asUpdate, attributionOf, countsWhatIsAsked, mayBeDifferentEvents } from './updates.js';
