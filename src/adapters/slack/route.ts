// What a mention or a direct message asks for: the first word may name a command, otherwise it is a question.
import type { CommandName } from '../../chat/types.js';
import { decodeSlackText, stripBotMention } from './escape.js';

export interface Routed {
  command: CommandName;
  text: string;
}

/**
 * "sources [page]", "help", "quotes <name>", "digest" and "ask <question>" as the first word route to
 * those commands (a leading "/" is allowed); anything else is a question. A word that only looks like a
 * command ("sources say …", "help me find …") stays a question. Empty text asks for help.
 */
export function routeText(text: string, commands: readonly CommandName[]): Routed {
  const t = text.trim();
  if (!t) return { command: 'help', text: '' };
  const m = /^\/?([A-Za-z]+)[:,]?(?:\s+([\s\S]*))?$/.exec(t);
  const word = m?.[1]?.toLowerCase();
  const rest = (m?.[2] ?? '').trim();
  if (word && commands.includes(word as CommandName)) {
    switch (word) {
      case 'help':
      case 'digest':
        if (!rest) return { command: word, text: '' };
        break;
      case 'sources':
        if (!rest || /^\d+$/.test(rest)) return { command: 'sources', text: rest };
        break;
      case 'quotes':
        if (rest) return { command: 'quotes', text: rest };
        break;
      case 'ask':
        return rest ? { command: 'ask', text: rest } : { command: 'help', text: '' };
    }
  }
  return { command: 'ask', text: t };
}

/** The text of an app_mention or a DM, as the person typed it, without the bot's mention. */
export function messageText(raw: string | undefined, botUserId: string | undefined): string {
  return decodeSlackText(stripBotMention(raw ?? '', botUserId)).trim();
}
