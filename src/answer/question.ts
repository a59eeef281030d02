// Checks a question before any work is done, with a sentence the asker can act on.

export type QuestionCheck = { ok: true; question: string } | { ok: false; reason: string };

// Control characters other than tab/newline are dropped; mentions and markup are the
// adapters' concern (they escape on the way out).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g;

export function checkQuestion(raw: string, maxChars = 1000): QuestionCheck {
  const question = raw.replace(CONTROL, '').replace(/\s+/g, ' ').trim();
  if (!question) return { ok: false, reason: 'Please type a question, for example: How long did the Trump–Putin call last?' };
  if (question.length > maxChars) {
    return {
      ok: false,
      reason: `That question is ${question.length.toLocaleString('en-US')} characters long; please keep it under ${maxChars.toLocaleString('en-US')} characters and ask about one thing at a time.`,
    };
  }
  if (!/[\p{L}\p{N}]/u.test(question)) return { ok: false, reason: 'That question has no words in it. Please ask in words, for example: Who said “it takes two to tango”?' };
  return { ok: true, question };
}
