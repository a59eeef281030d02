// What a sentence asserts and what a question asks: values (dates, counts, amounts, names),
// question kinds, and the word-level tools (tokens, stems, numbers, names) they share.
export { extractValues, extractNames, extractQuantities, extractDates, kindOfDim, type ExtractOptions, type ValueMention } from './values.js';
export { tokenIndexAt } from './value-mention.js';
export { analyseQuestion, questionKind, orChoices, type QuestionFrame } from './question-kind.js';
export { splitSentences, type SentenceSpan } from './sentence-split.js';
export { compatible, dimClass, lastNameKey, samePerson, type Normalised } from './normalise.js';
export { canonicalSpeakers, canonicalFromCounts, canonicalNear, capitalisedRuns, isTitleWord, personFromRun, personMentions, surnamesIn, type NameMention } from './names.js';
export { numberAt } from './numbers.js';
export { FRAME_WORDS, STOPWORDS, fold, levenshtein, stem, stemTokens, stemsMatch, tokenize, type Token } from './words.js';
export { assertionOf, isAssertion, isOwnClaim, type Assertion, type AssertionView } from './assertion.js';
export { claimOfQuestion } from './claim-of-question.js';
export { readStance, STANCE_MODEL, type Stance, type StanceReading } from './stance.js';
export { classifyInstruction, injectedSentences, injectedWithin, instructionFeatures, isInstruction, INSTRUCTION_FEATURES, type InstructionVerdict } from './instruction.js';
