// The buttons under answers: Share in channel (one public post per answer), 👍 and 👎.
import type { App, BlockButtonAction } from '@slack/bolt';
import { feedbackRecord, type Vote } from './feedback.js';
import { ALREADY_SHARED_TEXT, type HandlerDeps } from './handlers.js';
import { ACTION_SHARE, ACTION_VOTE_DOWN, ACTION_VOTE_UP, sharedByBlock } from './render.js';
import type { Replier } from './reply.js';

export function registerButtons(app: App, deps: HandlerDeps, reply: Replier): void {
  const log = deps.logger.child({ component: 'slack' });

  app.action<BlockButtonAction>(ACTION_SHARE, async ({ ack, action, body, respond }) => {
    await ack();
    const id = action.value ?? '';
    const stored = deps.replies.get(id);
    const say = (text: string) =>
      respond({ response_type: 'ephemeral', replace_original: false, text }).catch((error: unknown) => log.warn({ err: error }, 'could not respond to a share click'));
    if (!stored) return void (await say('That answer has expired; ask again to share it.'));
    // One public post per answer: the claim is taken before any await, so concurrent clicks see it.
    if (!deps.replies.claimShare(id)) return void (await say(ALREADY_SHARED_TEXT));
    const [message] = reply.messagesFor(stored.request, stored.reply, { share: false });
    if (!message) {
      deps.replies.releaseShare(id);
      return;
    }
    // Keep the 👍 / 👎 row last; the "Shared by" line goes right above it.
    message.blocks.splice(message.blocks.length - 1, 0, sharedByBlock(body.user.id));
    try {
      await respond({ response_type: 'in_channel', delete_original: true, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
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
    await respond({ response_type: 'ephemeral', replace_original: false, text }).catch((error: unknown) => log.warn({ err: error }, 'could not acknowledge a vote'));
  });
}
