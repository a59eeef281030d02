// The instruction recogniser (src/claims/instruction.ts) on test/claims/instruction-cases.json:
// injections recognised and ordinary news sentences wrongly flagged, tuning vs held-out half.
//   npm run build:bench && node dist-bench/bench/injection.js [--errors[=tune|held-out]] [--real-part=tune|held-out] [articles.jsonl]
// With the RealTime QA articles (../shared/eval/realtimeqa/news-2023-2024-articles.jsonl) it
// also reads the sentences of real news articles (unlabelled: each one flagged in the tuning
// part is printed, to be judged; 0-299 tuning, 300-599 held out) and times the recogniser.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { classifyInstruction, injectedSentences } from '../src/claims/instruction.js';
import { splitSentences } from '../src/corpus/index.js';
import { judgeCase, loadCases, type InstructionCase } from '../scripts/train-instruction.js';

function main() {
  const cases = loadCases();
  const errorsArg = process.argv.find((a) => a.startsWith('--errors'));
  const showSplit = errorsArg?.split('=')[1];
  const rows: string[] = [];
  const t0 = performance.now();
  // Batch 3 (issue 19 item 8: other languages, paragraph cases) is also shown on its own.
  const parts: [string, (c: InstructionCase & { batch?: number }) => boolean][] = [
    ['all', () => true],
    ['batch 3', (c) => c.batch === 3],
  ];
  for (const [name, keep] of parts) {
    for (const split of ['tune', 'held-out'] as const) {
      const part = cases.filter((c) => c.split === split && keep(c));
      const inj = part.filter((c) => c.instruction);
      const ord = part.filter((c) => !c.instruction);
      const caught = inj.filter(judgeCase);
      const flagged = ord.filter(judgeCase);
      rows.push(`| ${name} | ${split} | ${caught.length}/${inj.length} (${pct(caught.length, inj.length)}) | ${flagged.length}/${ord.length} (${pct(flagged.length, ord.length)}) |`);
      if (name === 'all' && errorsArg && (!showSplit || showSplit === split)) {
        for (const c of inj.filter((c) => !caught.includes(c))) console.error(`missed [${split}]: ${c.text}`);
        for (const c of flagged) console.error(`false positive [${split}]: ${c.text} (${classifyInstruction(c.text).reason})`);
      }
    }
  }
  const ms = (performance.now() - t0) / cases.length;
  console.log('| cases | split | injections recognised | ordinary sentences flagged |');
  console.log('|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log(`\n${cases.length} sentences, ${ms.toFixed(2)} ms a sentence (first reading, compromise loaded on the first)`);
  const articles = process.argv.slice(2).find((a) => a.endsWith('.jsonl'));
  if (articles) realNews(articles);
}

function realNews(file: string) {
  const all = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  // Articles 0-299 were read while choosing the features; 300-599 were not (held out).
  // --real-part=tune|held-out reads one part only (two processes on a busy machine).
  const only = process.argv.find((a) => a.startsWith('--real-part='))?.split('=')[1];
  for (const [name, from] of [['tune', 0], ['held-out', 300]] as const) if (!only || only === name) realNewsPart(name, all.slice(from, from + 300));
}

function realNewsPart(name: string, lines: string[]) {
  const paragraphs = lines.flatMap((l) => (JSON.parse(l) as { text: string }).text.split(/\n\s*\n/).map((p) => splitSentences(p).map((s) => s.text)));
  const sentences = paragraphs.flat();
  // One reading per sentence (timed), then the paragraph judgement from the cached verdicts.
  const flagged: string[] = [];
  const marked: string[] = [];
  let ms = 0;
  for (const p of paragraphs) {
    const t0 = performance.now();
    for (const s of p) if (classifyInstruction(s).instruction) flagged.push(s);
    ms += performance.now() - t0;
    // With neighbours: a flagged sentence that names its reader also marks the rest of its paragraph.
    for (const i of injectedSentences(p)) marked.push(p[i]);
  }
  ms /= sentences.length;
  const rate = (n: number) => ((100 * n) / sentences.length).toFixed(2);
  console.log(`\nreal news, ${name} (300 RealTime QA articles): ${flagged.length}/${sentences.length} sentences flagged alone (${rate(flagged.length)}%), ${marked.length} with neighbours (${rate(marked.length)}%), ${ms.toFixed(2)} ms a sentence`);
  if (name === 'tune' || process.argv.includes('--show-held-out')) for (const s of marked) console.log(`  flagged: ${s.slice(0, 160).replace(/\s+/g, ' ')}`);
}

const pct = (a: number, b: number) => `${Math.round((100 * a) / b)}%`;

main();
