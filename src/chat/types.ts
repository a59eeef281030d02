// The chat-neutral contract between the chat core and the adapters.
import type { Answer, Digest, SourceSummary, Statement } from '../types.js';

export type CommandName = 'ask' | 'sources' | 'quotes' | 'digest' | 'help';

export interface ChatUser {
  /** Platform-scoped id ("slack:U123", "discord:42", "console"). */
  id: string;
  platform: 'slack' | 'discord' | 'console' | string;
}

export interface ChatRequest {
  command: CommandName;
  /** Argument text after the command (the question, a name, a page number). */
  text: string;
  user: ChatUser;
  /** When the message was sent (its platform timestamp): the time a question is asked as of. */
  at?: Date;
  /**
   * The conversation the request belongs to (a Slack thread, a Discord reply chain or thread, the
   * console session, `ask --thread`), platform-scoped: follow-ups are read with its earlier turns.
   */
  conversation?: string;
  /** Where it was asked ("slack:C0123", "discord:112233"): picks the channel's desk. */
  channel?: string;
}

export interface HelpEntry {
  command: CommandName;
  usage: string;
  description: string;
  example: string;
}

export type ChatReply =
  | { kind: 'answer'; answer: Answer }
  | { kind: 'sources'; sources: SourceSummary[]; page: number; pages: number; total: number }
  | { kind: 'quotes'; name: string; statements: Statement[] }
  | { kind: 'digest'; digest: Digest }
  | { kind: 'help'; entries: HelpEntry[] }
  /** Refusals (too long, slow down, busy), errors a user can act on, and other short notes. */
  | { kind: 'notice'; level: 'info' | 'refused' | 'error'; text: string };

export interface ChatCore {
  /** Commands this deployment offers (digest only when configured). */
  readonly commands: readonly CommandName[];
  handle(request: ChatRequest): Promise<ChatReply>;
  /** Whether the bot has answered in this conversation (and still remembers it): a thread reply without a mention is then a follow-up. */
  inConversation?(conversation: string): Promise<boolean>;
}

/** A connected chat platform, as the process (serve, digest scheduler, health checks) sees it. */
export interface PlatformConnection {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** True while connected and able to answer (used by /readyz). */
  ready(): boolean;
  /** Posts a reply (a digest) into a channel outside any conversation, split as the platform needs. */
  post(channelId: string, reply: ChatReply): Promise<void>;
}
