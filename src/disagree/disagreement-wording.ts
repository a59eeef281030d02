// The words of a disagreement besides its claims: the topic line ("how long the call lasted") and
// a note when the sources may describe different events.
import type { QuestionFrame } from '../claims/index.js';
import { compatible, type Normalised } from '../claims/index.js';
import { parseDay, type Scored } from './candidate-values.js';
import { extractDates } from '../claims/index.js';
import { STOPWORDS } from '../claims/index.js';

// ------------------------------------------------------------------ notes and topics

const EVENT_GAP_DAYS = 3;

/**
 * When the sources were published far apart, or their sentences date the event differently,
 * they may be about different events (two calls, not one call described twice).
 */
export function eventNote(frame: QuestionFrame, used: Scored[]): string | undefined {
  const days = used
    .map((u) => u.candidate.published)
    .filter((p): p is string => !!p)
    .map((p) => ({ p: p.slice(0, 10), t: parseDay(p)?.getTime() }))
    .filter((x): x is { p: string; t: number } => x.t !== undefined)
    .sort((a, b) => a.t - b.t);
  if (days.length >= 2) {
    const first = days[0];
    const last = days[days.length - 1];
    if ((last.t - first.t) / 86_400_000 > EVENT_GAP_DAYS) return `The sources may describe different events (published ${first.p} and ${last.p}).`;
  }
  if (frame.kind === 'date') return undefined;
  // Dates in the claim sentences themselves.
  const dated: { text: string; value: Normalised }[] = [];
  for (const u of used) {
    const ref = u.candidate.published ? parseDay(u.candidate.published) : undefined;
    const d = extractDates(u.candidate.text, { reference: ref }).filter((x) => !x.asOf && x.value.type === 'date' && x.value.hasYear);
    if (d[0]) dated.push({ text: d[0].text.replace(/^(on|in|at)\s+/i, ''), value: d[0].value });
  }
  for (let i = 0; i < dated.length; i++)
    for (let j = i + 1; j < dated.length; j++)
      if (compatible(dated[i].value, dated[j].value) === false) return `The sources may describe different events (they date it ${dated[i].text} and ${dated[j].text}).`;
  return undefined;
}

const IRREGULAR_PAST: Record<string, string> = {
  begin: 'began', take: 'took', speak: 'spoke', tell: 'told', say: 'said', meet: 'met', win: 'won', fall: 'fell', build: 'built',
  sell: 'sold', lead: 'led', fight: 'fought', bring: 'brought', make: 'made', pay: 'paid', leave: 'left', strike: 'struck',
  run: 'ran', go: 'went', think: 'thought', write: 'wrote', become: 'became', grow: 'grew', rise: 'rose', sink: 'sank', spend: 'spent',
  send: 'sent', lose: 'lost', buy: 'bought', shoot: 'shot', hold: 'held', give: 'gave', get: 'got', find: 'found', have: 'had',
  do: 'did', be: 'was', see: 'saw', come: 'came', know: 'knew', lay: 'laid', hit: 'hit', put: 'put', set: 'set', cost: 'cost',
};

function past(verb: string): string {
  if (IRREGULAR_PAST[verb]) return IRREGULAR_PAST[verb];
  if (verb.endsWith('e')) return verb + 'd';
  if (/[^aeiou]y$/.test(verb)) return verb.slice(0, -1) + 'ied';
  return verb + 'ed';
}

function thirdPerson(verb: string): string {
  if (verb === 'have') return 'has';
  if (/(s|sh|ch|x|z|o)$/.test(verb)) return verb + 'es';
  if (/[^aeiou]y$/.test(verb)) return verb.slice(0, -1) + 'ies';
  return verb + 's';
}

const DETERMINERS = new Set(['the', 'a', 'an', 'this', 'that', 'these', 'those', 'his', 'her', 'its', 'their', 'our', 'my', 'your']);

/**
 * "How long did the call last?" → "how long the call lasted";
 * "When was Paul McCole born?" → "when Paul McCole was born";
 * "What is the salinity of Lake Maracaibo?" → "the salinity of Lake Maracaibo".
 * Anything else: the question, lower-cased at the start, without its question mark.
 */
export function topicOf(frame: QuestionFrame, quotes: string[] = []): string {
  const q = frame.question.replace(/\?+\s*$/, '').trim();
  const lcFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s);
  let m = /^(.*?\b(?:how long|how many [\w\s-]+?|how much(?: [\w-]+)?|when|where|what year|which year|what date|what day|who|why|how)) (did|does|do) (.+)$/i.exec(q);
  if (m) {
    const [, wh, aux, rest] = m;
    const words = rest.split(/\s+/);
    const text = quotes.join(' ').toLowerCase();
    let vi = -1;
    for (let i = 1; i < words.length; i++) {
      const w = words[i];
      if (!/^[a-z]+$/.test(w) || DETERMINERS.has(w) || STOPWORDS.has(w)) continue;
      if (DETERMINERS.has(words[i - 1])) continue;
      const form = aux.toLowerCase() === 'did' ? past(w) : w;
      if (new RegExp(`\\b${form}\\b`).test(text)) {
        vi = i;
        break;
      }
    }
    if (vi < 0) {
      const lastIdx = words.length - 1;
      if (/^[a-z]+$/.test(words[lastIdx]) && !DETERMINERS.has(words[lastIdx - 1] ?? '')) vi = lastIdx;
    }
    if (vi > 0) {
      const verb = words[vi];
      const form = aux.toLowerCase() === 'did' ? past(verb) : aux.toLowerCase() === 'does' ? thirdPerson(verb) : verb;
      words[vi] = form;
      return `${lcFirst(wh)} ${words.join(' ')}`;
    }
    return lcFirst(q);
  }
  // "When was the bridge built" → "when the bridge was built"; "how many drones were shot
  // down" has its subject in the wh-phrase already and stays as it is.
  m = /^(.*?\b(?:how long|how many [\w\s-]+?|how much|when|where|what year|which year|who|how)) (was|were|is|are|has|have|had) (?:(.+) )?(\w+(?:ed|en)|known|shown|grown|thrown|flown|drawn|blown|sown|born|built|held|made|laid|founded|sold|won|led|set|shot|shut|put|hit|cut|hurt|struck|caught|bought|brought|fought|taught|lost|left|kept|found|paid|sent|spent)(?: (down|up|off|out|away|back|over))?$/i.exec(q);
  if (m) return m[3] ? `${lcFirst(m[1])} ${m[3]} ${m[2]} ${m[4]}${m[5] ? ` ${m[5]}` : ''}` : lcFirst(q);
  m = /^what (?:is|was|are|were) (the .+)$/i.exec(q);
  if (m) return m[1];
  return lcFirst(q);
}
