// Replies shown with buttons (Share in channel, 👍, 👎) are kept here for a while, keyed by an id that
// travels in the button's value. Bounded in count and age: a click on an old answer finds nothing.
import { randomUUID } from 'node:crypto';
import type { ChatReply, ChatRequest } from '../../chat/types.js';

export interface StoredReply {
  request: ChatRequest;
  reply: ChatReply;
  at: number;
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
