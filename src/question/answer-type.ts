// What kind of answer a question asks for, and whether a sentence holds one: "how much" → an
// amount of money, "how many drones" → a count of drones, "who" → a person the question does
// not name, "when" → a date, "where" → a place. The question is read by src/claims'
// analyseQuestion; the values are found by its extractors.
import { analyseQuestion, dimClass, extractValues, personMentions, samePerson, type QuestionFrame } from '../claims/index.js';
import type { ValueKind } from '../types.js';

export interface AnswerType {
  /** The value kind wanted (null when unclear; yes/no and stance questions want no value). */
  kind: ValueKind | null;
  /** "How much … pay / cost / worth": only an amount of money answers. */
  money: boolean;
  /** "How many drones": the counted thing (stemmed); a count of something else does not answer. */
  countNoun?: string;
  /** "How many people": any counted noun may answer. */
  genericCount: boolean;
  /** The question as it was read (null when it could not be). */
  frame: QuestionFrame | null;
}

export function answerTypeOf(question: string): AnswerType {
  const frame = analyseQuestion(question);
  return {
    kind: frame?.kind ?? null,
    money: !!frame?.dims?.includes('money'),
    ...(frame?.countNoun ? { countNoun: frame.countNoun } : {}),
    genericCount: !!frame?.genericCount,
    frame,
  };
}

/** Whether the question wants a value at all (not yes/no, not where sources stand). */
export function wantsValue(t: AnswerType): boolean {
  return t.kind !== null && t.kind !== 'yesno' && t.kind !== 'stance';
}

/**
 * Whether the sentence holds a value of the asked type that the question does not already
 * name: for money an amount in a currency, for a count one of the thing asked about (when
 * the question names it), for a person someone other than the question's people.
 */
// Stems compared by prefix ("drone"/"dron"): src/claims' stemsMatch also looks up synonyms,
// which costs tens of milliseconds a sentence.
function sameStem(a: string, b: string): boolean {
  const [x, y] = a.length <= b.length ? [a, b] : [b, a];
  return x === y || (x.length >= 3 && y.startsWith(x) && y.length - x.length <= 3);
}

export function holdsAnswerType(t: AnswerType, question: string, sentence: string): boolean {
  if (!wantsValue(t)) return false;
  const q = question.toLowerCase();
  const asked = t.kind === 'person' ? personMentions(question).map((p) => p.name) : [];
  return extractValues(sentence, t.kind!).some((v) => {
    if (q.includes(v.text.toLowerCase())) return false;
    if (t.money && !(v.value.type === 'quantity' && dimClass(v.value.dim) === 'money')) return false;
    if (t.kind === 'count' && t.countNoun && !t.genericCount && !v.after.some((w) => sameStem(w, t.countNoun!))) return false;
    if (t.kind === 'person' && asked.some((a) => samePerson(a, v.text))) return false;
    return true;
  });
}
