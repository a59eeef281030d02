// What a mention or a direct message asks for: the first word may name a command, otherwise it is a question.
import type { CommandName } from '../../chat/types.js';
import { parseChatText } from '../../chat/parse.js';
import { decodeSlackText, stripBotMention } from './escape.js';

export interface Routed {
  command: CommandName;
  text: string;
}

/** The chat's own routing (src/chat/parse.ts), for a mention or a DM. */
export function routeText(text: string, commands: readonly CommandName[]): Routed {
  const { command, text: rest } = parseChatText(text, commands);
  return { command, text: rest };
}

/** The text of an app_mention or a DM, as the person typed it, without the bot's mention. */
export function messageText(raw: string | undefined, botUserId: string | undefined): string {
  return decodeSlackText(stripBotMention(raw ?? '', botUserId)).trim();
}
