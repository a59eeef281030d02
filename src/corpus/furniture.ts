// Page furniture: the parts of a saved web page that are not the article (share
// buttons, newsletter boxes, comment forms, lists of other headlines). A table of
// patterns; each pattern must match a whole line, so real sentences that merely
// contain such words ("Putin said he would not leave a reply unanswered.") stay.

import { isHeadingLike, isSentenceLike } from './headings.js';
import type { Line } from './lines.js';

export interface FurnitureRule {
  /** What the rule removes, for readers of this table. */
  name: string;
  /** Matched against the whole line (list markers removed). */
  pattern: RegExp;
  /**
   * "line": drop the line. "section": drop the line and the list or short lines under it
   * (headlines of other articles), up to the next real paragraph.
   */
  scope: 'line' | 'section';
  /** Only when the line is not a finished sentence (a headline, not body text). */
  onlyIfNotSentence?: boolean;
}

export const FURNITURE_RULES: readonly FurnitureRule[] = [
  { name: 'share buttons', pattern: /^share( (this|the))?( (post|article|story|page))?( on| via)?\s*:?$/i, scope: 'line' },
  { name: 'share buttons', pattern: /^((share|tweet|email|e-mail|print|facebook|twitter|x|linkedin|whatsapp|reddit|pinterest|telegram|copy link)[\s,|/]*){2,}$/i, scope: 'line' },
  { name: 'see-also link', pattern: /^see also\b.*$/i, scope: 'line', onlyIfNotSentence: true },
  { name: 'read-more link', pattern: /^(read more|read next|read also|also read)\s*:?(\s.*)?$/i, scope: 'line', onlyIfNotSentence: true },
  { name: 'tag list', pattern: /^tags?(\s*:.*)?$/i, scope: 'section', onlyIfNotSentence: true },
  { name: 'related posts', pattern: /^(related|similar|recommended|popular|trending|latest|more) (posts|articles|stories|news|reads)\s*:?$/i, scope: 'section' },
  { name: 'related posts', pattern: /^(you (may|might) also like|recommended for you|more on this story)\s*:?$/i, scope: 'section' },
  { name: 'source links', pattern: /^(source links?|sources|references|further reading)\s*:?$/i, scope: 'section' },
  { name: 'newsletter sign-up', pattern: /^get the latest (updates|news)!?$/i, scope: 'line' },
  { name: 'newsletter sign-up', pattern: /^(subscribe|sign up) (to|for) (our|the) (weekly |daily |free )?newsletter[.!]?$/i, scope: 'line' },
  { name: 'newsletter sign-up', pattern: /^no spam\b.{0,80}$/i, scope: 'line' },
  { name: 'newsletter sign-up', pattern: /^(subscribe|sign up|join)( now| today)?[.!]?$/i, scope: 'line' },
  { name: 'comment form', pattern: /^no comments( yet)?\.?$/i, scope: 'line' },
  { name: 'comment form', pattern: /^(add|post|write|leave) a (comment|reply)\.?$/i, scope: 'line' },
  { name: 'comment form', pattern: /^comments?( \(\d+\))?:?$/i, scope: 'line' },
  { name: 'comment form', pattern: /^your email address will not be published\.?( required fields are marked \*)?$/i, scope: 'line' },
  { name: 'comment form', pattern: /^required fields are marked \*$/i, scope: 'line' },
  // "By Jane Smith", "By Jane Smith and Tom Lee | Reuters"; not "By the numbers".
  { name: 'byline', pattern: /^(By|BY)\s+(?!The\b|THE\b)(\p{Lu}[\p{L}'’.-]*\s*){1,4}((,|and|&|\||–|—|-)\s*.{0,60})?$/u, scope: 'line', onlyIfNotSentence: true },
  { name: 'bare link', pattern: /^(https?:\/\/|www\.)\S+$/i, scope: 'line' },
  { name: 'search box', pattern: /^search\s*(\.\.\.|…)?$/i, scope: 'line' },
  { name: 'source link', pattern: /^(source link|source|original source|via)\s*:?$/i, scope: 'line' },
  { name: 'advertisement', pattern: /^(advertisement|sponsored( content)?|ad)$/i, scope: 'line' },
  { name: 'navigation', pattern: /^(previous|next|prev) (post|article|story)\s*:?(\s.*)?$/i, scope: 'line', onlyIfNotSentence: true },
  { name: 'navigation', pattern: /^(skip to (main )?content|back to top|home)$/i, scope: 'line' },
];

function matchRule(text: string): FurnitureRule | undefined {
  return FURNITURE_RULES.find((r) => r.pattern.test(text) && !(r.onlyIfNotSentence && isSentenceLike(text)));
}

function lineText(line: Line): string | undefined {
  if (line.kind === 'plain' || line.kind === 'heading' || line.kind === 'bullet') return line.text;
  return undefined;
}

function nextNonBlank(lines: Line[], from: number): Line | undefined {
  for (let i = from; i < lines.length; i++) if (lines[i].kind !== 'blank') return lines[i];
  return undefined;
}

/** Does article text resume at line i (so a furniture section ends)? */
function resumesArticle(lines: Line[], i: number): boolean {
  const line = lines[i];
  if (line.kind === 'plain') {
    if (isSentenceLike(line.text)) return true;
    // A heading over a real paragraph.
    const next = nextNonBlank(lines, i + 1);
    return isHeadingLike(line.text) && next?.kind === 'plain' && isSentenceLike(next.text);
  }
  return line.kind === 'heading' || line.kind === 'row' || line.kind === 'sep';
}

/** Removes page furniture from the lines. */
export function removeFurniture(lines: Line[]): Line[] {
  const out: Line[] = [];
  let inSection = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const text = lineText(line);
    const rule = text === undefined ? undefined : matchRule(text);
    if (rule) {
      if (rule.scope === 'section') inSection = true;
      continue;
    }
    if (inSection) {
      if (line.kind === 'blank' || !resumesArticle(lines, i)) continue;
      inSection = false;
    }
    out.push(line);
  }
  return out;
}
