// Mentions, direct messages and replies in a thread the bot answered: 👀 while working, then the
// answer (in the thread). A thread is one conversation: follow-ups are read with its earlier turns.
import { setTimeout as sleep } from 'node:timers/promises';
import { webApi, type App, type types as SlackTypes } from '@slack/bolt';
import type { ChatRequest } from '../../chat/types.js';
import type { Logger } from '../../log.js';
import { RESTARTING_TEXT, slackUser, WORKING_REACTION, type HandlerDeps } from './handlers.js';
import type { Replier } from './reply.js';
import { messageText, routeText } from './route.js';

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

/** The conversation of a message: its thread, or (a DM outside threads) the DM itself. */
export function slackConversation(channel: string, threadTs: string | undefined): string {
  return `slack:${channel}:${threadTs ?? 'main'}`;
}

interface Asked {
  channel: string;
  ts: string;
  threadTs?: string;
  userId: string;
  text: string;
  via: 'mention' | 'dm' | 'thread';
}

/** Removes the 👀: one retry at most (after a short Retry-After or a network / 5xx failure); never throws. */
async function removeReaction(deps: HandlerDeps, log: Logger, channel: string, timestamp: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await deps.quickClient.reactions.remove({ channel, timestamp, name: WORKING_REACTION });
      return;
    } catch (error) {
      const wait = attempt < REACTION_REMOVE_ATTEMPTS ? reactionRetryMs(error) : undefined;
      if (wait === undefined) return void log.warn({ err: error, channel }, 'could not remove the working reaction');
      await sleep(wait);
    }
  }
}

/** Asks the core and posts the reply in the thread (or the DM). */
async function post(reply: Replier, log: Logger, client: webApi.WebClient, m: Asked, request: ChatRequest): Promise<void> {
  const answer = await reply.handle(request);
  for (const message of reply.messagesFor(request, answer, { share: false })) {
    await client.chat.postMessage({
      channel: m.channel,
      ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
  }
  log.info({ via: m.via, command: request.command, user: request.user.id, kind: answer.kind }, 'answered');
}

export function registerMentions(app: App, deps: HandlerDeps, reply: Replier): void {
  const log = deps.logger.child({ component: 'slack' });

  async function answer(client: webApi.WebClient, m: Asked): Promise<void> {
    if (!deps.messages.add(`${m.channel}:${m.ts}`)) return;
    const request: ChatRequest = {
      ...routeText(m.text, deps.core.commands),
      user: slackUser(m.userId),
      channel: `slack:${m.channel}`,
      conversation: slackConversation(m.channel, m.threadTs),
      // The message's own time is the time the question is asked as of.
      ...(Number.isFinite(Number(m.ts)) ? { at: new Date(Number(m.ts) * 1000) } : {}),
    };
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
    await post(reply, log, client, m, request).catch((error: unknown) => log.error({ err: error, via: m.via, channel: m.channel }, 'could not deliver the reply'));
    // After the answer is out (nothing waits on this but stop()): take the 👀 off once it is on.
    if (await reacted) await removeReaction(deps, log, m.channel, m.ts);
  }

  app.event('app_mention', async ({ event, context, client }) => {
    if (!event.user || event.bot_id) return;
    const text = messageText(event.text, context.botUserId);
    await answer(client, { channel: event.channel, ts: event.ts, threadTs: event.thread_ts ?? event.ts, userId: event.user, text, via: 'mention' });
  });

  app.message(async ({ message, context, client }) => {
    if (message.subtype !== undefined) return;
    const m = message as SlackTypes.GenericMessageEvent;
    if (!m.user || m.bot_id || m.user === context.botUserId) return;
    const text = messageText(m.text, context.botUserId);
    if (m.channel_type === 'im') return answer(client, { channel: m.channel, ts: m.ts, threadTs: m.thread_ts, userId: m.user, text, via: 'dm' });
    // A reply in a thread the bot answered is a follow-up even without a mention; a mention
    // arrives as app_mention too and is answered once (deps.messages).
    if (!m.thread_ts || (context.botUserId && (m.text ?? '').includes(`<@${context.botUserId}>`))) return;
    if (!(await deps.core.inConversation?.(slackConversation(m.channel, m.thread_ts)))) return;
    await answer(client, { channel: m.channel, ts: m.ts, threadTs: m.thread_ts, userId: m.user, text, via: 'thread' });
  });
}
