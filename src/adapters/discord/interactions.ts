// Slash commands and buttons: the answer is private (ephemeral) until its Share button posts it.
import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type MessageComponentInteraction } from 'discord.js';
import type { ChatReply } from '../../chat/types.js';
import { COMMANDS, commandText, errInfo, sharedRow, shareRow, TEXT, type Ask, type HandlerDeps } from './handlers.js';
import { noMentions, toDiscordMessages } from './render.js';

export function interactionHandlers(deps: HandlerDeps, handle: Ask) {
  return {
    onCommand: (i: ChatInputCommandInteraction) => onCommand(deps, handle, i),
    onShare: (i: ButtonInteraction) => onShare(deps, i),
    onOtherComponent: (i: MessageComponentInteraction) => onOtherComponent(deps, i),
  };
}

async function onCommand(deps: HandlerDeps, handle: Ask, i: ChatInputCommandInteraction): Promise<void> {
  const { logger, shares } = deps;
  // Acknowledge first, before any other await: Discord gives 3 s for the first response.
  try {
    await i.deferReply({ flags: MessageFlags.Ephemeral });
  } catch (err) {
    logger.warn({ err: errInfo(err), command: i.commandName, interaction: i.id }, 'could not acknowledge the interaction');
    return;
  }
  const command = COMMANDS.find((c) => c === i.commandName);
  const reply: ChatReply = command
    ? await handle({ command, text: commandText(i, command), user: { id: `discord:${i.user.id}`, platform: 'discord' }, channel: `discord:${i.channelId}`, at: new Date(i.createdTimestamp) })
    : { kind: 'notice', level: 'info', text: TEXT.unknownCommand };
  const [first, ...rest] = toDiscordMessages(reply);
  const shareable = reply.kind === 'answer' && reply.answer.status === 'answered';
  try {
    await i.editReply({
      ...first,
      components: shareable ? [shareRow(shares.put(reply, i.user.id))] : [],
    });
    for (const m of rest) await i.followUp({ ...m, flags: MessageFlags.Ephemeral });
  } catch (err) {
    logger.warn({ err: errInfo(err), command, interaction: i.id }, 'could not deliver the answer');
  }
}

async function onShare(deps: HandlerDeps, i: ButtonInteraction): Promise<void> {
  const { logger, shares } = deps;
  // One share per answer: the entry is taken before the first await, so a second click handled
  // meanwhile (a double click) finds nothing and gets the "can no longer be shared" reply.
  const entry = shares.take(i.customId);
  if (!entry) {
    await i.reply({ content: TEXT.expired, flags: MessageFlags.Ephemeral, allowedMentions: noMentions() });
    return;
  }
  // Acknowledge without changing the ephemeral message yet; then post in the channel.
  try {
    await i.deferUpdate();
  } catch (err) {
    shares.restore(i.customId, entry);
    logger.warn({ err: errInfo(err), interaction: i.id }, 'could not acknowledge the interaction');
    return;
  }
  let posted = 0;
  try {
    const channel = i.channel ?? (i.channelId ? await i.client.channels.fetch(i.channelId).catch(() => null) : null);
    if (!channel?.isSendable()) throw new Error('channel is not sendable');
    const [first, ...rest] = toDiscordMessages(entry.reply);
    await channel.send({ ...first, content: `Shared by <@${i.user.id}>` });
    posted++;
    for (const m of rest) {
      await channel.send(m);
      posted++;
    }
  } catch (err) {
    // Nothing went out: the user can try again (after fixing the permissions, say). Once part of
    // it is in the channel, a retry would post that part twice, so the entry stays gone.
    if (posted === 0) shares.restore(i.customId, entry);
    logger.warn({ err: errInfo(err), interaction: i.id, channel: i.channelId, posted }, 'could not share an answer');
    await i.followUp({ content: TEXT.cannotPost, flags: MessageFlags.Ephemeral, allowedMentions: noMentions() });
    return;
  }
  // The button on the private answer turns into a disabled "Shared": one share per answer.
  await i.editReply({ components: [sharedRow()], allowedMentions: noMentions() });
}

async function onOtherComponent(deps: HandlerDeps, i: MessageComponentInteraction): Promise<void> {
  const { logger } = deps;
  // Not ours (a button of an older version, or another app's id scheme): without a response
  // Discord shows "This interaction failed" after 3 s.
  logger.debug({ customId: i.customId.slice(0, 100), componentType: i.componentType, interaction: i.id }, 'unknown component interaction');
  await i.reply({ content: TEXT.inactive, flags: MessageFlags.Ephemeral, allowedMentions: noMentions() });
}
