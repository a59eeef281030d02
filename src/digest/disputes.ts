// Where a story's sources contradict each other.
//
// The detector (answer/disagreement.ts) compares the values that answer a question; it has
// no question-free mode, and its only exports are `detectDisagreements`, `explainValues` and
// `topicOf`. So a digest asks it a short list of neutral questions, one family per value kind
// that news stories get wrong between outlets and that the detector ties to a verb without
// false alarms (on the seeds and fixtures):
//   duration — "How long did it last?"
//   count    — "How many people were killed / injured / arrested / evacuated?"
// Dates, places, people and bare percentages are not asked: without a subject the detector
// pairs unrelated values ("March 5, 2023" for the call vs "February" for a summit in the seeds).
// When a neutral question finds a disagreement, the "it" is replaced by a word every quoted
// sentence shares ("How long did the call last?") and the question asked again over the same
// sentences; if the same sources still disagree, that sharper topic is kept ("how long the
// call lasted" rather than "how long it lasted").
import { splitSentences } from '../corpus/index.js';
import { detectDisagreements, type Candidate } from '../answer/disagreement.js';
import type { ParagraphIndex } from '../index/paragraph-index.js';
import { STOP_WORDS } from '../index/terms.js';
import type { Disagreement } from '../types.js';
import type { StoryGroup } from './stories.js';

export const DISPUTE_QUESTIONS: readonly string[] = [
  'How long did it last?',
  'How many people were killed?',
  'How many people were injured?',
  'How many people were arrested?',
  'How many people were evacuated?',
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

export function storyDisputes(index: Pick<ParagraphIndex, 'paragraphsOf'>, group: StoryGroup, questions: readonly string[] = DISPUTE_QUESTIONS): StoryDisputes {
  const sentences = new Map<number, Located>();
  if (group.sources.length < 2) return { disputes: [], sentences };
  const candidates: Candidate[] = [];
  for (const s of group.sources) {
    for (const p of index.paragraphsOf(s.id)) {
      for (const x of splitSentences(p.text)) {
        if (x.text.split(/\s+/).length > MAX_SENTENCE_WORDS) continue;
        const id = candidates.length + 1;
        candidates.push({ id, sourceId: s.id, text: x.text, ...(s.published ? { published: s.published } : {}) });
        sentences.set(id, { sourceId: s.id, paragraph: p.index, text: x.text });
      }
    }
  }
  const disputes: Disagreement[] = [];
  const seen = new Set<string>();
  for (const q of questions) {
    for (const d of detectDisagreements(q, candidates)) {
      const sharper = /\bit\b/.test(q) ? sharpen(q, d, candidates) : undefined;
      const found = sharper ?? d;
      const key = found.claims.map((c) => `${c.sourceId}\u0000${c.quote}`).sort().join('\u0001');
      if (seen.has(key)) continue;
      seen.add(key);
      disputes.push(found);
    }
    if (disputes.length >= MAX_DISPUTES) break;
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
