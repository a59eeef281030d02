// How the wire-copy fingerprint (src/index/syndication.ts) behaves on real news: every pair
// of the RealTime QA articles (CNN, USA Today, The Week, …) compared, the similarity
// histogram printed, and the pairs grouped as copies split into identical texts and
// different texts (the ones to read: same-outlet updates, boilerplate-heavy pages, or
// templated items that are false copies). The threshold was fixed before this was run.
//   npm run build:bench && node dist-bench/bench/wire-copies.js ../shared/eval/realtimeqa/news-2023-2024-articles.jsonl
import { readFileSync } from 'node:fs';
import { WIRE_THRESHOLD, wireCopies, wireFingerprint, wireSimilarity } from '../src/index/syndication.js';

interface Article {
  url: string;
  title: string;
  text: string;
}

function main() {
  const path = process.argv[2] ?? '../shared/eval/realtimeqa/news-2023-2024-articles.jsonl';
  const articles = readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Article)
    .filter((a) => typeof a.text === 'string');
  const t0 = performance.now();
  const records = articles.map((a, i) => ({ id: String(i), ingestedAt: '2024-01-01T00:00:00Z', fingerprint: wireFingerprint(a.text.split(/\n\s*\n/).map((text) => ({ text }))) }));
  const fingerprintMs = performance.now() - t0;
  const t1 = performance.now();
  const copies = wireCopies(records);
  const groupMs = performance.now() - t1;
  const withPrint = records.filter((r) => r.fingerprint);
  const bins = new Array<number>(11).fill(0);
  let identical = 0;
  const distinct: string[] = [];
  for (let i = 0; i < withPrint.length; i++)
    for (let j = i + 1; j < withPrint.length; j++) {
      const v = wireSimilarity(withPrint[i].fingerprint!, withPrint[j].fingerprint!);
      bins[Math.floor(v * 10)]++;
      if (v < WIRE_THRESHOLD) continue;
      const a = articles[Number(withPrint[i].id)];
      const b = articles[Number(withPrint[j].id)];
      if (a.text === b.text) identical++;
      else distinct.push(`| ${v.toFixed(2)} | ${new URL(a.url).host} | ${a.title.slice(0, 50).replace(/\|/g, '/')} | ${b.title.slice(0, 50).replace(/\|/g, '/')} |`);
    }
  console.log(`\nWire-copy fingerprints on ${articles.length} RealTime QA articles (${withPrint.length} long enough to fingerprint), threshold ${WIRE_THRESHOLD}\n`);
  console.log('| measure | value |');
  console.log('|---|---|');
  console.log(`| fingerprinting, all articles | ${fingerprintMs.toFixed(0)} ms |`);
  console.log(`| grouping (LSH bands) | ${groupMs.toFixed(0)} ms |`);
  console.log(`| sources that are another's copy | ${copies.size} |`);
  console.log(`| pairs at or above the threshold: identical texts / different texts | ${identical} / ${distinct.length} |`);
  console.log(`| pairs by similarity, deciles 0.0–0.1 … 1.0 | ${bins.join(' · ')} |`);
  console.log('\nPairs of different texts grouped as copies:\n\n| similarity | site | one | other |\n|---|---|---|---|');
  for (const line of distinct) console.log(line);
}

main();
