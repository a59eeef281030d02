import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/corpus/index.js';
import { detectLanguage, languageName } from '../../src/corpus/language.js';
import { newestFirst, readableDate } from '../../src/time.js';

const page = (head: string, body: string) =>
  parseSource({ id: 'p', bytes: new TextEncoder().encode(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`), format: 'html' });

const ARTICLE =
  '<article><h1>Storm hits the coast</h1><p class="byline">By Jane Smith</p><p>A storm with winds of 150 km/h hit the coast on Monday, cutting power to 40,000 homes, officials said.</p>' +
  '<p>Repair crews worked through the night, and the utility said most customers would have power back by Wednesday evening.</p></article>';

describe('page metadata', () => {
  it('reads published and updated times, outlet and author from JSON-LD', () => {
    const ld = {
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', name: 'ignored' },
        {
          '@type': 'NewsArticle',
          headline: 'Storm hits the coast',
          datePublished: '2019-11-18T21:00:00-05:00',
          dateModified: '2019-11-19T08:30:00-05:00',
          author: [{ '@type': 'Person', name: 'Jane Smith' }, { '@type': 'Person', name: 'Tom Lee' }],
          publisher: { '@type': 'Organization', name: 'Coast Herald' },
        },
      ],
    };
    const s = page(`<title>Storm hits the coast</title><script type="application/ld+json">${JSON.stringify(ld)}</script>`, ARTICLE);
    expect(s).toMatchObject({ published: '2019-11-18T21:00:00-05:00', modified: '2019-11-19T08:30:00-05:00', outlet: 'Coast Herald', author: 'Jane Smith, Tom Lee' });
  });

  it('takes the outlet from og:site_name, never from the byline', () => {
    const s = page('<title>Storm</title><meta property="og:site_name" content="Coast Herald"><meta name="author" content="Jane Smith">', ARTICLE);
    expect(s.outlet).toBe('Coast Herald');
    expect(s.author).toBe('Jane Smith');
    const noSite = page('<title>Storm</title>', ARTICLE);
    expect(noSite.outlet).toBeUndefined();
  });

  it('reads dates from meta tags and <time>, in several spellings', () => {
    expect(page('<title>S</title><meta name="pubdate" content="2017-11-03T03:01:00.000000">', ARTICLE).published).toBe('2017-11-03T03:01:00.000000');
    expect(page('<title>S</title><meta name="sailthru.date" content="Tue, 19 Nov 2019 10:00:00 GMT">', ARTICLE).published).toBe('2019-11-19');
    expect(page('<title>S</title>', `<time datetime="2025-03-14">March 14</time>${ARTICLE}`).published).toBe('2025-03-14');
    expect(page('<title>S</title><meta property="article:modified_time" content="2025-03-15T09:00:00Z">', ARTICLE).modified).toBe('2025-03-15T09:00:00Z');
  });

  it('ignores a JSON-LD block that does not parse', () => {
    const s = page('<title>S</title><script type="application/ld+json">{ broken</script><meta property="og:site_name" content="Coast Herald">', ARTICLE);
    expect(s.outlet).toBe('Coast Herald');
  });
});

describe('readable dates', () => {
  it('shows a date, an instant in the newsroom time zone, and a zone-less time as written', () => {
    expect(readableDate('2025-03-14', 'Europe/Berlin')).toBe('14 March 2025');
    expect(readableDate('2025-03-14T23:30:00Z', 'Europe/Berlin')).toBe('15 March 2025, 00:30');
    expect(readableDate('2019-11-18T21:00:00-05:00', 'UTC')).toBe('19 November 2019, 02:00');
    expect(readableDate('2017-11-03T03:01:00.000000', 'Asia/Tokyo')).toBe('3 November 2017, 03:01');
    expect(readableDate('sometime', 'UTC')).toBe('sometime');
  });

  it('puts undated sources last under newest first', () => {
    const sources = [
      { id: 'undated-new', ingestedAt: '2025-04-01T00:00:00Z' },
      { id: 'old', published: '2024-01-01', ingestedAt: '2025-01-01T00:00:00Z' },
      { id: 'new', published: '2025-03-14T10:00:00Z', ingestedAt: '2025-01-01T00:00:00Z' },
      { id: 'undated-old', ingestedAt: '2025-02-01T00:00:00Z' },
    ];
    expect([...sources].sort(newestFirst).map((s) => s.id)).toEqual(['new', 'old', 'undated-new', 'undated-old']);
  });
});

describe('language of a source', () => {
  it('detects English, Spanish and French articles, and is unsure about a scrap of text', () => {
    expect(detectLanguage('The phone call lasted two hours, officials said on Tuesday. It was the first call in months and covered a ceasefire in Ukraine, the exchange of prisoners and the future of the power plant, which both sides said they wanted to discuss again soon.')).toBe('en');
    expect(detectLanguage('El presidente del Gobierno dijo el martes que las negociaciones continuarán la próxima semana en Madrid con los sindicatos, que piden una subida de los salarios y una reducción de la jornada laboral para todos los trabajadores.')).toBe('es');
    expect(detectLanguage('Le président a annoncé mardi que les négociations reprendront la semaine prochaine à Paris avec les syndicats, qui demandent une hausse des salaires et une réduction du temps de travail pour tous les salariés.')).toBe('fr');
    expect(detectLanguage('Hello')).toBeUndefined();
    // Too short to tell apart from Dutch or French: unknown rather than wrong.
    expect(detectLanguage('Port strike in Odesa\nDock workers in Odesa went on strike on Monday over unpaid wages.')).toBeUndefined();
    expect(languageName('es')).toBe('Spanish');
  });

  it('is stored on the Source', () => {
    const s = page(
      '<title>Tormenta</title>',
      '<article><h1>Tormenta en la costa</h1><p>Una tormenta con vientos de 150 km/h azotó la costa el lunes y dejó sin luz a 40.000 hogares, según las autoridades.</p><p>Las cuadrillas trabajaron toda la noche y la compañía eléctrica dijo que la mayoría de los clientes tendrían luz el miércoles.</p></article>',
    );
    expect(s.language).toBe('es');
  });
});
