// Outlets as people write them ("CNN", "the Guardian", "The Week"), matched against the
// outlets of the indexed sources: a source's outlet is its front matter `outlet`, its page's
// og:site_name or publisher, or its feed's title (corpus/), else its web address's host.
// `edition.cnn.com` and `www.cnn.com` are CNN; `theweek.co.uk` is The Week.
import { tidyQuestion } from './time-window.js';

/** Well-known outlets: names people use for them and their hosts (a few; the host rule covers most). */
const KNOWN: { name: string; aliases: string[]; hosts: string[] }[] = [
  { name: 'CNN', aliases: ['cnn', 'cable news network'], hosts: ['cnn.com'] },
  { name: 'BBC', aliases: ['bbc', 'bbc news', 'the bbc'], hosts: ['bbc.co.uk', 'bbc.com'] },
  { name: 'Reuters', aliases: ['reuters', 'thomson reuters'], hosts: ['reuters.com'] },
  { name: 'AP', aliases: ['ap', 'associated press', 'the associated press', 'ap news'], hosts: ['apnews.com'] },
  { name: 'AFP', aliases: ['afp', 'agence france-presse', 'agence france presse'], hosts: ['afp.com'] },
  { name: 'The Guardian', aliases: ['guardian', 'the guardian'], hosts: ['theguardian.com', 'guardian.co.uk'] },
  { name: 'The New York Times', aliases: ['nyt', 'new york times', 'the times of new york'], hosts: ['nytimes.com'] },
  { name: 'The Washington Post', aliases: ['washington post', 'wapo'], hosts: ['washingtonpost.com'] },
  { name: 'The Wall Street Journal', aliases: ['wsj', 'wall street journal'], hosts: ['wsj.com'] },
  { name: 'USA Today', aliases: ['usa today', 'usatoday'], hosts: ['usatoday.com'] },
  { name: 'The Week', aliases: ['the week', 'week'], hosts: ['theweek.com', 'theweek.co.uk'] },
  { name: 'Al Jazeera', aliases: ['al jazeera', 'aljazeera'], hosts: ['aljazeera.com'] },
  { name: 'Fox News', aliases: ['fox news', 'fox'], hosts: ['foxnews.com'] },
  { name: 'NPR', aliases: ['npr', 'national public radio'], hosts: ['npr.org'] },
  { name: 'Bloomberg', aliases: ['bloomberg'], hosts: ['bloomberg.com'] },
  { name: 'Financial Times', aliases: ['ft', 'financial times', 'the ft'], hosts: ['ft.com'] },
  { name: 'The Economist', aliases: ['economist', 'the economist'], hosts: ['economist.com'] },
  { name: 'Politico', aliases: ['politico'], hosts: ['politico.com', 'politico.eu'] },
];

/** Second-level labels under which sites register (co.uk, com.au): the name is the label before them. */
const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'gov', 'ac', 'gv', 'or', 'ne']);

/** A name as people write it, folded: case, accents, "the", "news", spaces and punctuation dropped. */
export function outletKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/^\s*the\s+/, '')
    .replace(/\s+(news|online|newspaper|magazine|\.com)\s*$/, '')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** The registered domain of a host: "edition.cnn.com" → "cnn.com", "www.theweek.co.uk" → "theweek.co.uk". */
export function registeredDomain(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.length <= 2) return labels.join('.');
  const tld = labels[labels.length - 1];
  const second = labels[labels.length - 2];
  const keep = tld.length === 2 && SECOND_LEVEL.has(second) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}

/** The well-known outlets by every key and host they answer to (built once). */
const KNOWN_BY = new Map<string, (typeof KNOWN)[number]>();
for (const k of KNOWN) {
  for (const a of [k.name, ...k.aliases]) KNOWN_BY.set(outletKey(a), k);
  for (const h of k.hosts) KNOWN_BY.set(`host:${h}`, k);
}

/** A well-known outlet a name or a host stands for. */
function known(nameOrHost: string): (typeof KNOWN)[number] | undefined {
  return KNOWN_BY.get(`host:${nameOrHost.toLowerCase()}`) ?? KNOWN_BY.get(outletKey(nameOrHost));
}

/** The outlet a source is shown and filtered under: its own outlet name, else its host's. */
export function outletOf(source: { outlet?: string; url?: string }): string | undefined {
  if (source.outlet?.trim()) return known(source.outlet)?.name ?? source.outlet.trim();
  const host = hostOf(source.url);
  if (!host) return undefined;
  const domain = registeredDomain(host);
  return known(domain)?.name ?? domain;
}

// Source records are the index's own objects, asked about again with every question.
const keysOf = new WeakMap<object, Set<string>>();

/** Every key a source's outlet answers to: its name's, its host's (with and without "the"). */
export function outletKeys(source: { outlet?: string; url?: string }): Set<string> {
  let keys = keysOf.get(source);
  if (!keys) {
    keys = keysFor(source);
    keysOf.set(source, keys);
  }
  return keys;
}

function keysFor(source: { outlet?: string; url?: string }): Set<string> {
  const keys = new Set<string>();
  const add = (name: string | undefined) => {
    if (!name) return;
    keys.add(outletKey(name));
    const k = known(name);
    if (k) for (const a of [k.name, ...k.aliases]) keys.add(outletKey(a));
  };
  add(source.outlet);
  const host = hostOf(source.url);
  if (host) {
    const domain = registeredDomain(host);
    add(domain);
    const label = domain.split('.')[0];
    keys.add(outletKey(label));
    // "theweek.co.uk" is how The Week is written without spaces.
    if (/^the[a-z]{3,}/.test(label)) keys.add(label.slice(3));
  }
  keys.delete('');
  return keys;
}

/** Whether a name as written in a question denotes this source's outlet. */
export function isOutlet(name: string, source: { outlet?: string; url?: string }): boolean {
  const keys = outletKeys(source);
  const key = outletKey(name);
  if (keys.has(key)) return true;
  const k = known(name);
  return !!k && [k.name, ...k.aliases].some((a) => keys.has(outletKey(a)));
}

/** Whether a name is a well-known outlet (one worth telling the reader is not indexed). */
export function isKnownOutlet(name: string): boolean {
  return known(name) !== undefined;
}

export interface ReadOutlets {
  /** The outlets as written in the question ("CNN", "the Guardian"). */
  names: string[];
  /** The question without those words. */
  rest: string;
  phrase: string;
}

/** Cue words in any case ("According to", "according to"); the outlet's name must be capitalised. */
const ci = (words: string) => words.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
const NAME = String.raw`((?:[Tt]he\s+)?[A-Z][\p{L}\p{N}&'.-]*(?:\s+(?:[A-Z][\p{L}\p{N}&'.-]*|of|and|&)){0,4})`;
/** How a question points at outlets: "according to CNN", "only Reuters stories", "in the Guardian", "did CNN report". */
const CUES: { re: RegExp; strong: boolean }[] = [
  { re: new RegExp(String.raw`\b(?:${ci('only')}|${ci('just')})\s+${NAME}\s+(?:stories|articles|reports|reporting|coverage|pieces)\b`, 'u'), strong: true },
  { re: new RegExp(String.raw`\b(?:${ci('according')}\s+to|${ci('as')}\s+reported\s+by|${ci('reported')}\s+by|${ci('per')})\s+${NAME}`, 'u'), strong: false },
  { re: new RegExp(String.raw`\b(?:${ci('from')}|${ci('in')}|${ci('on')}|${ci('by')})\s+${NAME}(?:'s)?(?:\s+(?:stories|articles|reports|coverage))?`, 'u'), strong: false },
  { re: new RegExp(String.raw`\b(?:${ci('did')}|${ci('does')}|${ci('has')}|${ci('have')})\s+${NAME}\s+(?=report|say|write|cover)`, 'u'), strong: false },
  { re: new RegExp(String.raw`\b${NAME}\s+(?=reported|reports|says|said|wrote)`, 'u'), strong: false },
];

/**
 * The outlets a question names, given the index's sources: a name counts when some indexed
 * source's outlet answers to it, or when it is a well-known outlet (then the search finds
 * nothing and the reader is told which outlets exist), or when the cue can only mean an
 * outlet ("only Foo stories"). "according to police" and "in March" are not outlets.
 */
export function readOutlets(question: string, sources: { outlet?: string; url?: string }[]): ReadOutlets | null {
  for (const cue of CUES) {
    for (const m of question.matchAll(new RegExp(cue.re.source, 'gu'))) {
      const names = splitNames(m[1]);
      const outletish = names.filter((n) => cue.strong || isKnownOutlet(n) || sources.some((s) => isOutlet(n, s)));
      if (!outletish.length || outletish.length !== names.length) continue;
      const rest = question.slice(0, m.index) + ' ' + question.slice(m.index! + m[0].length);
      return { names: outletish, rest: tidyQuestion(rest), phrase: m[0].trim() };
    }
  }
  return null;
}

function splitNames(text: string): string[] {
  return text
    .split(/\s*(?:,|\band\b|&|\bor\b)\s*/)
    .map((s) => s.replace(/'s$/, '').trim())
    .filter(Boolean);
}

