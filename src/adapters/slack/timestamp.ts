// Slack signs `v0:{timestamp}:{body}`; a signed request replayed later is refused by its
// timestamp. Bolt refuses only timestamps more than five minutes in the past, so a request
// signed with a timestamp in the future (a captured signature kept for later, or a sender
// with a wrong clock) would pass for as long as that future lasts. Both directions are refused.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Slack's own window: a request's timestamp may differ from now by at most five minutes. */
export const MAX_SKEW_S = 5 * 60;

/** Whether an x-slack-request-timestamp header lies outside the window around now (a missing one is Bolt's to refuse). */
export function timestampOutOfWindow(header: string | string[] | undefined, nowMs: number, maxSkewS = MAX_SKEW_S): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === '') return false;
  const ts = Number(value);
  if (!Number.isFinite(ts)) return false;
  return Math.abs(Math.floor(nowMs / 1000) - ts) > maxSkewS;
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** Wraps a receiver's request listener: out-of-window requests get 401 before Bolt sees them. */
export function refuseOutOfWindow(inner: Listener, now: () => number, onRefused: (ts: string) => void): Listener {
  return (req, res) => {
    const header = req.headers['x-slack-request-timestamp'];
    if (timestampOutOfWindow(header, now())) {
      onRefused(String(header).slice(0, 20));
      req.resume(); // drain the body so the connection can be reused or closed cleanly
      res.writeHead(401);
      res.end();
      return;
    }
    inner(req, res);
  };
}
