// Slack redelivers an Events API event it thinks was not received (HTTP: header x-slack-retry-num;
// Socket Mode: retry_attempt), always with the same event_id. Bolt passes the retry number on in
// context.retryNum but does not drop repeats, so this remembers recent event ids and drops repeats.

/** A set of recently seen keys: bounded in size (oldest first out) and in age. */
export class RecentKeys {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly options: { max: number; ttlMs: number; now?: () => number },
  ) {}

  /** Records `key`; false when it was already seen within the TTL (a repeat). */
  add(key: string): boolean {
    const now = (this.options.now ?? Date.now)();
    this.evict(now);
    const at = this.seen.get(key);
    if (at !== undefined && now - at < this.options.ttlMs) return false;
    this.seen.delete(key);
    this.seen.set(key, now);
    while (this.seen.size > this.options.max) {
      const oldest = this.seen.keys().next().value as string;
      this.seen.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private evict(now: number): void {
    for (const [key, at] of this.seen) {
      if (now - at < this.options.ttlMs) break; // insertion order is age order
      this.seen.delete(key);
    }
  }
}

interface DedupeArgs {
  body: unknown;
  next: () => Promise<void>;
  logger: { debug(...msg: unknown[]): void };
  context: { retryNum?: number };
}

/**
 * Global Bolt middleware: an Events API delivery whose event_id was already seen is dropped before any
 * listener runs. Bolt acknowledges events before middleware runs, so Slack still gets its 200.
 */
export function dropRepeatedEvents(keys: RecentKeys): (args: DedupeArgs) => Promise<void> {
  return async ({ body, next, logger, context }) => {
    const eventId = eventIdOf(body);
    if (eventId !== undefined && !keys.add(eventId)) {
      logger.debug(`Dropped a repeated delivery of event ${eventId} (retry ${context.retryNum ?? 0})`);
      return;
    }
    await next();
  };
}

function eventIdOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as { type?: unknown; event_id?: unknown };
  return b.type === 'event_callback' && typeof b.event_id === 'string' ? b.event_id : undefined;
}
