// Slack events in → core.handle → rendered reply out. Nothing here decides what to answer.
import { setTimeout as sleep } from 'node:timers/promises';
import pRetry from 'p-retry';
import { webApi, type App, type BlockButtonAction, type RespondFn, type types as SlackTypes } from '@slack/bolt';
import type { ChatCore, ChatReply, ChatRequest, CommandName } from '../../chat/types.js';
import type { Logger } from '../../log.js';
import { dropRepeatedEvents, RecentKeys } from './dedupe.js';
import { feedbackRecord, type FeedbackLog, type Vote } from './feedback.js';
import type { InFlight } from './in-flight.js';
import {
  ACTION_SHARE,
  ACTION_VOTE_DOWN,
  ACTION_VOTE_UP,
  answerActions,
  sharedByBlock,
  toSlackMessages,
  type SlackMessage,
} from './render.js';
import type { ReplyStore } from './reply-store.js';
import { messageText, routeText } from './route.js';
import { RESPONSE_URL_POSTS_MAX } from './limits.js';

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

const ERROR_TEXT = 'Something went wrong while answering. Please try again in a moment.';
/** What a question gets while the bot is shutting down (it is not answered). */
export const RESTARTING_TEXT = ':arrows_counterclockwise: The bot is restarting; please ask again in a minute.';
export const ALREADY_SHARED_TEXT = 'This answer has already been shared in the channel.';
/** Removing the 👀 is tried at most this often, and a retry waits at most this long (Retry-After included). */
const REACTION_REMOVE_ATTEMPTS = 2;
const REACTION_RETRY_MAX_MS = 5000;

/** How long to wait before retrying a failed reaction call; undefined: do not retry. */
function reactionRetryMs(error: unknown): number | undefined {
  const e = error as { code?: string; retryAfter?: number; statusCode?: number };
  switch (e.code) {
    case webApi.ErrorCode.RateLimitedError: {
      const ms = (e.retryAfter ?? 1) * 1000;
      return ms <= REACTION_RETRY_MAX_MS ? ms : undefined;
    }
    case webApi.ErrorCode.RequestError:
      return 1000;
    case webApi.ErrorCode.HTTPError:
      return (e.statusCode ?? 0) >= 500 ? 1000 : undefined;
    default:
      return undefined; // a platform error (no_reaction, message_not_found, …) will not change
  }
}

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

export function registerHandlers(app: App, deps: HandlerDeps): void {
  const log = deps.logger.child({ component: 'slack' });

  /** The core's reply, or a notice a person can act on when the core fails. */
  async function handle(request: ChatRequest): Promise<ChatReply> {
    try {
      return await deps.core.handle(request);
    } catch (error) {
      log.error({ err: error, command: request.command, user: request.user.id }, 'chat core failed');
      return { kind: 'notice', level: 'error', text: ERROR_TEXT };
    }
  }

  /** Renders a reply; answers get their button row (and are remembered for the buttons). */
  function messagesFor(request: ChatRequest, reply: ChatReply, options: { share: boolean }): SlackMessage[] {
    const messages = toSlackMessages(reply);
    if (reply.kind === 'answer' && messages[0]) {
      const id = deps.replies.put(request, reply);
      messages[0].blocks.push(answerActions(id, options));
    }
    return messages;
  }

  // Bolt's respond() is one fetch: a response_url answering 5xx, 429 or failing on the
  // network is retried with backoff so the answer is delayed, not lost; 4xx (expired) is final.
  async function respondRetrying(respond: RespondFn, message: Parameters<RespondFn>[0]): Promise<void> {
    await pRetry(() => respond(message), {
      retries: deps.respondRetries ?? 4,
      minTimeout: deps.respondRetryMs ?? 500,
      factor: 2,
      shouldRetry: ({ error }) => {
        const status = (error as { statusCode?: number }).statusCode;
        return status === undefined || status === 429 || status >= 500;
      },
    });
  }

  async function respondAll(
    respond: RespondFn,
    messages: SlackMessage[],
    options: { responseType: 'ephemeral' | 'in_channel'; replaceFirst: boolean },
  ): Promise<void> {
    const sent = messages.slice(0, RESPONSE_URL_POSTS_MAX);
    if (messages.length > sent.length) {
      const last = sent[sent.length - 1];
      last.blocks.push({
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `:scissors: _${messages.length - sent.length} more part(s) did not fit here._` }],
      });
    }
    for (const [i, m] of sent.entries()) {
      await respondRetrying(respond, {
        response_type: options.responseType,
        replace_original: i === 0 && options.replaceFirst,
        text: m.text,
        blocks: m.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
    }
  }

  // Every listener's work counts as in flight until it settles: stop() waits for it (bounded).
  app.use(async ({ next }) => {
    await deps.inFlight.run(() => next());
  });

  // Slack's retries of an event already seen are dropped before any listener runs.
  app.use(dropRepeatedEvents(deps.events));

  // ----- Slash commands: ack at once, answer through response_url (ephemeral, with Share).
  app.command(SLASH_COMMANDS, async ({ command, ack, respond }) => {
    const started = deps.now();
    const name = command.command.slice(1) as CommandName;
    const text = (command.text ?? '').trim();
    const user = slackUser(command.user_id);
    const request: ChatRequest = name === 'ask' && !text ? { command: 'help', text: '', user } : { command: name, text, user };
    if (deps.inFlight.closing) {
      await ack({ response_type: 'ephemeral', text: RESTARTING_TEXT });
      log.info({ via: 'command', command: request.command, user: user.id }, 'not answered: shutting down');
      return;
    }
    const note = ackNote(request.command);
    await ack(note ? { response_type: 'ephemeral', text: note } : undefined);
    const reply = await handle(request);
    try {
      await respondAll(respond, messagesFor(request, reply, { share: true }), {
        responseType: 'ephemeral',
        replaceFirst: note !== undefined,
      });
      log.info({ via: 'command', command: request.command, user: user.id, kind: reply.kind, ms: deps.now() - started }, 'answered');
    } catch (error) {
      log.error({ err: error, via: 'command', command: request.command, user: user.id }, 'could not deliver the reply');
    }
  });

  /** Removes the 👀: one retry at most (after a short Retry-After or a network / 5xx failure); never throws. */
  async function removeReaction(channel: string, timestamp: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await deps.quickClient.reactions.remove({ channel, timestamp, name: WORKING_REACTION });
        return;
      } catch (error) {
        const wait = attempt < REACTION_REMOVE_ATTEMPTS ? reactionRetryMs(error) : undefined;
        if (wait === undefined) {
          log.warn({ err: error, channel }, 'could not remove the working reaction');
          return;
        }
        await sleep(wait);
      }
    }
  }

  // ----- Mentions and direct messages: 👀 while working, then the answer (in the thread for mentions).
  async function answerConversation(
    client: webApi.WebClient,
    m: { channel: string; ts: string; threadTs?: string; userId: string; text: string; via: 'mention' | 'dm' },
  ): Promise<void> {
    if (!deps.messages.add(`${m.channel}:${m.ts}`)) return;
    const started = deps.now();
    const routed = routeText(m.text, deps.core.commands);
    // The message's own time is the time the question is asked as of.
    const request: ChatRequest = { ...routed, user: slackUser(m.userId), ...(Number.isFinite(Number(m.ts)) ? { at: new Date(Number(m.ts) * 1000) } : {}) };
    if (deps.inFlight.closing) {
      log.info({ via: m.via, command: request.command, user: request.user.id }, 'not answered: shutting down');
      await deps.quickClient.chat
        .postMessage({ channel: m.channel, ...(m.threadTs ? { thread_ts: m.threadTs } : {}), text: RESTARTING_TEXT })
        .catch((error: unknown) => log.warn({ err: error, channel: m.channel }, 'could not say the bot is restarting'));
      return;
    }
    // The 👀 is decoration: the answer does not wait for it, and its failure changes nothing.
    const reacted = deps.quickClient.reactions.add({ channel: m.channel, timestamp: m.ts, name: WORKING_REACTION }).then(
      () => true,
      (error: unknown) => {
        log.warn({ err: error, channel: m.channel }, 'could not add the working reaction');
        return false;
      },
    );
    try {
      const reply = await handle(request);
      for (const message of messagesFor(request, reply, { share: false })) {
        await client.chat.postMessage({
          channel: m.channel,
          ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          unfurl_media: false,
        });
      }
      log.info({ via: m.via, command: request.command, user: request.user.id, kind: reply.kind, ms: deps.now() - started }, 'answered');
    } catch (error) {
      log.error({ err: error, via: m.via, channel: m.channel }, 'could not deliver the reply');
    }
    // After the answer is out (nothing waits on this but stop()): take the 👀 off once it is on.
    if (await reacted) await removeReaction(m.channel, m.ts);
  }

  app.event('app_mention', async ({ event, context, client }) => {
    if (!event.user || event.bot_id) return;
    await answerConversation(client, {
      channel: event.channel,
      ts: event.ts,
      threadTs: event.thread_ts ?? event.ts,
      userId: event.user,
      text: messageText(event.text, context.botUserId),
      via: 'mention',
    });
  });

  app.message(async ({ message, context, client }) => {
    if (message.channel_type !== 'im' || message.subtype !== undefined) return;
    const m = message as SlackTypes.GenericMessageEvent;
    if (!m.user || m.bot_id || m.user === context.botUserId) return;
    await answerConversation(client, {
      channel: m.channel,
      ts: m.ts,
      threadTs: m.thread_ts,
      userId: m.user,
      text: messageText(m.text, context.botUserId),
      via: 'dm',
    });
  });

  // ----- Buttons under answers.
  app.action<BlockButtonAction>(ACTION_SHARE, async ({ ack, action, body, respond }) => {
    await ack();
    const id = action.value ?? '';
    const stored = deps.replies.get(id);
    if (!stored) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'That answer has expired; ask again to share it.' })
        .catch((error: unknown) => log.warn({ err: error }, 'could not respond to a share click'));
      return;
    }
    // One public post per answer: the claim is taken before any await, so concurrent clicks see it.
    if (!deps.replies.claimShare(id)) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: ALREADY_SHARED_TEXT })
        .catch((error: unknown) => log.warn({ err: error }, 'could not respond to a share click'));
      return;
    }
    const [message] = messagesFor(stored.request, stored.reply, { share: false });
    if (!message) {
      deps.replies.releaseShare(id);
      return;
    }
    // Keep the 👍 / 👎 row last; the "Shared by" line goes right above it.
    message.blocks.splice(message.blocks.length - 1, 0, sharedByBlock(body.user.id));
    try {
      await respond({
        response_type: 'in_channel',
        delete_original: true,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
      log.info({ via: 'share', user: `slack:${body.user.id}` }, 'answer shared in channel');
    } catch (error) {
      // Not posted: a later click may try again.
      deps.replies.releaseShare(id);
      log.error({ err: error }, 'could not share the answer');
    }
  });

  app.action<BlockButtonAction>(new RegExp(`^(${ACTION_VOTE_UP}|${ACTION_VOTE_DOWN})$`), async ({ ack, action, body, respond }) => {
    await ack();
    const vote: Vote = action.action_id === ACTION_VOTE_UP ? 'up' : 'down';
    const stored = deps.replies.get(action.value ?? '');
    let text = 'Thanks, noted.';
    if (!stored || stored.reply.kind !== 'answer') {
      text = 'That answer has expired, so the vote was not recorded.';
    } else {
      try {
        await deps.feedback.record(feedbackRecord(stored.reply.answer, `slack:${body.user.id}`, vote, new Date(deps.now())));
      } catch (error) {
        log.error({ err: error }, 'could not record feedback');
        text = 'Sorry, the vote could not be recorded.';
      }
    }
    await respond({ response_type: 'ephemeral', replace_original: false, text })
      .catch((error: unknown) => log.warn({ err: error }, 'could not acknowledge a vote'));
  });

  app.error(async (error) => {
    log.error({ err: error, code: (error as { code?: string }).code }, 'bolt error');
  });
}
