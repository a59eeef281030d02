// Where a story's sources contradict each other.
//
// The detector (disagree/disagreement.ts) compares the values that answer a question; it has
// no question-free mode, and its only exports are `detectDisagreements`, `explainValues` and
// `topicOf`. So a digest asks it a short list of neutral questions, one family per value kind
// that news stories get wrong between outlets and that the detector ties to a verb without
// false alarms (on the seeds and fixtures):
//   duration — "How long did it last?"
//   count    — "How many people were killed / injured / arrested / evacuated?"
// Dates, places, people and bare percentages are not asked: without a subject the detector
// pairs unrelated values ("March 5, 2023" for the call vs "February" for a summit in the seeds).
// Besides these, a story is asked what its own sentences count (derived-questions.ts): for every
// noun that two sources count with the same verb ("destroying 12 homes", "destroyed 15 homes"),
// "How many homes were destroyed?", asked of the sentences that count it. The fixed questions
// stay: they also catch what no count-and-verb pair shows ("12 people died", durations).
// When a neutral question finds a disagreement, the "it" is replaced by a word every quoted
// sentence shares ("How long did the call last?") and the question asked again over the same
// sentences; if the same sources still disagree, that sharper topic is kept ("how long the
// call lasted" rather than "how long it lasted").
import { splitSentences } from '../corpus/index.js';
import { detectDisagreements, mayBeDifferentEvents, type Candidate } from '../disagree/index.js';
import { injectedWithin } from '../claims/index.js';
import type { ParagraphIndex } from '../index/paragraph-index.js';
import { STOP_WORDS } from '../index/terms.js';
import type { Disagreement } from '../types.js';
import { derivedQuestions } from './derived-questions.js';
import type { StoryGroup } from './stories.js';

export interface DisputeQuestion {
  question: string;
  /**
   * Only sentences with one of these words are asked about: the verb the value must hang on
   * ("lasted", "killed"). The detector may tie a value to a question more loosely than that
   * (its question analysis is still changing); a digest asks no one, so it stays strict. It
   * also keeps a story of many sources cheap.
   */
  trigger: RegExp;
}

export const DISPUTE_QUESTIONS: readonly DisputeQuestion[] = [
  // "lasted", "lasting", "duration", "two hours long"; "last" as a verb, not "the last 12 months".
  { question: 'How long did it last?', trigger: /\blast(?:ed|ing|s)\b|\blast\b(?!\s+(?:\d|few|several|two|three|four|five|six|seven|eight|nine|ten|twelve|week|month|year|day|night|time|hour|minute|season|decade|century|\w+day)\b)|\bdurat|\blong\b/i },
  { question: 'How many people were killed?', trigger: /\b(?:kill|die|deceas|perish)/i },
  { question: 'How many people were injured?', trigger: /\binjur/i },
  { question: 'How many people were arrested?', trigger: /\barrest/i },
  { question: 'How many people were evacuated?', trigger: /\bevacu/i },
];

const MAX_SENTENCE_WORDS = 80;
const MAX_DISPUTES = 3;

/** A sentence a claim can quote, with where it sits. */
export interface Located {
  sourceId: string;
  paragraph: number;
  text: string;
}

export interface StoryDisputes {
  /** Claims' `n` are keys of `sentences`. */
  disputes: Disagreement[];
  sentences: Map<number, Located>;
}

export function storyDisputes(index: Pick<ParagraphIndex, 'paragraphsOf'>, group: StoryGroup, questions: readonly DisputeQuestion[] = DISPUTE_QUESTIONS): StoryDisputes {
  const sentences = new Map<number, Located>();
  if (group.sources.length < 2) return { disputes: [], sentences };
  const candidates: Candidate[] = [];
  const spans = new Map<number, { paragraph: string; start: number; end: number }>();
  for (const s of group.sources) {
    for (const p of index.paragraphsOf(s.id)) {
      for (const x of splitSentences(p.text)) {
        if (x.text.split(/\s+/).length > MAX_SENTENCE_WORDS) continue;
        const id = candidates.length + 1;
        spans.set(id, { paragraph: p.text, start: x.start, end: x.end });
        candidates.push({ id, sourceId: s.id, text: x.text, ...(s.published ? { published: s.published } : {}) });
        sentences.set(id, { sourceId: s.id, paragraph: p.index, text: x.text });
      }
    }
  }
  const disputes: Disagreement[] = [];
  const seen = new Set<string>();
  // An instruction is no side of a dispute; judged with its paragraph, only when asked about.
  const injected = (id: number) => {
    const x = spans.get(id)!;
    return injectedWithin(x.paragraph, x.start, x.end, splitSentences);
  };
  const ask = (q: string, asked: Candidate[]) => {
    asked = asked.filter((c) => !injected(c.id));
    if (new Set(asked.map((c) => c.sourceId)).size < 2) return;
    for (const d of detectDisagreements(q, asked)) {
      const sharper = /\bit\b/.test(q) ? sharpen(q, d, asked) : undefined;
      const found = sharper ?? d;
      // Issue 20: shown only when the same-event check says one event; updates are kept (as Updated).
      if (mayBeDifferentEvents(found)) continue;
      const key = found.claims.map((c) => `${c.sourceId}\u0000${c.quote}`).sort().join('\u0001');
      if (seen.has(key)) continue;
      seen.add(key);
      disputes.push(found);
    }
  };
  for (const { question, trigger } of questions) {
    if (disputes.length >= MAX_DISPUTES) break;
    ask(question, candidates.filter((c) => trigger.test(c.text)));
  }
  if (disputes.length < MAX_DISPUTES) {
    const fixed = new Set(questions.map((q) => q.question.toLowerCase()));
    for (const { question, asked } of derivedQuestions(candidates)) {
      if (disputes.length >= MAX_DISPUTES) break;
      if (fixed.has(question.toLowerCase())) continue;
      ask(question, asked);
    }
  }
  return { disputes: disputes.slice(0, MAX_DISPUTES), sentences };
}

/** Asks again with "it" replaced by a lower-case word all the claims' sentences share. */
function sharpen(question: string, d: Disagreement, candidates: Candidate[]): Disagreement | undefined {
  const lower = (text: string) => new Set((text.match(/\b[a-z][a-z-]{2,}\b/g) ?? []).filter((w) => !STOP_WORDS.has(w)));
  const sets = d.claims.map((c) => lower(c.quote));
  const asked = new Set(question.toLowerCase().match(/[a-z]+/g) ?? []);
  const shared = [...sets[0]].filter((w) => sets.every((s) => s.has(w)) && !asked.has(w) && !d.claims.some((c) => c.value.toLowerCase().includes(w)));
  const sources = new Set(d.claims.map((c) => c.sourceId));
  const pool = candidates.filter((c) => sources.has(c.sourceId));
  for (const w of shared) {
    // Verbs the claims share ("lasted") are the question's own; nouns make the subject.
    if (/(ed|ing)$/.test(w)) continue;
    const again = detectDisagreements(question.replace(/\bit\b/, `the ${w}`), pool)[0];
    if (again && again.claims.length === d.claims.length && again.claims.every((c) => sources.has(c.sourceId))) return again;
  }
  return undefined;
}
