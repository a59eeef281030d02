// Quote attribution at ingest is incremental (issue 14 part 6): only the sources that changed
// are attributed; every stored statement then gets its speaker merged over the whole corpus,
// so adding sources one run at a time gives the same merges as indexing them all at once.
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSources } from '../../src/corpus/index.js';
import { ingest, type Attribution } from '../../src/index/ingest.js';
import { extractStatements } from '../../src/quotes/index.js';
import { loadIndex } from '../../src/index/store.js';
import type { Statement } from '../../src/types.js';
import { statementsOf } from '../../src/wiring.js';
import { hashEmbedder } from '../fixtures/hash-embedder.js';

const FILES = [
  ...readdirSync('seeds').map((f) => join('seeds', f)),
  ...readdirSync('test/fixtures/local-news').map((f) => join('test/fixtures/local-news', f)),
].filter((f) => /\.(txt|md|html)$/.test(f));

let root: string;
beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'incremental-quotes-'))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

const key = (s: Statement) => `${s.sourceId}#${s.paragraph}#${s.speakerAsWritten}#${s.quote}`;
const bySpeaker = (list: Statement[]) => new Map(list.map((s) => [key(s), s.speaker]));

/** The real attribution, counting which sources it is asked to read. */
function counting(): Attribution & { read: string[][] } {
  const read: string[][] = [];
  return {
    read,
    attribute: (sources, known) => {
      read.push(sources.map((s) => s.id).sort());
      return statementsOf.attribute(sources, known);
    },
    namedIn: statementsOf.namedIn,
    canonicalise: statementsOf.canonicalise,
    surnames: statementsOf.surnames,
  };
}

describe('incremental quote attribution', () => {
  it('one source at a time gives the statements and merged speakers of one run over all', async () => {
    const embedder = hashEmbedder();
    // The reference: every paragraph attributed and merged in one call.
    const { sources } = await loadSources(FILES);
    const whole = extractStatements(sources.flatMap((x) => x.paragraphs), (id) => ({ title: sources.find((x) => x.id === id)!.title }));
    expect(whole.length).toBeGreaterThan(40);
    expect(whole.some((x) => x.speaker !== x.speakerAsWritten)).toBe(true); // there are merges to get right

    const one = join(root, 'one');
    const attribution = counting();
    for (const f of FILES) await ingest({ paths: [f], indexDir: one, embedder, statements: attribution });
    expect(attribution.read.every((ids) => ids.length === 1)).toBe(true); // only the new source is read each time
    const stepwise = loadIndex(one).statements();

    // Every statement found both ways has the same canonical speaker.
    const want = bySpeaker(whole);
    const got = bySpeaker(stepwise);
    const common = [...want.keys()].filter((k) => got.has(k));
    expect(common.length).toBeGreaterThan(whole.length * 0.9);
    expect(common.filter((k) => want.get(k) !== got.get(k))).toEqual([]);
  }, 60_000);

  it('a changed source is re-attributed alone; the statements of the others are kept', async () => {
    const corpus = join(root, 'corpus');
    mkdirSync(corpus);
    for (const f of FILES) copyFileSync(f, join(corpus, basename(f)));
    const embedder = hashEmbedder();
    const dir = join(root, 'index');
    const attribution = counting();
    await ingest({ paths: [corpus], indexDir: dir, embedder, statements: attribution });
    const before = loadIndex(dir).statements();
    const changed = join(corpus, basename(FILES[0]));
    const id = basename(FILES[0]).replace(/\.[^.]+$/, '');
    appendFileSync(changed, '\n“The talks will continue next week,” Peskov told reporters on Friday.\n');
    await ingest({ paths: [corpus], indexDir: dir, embedder, statements: attribution });
    expect(attribution.read).toHaveLength(2);
    expect(attribution.read[1]).toEqual([id]); // only the changed source is read again
    const after = loadIndex(dir).statements();
    const others = (list: Statement[]) => list.filter((s) => s.sourceId !== id).map((s) => `${key(s)}#${s.speaker}`).sort();
    expect(others(after)).toEqual(others(before));
    // Known from the other sources: the bare "Peskov" is the Dmitry Peskov named elsewhere.
    expect(after.find((s) => s.sourceId === id && s.quote.includes('talks will continue'))?.speaker).toBe('Dmitry Peskov');
  }, 60_000);

  it('attributed in parts of 50 sources while the model runs, a large batch gives the result of one call', async () => {
    const corpus = join(root, 'many');
    mkdirSync(corpus);
    // "said Peskov" counts only when Peskov is known by full name somewhere: here, in the last file.
    writeFileSync(join(corpus, 'a-first.txt'), 'Talks to go on\n\n“The talks will go on,” said Peskov.\n');
    for (let i = 0; i < 120; i++) writeFileSync(join(corpus, `m-${String(i).padStart(3, '0')}.txt`), `Council ${i}\n\nThe council met for meeting number ${i} on Tuesday.\n`);
    writeFileSync(join(corpus, 'z-last.txt'), 'Kremlin\n\nDmitry Peskov spoke to reporters in Moscow on Friday.\n');
    const attribution = counting();
    const dir = join(root, 'index');
    await ingest({ paths: [corpus], indexDir: dir, embedder: hashEmbedder(), statements: attribution, step: 8 });
    expect(attribution.read.length).toBeGreaterThan(1); // it was done in parts
    const { sources } = await loadSources([corpus]);
    const once = extractStatements(sources.flatMap((x) => x.paragraphs), (id) => ({ title: sources.find((x) => x.id === id)!.title }));
    expect(once.map((x) => `${key(x)}#${x.speaker}`)).toContain('a-first#1#Peskov#“The talks will go on,” said Peskov.#Dmitry Peskov');
    expect(loadIndex(dir).statements().map((x) => `${key(x)}#${x.speaker}`).sort()).toEqual(once.map((x) => `${key(x)}#${x.speaker}`).sort());
  }, 60_000);
});
