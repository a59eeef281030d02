// canonicalSpeakers compares a name only with clusters whose last-name key is within one
// edit (issue 14 part 6). These tests hold it to the result of the former all-pairs scan.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalSpeakers, personMentions, samePerson } from '../../src/claims/index.js';
import { nameMaker, random } from '../fixtures/helpers.js';

/** The former implementation: every name against every cluster (quadratic). */
function allPairs(names: string[]): Map<string, string> {
  const wc = (s: string) => s.split(/\s+/).filter(Boolean).length;
  const counts = new Map<string, number>();
  for (const n of names) {
    const t = n.trim().replace(/\s+/g, ' ');
    if (t) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const distinct = [...counts.keys()].sort((a, b) => wc(b) - wc(a) || b.length - a.length || a.localeCompare(b));
  const clusters: { canonical: string; members: string[]; weight: number }[] = [];
  for (const n of distinct) {
    const fits = clusters.filter((c) => c.members.every((m) => samePerson(m, n)) || (wc(n) === 1 && samePerson(c.canonical, n)));
    if (fits.length === 0) {
      clusters.push({ canonical: n, members: [n], weight: counts.get(n)! });
      continue;
    }
    const best = fits.sort((a, b) => b.weight - a.weight)[0];
    best.members.push(n);
    best.weight += counts.get(n)!;
  }
  const out = new Map<string, string>();
  for (const c of clusters) for (const m of c.members) out.set(m, c.canonical);
  for (const n of names) if (!out.has(n)) out.set(n, out.get(n.trim().replace(/\s+/g, ' ')) ?? n);
  return out;
}


const FIRST = ['Volodymyr', 'Dmitry', 'Donald', 'Kaja', 'Paul', 'Peter', 'Maria', 'Marco', 'Karoline', 'Scott', 'Tom', 'Anna', 'J.', 'JD', 'Sergei', 'Olena', 'Jean', 'Ursula'];
const LAST = ['Zelenskyy', 'Zelensky', 'Zelenskiy', 'Peskov', 'Trump', 'Kallas', 'Seadlund', 'Lopez', 'Rubio', 'Leavitt', 'Bessent', 'Becker', 'Vance', 'Lavrov', 'Shoigu', 'Zelenska', 'von der Leyen', 'Smith', 'Smyth', 'Schmidt', 'Schmitt', 'Johnson', 'Jonson', 'Johnsen', 'Anderson', 'Andersen'];

function syntheticNames(n: number, seed: number): string[] {
  const name = nameMaker(random(seed), FIRST, LAST, 0.15);
  return Array.from({ length: n }, name);
}

const same = (names: string[]) => {
  const want = allPairs(names);
  const got = canonicalSpeakers(names);
  expect([...got.entries()].sort()).toEqual([...want.entries()].sort());
};

describe('canonicalSpeakers by name-key buckets gives the all-pairs result', () => {
  it('on every person named in the seed articles', () => {
    const names = readdirSync('seeds').flatMap((f) => personMentions(readFileSync(join('seeds', f), 'utf8')).map((m) => m.name));
    expect(names.length).toBeGreaterThan(50);
    same(names);
  });

  it('on 3 × 2,000 generated names with transliterations, one-letter typos, initials and bare last names', () => {
    for (const seed of [1, 2, 3]) same(syntheticNames(2000, seed));
  });

  it('keeps the documented merges', () => {
    const m = canonicalSpeakers(['Zelensky', 'Volodymyr Zelenskyy', 'Zelenskyy', 'Zelenskiy', 'Paul Seadlund', 'Peter Seadlund', 'Seadlund', 'Seadlund']);
    expect(m.get('Zelensky')).toBe('Volodymyr Zelenskyy');
    expect(m.get('Zelenskiy')).toBe('Volodymyr Zelenskyy');
    expect(m.get('Paul Seadlund')).not.toBe(m.get('Peter Seadlund'));
  });
});
