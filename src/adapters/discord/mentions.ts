// Mentions and DMs: the answer is a reply to the question. A reply chain (a reply to one of the
// bot's answers) or a thread is one conversation: follow-ups are read with its earlier turns.
import type { Message, SendableChannels } from 'discord.js';
import { LRUCache } from 'lru-cache';
import { parseChatText } from '../../chat/parse.js';
import { errInfo, stripMention, type Ask, type HandlerDeps } from './handlers.js';
import { toDiscordMessages } from './render.js';

/** The bot's answers and the conversation each belongs to (a reply to one continues it). */
const ANSWERS_REMEMBERED = 5000;

export function mentionHandler(deps: HandlerDeps, handle: Ask): (message: Message) => Promise<void> {
  const chains = new LRUCache<string, string>({ max: ANSWERS_REMEMBERED });

  /** A thread is one conversation; elsewhere a reply to an answer continues that answer's chain. */
  function conversationOf(message: Message): { id: string; follows: boolean } {
    if (message.channel.isThread()) return { id: `discord:thread:${message.channelId}`, follows: true };
    const chain = message.reference?.messageId ? chains.get(message.reference.messageId) : undefined;
    return chain ? { id: chain, follows: true } : { id: `discord:${message.channelId}:${message.id}`, follows: false };
  }

  return async function onMention(message: Message): Promise<void> {
    const me = message.client.user;
    if (message.author.bot || message.system || !me) return;
    const inDM = !message.inGuild();
    const conversation = conversationOf(message);
    // A reply to one of the bot's messages counts as a mention for Discord; only a real @mention
    // asks, or a reply to one of its answers (a follow-up in the chain).
    const mentioned = message.mentions.has(me.id, { ignoreRepliedUser: true, ignoreEveryone: true, ignoreRoles: true });
    const chained = !!message.reference?.messageId && chains.has(message.reference.messageId);
    if (inDM ? !deps.answerDMs : !mentioned && !chained) return;
    // Without the privileged MessageContent intent Discord still delivers the content of
    // messages that mention the bot (a reply pings by default), and of DMs (see index.ts).
    const { command, text } = parseChatText(stripMention(message.content, me.id), deps.core.commands);
    const user = { id: `discord:${message.author.id}`, platform: 'discord' };
    const reply = await handle({ command, text, user, channel: `discord:${message.channel.isThread() ? (message.channel.parentId ?? message.channelId) : message.channelId}`, conversation: conversation.id, at: new Date(message.createdTimestamp) });
    const [first, ...rest] = toDiscordMessages(reply);
    try {
      // A reply (message_reference) to the question, in its channel, or its thread when asked in one.
      const sent: { id: string }[] = [await message.reply({ ...first, failIfNotExists: false })];
      const channel = message.channel as SendableChannels;
      for (const m of rest) sent.push(await channel.send(m));
      for (const s of sent) chains.set(s.id, conversation.id);
    } catch (err) {
      deps.logger.warn({ err: errInfo(err), channel: message.channelId, message: message.id }, 'could not reply to a mention');
    }
  };
}
