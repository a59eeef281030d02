// Outlets as people write them, matched against the outlets the indexed sources say they are from.
import { describe, expect, it } from 'vitest';
import { indexedOutlets, readFilters, searchedLabel, selectSources } from '../../src/question/filters.js';
import { isOutlet, outletOf, readOutlets, registeredDomain } from '../../src/question/outlets.js';

const sources = [
  { id: 'cnn-1', url: 'https://edition.cnn.com/2022/03/02/world/quake/index.html', published: '2022-03-02' },
  { id: 'cnn-2', url: 'https://www.cnn.com/2022/02/20/politics/vote', published: '2022-02-20' },
  { id: 'week-1', url: 'https://www.theweek.co.uk/news/quake', published: '2022-03-04' },
  { id: 'guardian-1', outlet: 'The Guardian', url: 'https://www.theguardian.com/world/quake', published: '2022-03-05T09:00:00Z' },
  { id: 'reuters-1', outlet: 'Reuters', published: '2022-03-12' },
  { id: 'local-1', outlet: 'Harbour Gazette' },
];

describe('outlets', () => {
  it('a source is known by its outlet name, else its web address, as people write it', () => {
    expect(registeredDomain('edition.cnn.com')).toBe('cnn.com');
    expect(registeredDomain('www.theweek.co.uk')).toBe('theweek.co.uk');
    expect(outletOf(sources[0])).toBe('CNN');
    expect(outletOf(sources[2])).toBe('The Week');
    expect(outletOf({ url: 'https://news.example.org/a' })).toBe('example.org');
    for (const name of ['CNN', 'cnn', 'Cnn']) expect(isOutlet(name, sources[0]) && isOutlet(name, sources[1])).toBe(true);
    for (const name of ['The Week', 'the week', 'THE WEEK', 'TheWeek']) expect(isOutlet(name, sources[2]), name).toBe(true);
    for (const name of ['the Guardian', 'Guardian', 'The  Guardian']) expect(isOutlet(name, sources[3]), name).toBe(true);
    expect(isOutlet('Harbour Gazette', sources[5])).toBe(true);
    expect(isOutlet('CNN', sources[2])).toBe(false);
    expect(isOutlet('The Week', sources[0])).toBe(false);
  });

  it('the question names outlets in the ways reporters ask; other capitalised words after "in" or "according to" are not outlets', () => {
    expect(readOutlets('According to CNN, how many people died?', sources)).toMatchObject({ names: ['CNN'], rest: 'how many people died?' });
    expect(readOutlets('How big is the fire, from The Week?', sources)?.names).toEqual(['The Week']);
    expect(readOutlets('What did the Guardian report about the quake?', sources)?.names).toEqual(['the Guardian']);
    expect(readOutlets('What was the toll in the Guardian?', sources)).toMatchObject({ names: ['the Guardian'], rest: 'What was the toll?' });
    expect(readOutlets('Only Reuters stories: who won?', sources)?.names).toEqual(['Reuters']);
    expect(readOutlets('How many died in Nepal, according to police?', sources)).toBeNull();
    expect(readOutlets('What happened in Kyiv in March?', sources)).toBeNull();
    expect(readOutlets('According to Zelenskyy, who attacked?', sources)).toBeNull();
  });

  it('filters select sources by outlet and month; a well-known outlet with no sources is reported as unknown', () => {
    const asOf = new Date('2022-03-31T12:00:00Z');
    const f = readFilters('How many people died in the earthquake, according to CNN, in March?', asOf, 'UTC', sources);
    expect(f.text).toBe('How many people died in the earthquake?');
    expect(searchedLabel(f)).toBe('CNN, March 2022');
    expect(selectSources(sources, f, asOf, 'UTC')).toEqual(new Set(['cnn-1']));
    const bbc = readFilters('What did the BBC report about the quake?', asOf, 'UTC', sources);
    expect(bbc.unknownOutlets).toEqual(['the BBC']);
    expect(selectSources(sources, bbc, asOf, 'UTC')).toEqual(new Set());
    expect(indexedOutlets(sources)).toEqual(['CNN', 'Harbour Gazette', 'Reuters', 'The Guardian', 'The Week']);
  });

  it('nothing published after the as-of instant is searched; a date alone is in until its day starts after it', () => {
    const none = readFilters('How many people died?', new Date('2022-03-04T08:00:00Z'), 'UTC', sources);
    expect(selectSources(sources, none, new Date('2022-03-04T08:00:00Z'), 'UTC')).toEqual(new Set(['cnn-1', 'cnn-2', 'week-1', 'local-1']));
    expect(selectSources(sources, none, new Date('2022-03-31T08:00:00Z'), 'UTC')).toBeUndefined();
  });
});
