// Answers that can still be shared: a bounded, expiring in-memory map keyed by the id in a button.
import { randomBytes } from 'node:crypto';
import type { ChatReply } from '../../chat/types.js';

export const SHARE_PREFIX = 'share:';

export interface ShareEntry {
  reply: ChatReply;
  /** The Discord user id of who asked (only they see the ephemeral answer and its button). */
  userId: string;
  at: number;
}

export interface ShareStoreOptions {
  /** Most answers kept; the oldest go first. Default 1,000. */
  maxEntries?: number;
  /** How long a Share button works. Default 24 h. */
  ttlMs?: number;
  now?: () => number;
}

export class ShareStore {
  private readonly entries = new Map<string, ShareEntry>();
  private readonly max: number;
  private readonly ttl: number;
  private readonly now: () => number;

  constructor(options: ShareStoreOptions = {}) {
    this.max = Math.max(1, options.maxEntries ?? 1000);
    this.ttl = options.ttlMs ?? 24 * 3600_000;
    this.now = options.now ?? Date.now;
  }

  /** Stores a reply and returns the button's custom_id (`share:<id>`, well under 100 characters). */
  put(reply: ChatReply, userId: string): string {
    const id = randomBytes(9).toString('base64url');
    this.entries.set(id, { reply, userId, at: this.now() });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
    return SHARE_PREFIX + id;
  }

  /** The entry behind a custom_id, when it is still there and fresh. */
  get(customId: string): ShareEntry | undefined {
    const id = customId.startsWith(SHARE_PREFIX) ? customId.slice(SHARE_PREFIX.length) : undefined;
    if (!id) return undefined;
    const e = this.entries.get(id);
    if (!e) return undefined;
    if (this.now() - e.at > this.ttl) {
      this.entries.delete(id);
      return undefined;
    }
    return e;
  }

  /**
   * Removes and returns the entry behind a custom_id, synchronously: of two clicks handled at
   * once, only the first gets it (one share per answer).
   */
  take(customId: string): ShareEntry | undefined {
    const e = this.get(customId);
    if (e) this.delete(customId);
    return e;
  }

  /** Puts back an entry taken with take() (sharing failed; the user may try again). Keeps its age. */
  restore(customId: string, entry: ShareEntry): void {
    const id = customId.startsWith(SHARE_PREFIX) ? customId.slice(SHARE_PREFIX.length) : undefined;
    if (!id || this.now() - entry.at > this.ttl) return;
    this.entries.set(id, entry);
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(customId: string): void {
    if (customId.startsWith(SHARE_PREFIX)) this.entries.delete(customId.slice(SHARE_PREFIX.length));
  }

  get size(): number {
    return this.entries.size;
  }
}
