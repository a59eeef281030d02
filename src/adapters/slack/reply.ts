// What every Slack listener shares: asking the core (a failure becomes a notice) and rendering
// the reply (answers get their button row and are remembered for the buttons).
import type { ChatReply, ChatRequest } from '../../chat/types.js';
import type { HandlerDeps } from './handlers.js';
import { answerActions, toSlackMessages, type SlackMessage } from './render.js';

const ERROR_TEXT = 'Something went wrong while answering. Please try again in a moment.';

export interface Replier {
  handle(request: ChatRequest): Promise<ChatReply>;
  messagesFor(request: ChatRequest, reply: ChatReply, options: { share: boolean }): SlackMessage[];
}

export function replier(deps: HandlerDeps): Replier {
  const log = deps.logger.child({ component: 'slack' });
  return {
    async handle(request) {
      try {
        return await deps.core.handle(request);
      } catch (error) {
        log.error({ err: error, command: request.command, user: request.user.id }, 'chat core failed');
        return { kind: 'notice', level: 'error', text: ERROR_TEXT };
      }
    },
    messagesFor(request, reply, options) {
      const messages = toSlackMessages(reply);
      if (reply.kind === 'answer' && messages[0]) {
        const id = deps.replies.put(request, reply);
        messages[0].blocks.push(answerActions(id, options));
      }
      return messages;
    },
  };
}
