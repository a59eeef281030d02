// Which of the scored sentences may be shown beside the best one (issue 22): fewer, right
// quotes beat four slots filled. A sentence is left out when
//   - its own probability is far below the best one's (under `relative` × the best),
//   - it is a fragment: under six words or without a verb, unless a table row or a headline,
//   - it shares no content word or name with the question,
//   - it comes from a source about a different story than the best excerpt (their names
//     appear nowhere in each other), unless it answers on its own.
import { createRequire } from 'node:module';
import { fold, stem, tokenize } from '../claims/index.js';
import { properNameMentions } from '../claims/names.js';
import { terms } from '../index/terms.js';
import { FRAME_WORDS } from '../claims/index.js';
import type { ScoredSentence } from './sentences.js';
import { introducedName, introduces } from '../question/index.js';

type Nlp = typeof import('compromise').default;
let loaded: Nlp | undefined;
// compromise (a part-of-speech tagger) loads on first use: most answers never need it.
const nlp = (): Nlp => (loaded ??= createRequire(import.meta.url)('compromise') as Nlp);

export interface ShownRules {
  /** A sentence is shown only when its probability is at least this share of the best one's. */
  relative: number;
  /** Fewest words of a quote that is not a table row or a headline. */
  minWords: number;
  /** Leave out fragments, sentences sharing no word with the question, other stories (benches switch them off one by one). */
  fragments: boolean;
  questionWords: boolean;
  sameStory: boolean;
}

/**
 * Chosen on RealTime QA's tuning part (BENCHMARKS.md, "Issue 22"): the same-story rule cost
 * 2 of 60 questions their own passage among the excerpts there (a quiz passage is another
 * story to a wrong best excerpt) and is off by default; the bar 0.1 tied 0.05 with fewer quotes.
 */
// relative 0 (no bar under the best): on all 1,028 RealTime QA questions the 0.1 bar lowered the
// trust score (tuning +0.115 → +0.084, held-out +0.157 → +0.133) while the question-words rule
// alone keeps excerpts sharing nothing with the question at 0.3% (BENCHMARKS.md, issue 22).
export const SHOWN_RULES: ShownRules = { relative: 0, minWords: 6, fragments: true, questionWords: true, sameStory: false };

/** A headline: the source's title, or its first paragraph when that is a capitalised line without final punctuation. */
function isHeadline(s: ScoredSentence): boolean {
  const p = s.hit.paragraph.text.trim();
  if (fold(p) === fold(s.hit.source.title ?? '')) return true;
  return s.hit.paragraph.index === 1 && p === s.text.trim() && /^\p{Lu}/u.test(p) && p.split(/\s+/).length <= 14 && !/[.!?:;,]["”’)]?$/.test(p);
}

/** Under the minimum words or without a verb: a fragment quotes badly ("of the New York edition"). */
export function isFragment(s: ScoredSentence, minWords = SHOWN_RULES.minWords): boolean {
  if (s.hit.paragraph.table || isHeadline(s)) return false;
  if (s.text.split(/\s+/).filter(Boolean).length < minWords) return true;
  return !hasVerb(s.text);
}

export function hasVerb(text: string): boolean {
  return nlp()(text).verbs().found;
}

/** Whether the text shares a content word (stemmed) or a name with the question. */
export function sharesQuestionWords(question: string, text: string): boolean {
  const wanted = new Set(terms(question).filter((w) => !FRAME_WORDS.has(w)));
  return terms(text).some((w) => wanted.has(w));
}

function nameKeys(text: string): Set<string> {
  return new Set(
    properNameMentions(text)
      .flatMap((m) => m.name.split(/\s+/))
      .map((w) => stem(fold(w)))
      .filter((w) => w.length > 2),
  );
}

/** Both texts name someone or something, and neither's names appear in the other: two stories. */
export function differentStory(a: string, b: string): boolean {
  const na = nameKeys(a);
  const nb = nameKeys(b);
  if (!na.size || !nb.size) return false;
  const words = (t: string) => new Set(tokenize(t).map((x) => stem(fold(x.text))));
  const wa = words(a);
  const wb = words(b);
  return ![...na].some((x) => wb.has(x)) && ![...nb].some((x) => wa.has(x));
}

// The paragraph, not the title: a source's title can name its outlet or series on every page.
function context(s: ScoredSentence): string {
  return s.hit.paragraph.text;
}

/** Answers on its own: probable by itself and close to the best. */
export function answersAlone(best: ScoredSentence): (s: ScoredSentence) => boolean {
  return (s) => s.score >= 0.5 && s.score >= 0.6 * best.score;
}

/**
 * "Who is X?": the sentences that introduce X (an apposition, a title before the name, "named
 * X", "X is a …") come first, in their order. By construction, not learned: the tuning data
 * (news-quiz passages) has no such question to weigh the signal with.
 */
export function introducedFirst(question: string, scored: ScoredSentence[]): ScoredSentence[] {
  const name = introducedName(question);
  if (!name) return scored;
  const first = scored.filter((s) => introduces(name, s.text));
  return first.length ? [...first, ...scored.filter((s) => !first.includes(s))] : scored;
}

/**
 * The sentences that may be quoted, best first: the best always, the others only when they
 * pass the rules above.
 */
export function showable(question: string, ranked: ScoredSentence[], rules: ShownRules = SHOWN_RULES): ScoredSentence[] {
  if (!ranked.length) return [];
  const [best, ...rest] = introducedFirst(question, ranked);
  const out = [best];
  const alone = answersAlone(best);
  for (const s of rest) {
    if (s.score < rules.relative * best.score) continue;
    if (rules.fragments && isFragment(s, rules.minWords)) continue;
    if (rules.questionWords && !sharesQuestionWords(question, `${s.text} ${s.hit.paragraph.section ?? ''}`)) continue;
    if (rules.sameStory && s.hit.source.id !== best.hit.source.id && differentStory(context(best), context(s)) && !alone(s)) continue;
    out.push(s);
  }
  return out;
}
