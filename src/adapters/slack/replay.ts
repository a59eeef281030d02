// A signed Slack request sent again inside the five-minute window carries the same timestamp
// and signature and passes Bolt's checks: a captured slash command could be replayed to have
// it answered again (issue 19). Each signature is remembered for as long as its timestamp is
// accepted (the window either side of now), in a bounded set, and a repeat is acknowledged
// with an empty 200 and not handed to Bolt.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RecentKeys } from './dedupe.js';
import { MAX_SKEW_S } from './timestamp.js';

/** Signatures remembered at most (about 100 bytes each): far above any newsroom's request rate. */
export const MAX_REMEMBERED_SIGNATURES = 50_000;

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export function signatureMemory(now: () => number = Date.now): RecentKeys {
  // A timestamp is accepted from 5 minutes before now to 5 after: its signature can come back for 10.
  return new RecentKeys({ max: MAX_REMEMBERED_SIGNATURES, ttlMs: 2 * MAX_SKEW_S * 1000, now });
}

/** Wraps a receiver's request listener: a request whose signature was seen in the window is not handled again. */
export function refuseReplays(inner: Listener, seen: RecentKeys, onReplay: (ts: string) => void): Listener {
  return (req, res) => {
    const signature = req.headers['x-slack-signature'];
    const ts = req.headers['x-slack-request-timestamp'];
    if (typeof signature === 'string' && signature && typeof ts === 'string' && !seen.add(`${ts}:${signature}`)) {
      onReplay(ts.slice(0, 20));
      req.resume();
      res.writeHead(200);
      res.end();
      return;
    }
    inner(req, res);
  };
}
