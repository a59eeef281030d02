// Which addresses a feed may make the bot fetch. Feeds are chosen by the operator, so a
// feed may live on an internal host; but an item's link comes from whoever writes the feed,
// and a public feed must not make the bot read (and then quote) pages on the newsroom's
// internal network. So pages and redirects of a feed on a public address must resolve to
// public addresses too.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const PRIVATE = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16]] as const) PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10]] as const) PRIVATE.addSubnet(net, bits, 'ipv6');

/** Loopback, private, link-local, carrier-grade NAT and unspecified addresses (IPv4-mapped IPv6 included). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family === 6) return PRIVATE.check(address, 'ipv6');
  return false;
}

/** The addresses a host name resolves to (an address literal is itself). */
export async function addressesOf(hostname: string): Promise<string[]> {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return [host];
  return (await lookup(host, { all: true })).map((a) => a.address);
}

/** True when any address of the host is private (an internal feed, chosen by the operator). */
export async function isPrivateHost(hostname: string): Promise<boolean> {
  try {
    return (await addressesOf(hostname)).some(isPrivateAddress);
  } catch {
    return false;
  }
}
