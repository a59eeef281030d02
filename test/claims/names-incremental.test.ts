// Issue 24: an ingest of a few sources merges speakers again only around the names whose
// counts changed (canonicalNear). These tests hold it to merging the whole corpus again, on
// random corpora with one-edit neighbours, bare surnames, additions, removals and replacements.
import { describe, expect, it } from 'vitest';
import { canonicalFromCounts, canonicalNear } from '../../src/claims/index.js';
import { canonicaliseStatements } from '../../src/quotes/index.js';
import type { Statement } from '../../src/types.js';
import { nameMaker as makeNames, random } from '../fixtures/helpers.js';


const FIRST = ['Volodymyr', 'Dmitry', 'Donald', 'Kaja', 'Paul', 'Peter', 'Maria', 'Marco', 'Scott', 'Anna', 'J.', 'JD', 'Olena', 'Jean'];
const LAST = ['Zelenskyy', 'Zelensky', 'Zelenskiy', 'Peskov', 'Trump', 'Kallas', 'Seadlund', 'Lopez', 'Rubio', 'Bessent', 'Vance', 'Zelenska', 'von der Leyen', 'Smith', 'Smyth', 'Schmidt', 'Schmitt', 'Johnson', 'Jonson', 'Johnsen', 'Anderson', 'Andersen'];

const nameMaker = (r: () => number) => makeNames(r, FIRST, LAST, 0.2);

/** A source: the people it names (with counts) and one statement per named person. */
function source(id: string, r: () => number, name: () => string): { id: string; people: Record<string, number>; statements: Statement[] } {
  const people: Record<string, number> = {};
  const n = 1 + Math.floor(r() * 5);
  for (let i = 0; i < n; i++) {
    const who = name();
    people[who] = (people[who] ?? 0) + 1 + Math.floor(r() * 3);
  }
  const statements = Object.keys(people).map((who, i) => ({ speaker: who, speakerAsWritten: r() < 0.1 ? ` ${who}` : who, sourceId: id, title: id, paragraph: i, quote: `${who} spoke.` }));
  return { id, people, statements };
}

type Corpus = Map<string, ReturnType<typeof source>>;
const all = (c: Corpus) => [...c.values()].flatMap((s) => s.statements);
const people = (c: Corpus) => [...c.values()].map((s) => s.people);
const speakers = (list: Statement[]) => list.map((s) => `${s.sourceId}#${s.paragraph} ${s.speaker}`).sort();

describe('canonicalNear: merging again around the changed names equals merging the corpus', () => {
  for (const seed of [1, 2, 3, 7, 11, 42, 99, 2024]) {
    it(`seed ${seed}: additions, removals and replacements, one after another`, () => {
      const r = random(seed);
      const name = nameMaker(r);
      const corpus: Corpus = new Map();
      for (let i = 0; i < 20 + Math.floor(r() * 40); i++) corpus.set(`s${i}`, source(`s${i}`, r, name));
      let held = canonicaliseStatements(all(corpus), people(corpus));
      let next = corpus.size;
      for (let round = 0; round < 12; round++) {
        const changed: string[] = [];
        const ids = [...corpus.keys()];
        const kind = r();
        const gone = (id: string) => {
          changed.push(...Object.keys(corpus.get(id)!.people));
          corpus.delete(id);
          held = held.filter((s) => s.sourceId !== id);
        };
        const add = (id: string) => {
          const s = source(id, r, name);
          corpus.set(id, s);
          changed.push(...Object.keys(s.people));
          held = [...held, ...s.statements];
        };
        if (kind < 0.4) for (let k = 0; k < 1 + Math.floor(r() * 3); k++) add(`s${next++}`);
        else if (kind < 0.7 && ids.length > 3) for (const id of ids.filter(() => r() < 0.15).slice(0, 3)) gone(id);
        else if (ids.length) {
          const id = ids[Math.floor(r() * ids.length)];
          gone(id);
          add(id);
        }
        held = canonicaliseStatements(held, people(corpus), changed);
        expect(speakers(held)).toEqual(speakers(canonicaliseStatements(all(corpus), people(corpus))));
      }
    });
  }

  it('gives every name linked to a changed one exactly its whole-corpus canonical form', () => {
    for (const seed of [5, 6, 8]) {
      const r = random(seed);
      const name = nameMaker(r);
      const counts = new Map<string, number>();
      for (let i = 0; i < 300; i++) {
        const n = name();
        counts.set(n, (counts.get(n) ?? 0) + 1 + Math.floor(r() * 4));
      }
      const whole = canonicalFromCounts(counts);
      const names = [...counts.keys()];
      const changed = names.filter(() => r() < 0.05);
      const near = canonicalNear(counts, changed);
      for (const c of changed) expect(near.has(c)).toBe(true);
      for (const [n, canon] of near) expect(canon).toBe(whole.get(n));
    }
  });

  it('a bare surname far from the change keeps its speaker; a removed name is no longer merged into', () => {
    const rec = (o: Record<string, number>) => o;
    const st = (id: string, who: string): Statement => ({ speaker: who, speakerAsWritten: who, sourceId: id, title: id, paragraph: 0, quote: 'x' });
    const before = canonicaliseStatements([st('a', 'Kaja Kallas'), st('b', 'Kallas'), st('c', 'Trump')], [rec({ 'Kaja Kallas': 1 }), rec({ Kallas: 1 }), rec({ Trump: 1 })]);
    expect(before.map((s) => s.speaker)).toEqual(['Kaja Kallas', 'Kaja Kallas', 'Trump']);
    // Source a goes: "Kallas" is no longer anyone's bare surname.
    const after = canonicaliseStatements(before.slice(1), [rec({ Kallas: 1 }), rec({ Trump: 1 })], ['Kaja Kallas']);
    expect(after.map((s) => s.speaker)).toEqual(['Kallas', 'Trump']);
    expect(after[1]).toBe(before[2]); // untouched statements are the same objects (a segment then holds only the touched ones)
  });
});
