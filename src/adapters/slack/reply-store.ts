// Replies shown with buttons (Share in channel, 👍, 👎) are kept here for a while, keyed by an id that
// travels in the button's value. Bounded in count and age: a click on an old answer finds nothing.
import { randomUUID } from 'node:crypto';
import type { ChatReply, ChatRequest } from '../../chat/types.js';

export interface StoredReply {
  request: ChatRequest;
  reply: ChatReply;
  at: number;
  /** Set while (and once) the reply is being shared in its channel: it is shared once. */
  shared?: boolean;
}

export class ReplyStore {
  private readonly entries = new Map<string, StoredReply>();

  constructor(private readonly options: { max: number; ttlMs: number; now?: () => number }) {}

  /** Stores the reply and returns its id (the value of its buttons). */
  put(request: ChatRequest, reply: ChatReply): string {
    const now = this.now();
    this.evict(now);
    const id = randomUUID();
    this.entries.set(id, { request, reply, at: now });
    while (this.entries.size > this.options.max) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    return id;
  }

  get(id: string): StoredReply | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (this.now() - entry.at >= this.options.ttlMs) {
      this.entries.delete(id);
      return undefined;
    }
    return entry;
  }

  /**
   * Claims the one public share of a reply: true for the first caller, false when it is already shared
   * (or being shared), unknown or expired. Synchronous, so concurrent clicks cannot both win.
   */
  claimShare(id: string): boolean {
    const entry = this.get(id);
    if (!entry || entry.shared) return false;
    entry.shared = true;
    return true;
  }

  /** Gives the claim back when the share could not be posted, so that it can be tried again. */
  releaseShare(id: string): void {
    const entry = this.entries.get(id);
    if (entry) entry.shared = false;
  }

  get size(): number {
    return this.entries.size;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private evict(now: number): void {
    for (const [id, entry] of this.entries) {
      if (now - entry.at < this.options.ttlMs) break;
      this.entries.delete(id);
    }
  }
}
