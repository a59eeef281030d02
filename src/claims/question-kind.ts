// What kind of answer a question wants, and what it is about.
//
// "How long did the call last?" wants a duration, is about a call, and asks about lasting.
// The detector compares only values of that kind that sit next to those words. When the
// kind is unclear the answer is null and nothing is compared: a false alarm about sources
// disagreeing costs more credibility than a missed one.
import type { ValueKind } from '../types.js';
import { dimClass, unitDef, type Dim, type DimClass } from './normalise.js';
import { extractDates, extractQuantities, kindOfDim } from './values.js';
import { isTitleWord } from './names.js';
import { splitSentences } from './sentence-split.js';
import { FRAME_WORDS, STOPWORDS, isCapitalised, stem, stemTokens, tokenize } from './words.js';

export interface QuestionFrame {
  kind: ValueKind;
  /** The question sentence itself (context sentences before it dropped). */
  question: string;
  /** Quantity dimensions that answer it (duration, count, percentage, amount). */
  dims?: DimClass[];
  /** "How many drones …": the counted thing, stemmed ("dron"). */
  countNoun?: string;
  /** "people", "persons": a count noun that any other question word can stand for. */
  genericCount?: boolean;
  /** Stems of the names and numbers in the question: what it is about. */
  subject: string[];
  /** The names of the question, each a run of capitalised words (stems); numbers are not in here. */
  subjectPhrases: string[][];
  /** Words that hint at the asked attribute without being required ("tall" → "height"). */
  hints: string[];
  /** Stems of the other content words: what is asked about it (the verb, the attribute). */
  predicate: string[];
  /** For dates: which end of a life span "(1838 – 1881)" answers it. */
  role?: 'birth' | 'death';
  /**
   * Values a yes/no question puts forward ("Did he die on 2 March 1881?"): sources that
   * state them are answers too. Other values written in the question identify what it is
   * about ("the 1920 Volta") and are never answers.
   */
  given: string[];
  /** "A or B?" questions: the options. */
  options?: string[];
  /** Polarity questions with no value in them ("Is X a Y?"). */
  yesno?: boolean;
}

const IRREGULAR_PLURALS = new Set(['people', 'men', 'women', 'children', 'aircraft', 'dead', 'wounded', 'injured', 'staff', 'personnel', 'police', 'cattle', 'sheep', 'fish', 'deer', 'crew', 'troops']);
const HINTS: Record<string, string[]> = {
  tall: ['tall', 'height'], high: ['high', 'height'], far: ['far', 'distanc'], wide: ['wide', 'width'], deep: ['deep', 'depth'],
  big: ['big', 'larg', 'area', 'siz'], large: ['larg', 'area', 'siz', 'cover'], heavy: ['heavi', 'weigh'], fast: ['fast', 'speed'], long: ['long', 'length'],
};
const DURATION_VERBS = ['last', 'lasted', 'lasting', 'take', 'took', 'taken', 'run', 'ran', 'continue', 'continued', 'go', 'went'];
const COMPARATIVES = new Set(['bigger', 'larger', 'smaller', 'longer', 'shorter', 'higher', 'lower', 'greater', 'fewer', 'older', 'younger', 'heavier', 'lighter', 'faster', 'slower', 'earlier', 'later', 'wider', 'deeper', 'taller']);
const LIGHT_VERBS = new Set(['consider', 'considered', 'regarded', 'type', 'kind', 'sort', 'form', 'give', 'gave', 'given', 'take', 'took', 'taken', 'make', 'made', 'get', 'got', 'put', 'go', 'went', 'come', 'came', 'become', 'became', 'happen', 'happened', 'occur', 'occurred']);
const NAME_CONNECTORS = new Set(['de', 'da', 'del', 'della', 'di', 'du', 'van', 'von', 'der', 'den', 'bin', 'ibn', 'al', 'el', 'la', 'le', 'dos', 'das', 'y']);
const AUX = /^(is|are|was|were|did|does|do|has|have|had|can|could|will|would|should|may|might|must)$/i;
const TIME_NOUNS = /^(seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|century)$/i;
const GENERIC_COUNT = new Set(['peopl', 'person', 'individual', 'man', 'woman', 'time', 'member', 'unit', 'copi']);

const MEASURE_NOUNS: Record<string, DimClass[]> = {
  height: ['length'], length: ['length'], distance: ['length'], range: ['length'], depth: ['length'], elevation: ['length'],
  altitude: ['length'], width: ['length'], diameter: ['length'], wingspan: ['length'], bore: ['length'], calibre: ['length'], caliber: ['length'],
  area: ['area'], size: ['area', 'length'], weight: ['mass'], mass: ['mass'], speed: ['speed'],
  population: ['count'], salinity: ['percent'], rate: ['percent'], share: ['percent'], turnout: ['percent'],
  budget: ['money'], cost: ['money'], price: ['money'], revenue: ['money'], value: ['money'], salary: ['money'], fine: ['money'],
  capacity: ['count', 'volume'], volume: ['volume'], attendance: ['count'], membership: ['count'],
};

function isPlural(w: string): boolean {
  const l = w.toLowerCase();
  return (/s$/.test(l) && !/(ss|us|is)$/.test(l) && l.length > 3) || IRREGULAR_PLURALS.has(l);
}

function measureNoun(words: string): string | undefined {
  for (const w of words.split(/\s+/)) {
    if (MEASURE_NOUNS[w]) return w;
    if (/^(of|in|for|did|does|do|is|was)$/.test(w)) return undefined;
  }
  return undefined;
}

/** Just the kind, or null when unclear. */
export function questionKind(question: string): ValueKind | null {
  return analyseQuestion(question)?.kind ?? null;
}

/** The last sentence that ends with "?", or the whole text. */
function questionSentence(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  // Split as prose is split: not after initials or abbreviations ("Arland D. Williams Jr. Memorial Bridge").
  const parts = splitSentences(t).map((s) => s.text);
  for (let i = parts.length - 1; i >= 0; i--) if (parts[i].endsWith('?')) return parts[i];
  return parts[parts.length - 1] ?? t;
}

export function analyseQuestion(raw: string): QuestionFrame | null {
  const question = questionSentence(raw);
  const q = question.replace(/\?+\s*$/, '').trim();
  const ql = q.toLowerCase();
  if (!q) return null;
  // An optional lead-in ("In the 1840s, who built …", "As of 2023, how many …") before the wh-word.
  const wh = /\b(how|what|which|who|whom|whose|when|where)\b/i.exec(ql);
  // "As of 2023, has Emperor released …?": look past a lead-in ending with a comma.
  const leadIn = /^(?:in|as of|during|on|by|after|before|since|until|at|from)\b[^,?]{1,60},\s*/.exec(ql);
  const firstWord = /^\W*(\w+)/.exec(leadIn ? ql.slice(leadIn[0].length) : ql)?.[1] ?? '';
  const yesNo = AUX.test(firstWord) && !(wh && wh.index < 30 && /,\s*$/.test(ql.slice(0, wh.index)));
  const given: string[] = [];
  let kind: ValueKind | null = null;
  let dims: DimClass[] | undefined;
  let countNoun: string | undefined;
  let genericCount = false;
  let options: string[] | undefined;
  let yesno = false;
  const frameExtra = new Set<string>();
  const hints: string[] = [];

  if (!yesNo && wh) {
    const rest = ql.slice(wh.index);
    let m: RegExpExecArray | null;
    if (/^how long ago\b/.test(rest)) kind = 'date';
    else if ((m = /^how long (did|does|do|has|have|had|will|would|can|could|is|are|was|were)\b/.exec(rest))) {
      kind = 'duration';
      dims = /^(is|are|was|were)$/.test(m[1]) ? ['time', 'length'] : ['time'];
      hints.push('long', 'length');
      // "How long did the call last?": lasting is what "how long" asks; the call is the subject.
      DURATION_VERBS.forEach((w) => frameExtra.add(w));
    } else if ((m = /^how many ([\w\s,'’-]+?)(?=\s+(?:did|does|do|were|was|are|is|have|has|had|can|could|will|would|in|of|at|on|for|by|with|there|from|during|per|that|who|which)\b|$)/i.exec(question.slice(wh.index).replace(/\?+\s*$/, '')))) {
      const np = m[1].trim().split(/\s*,\s*|\s+and\s+/)[0].split(/\s+/);
      const plural = np.find((w) => /^[a-z]/.test(w) && ((/s$/.test(w) && !/(ss|us|is)$/.test(w)) || IRREGULAR_PLURALS.has(w)));
      const noun = (plural ?? np.slice(0, 4)[Math.min(np.length, 4) - 1]).toLowerCase();
      if (TIME_NOUNS.test(noun)) {
        kind = 'duration';
        dims = ['time'];
      } else {
        kind = 'count';
        dims = ['count'];
        countNoun = stem(noun);
        genericCount = GENERIC_COUNT.has(countNoun);
        frameExtra.add(noun);
      }
    } else if (/^how much\b/.test(rest)) {
      if (/\bpercent|\bpercentage|\bshare\b/.test(rest)) {
        kind = 'percentage';
        dims = ['percent'];
      } else if (/\bweigh/.test(rest)) {
        kind = 'amount';
        dims = ['mass'];
      } else {
        kind = 'amount';
        dims = /\b(cost|spend|spent|pay|paid|worth|price|budget|fine|fined|money|earn|raise|raised|owe)/.test(rest) ? ['money'] : undefined;
      }
    } else if ((m = /^how (tall|high|far|wide|deep|big|large|heavy|fast)\b/.exec(rest))) {
      kind = 'amount';
      hints.push(...HINTS[m[1]]);
      dims = { tall: ['length'], high: ['length'], far: ['length'], wide: ['length'], deep: ['length'], big: ['area', 'length', 'volume'], large: ['area', 'length', 'volume'], heavy: ['mass'], fast: ['speed'] }[m[1]] as DimClass[];
    } else if (/^(what|which)\s+(percentage|percent|proportion|share|fraction)\b/.test(rest) || /\bwhat %/.test(rest)) {
      kind = 'percentage';
      dims = ['percent'];
    } else if (/^(when|what year|which year|what date|which date|what day|which day|what month|which month|what time period|in what year|on what date|what decade|which decade|what century|in which year)\b/.test(rest) || /^(in|on|during) (what|which) (year|date|day|month)\b/.test(ql.slice(Math.max(0, wh.index - 7)))) {
      kind = 'date';
    } else if (/^(who|whom|whose)\b/.test(rest) || /^what (?:is|was) .*\b(?:birth|real|full|maiden|original|given|legal|stage|pen) name\b/.test(rest) || /^what (?:is|was) the name of\b.*\b(father|mother|wife|husband|son|daughter|brother|sister|founder|manager|coach|leader|president|owner|director|author|king|queen)\b/.test(rest)) {
      kind = 'person';
    } else if (/^where\b/.test(rest) || /^(what|which) (city|country|town|village|place|region|state|province|county|stadium|venue|location|island|continent|district)\b/.test(rest) || /^in (what|which) (city|country|town|village|place|region|state|province|county|stadium|venue|location)\b/.test(ql.slice(Math.max(0, wh.index - 3)))) {
      kind = 'place';
      const noun = /^(?:what|which|in what|in which) (\w+)/.exec(rest)?.[1];
      if (noun && noun !== 'where') frameExtra.add(noun);
    } else if (/^(what|which) (club|team|party|company|organi[sz]ation|university|school|college|band|newspaper|firm|agency|ministry|league)\b/.test(rest)) {
      kind = 'organisation';
      frameExtra.add(/^(?:what|which) (\w+)/.exec(rest)![1]);
    } else if ((m = /^(?:what|which) (?:(?:is|was|are|were) )?(?:the )?(\w+(?:\s+\w+){0,2})/.exec(rest)) && measureNoun(m[1])) {
      // "What is the maximum firing range of …": the measure within the first three words.
      const noun = measureNoun(m[1])!;
      const d = MEASURE_NOUNS[noun];
      if (d) {
        dims = d;
        kind = d.length === 1 && d[0] !== 'money' ? kindOfDim(d[0] as Dim) : 'amount';
      }
    }
  }

  if (yesNo) {
    // "Did Karl Weyprecht die on 2 March 1881?" asks the same thing as "When did …?".
    // A date the question puts forward follows a preposition ("die on 2 March 1881"); years
    // inside names ("Office 2013") or scopes ("from the 1860s") are not hypotheses.
    const dates = extractDates(q).filter((d) => !/^\d{1,2}$/.test(d.text) && (/^(in|on|at|by|before|after|during|until|since|around|circa)\b/i.test(d.text) || /\b(in|on|at|by|before|after|during|until|since|around|circa)\s+(the\s+)?$/i.test(q.slice(0, d.start))));
    const quants = extractQuantities(q).filter((x) => x.value.dim !== 'count' || /\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million)\b/i.test(x.text));
    const orMatch = orChoices(q);
    if (dates.length > 0 && quants.filter((x) => x.value.dim !== 'count').length === 0 && !orMatch) {
      kind = 'date';
      for (const d of dates) given.push(d.text);
    } else if (quants.length > 0 && !orMatch) {
      const qd = quants[quants.length - 1];
      // A count in a yes/no question must count something named right after it.
      if (qd.value.dim !== 'count' || qd.after.length > 0) {
        kind = kindOfDim(qd.value.dim);
        dims = [dimClass(qd.value.dim)];
        if (qd.value.dim === 'count' && qd.after[0]) {
          // The counted thing: the first plural among the words after the number ("two monks
          // know" → monks), else the last of them ("two live albums" → albums).
          const words = q.slice(qd.end).match(/[\p{L}'’-]+/gu)?.slice(0, qd.after.length) ?? [];
          const plural = words.find((w) => isPlural(w));
          countNoun = plural ? stem(plural) : qd.after[qd.after.length - 1];
          genericCount = GENERIC_COUNT.has(countNoun);
        }
        for (const x of quants) given.push(x.text);
        for (const d of dates) given.push(d.text);
      }
    }
    if (!kind && orMatch && orMatch.length >= 2) {
      kind = 'stance';
      options = orMatch;
    }
    if (!kind) {
      kind = 'yesno';
      yesno = true;
    }
  } else if (!kind && wh) {
    const opts = orChoices(q);
    if (opts && opts.length >= 2) {
      kind = 'stance';
      options = opts;
    }
  }
  if (!kind) return null;

  // Subject (names, numbers) and predicate (other content words).
  let body = q;
  for (const g of given) body = body.replace(g, ' ');
  if (options) for (const o of options) body = body.replace(new RegExp(`\\b${escapeRe(o)}\\b`, 'i'), ' ');
  const tokens = tokenize(body);
  const stems = stemTokens(tokens);
  const subject: string[] = [];
  const subjectPhrases: string[][] = [];
  const predicate: string[] = [];
  let phraseOpen = false;
  tokens.forEach((t, i) => {
    const wasOpen = phraseOpen;
    phraseOpen = false;
    if (t.type === 'punct') return;
    if (t.type === 'num') {
      if (t.text.length >= 2) subject.push(stem(t.text));
      return;
    }
    if (NAME_CONNECTORS.has(t.lower) && wasOpen) {
      phraseOpen = true;
      return;
    }
    if (STOPWORDS.has(t.lower) || t.lower.length < 2 || NAME_CONNECTORS.has(t.lower)) return;
    // The suffix of an ordinal ("14th") is not a word of the question.
    if (/^(st|nd|rd|th)$/.test(t.lower) && tokens[i - 1]?.type === 'num' && tokens[i - 1].end === t.start) return;
    const s = stems[i];
    const sentenceInitial = i === 0 || tokens[i - 1].text === ',';
    if (isCapitalised(t.text) && !(sentenceInitial && (FRAME_WORDS.has(t.lower) || AUX.test(t.lower))) && !/^(i)$/i.test(t.text)) {
      if (!subject.includes(s)) subject.push(s);
      const adjacent = wasOpen && i > 0 && (tokens[i - 1].type === 'word' || tokens[i - 1].text === '-' || tokens[i - 1].text === '–' || tokens[i - 1].text === '.');
      if (adjacent && subjectPhrases.length) subjectPhrases[subjectPhrases.length - 1].push(s);
      else subjectPhrases.push([s]);
      phraseOpen = true;
      return;
    }
    // "take place" says that something happened, not what.
    if (t.lower === 'place' && /^(take|took|taken|takes|taking)$/.test(tokens[i - 1]?.lower ?? '')) {
      hints.push(s);
      return;
    }
    if (frameExtra.has(`adj:${t.lower}`)) {
      if (!predicate.includes(s)) predicate.push(s);
      return;
    }
    if (/^(take|took|taken|happen|happened|happens|occur|occurred)$/.test(t.lower)) {
      // "When did the call take place / happen?": the verb a source uses for it anchors a date.
      hints.push(s);
      return;
    }
    if (FRAME_WORDS.has(t.lower) && !(kind === 'yesno' || kind === 'stance')) return;
    if (FRAME_WORDS.has(t.lower) && AUX.test(t.lower)) return;
    if (frameExtra.has(t.lower) && DURATION_VERBS.includes(t.lower)) {
      hints.push(s);
      return;
    }
    if (frameExtra.has(t.lower) || s === countNoun) return;
    // Units, titles ("general"), comparatives ("bigger") and light verbs ("gave its nickname")
    // hint at the attribute; a source may say it without them.
    if (unitDef(t.lower) || t.lower === 'square' || isTitleWord(t.lower) || COMPARATIVES.has(t.lower) || LIGHT_VERBS.has(t.lower)) {
      hints.push(s);
      return;
    }
    if (!predicate.includes(s)) predicate.push(s);
  });
  let role: 'birth' | 'death' | undefined;
  if (kind === 'date') {
    if (predicate.includes('born') || predicate.includes(stem('birth'))) role = 'birth';
    else if (predicate.includes('die')) role = 'death';
  }
  return {
    kind,
    question,
    ...(dims ? { dims } : {}),
    ...(countNoun ? { countNoun, genericCount } : {}),
    subject,
    subjectPhrases,
    predicate,
    hints,
    ...(role ? { role } : {}),
    given,
    ...(options ? { options } : {}),
    ...(yesno ? { yesno } : {}),
  };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * "Did Tipperary or Galway play …", "Is Castle Donington a town or a village?",
 * "Which club did Ger Browne join: X or Y?" → the options.
 */
export function orChoices(q: string): string[] | null {
  const colon = /:\s*([^:]+?)\s*$/.exec(q);
  const zone = colon ? colon[1] : q;
  const W = String.raw`[\p{L}\p{M}’'\-–]+`;
  const re = new RegExp(String.raw`(?:^|\s)((?:the |a |an )?${W}(?: ${W}){0,4}?)(?:\s*,\s*((?:the |a |an )?${W}(?: ${W}){0,4}?))?,?\s+or\s+((?:the |a |an )?${W}(?: ${W}){0,4}?)(?=\s*$|\s*[,?]|\s+(?:club|team|party|played|play|in|on|at|for|to|when|is|was|were|did)\b)`, 'iu');
  const m = re.exec(zone);
  if (!m) return null;
  const clean = (s: string | undefined) => s?.replace(/^(the|a|an) /i, '').replace(/\s+(club|team|party)$/i, '').trim();
  const words = (s: string) => s.split(/\s+/).length;
  const a = clean(m[1]);
  const b = clean(m[2]);
  const c = clean(m[3]);
  const opts = [a, b, c].filter((x): x is string => !!x && !/^(neither|both|none|not|no)$/i.test(x));
  if (opts.length < 2) return null;
  // Trim the first option to as many words as the last one has, from the end ("did Tipperary" → "Tipperary").
  const n = Math.max(...opts.slice(1).map(words));
  const first = opts[0].split(/\s+/);
  opts[0] = clean(first.slice(Math.max(0, first.length - n)).join(' '))!;
  if (opts.some((o) => AUX.test(o) || STOPWORDS.has(o.toLowerCase()))) return null;
  return opts;
}
