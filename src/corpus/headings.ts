// Telling headings from text in articles that carry no markup.

import { countWords } from './whitespace.js';

/** Ends like a sentence: terminal punctuation, optionally followed by closing quotes. */
export const SENTENCE_END = /(?:[.!?…]["'”’»)\]]*|[。！？．｡][」』”’）)]*)$/;

/**
 * Could be a heading: short, starts like a title, and has no final punctuation other
 * than "?" or "!" ("Key Takeaways", "Both Want Peace!"). Whether it really is one also
 * depends on what follows it (see structure.ts).
 */
export function isHeadingLike(text: string): boolean {
  if (text.length > 120 || countWords(text) > 14) return false;
  if (!/^[\p{Lu}\p{Lt}\p{Lo}\p{Nd}“‘"'(]/u.test(text)) return false;
  // A colon, comma or full stop at the end means a lead-in or a sentence; a closing quote
  // means speech.
  return !/[.,;:…"'”’»)\]*。、．｡」』]$/.test(text);
}

/** Looks like a real sentence of body text rather than a label or a headline. */
export function isSentenceLike(text: string): boolean {
  return SENTENCE_END.test(text) && countWords(text) >= 6;
}

/** "FAQ", "FAQs", "Frequently Asked Questions", "Questions and Answers", "Q&A". */
export function isFaqHeading(text: string): boolean {
  return /^(faqs?|frequently asked questions|questions (and|&) answers|q ?& ?a)\s*:?$/i.test(text.trim());
}

const QUESTION_PREFIX = /^(?:question|q)\s*[:.)]\s*/i;
const ANSWER_PREFIX = /^(?:answer|a)\s*[:.)]\s+/i;

/** The question of an FAQ entry without its "Question:" label, if the line is one. */
export function questionOf(text: string, inFaq: boolean): string | undefined {
  const labelled = QUESTION_PREFIX.test(text);
  if (!labelled && !inFaq) return undefined;
  if (!/\?["'”’)]*$/.test(text)) return undefined;
  if (countWords(text) > 40) return undefined;
  return text.replace(QUESTION_PREFIX, '');
}

/** An FAQ answer without its "Answer:" label. */
export function stripAnswerLabel(text: string): string {
  return text.replace(ANSWER_PREFIX, '');
}
