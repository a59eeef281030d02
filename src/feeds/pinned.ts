// Connections only to addresses that passed the check. Resolving a name for the check and
// letting the HTTP client resolve it again to connect leaves a gap: a DNS server that answers
// a public address to the first query and a private one to the second (DNS rebinding) would
// get the bot to fetch from the internal network. Here the socket's own lookup is the check:
// it resolves the name, refuses when any address is private (unless the policy allows it),
// and hands exactly those addresses to the socket. Only the IP is pinned: the URL, the Host
// header and the TLS server name stay the host name, so certificates are verified against it.
import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import { approvedAddresses, systemResolver, type AddressPolicy, type Resolver } from './address.js';

/** A net.connect `lookup` that resolves through the policy's resolver and yields only approved addresses. */
export function pinnedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    approvedAddresses(hostname, policy).then(
      (addresses) => {
        // A family the socket asks for narrows the choice; the whole answer was judged above.
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = family ? addresses.filter((a) => isIP(a) === family) : addresses;
        if (usable.length === 0) {
          const err: NodeJS.ErrnoException = Object.assign(new Error(`${hostname} has no IPv${family} address`), { code: 'ENOTFOUND' });
          return callback(err, '', 0);
        }
        if (options.all) return callback(null, usable.map((address): LookupAddress => ({ address, family: isIP(address) })));
        callback(null, usable[0], isIP(usable[0]));
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };
}

// One agent per policy, so kept-alive connections are shared only between fetches judged the
// same way (a connection an internal feed opened is never reused for a public one).
const agents = new WeakMap<Resolver, { open?: Agent; closed?: Agent }>();

function agentFor(policy: AddressPolicy): Agent {
  const resolve = policy.resolve ?? systemResolver;
  const slot = agents.get(resolve) ?? {};
  agents.set(resolve, slot);
  const key = policy.allowPrivate ? 'open' : 'closed';
  slot[key] ??= new Agent({ connect: { lookup: pinnedLookup({ allowPrivate: policy.allowPrivate, resolve }) } });
  return slot[key];
}

/** A fetch whose connections go only to addresses the policy approved at connect time. */
export function pinnedFetch(policy: AddressPolicy): typeof fetch {
  const dispatcher = agentFor(policy);
  // undici's own fetch with its own Agent: Node's bundled fetch is another undici version.
  return ((input: string | URL, init: RequestInit) =>
    undiciFetch(input, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher })) as unknown as typeof fetch;
}
