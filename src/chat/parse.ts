// Turning a free-text chat message ("@bot sources 2", "/ask who said…") into a command: the
// same for Slack and Discord mentions, DMs and the console.
import type { CommandName } from './types.js';

const NAMES: readonly CommandName[] = ['ask', 'sources', 'quotes', 'digest', 'help'];

/**
 * "sources [page]", "help", "quotes <name>", "digest" and "ask <question>" as the first word route
 * to those commands (a leading "/" is allowed); anything else is a question. A word that only
 * looks like a command ("sources say …", "help me find …", "digest of what …") stays a question.
 * With a leading "/" a known command is always that command ("/sources abc" gets the usage
 * line of `sources`, not an answer). Empty text asks for help. A slash before an unknown word ("/foo") was meant as a command, so
 * help answers it, with `unknown` naming what was typed.
 */
export function parseChatText(text: string, commands: readonly CommandName[] = NAMES): { command: CommandName; text: string; unknown?: string } {
  const t = text.trim();
  if (!t) return { command: 'help', text: '' };
  const m = /^(\/?)([A-Za-z]+)[:,]?(?:\s+([\s\S]*))?$/.exec(t);
  const word = m?.[2]?.toLowerCase();
  const rest = (m?.[3] ?? '').trim();
  if (word && commands.includes(word as CommandName)) {
    // With a slash the command was meant, whatever follows: the core answers a wrong argument
    // with the command's usage line ("/sources abc", "/digest extra", "/quotes").
    if (m?.[1] && word !== 'ask' && word !== 'help') return { command: word as CommandName, text: rest };
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
  if (m?.[1] && word && !NAMES.includes(word as CommandName)) return { command: 'help', text: '', unknown: `/${m[2]}` };
  return { command: 'ask', text: t };
}
