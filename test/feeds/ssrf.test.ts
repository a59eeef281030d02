// Issue 19 item 2: a feed cannot make the bot request internal addresses. The "public" feed
// host is a name that an injected resolver maps to a public address, while an injected fetch
// carries its requests to the loopback test server; every hop (the feed request and each
// redirect) is judged by the addresses its host resolves to. Only a feed the operator lists
// as internal (FEEDS_INTERNAL) may reach private addresses. The last block fetches without an
// injected fetch: the connection itself must go to the addresses that were checked.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemSource } from '../../src/corpus/index.js';
import { isInternalFeed, isPrivateAddress } from '../../src/feeds/address.js';
import { createFeedPoller, fetchBounded, FetchError } from '../../src/feeds/index.js';
import { pinnedLookup } from '../../src/feeds/pinned.js';
import { loadConfig } from '../../src/config.js';
import type { Source } from '../../src/types.js';
import { rssFeed } from '../fixtures/feed-server.js';

let server: Server;
let port: number;
const requests: string[] = [];
let connections = 0;

const DNS: Record<string, string[]> = {
  'wire.public.test': ['198.51.100.7'],
  'cdn.public.test': ['203.0.113.9'],
  'metadata.public.test': ['169.254.169.254'],
  'rebind.public.test': ['198.51.100.8', '10.0.0.5'],
  'multicast.public.test': ['ff02::1'],
  'newsdesk.internal.test': ['127.0.0.1'],
};
const resolve = async (host: string) => {
  const found = DNS[host];
  if (!found) throw Object.assign(new Error(`no such host ${host}`), { code: 'ENOTFOUND' });
  return found;
};
/** Carries a request for any name to the loopback server (as if DNS had sent it there). */
const routed: typeof fetch = (input, init) => {
  const url = new URL(String(input));
  url.hostname = '127.0.0.1';
  return fetch(url, init);
};

const internalItems = () => [{ guid: 'int-1', link: `http://newsdesk.internal.test:${port}/memo`, title: 'Staff salaries for next year', published: '2026-12-01T09:00:00Z', summary: 'Internal memo: salaries of the editorial staff will rise by three percent next year, the board decided.' }];
const publicItems = () => [{ guid: 'pub-1', link: `http://cdn.public.test:${port}/bridge`, title: 'Harbour bridge approved', published: '2026-12-01T09:00:00Z', summary: 'The city council voted 7 to 2 on Tuesday to approve the new harbour bridge, ending a debate of four years.' }];

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push(path);
    const redirects: Record<string, string> = {
      '/to-loopback': `http://127.0.0.1:${port}/internal-feed`,
      '/to-metadata': `http://metadata.public.test:${port}/latest/meta-data`,
      '/to-mapped': `http://[::ffff:127.0.0.1]:${port}/internal-feed`,
      '/to-public': `http://cdn.public.test:${port}/public-feed`,
    };
    if (redirects[path]) {
      res.writeHead(302, { location: redirects[path] });
      return res.end();
    }
    const feeds: Record<string, string> = { '/internal-feed': rssFeed('Internal desk', internalItems()), '/public-feed': rssFeed('Wire', publicItems()), '/latest/meta-data': 'iam/security-credentials' };
    if (feeds[path]) {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return res.end(feeds[path]);
    }
    res.writeHead(404);
    res.end();
  });
  server.on('connection', () => void connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const at = (host: string, path: string) => `http://${host}:${port}${path}`;

function recordingIndex() {
  const indexed: Source[] = [];
  return { toSource: itemSource, indexed, index: async (s: Source[]) => void indexed.push(...s), indexedHash: () => undefined };
}

describe('addresses a feed may reach', () => {
  it('knows multicast, reserved, unique-local and metadata addresses as not public', () => {
    for (const a of ['169.254.169.254', '224.0.0.1', '239.255.255.250', '255.255.255.255', 'ff02::1', 'fd00:ec2::254', '::ffff:10.0.0.1', '::'])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['198.51.100.7', '203.0.113.9', '2001:db8::1', '1.1.1.1']) expect(isPrivateAddress(a), a).toBe(false);
  });

  it('a feed is internal only when its URL is a private address or the operator lists it', () => {
    expect(isInternalFeed('http://127.0.0.1:8080/rss')).toBe(true);
    expect(isInternalFeed('http://[::1]/rss')).toBe(true);
    expect(isInternalFeed('http://newsdesk.internal.test/rss')).toBe(false); // a name: judged by where it resolves, every hop
    expect(isInternalFeed('http://newsdesk.internal.test/rss', ['http://newsdesk.internal.test/rss'])).toBe(true);
    expect(isInternalFeed('http://newsdesk.internal.test/a/rss', ['http://newsdesk.internal.test'])).toBe(true);
    expect(isInternalFeed('http://newsdesk.internal.test.evil.example/rss', ['http://newsdesk.internal.test'])).toBe(false);
    expect(loadConfig({ FEEDS_INTERNAL: 'http://a.test/rss, http://b.test/' }).FEEDS_INTERNAL).toEqual(['http://a.test/rss', 'http://b.test/']);
  });
});

describe('every hop of a public feed is checked against the addresses it resolves to', () => {
  const http = { fetch: routed, resolve, allowPrivate: false };

  it.each([
    ['/to-loopback', /127\.0\.0\.1 is a private address/],
    ['/to-metadata', /metadata\.public\.test is a private address \(169\.254\.169\.254\)/],
    ['/to-mapped', /is a private address/],
  ])('a redirect %s is refused before any request to it', async (path, reason) => {
    requests.length = 0;
    await expect(fetchBounded(at('wire.public.test', path), http)).rejects.toThrow(reason);
    expect(requests).toEqual([path]);
  });

  it('a name that resolves to a private address (any of its addresses) is refused before any request', async () => {
    requests.length = 0;
    await expect(fetchBounded(at('rebind.public.test', '/public-feed'), http)).rejects.toThrow(/rebind\.public\.test is a private address \(10\.0\.0\.5\)/);
    await expect(fetchBounded(at('multicast.public.test', '/public-feed'), http)).rejects.toThrow(/private address \(ff02::1\)/);
    expect(requests).toEqual([]);
  });

  it('a redirect to another public host is followed', async () => {
    const r = await fetchBounded(at('wire.public.test', '/to-public'), http);
    expect(r.status).toBe(200);
  });

  it('the poller refuses a public feed that redirects into loopback: nothing indexed, the reason in its status', async () => {
    requests.length = 0;
    const rec = recordingIndex();
    const feed = at('wire.public.test', '/to-loopback');
    const poller = createFeedPoller({ feeds: [feed], ...rec, http: { fetch: routed, resolve } });
    const report = await poller.pollOnce();
    expect(report.failed).toBe(1);
    expect(rec.indexed).toEqual([]);
    expect(requests).not.toContain('/internal-feed');
    expect(poller.status()[0].error).toMatch(/127\.0\.0\.1 is a private address; not fetched for a public feed \(list an internal feed in FEEDS_INTERNAL\)/);
  });

  it('a name that resolves to loopback is refused unless the operator lists the feed as internal', async () => {
    const feed = at('newsdesk.internal.test', '/internal-feed');
    const refused = recordingIndex();
    const p1 = createFeedPoller({ feeds: [feed], ...refused, http: { fetch: routed, resolve } });
    expect((await p1.pollOnce()).failed, JSON.stringify(p1.status())).toBe(1);
    expect(refused.indexed).toEqual([]);
    const listed = recordingIndex();
    const p2 = createFeedPoller({ feeds: [feed], ...listed, internalFeeds: [feed], http: { fetch: routed, resolve } });
    expect((await p2.pollOnce()).failed).toBe(0);
    expect(listed.indexed.map((s) => s.title)).toEqual(['Staff salaries for next year']);
  });
});

describe('the connection goes to the addresses that were checked (DNS rebinding)', () => {
  /** A rebinding DNS server: a public address to the first question, loopback to every later one. */
  function rebinding() {
    const asked: string[] = [];
    const resolve = async (host: string) => {
      asked.push(host);
      return asked.length === 1 ? ['198.51.100.7'] : ['127.0.0.1'];
    };
    return { asked, resolve };
  }

  // "localhost": a client that resolved the name again on its own (the system resolver) would
  // land on the loopback test server, as a rebound name would.
  it('a name that answers public to the check and loopback to the connect is refused; nothing reaches the loopback server', async () => {
    requests.length = 0;
    connections = 0;
    const dns = rebinding();
    const err = await fetchBounded(at('localhost', '/public-feed'), { resolve: dns.resolve, allowPrivate: false, timeoutMs: 5_000 }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect(String(err)).toMatch(/^Error: localhost is a private address \(127\.0\.0\.1\); not fetched for a public feed \(list an internal feed in FEEDS_INTERNAL\)/);
    expect(dns.asked).toEqual(['localhost', 'localhost']); // the check, then the connection's own lookup
    expect(requests).toEqual([]);
    expect(connections).toBe(0);
  });

  it('the poller reports such a feed as refused, nothing indexed', async () => {
    requests.length = 0;
    connections = 0;
    const rec = recordingIndex();
    const poller = createFeedPoller({ feeds: [at('localhost', '/public-feed')], ...rec, http: { resolve: rebinding().resolve, timeoutMs: 5_000 } });
    expect((await poller.pollOnce()).failed).toBe(1);
    expect(rec.indexed).toEqual([]);
    expect(poller.status()[0].error).toMatch(/localhost is a private address \(127\.0\.0\.1\); not fetched for a public feed/);
    expect(requests).toEqual([]);
    expect(connections).toBe(0);
  });

  it('an internal feed on a name connects through the same lookup: the resolver it was given, not the system one', async () => {
    requests.length = 0;
    const asked: string[] = [];
    const internal = async (host: string) => (asked.push(host), DNS[host] ?? []);
    const r = await fetchBounded(at('newsdesk.internal.test', '/internal-feed'), { resolve: internal, allowPrivate: true, timeoutMs: 5_000 });
    expect(r.status).toBe(200);
    expect(asked).toEqual(['newsdesk.internal.test']); // no check for an internal feed: only the connection's lookup
    expect(requests).toEqual(['/internal-feed']);
    const feed = at('newsdesk.internal.test', '/internal-feed');
    const listed = recordingIndex();
    const poller = createFeedPoller({ feeds: [feed], ...listed, internalFeeds: [feed], http: { resolve: internal, timeoutMs: 5_000 } });
    expect((await poller.pollOnce()).failed, JSON.stringify(poller.status())).toBe(0);
    expect(listed.indexed.map((s) => s.title)).toEqual(['Staff salaries for next year']);
  });

  it('the lookup hands the socket only approved addresses, in the shape it asks for', async () => {
    const lookup = (policy: Parameters<typeof pinnedLookup>[0], host: string, options: object) =>
      new Promise<unknown>((done) => pinnedLookup(policy)(host, options, (err, address, family) => done(err ? `${err.name}: ${err.message}` : { address, family })));
    const closed = { allowPrivate: false, resolve };
    expect(await lookup(closed, 'wire.public.test', { all: true })).toEqual({ address: [{ address: '198.51.100.7', family: 4 }], family: undefined });
    expect(await lookup(closed, 'wire.public.test', {})).toEqual({ address: '198.51.100.7', family: 4 });
    expect(await lookup(closed, 'rebind.public.test', { all: true })).toMatch(/rebind\.public\.test is a private address \(10\.0\.0\.5\)/);
    expect(await lookup(closed, 'nowhere.test', {})).toMatch(/nowhere\.test cannot be resolved \(ENOTFOUND\)/);
    expect(await lookup(closed, 'wire.public.test', { family: 6 })).toMatch(/no IPv6 address/);
    const open = { allowPrivate: true, resolve };
    expect(await lookup(open, 'newsdesk.internal.test', {})).toEqual({ address: '127.0.0.1', family: 4 });
  });
});
