// Filters read from the question (issue 20), through the answerer: outlets and time windows
// select the sources searched (before ranking), the reply says what was searched, a filtered
// not-found says how many sources outside the filter answer, an unknown outlet lists the
// indexed ones, and nothing published after the as-of time is quoted. Keyword search only
// (no embedder): what is tested is the filtering, not the ranking.
import { describe, expect, it } from 'vitest';
import { createAnswerer } from '../../src/answer/answerer.js';
import { asOfMessage } from '../../src/chat/core.js';
import { LocalIndex } from '../../src/index/local-index.js';
import type { Source } from '../../src/types.js';

function newsroom(): LocalIndex {
  const index = LocalIndex.empty({ id: 'none', dimension: 4 }, 16);
  const story = (id: string, meta: Partial<Source>, text: string): Source => ({ id, title: `Story ${id}`, ...meta, paragraphs: [{ sourceId: id, index: 1, text }] });
  const sources = [
    story('cnn-mar', { url: 'https://edition.cnn.com/2022/03/02/quake', published: '2022-03-02' }, 'The Varek earthquake killed 12 people, rescuers in Varek said.'),
    story('cnn-feb', { url: 'https://www.cnn.com/2022/02/10/quake', published: '2022-02-10' }, 'An earlier Varek earthquake killed 3 people, rescuers in Varek said.'),
    story('week-mar', { url: 'https://www.theweek.co.uk/news/quake', published: '2022-03-07' }, 'The Varek earthquake killed 31 people, the ministry in Varek said.'),
    story('guardian', { outlet: 'The Guardian', published: '2022-03-08' }, 'The harbour council voted on the ferry budget on Tuesday.'),
    story('later', { outlet: 'Reuters', published: '2022-03-20' }, 'The Varek earthquake killed 57 people, officials in Varek said.'),
    story('undated', { outlet: 'Harbour Gazette' }, 'Ferry timetables change in spring, the harbour office said.'),
  ];
  const v = Float32Array.from([1, 0, 0, 0]);
  index.apply({ upserts: sources.map((source) => ({ source, vectors: source.paragraphs.map(() => v), ingestedAt: '2022-03-10T00:00:00Z' })), removals: [] });
  return index;
}

const index = newsroom();
const answerer = createAnswerer({ index: () => index, embedder: null, timeZone: 'UTC', now: () => new Date('2022-03-10T12:00:00Z') });
const asOf = new Date('2022-03-10T12:00:00Z');

describe('filters read from the question', { timeout: 90_000 }, () => {
  it('an outlet: only its sources are quoted, the Answer JSON carries the filter, the reply says what was searched', async () => {
    const a = await answerer.ask('According to CNN, how many people did the Varek earthquake kill?', { asOf });
    expect(a.status).toBe('answered');
    expect(new Set(a.excerpts.map((e) => e.sourceId))).toEqual(new Set(['cnn-mar', 'cnn-feb']));
    expect(a.filters).toEqual({ outlets: ['CNN'] });
    expect(a.searched).toBe('CNN');
    expect(a.text).toMatch(/\nSearched: CNN$/);
  });

  it('an outlet and a month: "Searched: CNN, March 2022"', async () => {
    const a = await answerer.ask('How many people did the Varek earthquake kill, according to CNN, in March?', { asOf });
    expect(a.excerpts.map((e) => e.sourceId)).toEqual(['cnn-mar']);
    expect(a.filters).toEqual({ since: '2022-03-01T00:00:00.000Z', until: '2022-03-10T12:00:00.001Z', outlets: ['CNN'] });
    expect(a.text).toContain('Searched: CNN, March 2022');
  });

  it('a time window alone: this week', async () => {
    const a = await answerer.ask('How many people did the Varek earthquake kill this week?', { asOf });
    expect(a.excerpts.map((e) => e.sourceId)).toEqual(['week-mar']);
    expect(a.searched).toBe('this week (7–10 March 2022)');
  });

  it('a filtered not-found says so, and how many sources outside the filter answer', async () => {
    const a = await answerer.ask('How many people did the Varek earthquake kill, according to the Guardian?', { asOf });
    expect(a.status).toBe('not_found');
    expect(a.notes?.join(' ')).toMatch(/Nothing from the Guardian answers this; 3 sources outside that filter do/);
    expect(a.text).toContain('Searched: the Guardian');
  });

  it('an outlet nothing indexed is from: the reply lists the outlets that are', async () => {
    const a = await answerer.ask('How many people did the Varek earthquake kill, according to the BBC?', { asOf });
    expect(a.status).toBe('not_found');
    expect(a.notes).toEqual(['No indexed source is from the BBC. Outlets indexed: CNN, Harbour Gazette, Reuters, The Guardian, The Week.']);
  });

  it('nothing published after the as-of time is quoted; without an as-of (now) it is', async () => {
    const then = await answerer.ask('How many people did the Varek earthquake kill?', { asOf });
    expect(then.excerpts.map((e) => e.sourceId)).not.toContain('later');
    const now = await createAnswerer({ index: () => index, embedder: null, timeZone: 'UTC', now: () => new Date('2022-04-01T00:00:00Z') }).ask('How many people did the Varek earthquake kill?');
    expect(now.excerpts.map((e) => e.sourceId)).toContain('later');
    expect(now.searched).toBe('all sources');
    // An as-of time far from now is named in the reply.
    expect(then.searched).toBe('all sources');
    const archive = await answerer.ask('How many people did the Varek earthquake kill?', { asOf: new Date('2022-02-20T00:00:00Z') });
    expect(archive.searched).toBe('all sources, as of 20 February 2022');
    expect(archive.excerpts.map((e) => e.sourceId)).toEqual(['cnn-feb']);
  });

  it('every quoted excerpt shows its date, or "undated"', async () => {
    const a = await answerer.ask('When do ferry timetables change?', { asOf });
    const quoteLines = a.text.split('\n').filter((l) => l.startsWith('“'));
    expect(quoteLines.length).toBeGreaterThan(0);
    for (const l of quoteLines) expect(l).toMatch(/\] \((undated|\d{1,2} \w+ \d{4})\)$/);
    expect(a.text).toContain('(undated)');
  });

  it('chat asks as of the message time, unless that time is not a message time', () => {
    const now = new Date('2022-03-10T12:00:00Z');
    expect(asOfMessage(new Date('2022-03-10T11:59:00Z'), now)).toEqual({ asOf: new Date('2022-03-10T11:59:00Z') });
    expect(asOfMessage(new Date('2015-01-01T00:00:00Z'), now)).toEqual({});
    expect(asOfMessage(undefined, now)).toEqual({});
  });
});
