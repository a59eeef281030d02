// Fetching feeds and pages the way a careful reader does: http(s) only, a User-Agent that
// names the bot, a timeout over the whole exchange (redirects and body included), a size
// cap enforced while reading (a 50 MB page is cut off at the cap, not buffered), a bounded
// number of redirects, and conditional requests (ETag / Last-Modified) so an unchanged
// feed or page costs a 304. Every connection goes only to addresses that were checked when
// it was made (pinned.ts), so a public feed cannot reach the internal network, not even
// through a DNS server that changes its answer between the check and the connect.

import { approvedAddresses, type Resolver } from './address.js';
import { FetchError } from './fetch-error.js';
import { pinnedFetch } from './pinned.js';

export { FetchError };

export const USER_AGENT = 'newsroom-bot/0.1 (feed reader; +https://github.com/newsroom-bot)';

export interface HttpOptions {
  userAgent?: string;
  /** Whole exchange, in ms (default 15,000). */
  timeoutMs?: number;
  /** Largest body read, in bytes (default 5 MiB). */
  maxBytes?: number;
  /** Redirects followed (default 5). */
  maxRedirects?: number;
  /** Injected for tests (it then connects however it likes: only the check before each hop applies); otherwise undici's fetch, connecting only to the addresses its lookup approved. */
  fetch?: typeof fetch;
  /** Allow hosts on private addresses (default true; public feeds and their pages are fetched with false, every hop checked). */
  allowPrivate?: boolean;
  /** Resolves host names, for the check and for the connection (injected in tests; the system resolver otherwise). */
  resolve?: Resolver;
}

export interface Conditional {
  etag?: string;
  lastModified?: string;
}

export type Fetched =
  | { status: 304; url: string }
  | { status: 200; url: string; body: Uint8Array; contentType?: string; etag?: string; lastModified?: string };

export const DEFAULT_HTTP = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5 };

export function checkUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchError(`not a URL: ${raw.slice(0, 200)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchError(`only http and https are fetched, not ${url.protocol}`);
  return url;
}

export async function fetchBounded(raw: string, options: HttpOptions = {}, conditional: Conditional = {}): Promise<Fetched> {
  const o = { ...DEFAULT_HTTP, ...options };
  const policy = { allowPrivate: options.allowPrivate !== false, resolve: options.resolve };
  const doFetch = options.fetch ?? pinnedFetch(policy);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new FetchError(`no complete answer within ${o.timeoutMs} ms`)), o.timeoutMs);
  try {
    let url = checkUrl(raw);
    for (let hops = 0; ; hops++) {
      const headers: Record<string, string> = { 'user-agent': o.userAgent ?? USER_AGENT, accept: '*/*' };
      if (conditional.etag) headers['if-none-match'] = conditional.etag;
      if (conditional.lastModified) headers['if-modified-since'] = conditional.lastModified;
      // Refused here before any request (a kept-alive connection would skip the lookup); the
      // lookup of each new connection judges again the very addresses it connects to.
      if (!policy.allowPrivate) await approvedAddresses(url.hostname, policy);
      const res = await doFetch(url, { headers, redirect: 'manual', signal: controller.signal });
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        await res.body?.cancel().catch(() => undefined);
        const location = res.headers.get('location');
        if (!location) throw new FetchError(`HTTP ${res.status} without a Location`);
        if (hops >= o.maxRedirects) throw new FetchError(`more than ${o.maxRedirects} redirects`);
        url = checkUrl(new URL(location, url).href);
        continue;
      }
      if (res.status === 304) {
        await res.body?.cancel().catch(() => undefined);
        return { status: 304, url: url.href };
      }
      if (res.status !== 200) {
        await res.body?.cancel().catch(() => undefined);
        throw new FetchError(`HTTP ${res.status}`);
      }
      const body = await readCapped(res, o.maxBytes);
      return {
        status: 200,
        url: url.href,
        body,
        ...optional('contentType', res.headers.get('content-type')),
        ...optional('etag', res.headers.get('etag')),
        ...optional('lastModified', res.headers.get('last-modified')),
      };
    }
  } catch (err) {
    if (err instanceof FetchError) throw err;
    // A refusal by the connect-time lookup arrives as fetch's cause.
    if ((err as { cause?: unknown }).cause instanceof FetchError) throw (err as { cause: FetchError }).cause;
    const reason = controller.signal.reason;
    if (controller.signal.aborted && reason instanceof FetchError) throw reason;
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new FetchError(cause?.code ?? cause?.message ?? (err as Error).message);
  } finally {
    clearTimeout(timer);
  }
}

function optional<K extends string>(key: K, value: string | null): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

async function readCapped(res: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new FetchError(`larger than ${maxBytes} bytes (${declared} declared)`);
  }
  if (!res.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new FetchError(`larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
