// Wire fingerprints: copies of one story (different headline, byline, furniture) are grouped;
// independent reports of the same event are not.
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/corpus/index.js';
import { wireCopies, wireFingerprint, wireSimilarity } from '../../src/index/syndication.js';
import { articlePage } from '../fixtures/feed-server.js';
import { LATER_BODY, LOCAL_BODY, WIRE_BODY, wireCopy } from './fixtures.js';

const paragraphsOf = (html: string) => parseSource({ id: 'x', bytes: Buffer.from(html), format: 'html' }).paragraphs;

describe('wire fingerprints', () => {
  const a = wireFingerprint(paragraphsOf(wireCopy('Harbour Times', 'Storm kills 12 in Porto Vello')))!;
  const b = wireFingerprint(paragraphsOf(wireCopy('Coast Daily', 'Deadly storm hits Porto Vello')))!;
  // A copy that an outlet trimmed (last paragraph cut) and retitled.
  const trimmed = wireFingerprint(paragraphsOf(articlePage('Storm toll 12', WIRE_BODY.slice(0, 3), 'Valley Post')))!;
  const local = wireFingerprint(paragraphsOf(articlePage('Mayor: storm toll rises', LOCAL_BODY(15), 'Gazette')))!;

  it('finds copies of one wire story and tells independent reports apart', () => {
    expect(wireSimilarity(a, b)).toBeGreaterThanOrEqual(0.8);
    expect(wireSimilarity(a, trimmed)).toBeGreaterThanOrEqual(0.5);
    expect(wireSimilarity(a, local)).toBeLessThan(0.1);
  });

  it('groups copies under the one seen first', () => {
    const copies = wireCopies([
      { id: 'b', ingestedAt: '2026-12-01T10:05:00Z', fingerprint: b },
      { id: 'a', ingestedAt: '2026-12-01T10:00:00Z', fingerprint: a },
      { id: 't', ingestedAt: '2026-12-01T10:09:00Z', fingerprint: trimmed },
      { id: 'local', ingestedAt: '2026-12-01T09:00:00Z', fingerprint: local },
    ]);
    expect([...copies.entries()].sort()).toEqual([['b', 'a'], ['t', 'a']]);
  });

  it('leaves short texts without a fingerprint (two briefs can share every word)', () => {
    expect(wireFingerprint([{ text: LATER_BODY[0] }])).toBeUndefined();
  });
});
