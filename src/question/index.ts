// Reading a question before it is searched: what answer it wants and what it names.
export { answerTypeOf, holdsAnswerType, wantsValue, type AnswerType } from './answer-type.js';
export { introducedName, introduces, mentions, nameCoverage, questionNames, type QuestionName } from './names.js';
