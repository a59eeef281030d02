// A small feed and article server on 127.0.0.1 for the feed tests: pages are set per path and
// can be changed between polls; ETags answer If-None-Match with 304; special routes are
// slow, failing, redirecting in a loop or 50 MB long. It records every request it gets.
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface Page {
  body: string;
  type?: string;
  status?: number;
  /** Sent as ETag; a request with a matching If-None-Match gets 304. */
  etag?: string;
  delayMs?: number;
}

export interface FeedServer {
  url: (path: string) => string;
  set(path: string, page: Page): void;
  remove(path: string): void;
  requests: { path: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

export const HUGE_BYTES = 50 * 1024 * 1024;

export async function startFeedServer(): Promise<FeedServer> {
  const pages = new Map<string, Page>();
  const requests: FeedServer['requests'] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, headers: req.headers });
    if (path.startsWith('/loop')) {
      // /loop1 → /loop2 → /loop1 → … forever.
      res.writeHead(302, { location: path === '/loop1' ? '/loop2' : '/loop1' });
      return res.end();
    }
    if (path === '/huge') {
      // 50 MB of article markup, streamed: the client must stop reading at its cap.
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.from('<p>' + 'word '.repeat(13_106) + '</p>\n'); // 64 KiB
      let sent = 0;
      const pump = () => {
        while (sent < HUGE_BYTES) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => (sent = HUGE_BYTES));
      return pump();
    }
    const page = pages.get(path);
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    const send = () => {
      if (page.etag && req.headers['if-none-match'] === page.etag) {
        res.writeHead(304, { etag: page.etag });
        return res.end();
      }
      res.writeHead(page.status ?? 200, { 'content-type': page.type ?? 'text/html; charset=utf-8', ...(page.etag ? { etag: page.etag } : {}) });
      res.end(page.body);
    };
    if (page.delayMs) {
      const t = setTimeout(() => {
        timers.delete(t);
        if (!res.destroyed) send();
      }, page.delayMs);
      timers.add(t);
    } else send();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    set: (path, page) => void pages.set(path, page),
    remove: (path) => void pages.delete(path),
    requests,
    close: () =>
      new Promise<void>((r) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface TestItem {
  guid: string;
  link: string;
  title: string;
  published?: string;
  author?: string;
  summary?: string;
  updated?: string;
}

export function rssFeed(title: string, items: TestItem[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>${esc(title)}</title><link>http://127.0.0.1/</link><description>test</description>
${items
  .map(
    (i) => `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link><guid isPermaLink="false">${esc(i.guid)}</guid>${i.published ? `<pubDate>${new Date(i.published).toUTCString()}</pubDate>` : ''}${i.author ? `<dc:creator>${esc(i.author)}</dc:creator>` : ''}${i.summary ? `<description>${esc(i.summary)}</description>` : ''}</item>`,
  )
  .join('\n')}
</channel></rss>`;
}

export function atomFeed(title: string, items: TestItem[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>${esc(title)}</title><id>urn:test:${esc(title)}</id><updated>2026-12-01T10:00:00Z</updated>
${items
  .map(
    (i) => `<entry><title>${esc(i.title)}</title><id>${esc(i.guid)}</id><link href="${esc(i.link)}"/><updated>${i.updated ?? i.published ?? '2026-12-01T10:00:00Z'}</updated>${i.published ? `<published>${i.published}</published>` : ''}${i.author ? `<author><name>${esc(i.author)}</name></author>` : ''}${i.summary ? `<summary>${esc(i.summary)}</summary>` : ''}</entry>`,
  )
  .join('\n')}
</feed>`;
}

export function jsonFeed(title: string, items: TestItem[]): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title,
    items: items.map((i) => ({
      id: i.guid,
      url: i.link,
      title: i.title,
      ...(i.summary ? { content_text: i.summary } : {}),
      ...(i.published ? { date_published: i.published } : {}),
      ...(i.author ? { authors: [{ name: i.author }] } : {}),
    })),
  });
}

export function articlePage(title: string, paragraphs: string[], site = 'Test Outlet'): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title><meta property="og:site_name" content="${esc(site)}"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>${esc(title)}</h1>
${paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}
</article><footer>© Test Outlet</footer></body></html>`;
}
