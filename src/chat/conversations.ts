// Conversation state: the earlier turns of a thread, bounded (turns per conversation, time to
// live, conversations in all; the least recently used go first). Only ids, questions as read
// and source ids are kept; nothing here is logged.
import type { EarlierTurn } from '../question/index.js';

export interface ConversationTurn extends EarlierTurn {
  /** Epoch ms of the answer. */
  at: number;
}

export interface ConversationLimits {
  /** Turns kept per conversation (the newest). */
  turns: number;
  /** A conversation idle this long is forgotten. */
  ttlMs: number;
  /** Conversations kept in all; past it the least recently active is forgotten. */
  conversations: number;
}

export const DEFAULT_CONVERSATION_LIMITS: ConversationLimits = { turns: 6, ttlMs: 24 * 3600_000, conversations: 10_000 };

/** Where conversations live: memory (one process) or PostgreSQL (any replica continues a thread). */
export interface ConversationStore {
  /** The earlier turns, oldest first; none when unknown or expired. */
  turns(conversationId: string): Promise<ConversationTurn[]>;
  append(conversationId: string, turn: ConversationTurn): Promise<void>;
  /** Forgets a conversation (the console's `/new`). */
  forget(conversationId: string): Promise<void>;
}

export function memoryConversations(limits: ConversationLimits = DEFAULT_CONVERSATION_LIMITS, now: () => number = Date.now): ConversationStore {
  // A Map keeps insertion order: re-inserting on every append keeps the least recently active first.
  const all = new Map<string, ConversationTurn[]>();
  const expired = (turns: ConversationTurn[]) => now() - turns[turns.length - 1].at > limits.ttlMs;
  return {
    async turns(id) {
      const turns = all.get(id);
      if (!turns) return [];
      if (expired(turns)) {
        all.delete(id);
        return [];
      }
      return turns.map((t) => ({ ...t }));
    },
    async append(id, turn) {
      const turns = [...(all.get(id) ?? []), turn].slice(-limits.turns);
      all.delete(id);
      all.set(id, turns);
      for (const [oldest, t] of all) {
        if (all.size <= limits.conversations && !expired(t)) break;
        all.delete(oldest);
      }
    },
    async forget(id) {
      all.delete(id);
    },
  };
}
