// Turning a free-text chat message ("@bot sources 2", "/ask who said…") into a command.
import type { CommandName } from './types.js';

const NAMES: CommandName[] = ['ask', 'sources', 'quotes', 'digest', 'help'];

/**
 * The first word picks the command when it names one; anything else is a question, except a
 * slash before an unknown word ("/foo"): that was meant as a command, so help answers it,
 * with `unknown` naming what was typed.
 */
export function parseChatText(text: string): { command: CommandName; text: string; unknown?: string } {
  const trimmed = text.trim();
  const m = /^(\/?)([a-z]+)\b[:,]?\s*([\s\S]*)$/i.exec(trimmed);
  if (m) {
    const word = m[2].toLowerCase() as CommandName;
    if (NAMES.includes(word)) return { command: word, text: m[3].trim() };
    if (m[1]) return { command: 'help', text: '', unknown: `/${m[2]}` };
  }
  if (!trimmed) return { command: 'help', text: '' };
  return { command: 'ask', text: trimmed };
}
