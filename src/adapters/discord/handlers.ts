// Discord events in, chat core requests through, rendered replies out. Nothing else.
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type ChatInputCommandInteraction, type Interaction, type Message } from 'discord.js';
import type { Logger } from 'pino';
import type { ChatCore, ChatReply, ChatRequest, CommandName } from '../../chat/types.js';
import { interactionHandlers } from './interactions.js';
import { mentionHandler } from './mentions.js';
import { SHARE_PREFIX, type ShareStore } from './share.js';

export interface HandlerDeps {
  core: ChatCore;
  logger: Logger;
  shares: ShareStore;
  /** Answer direct messages (no mention needed there). */
  answerDMs: boolean;
}

export const COMMANDS: readonly CommandName[] = ['ask', 'sources', 'quotes', 'digest', 'help'];

export const TEXT = {
  failed: 'Something went wrong while answering. Please try again in a minute.',
  expired: 'This answer can no longer be shared. Ask again with /ask to get a fresh one.',
  cannotPost:
    'I could not post in this channel. Ask an admin to give me the View Channel and Send Messages permissions here (and Send Messages in Threads for threads).',
  unknownCommand: 'I do not know that command any more. Try /help.',
  inactive: 'This button is no longer active.',
} as const;

export type Ask = (request: ChatRequest) => Promise<ChatReply>;

export interface Handlers {
  onInteraction(interaction: Interaction): Promise<void>;
  onMessage(message: Message): Promise<void>;
}

/** Slash commands and buttons (interactions.ts), mentions, DMs and reply chains (mentions.ts). */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { core, logger } = deps;
  const handle: Ask = async (request) => {
    const t0 = Date.now();
    try {
      const reply = await core.handle(request);
      logger.debug({ command: request.command, user: request.user.id, kind: reply.kind, ms: Date.now() - t0 }, 'answered');
      return reply;
    } catch (err) {
      logger.error({ err: errInfo(err), command: request.command, user: request.user.id }, 'chat core failed');
      return { kind: 'notice', level: 'error', text: TEXT.failed };
    }
  };
  const { onCommand, onShare, onOtherComponent } = interactionHandlers(deps, handle);
  const onMention = mentionHandler(deps, handle);
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

export function commandText(i: ChatInputCommandInteraction, command: CommandName): string {
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

export function shareRow(customId: string): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(customId).setLabel('Share in channel').setStyle(ButtonStyle.Primary),
  );
}

export function sharedRow(): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(`${SHARE_PREFIX}done`).setLabel('Shared').setStyle(ButtonStyle.Secondary).setDisabled(true),
  );
}

