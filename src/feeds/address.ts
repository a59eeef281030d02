// Which addresses a feed may make the bot fetch. A feed on an internal host is allowed only
// when the operator says so: its URL names a private address literally, or it is listed in
// FEEDS_INTERNAL. Every other feed is public, and every hop of its requests (redirects
// included) and of its items' pages must resolve to public addresses only: a public feed
// must not make the bot read (and then quote) pages on the newsroom's internal network, nor
// the cloud metadata service (issue 19). Names are judged by what they resolve to.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { FetchError } from './fetch-error.js';

const PRIVATE = new BlockList();
// Unspecified, private, carrier-grade NAT, loopback, link-local (the metadata address
// 169.254.169.254 included), IETF protocol assignments, benchmarking, multicast, reserved.
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv4');
// Unspecified and loopback (and the old IPv4-compatible range), unique-local, link-local, multicast.
for (const [net, bits] of [['::', 96], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) PRIVATE.addSubnet(net, bits, 'ipv6');

/** Loopback, private, link-local, unique-local, multicast, reserved and unspecified addresses (IPv4-mapped IPv6 included). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family === 6) return PRIVATE.check(address, 'ipv6');
  return false;
}

/** Resolves a host name to its addresses (injected in tests). */
export type Resolver = (hostname: string) => Promise<string[]>;

export const systemResolver: Resolver = async (host) => (await lookup(host, { all: true })).map((a) => a.address);

/** The addresses a host name resolves to (an address literal is itself). */
export async function addressesOf(hostname: string, resolve: Resolver = systemResolver): Promise<string[]> {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return [host];
  return resolve(host);
}

/** Whether a fetch may reach private addresses, and who resolves names for it. */
export interface AddressPolicy {
  allowPrivate: boolean;
  resolve?: Resolver;
}

/**
 * The addresses of a host, all judged: refused (a FetchError naming the host and the address)
 * when any of them is private and the policy does not allow that.
 */
export async function approvedAddresses(hostname: string, policy: AddressPolicy): Promise<string[]> {
  let addresses: string[];
  try {
    addresses = await addressesOf(hostname, policy.resolve);
  } catch (err) {
    throw new FetchError(`${hostname} cannot be resolved (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (addresses.length === 0) throw new FetchError(`${hostname} cannot be resolved (no addresses)`);
  const inside = policy.allowPrivate ? undefined : addresses.find(isPrivateAddress);
  if (inside !== undefined) {
    const named = inside === hostname.replace(/^\[|\]$/g, '') ? '' : ` (${inside})`;
    throw new FetchError(`${hostname} is a private address${named}; not fetched for a public feed (list an internal feed in FEEDS_INTERNAL)`);
  }
  return addresses;
}

/**
 * True when the operator chose this feed as internal: its URL names a private address
 * literally, or it is listed (an exact URL, or a prefix ending at a path boundary) in `listed`.
 */
export function isInternalFeed(url: string, listed: readonly string[] = []): boolean {
  if (listed.some((l) => url === l || url.startsWith(l.endsWith('/') ? l : `${l}/`))) return true;
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return isIP(host) !== 0 && isPrivateAddress(host);
  } catch {
    return false;
  }
}
