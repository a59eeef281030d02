// Article extraction against scrapinghub's article-extraction-benchmark (181 pages with
// hand-marked bodies). The bot's "extracted body" is the paragraphs it indexes for a page,
// in order, through the same code as ingest (parseSource of an .html file). Also counts
// indexed paragraphs with a source line break inside a sentence, and dates found.
//   npm run build:bench && node dist-bench/bench/extraction.js ../shared/eval/article-extraction [--pages]
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { JSDOM, VirtualConsole } from 'jsdom';
import { Readability } from '@mozilla/readability';
import { parseSource } from '../src/corpus/index.js';
import type { Source } from '../src/types.js';
import { isTuningPage, pageCounts, score, sourceBreaks, textNodes, type PageCounts } from './extraction-metric.js';

interface Page {
  id: string;
  html: Uint8Array;
  truth: string;
  tuning: boolean;
}

function loadPages(dir: string): Page[] {
  const truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as Record<string, { articleBody?: string }>;
  return Object.keys(truth)
    .sort()
    .map((id) => ({
      id,
      html: gunzipSync(readFileSync(join(dir, 'html', `${id}.html.gz`))),
      truth: truth[id].articleBody ?? '',
      tuning: isTuningPage(createHash('sha256').update(id).digest('hex')),
    }));
}

/** Plain Readability, as the benchmark runs it: textContent of the parsed article. */
function readabilityText(html: Uint8Array): string {
  let dom: JSDOM | undefined;
  try {
    dom = new JSDOM(Buffer.from(html).toString('utf8'), { url: 'https://fake-url.com', virtualConsole: new VirtualConsole() });
    return new Readability(dom.window.document).parse()?.textContent ?? '';
  } catch {
    return ''; // jsdom's CSS parser throws on a few pages; the benchmark counts them as empty
  } finally {
    dom?.window.close();
  }
}

function withSectionHeadings(source: Source): string {
  const out: string[] = [];
  let section: string | undefined;
  for (const p of source.paragraphs) {
    if (p.section && p.section !== section) out.push(p.section);
    section = p.section;
    out.push(p.text);
  }
  return out.join('\n');
}

function botSource(page: Page): Source | undefined {
  try {
    return parseSource({ id: page.id, bytes: page.html, format: 'html' });
  } catch {
    return undefined;
  }
}

// The page states a date in its metadata (loose scan of the raw markup, independent of the parser).
const DATE_IN_META =
  /(article:published_time|datePublished|dateCreated|name=["']?(date|pubdate|publishdate|publish-date|dc\.date|dcterms\.created|sailthru\.date|parsely-pub-date)["'\s>]|<time[^>]*datetime=)/i;

const fmt = (x: number) => x.toFixed(3);

function main() {
  const dir = resolve(process.argv[2] ?? '../shared/eval/article-extraction');
  const showPages = process.argv.includes('--pages');
  // --bot-only skips the Readability row (faster while tuning); --dump writes each page's
  // indexed text to .bench-cache/extraction/ for reading the differences.
  const botOnly = process.argv.includes('--bot-only');
  const dump = process.argv.includes('--dump');
  if (dump) mkdirSync('.bench-cache/extraction', { recursive: true });
  const only = process.argv.includes('--tuning') ? true : process.argv.includes('--held-out') ? false : undefined;
  const pages = loadPages(dir).filter((p) => only === undefined || p.tuning === only);
  const rows: { page: Page; bot: PageCounts; withHeadings: PageCounts; rd: PageCounts; source?: Source }[] = [];
  const t0 = performance.now();
  let botMs = 0;
  for (const page of pages) {
    const b0 = performance.now();
    const source = botSource(page);
    botMs += performance.now() - b0;
    const body = source ? source.paragraphs.map((p) => p.text).join('\n') : '';
    if (dump) writeFileSync(`.bench-cache/extraction/${page.id}.txt`, body);
    if (dump) writeFileSync(`.bench-cache/extraction/${page.id}.json`, JSON.stringify(source ?? null));
    const rd = botOnly ? { tp: 0, fp: 0, fn: 0 } : pageCounts(page.truth, readabilityText(page.html));
    // For reference: the same paragraphs with the section headings they sit under (headings
    // are indexed as context, not as quotable text, so they are not in the bot's row).
    const headed = source ? withSectionHeadings(source) : '';
    rows.push({ page, bot: pageCounts(page.truth, body), withHeadings: pageCounts(page.truth, headed), rd, source });
    if (rows.length % 20 === 0) process.stderr.write(`${rows.length}/${pages.length}\n`);
  }
  process.stderr.write(`\n${((performance.now() - t0) / 1000).toFixed(1)} s in all, bot parse ${(botMs / pages.length).toFixed(0)} ms/page\n`);

  const part = (f: (r: (typeof rows)[number]) => boolean, k: 'bot' | 'withHeadings' | 'rd') => score(rows.filter(f).map((r) => r[k]));
  const all = () => true;
  const tun = (r: (typeof rows)[number]) => r.page.tuning;
  const held = (r: (typeof rows)[number]) => !r.page.tuning;
  const nT = rows.filter(tun).length;
  console.log(`\n| system | F1 | precision | recall | tuning (${nT}) F1 / P / R | held-out (${rows.length - nT}) F1 / P / R |`);
  console.log('|---|---|---|---|---|---|');
  const systems: [string, 'bot' | 'withHeadings' | 'rd'][] = [
    ['newsroom-bot (indexed paragraphs)', 'bot'],
    ['newsroom-bot paragraphs + section headings (reference, headings are not quotable)', 'withHeadings'],
    ...(botOnly ? [] : [['@mozilla/readability textContent, this run', 'rd'] as [string, 'rd']]),
  ];
  for (const [name, k] of systems) {
    const a = part(all, k);
    const t = part(tun, k);
    const h = part(held, k);
    console.log(`| ${name} | ${fmt(a.f1)} | ${fmt(a.precision)} | ${fmt(a.recall)} | ${fmt(t.f1)} / ${fmt(t.precision)} / ${fmt(t.recall)} | ${fmt(h.f1)} / ${fmt(h.precision)} / ${fmt(h.recall)} |`);
  }
  for (const [name, f1, p, r] of [
    ['rs_trafilatura (published)', 0.97, 0.951, 0.99],
    ['trafilatura 2.0 (published)', 0.958, 0.938, 0.978],
    ['Readability.js 0.6.0 (published)', 0.947, 0.914, 0.982],
    ['html-text, whole page (published)', 0.665, 0, 0],
  ] as const) {
    console.log(`| ${name} | ${fmt(f1)} | ${p ? fmt(p) : '—'} | ${r ? fmt(r) : '—'} | | |`);
  }

  const parsed = rows.filter((r) => r.source);
  const paragraphs = parsed.flatMap((r) => r.source!.paragraphs);
  const broken = parsed.flatMap((r) => {
    const markup = textNodes(Buffer.from(r.page.html).toString('utf8'));
    return r.source!.paragraphs.filter((p) => p.text.includes('\n') && sourceBreaks(p.text, markup) > 0);
  });
  const withMetaDate = rows.filter((r) => DATE_IN_META.test(Buffer.from(r.page.html).toString('utf8')));
  const dated = withMetaDate.filter((r) => r.source?.published);
  const datedAll = rows.filter((r) => r.source?.published);
  const languages = new Map<string, number>();
  for (const r of parsed) {
    const lang = (r.source as { language?: string }).language ?? 'unknown';
    languages.set(lang, (languages.get(lang) ?? 0) + 1);
  }
  console.log(`\npages parsed: ${parsed.length}/${rows.length}; indexed paragraphs: ${paragraphs.length}`);
  console.log(`indexed paragraphs with a line break of the page's source inside them: ${broken.length}`);
  console.log(`published date found: ${dated.length}/${withMetaDate.length} pages that state one in their metadata (${((100 * dated.length) / Math.max(1, withMetaDate.length)).toFixed(1)}%); ${datedAll.length}/${rows.length} pages in all`);
  console.log(`outlet found: ${parsed.filter((r) => r.source!.outlet).length}/${parsed.length}`);
  console.log(`languages: ${[...languages].sort((a, b) => b[1] - a[1]).map(([l, n]) => `${l} ${n}`).join(', ')}`);

  if (showPages) {
    const worst = [...rows].sort((a, b) => a.bot.tp - b.bot.tp).slice(0, 40);
    for (const r of worst) {
      const p = r.bot.tp / (r.bot.tp + r.bot.fp || 1);
      const rc = r.bot.tp / (r.bot.tp + r.bot.fn || 1);
      const rdP = r.rd.tp / (r.rd.tp + r.rd.fp || 1);
      const rdR = r.rd.tp / (r.rd.tp + r.rd.fn || 1);
      console.log(`${r.page.tuning ? 'T' : 'H'} ${r.page.id.slice(0, 10)} bot P ${fmt(p)} R ${fmt(rc)}  readability P ${fmt(rdP)} R ${fmt(rdR)}`);
    }
    for (const b of broken.slice(0, 10)) console.log(`--- ${b.sourceId.slice(0, 10)}#${b.index}\n${b.text.slice(0, 400)}`);
  }
}

main();
