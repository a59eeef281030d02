// Slash commands: ack at once, answer through response_url (ephemeral, with Share).
import pRetry from 'p-retry';
import type { App, RespondFn } from '@slack/bolt';
import type { ChatRequest, CommandName } from '../../chat/types.js';
import { ackNote, RESTARTING_TEXT, SLASH_COMMANDS, slackUser, type HandlerDeps } from './handlers.js';
import { RESPONSE_URL_POSTS_MAX } from './limits.js';
import type { SlackMessage } from './render.js';
import type { Replier } from './reply.js';

// Bolt's respond() is one fetch: a response_url answering 5xx, 429 or failing on the
// network is retried with backoff so the answer is delayed, not lost; 4xx (expired) is final.
async function respondRetrying(deps: HandlerDeps, respond: RespondFn, message: Parameters<RespondFn>[0]): Promise<void> {
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
  deps: HandlerDeps,
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
    await respondRetrying(deps, respond, {
      response_type: options.responseType,
      replace_original: i === 0 && options.replaceFirst,
      text: m.text,
      blocks: m.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
  }
}

export function registerSlashCommands(app: App, deps: HandlerDeps, reply: Replier): void {
  const log = deps.logger.child({ component: 'slack' });
  app.command(SLASH_COMMANDS, async ({ command, ack, respond }) => {
    const started = deps.now();
    const name = command.command.slice(1) as CommandName;
    const text = (command.text ?? '').trim();
    const user = slackUser(command.user_id);
    const channel = `slack:${command.channel_id}`;
    const request: ChatRequest = name === 'ask' && !text ? { command: 'help', text: '', user, channel } : { command: name, text, user, channel };
    if (deps.inFlight.closing) {
      await ack({ response_type: 'ephemeral', text: RESTARTING_TEXT });
      log.info({ via: 'command', command: request.command, user: user.id }, 'not answered: shutting down');
      return;
    }
    const note = ackNote(request.command);
    await ack(note ? { response_type: 'ephemeral', text: note } : undefined);
    const answer = await reply.handle(request);
    try {
      await respondAll(deps, respond, reply.messagesFor(request, answer, { share: true }), { responseType: 'ephemeral', replaceFirst: note !== undefined });
      log.info({ via: 'command', command: request.command, user: user.id, kind: answer.kind, ms: deps.now() - started }, 'answered');
    } catch (error) {
      log.error({ err: error, via: 'command', command: request.command, user: user.id }, 'could not deliver the reply');
    }
  });
}
