// Slack events in → core.handle → rendered reply out. Nothing here decides what to answer.
import type { App, webApi } from '@slack/bolt';
import type { ChatCore, ChatRequest, CommandName } from '../../chat/types.js';
import type { Logger } from '../../log.js';
import { dropRepeatedEvents, type RecentKeys } from './dedupe.js';
import type { FeedbackLog } from './feedback.js';
import type { InFlight } from './in-flight.js';
import type { ReplyStore } from './reply-store.js';
import { registerButtons } from './buttons.js';
import { registerMentions } from './mentions.js';
import { replier } from './reply.js';
import { registerSlashCommands } from './slash.js';

export interface HandlerDeps {
  core: ChatCore;
  logger: Logger;
  replies: ReplyStore;
  feedback: FeedbackLog;
  /** Event ids already handled (Slack's retries carry the same id). */
  events: RecentKeys;
  /** Messages (channel:ts) already answered: a DM that mentions the bot may arrive as two events. */
  messages: RecentKeys;
  now: () => number;
  /** Every listener runs inside it, so that stop() can wait for answers in progress. */
  inFlight: InFlight;
  /**
   * The client for the 👀 reaction (and the short "restarting" note): no retries, 429 rejected at once,
   * a short timeout. Its own client, so that a 429 on reactions does not pause the answers' request queue.
   */
  quickClient: webApi.WebClient;
  /** Retries of a failed response_url post (default 4) and the first delay in ms (default 500). */
  respondRetries?: number;
  respondRetryMs?: number;
}

/** Slash commands this adapter answers; the manifest declares the same five. */
export const SLASH_COMMANDS = /^\/(ask|sources|quotes|help|digest)$/;
/** The reaction shown on a mention while its answer is being prepared. */
export const WORKING_REACTION = 'eyes';

/** What a question gets while the bot is shutting down (it is not answered). */
export const RESTARTING_TEXT = ':arrows_counterclockwise: The bot is restarting; please ask again in a minute.';
export const ALREADY_SHARED_TEXT = 'This answer has already been shared in the channel.';
export function slackUser(userId: string): ChatRequest['user'] {
  return { id: `slack:${userId}`, platform: 'slack' };
}

/** What the ack of a slash command says while the answer is prepared (nothing for fast listings). */
export function ackNote(command: CommandName): string | undefined {
  switch (command) {
    case 'ask':
      return ':mag: Searching the sources…';
    case 'quotes':
      return ':mag: Looking for quotes…';
    case 'digest':
      return ':newspaper: Putting the digest together…';
    default:
      return undefined;
  }
}

/** Every listener: slash commands (slash.ts), mentions, DMs and thread follow-ups (mentions.ts), buttons (buttons.ts). */
export function registerHandlers(app: App, deps: HandlerDeps): void {
  const log = deps.logger.child({ component: 'slack' });
  // Every listener's work counts as in flight until it settles: stop() waits for it (bounded).
  app.use(async ({ next }) => {
    await deps.inFlight.run(() => next());
  });
  // Slack's retries of an event already seen are dropped before any listener runs.
  app.use(dropRepeatedEvents(deps.events));
  const reply = replier(deps);
  registerSlashCommands(app, deps, reply);
  registerMentions(app, deps, reply);
  registerButtons(app, deps, reply);
  app.error(async (error) => {
    log.error({ err: error, code: (error as { code?: string }).code }, 'bolt error');
  });
}
