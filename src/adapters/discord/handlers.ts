// Discord events in, chat core requests through, rendered replies out. Nothing else.
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  MessageFlags,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type Interaction,
  type Message,
  type MessageComponentInteraction,
  type SendableChannels,
} from 'discord.js';
import type { Logger } from 'pino';
import { parseChatText } from '../../chat/parse.js';
import type { ChatCore, ChatReply, ChatRequest, CommandName } from '../../chat/types.js';
import { noMentions, toDiscordMessages } from './render.js';
import { SHARE_PREFIX, type ShareStore } from './share.js';

export interface HandlerDeps {
  core: ChatCore;
  logger: Logger;
  shares: ShareStore;
  /** Answer direct messages (no mention needed there). */
  answerDMs: boolean;
}

const COMMANDS: readonly CommandName[] = ['ask', 'sources', 'quotes', 'digest', 'help'];

const TEXT = {
  failed: 'Something went wrong while answering. Please try again in a minute.',
  expired: 'This answer can no longer be shared. Ask again with /ask to get a fresh one.',
  cannotPost:
    'I could not post in this channel. Ask an admin to give me the View Channel and Send Messages permissions here (and Send Messages in Threads for threads).',
  unknownCommand: 'I do not know that command any more. Try /help.',
  inactive: 'This button is no longer active.',
} as const;

export interface Handlers {
  onInteraction(interaction: Interaction): Promise<void>;
  onMessage(message: Message): Promise<void>;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const { core, logger, shares } = deps;

  async function handle(request: ChatRequest): Promise<ChatReply> {
    const t0 = Date.now();
    try {
      const reply = await core.handle(request);
      logger.debug({ command: request.command, user: request.user.id, kind: reply.kind, ms: Date.now() - t0 }, 'answered');
      return reply;
    } catch (err) {
      logger.error({ err: errInfo(err), command: request.command, user: request.user.id }, 'chat core failed');
      return { kind: 'notice', level: 'error', text: TEXT.failed };
    }
  }

  // ------------------------------------------------------------- slash commands

  async function onCommand(i: ChatInputCommandInteraction): Promise<void> {
    // Acknowledge first, before any other await: Discord gives 3 s for the first response.
    try {
      await i.deferReply({ flags: MessageFlags.Ephemeral });
    } catch (err) {
      logger.warn({ err: errInfo(err), command: i.commandName, interaction: i.id }, 'could not acknowledge the interaction');
      return;
    }
    const command = COMMANDS.find((c) => c === i.commandName);
    const reply: ChatReply = command
      ? await handle({ command, text: commandText(i, command), user: { id: `discord:${i.user.id}`, platform: 'discord' }, at: new Date(i.createdTimestamp) })
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

  // ------------------------------------------------------------- the Share button

  async function onShare(i: ButtonInteraction): Promise<void> {
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

  // ------------------------------------------------------------- other buttons and menus

  async function onOtherComponent(i: MessageComponentInteraction): Promise<void> {
    // Not ours (a button of an older version, or another app's id scheme): without a response
    // Discord shows "This interaction failed" after 3 s.
    logger.debug({ customId: i.customId.slice(0, 100), componentType: i.componentType, interaction: i.id }, 'unknown component interaction');
    await i.reply({ content: TEXT.inactive, flags: MessageFlags.Ephemeral, allowedMentions: noMentions() });
  }

  // ------------------------------------------------------------- mentions and DMs

  async function onMention(message: Message): Promise<void> {
    const me = message.client.user;
    if (message.author.bot || message.system || !me) return;
    const inDM = !message.inGuild();
    // A reply to one of the bot's messages counts as a mention for Discord; only a real @mention asks.
    if (inDM ? !deps.answerDMs : !message.mentions.has(me.id, { ignoreRepliedUser: true, ignoreEveryone: true, ignoreRoles: true })) return;
    // Without the privileged MessageContent intent Discord still delivers the content of
    // messages that mention the bot, and of DMs (see index.ts).
    const text = stripMention(message.content, me.id);
    const { command, text: argument } = parseChatText(text, deps.core.commands);
    const reply = await handle({ command, text: argument, user: { id: `discord:${message.author.id}`, platform: 'discord' }, at: new Date(message.createdTimestamp) });
    const [first, ...rest] = toDiscordMessages(reply);
    try {
      // A reply (message_reference) to the question, in its channel, or its thread when asked in one.
      await message.reply({ ...first, failIfNotExists: false });
      const channel = message.channel as SendableChannels;
      for (const m of rest) await channel.send(m);
    } catch (err) {
      logger.warn({ err: errInfo(err), channel: message.channelId, message: message.id }, 'could not reply to a mention');
    }
  }

  return {
    async onInteraction(interaction) {
      try {
        if (interaction.isChatInputCommand()) await onCommand(interaction);
        else if (interaction.isButton() && interaction.customId.startsWith(SHARE_PREFIX)) await onShare(interaction);
        else if (interaction.isMessageComponent()) await onOtherComponent(interaction);
      } catch (err) {
        logger.error({ err: errInfo(err), interaction: interaction.id }, 'interaction handler failed');
      }
    },
    async onMessage(message) {
      try {
        await onMention(message);
      } catch (err) {
        logger.error({ err: errInfo(err), message: message.id }, 'message handler failed');
      }
    },
  };
}

/**
 * What a log may say about an error. discord.js API errors carry the request body (the answer
 * text) and the URL (an interaction token): neither goes to the logs.
 */
export function errInfo(err: unknown): { name?: string; message: string; code?: unknown; status?: number } {
  if (!(err instanceof Error)) return { message: String(err) };
  const e = err as Error & { code?: unknown; status?: number };
  return { name: e.name, message: e.message, code: e.code, status: e.status };
}

function commandText(i: ChatInputCommandInteraction, command: CommandName): string {
  switch (command) {
    case 'ask':
      return i.options.getString('question') ?? '';
    case 'sources': {
      const page = i.options.getInteger('page');
      return page == null ? '' : String(page);
    }
    case 'quotes':
      return i.options.getString('name') ?? '';
    default:
      return '';
  }
}

/** The message text without the bot's own mention(s) `<@id>` / `<@!id>`. */
export function stripMention(content: string, botId: string): string {
  return content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}

function shareRow(customId: string): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(customId).setLabel('Share in channel').setStyle(ButtonStyle.Primary),
  );
}

function sharedRow(): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(`${SHARE_PREFIX}done`).setLabel('Shared').setStyle(ButtonStyle.Secondary).setDisabled(true),
  );
}

