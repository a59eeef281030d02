// The slash commands, and registering them with Discord through the REST API.
import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  REST,
  Routes,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandName } from '../../chat/types.js';

type CommandJSON = RESTPostAPIChatInputApplicationCommandsJSONBody;

const common = {
  // Usable in servers and in DMs with the bot; installed to servers.
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  integration_types: [ApplicationIntegrationType.GuildInstall],
} satisfies Partial<CommandJSON>;

/** Every command, in the order Discord lists them. */
export const COMMANDS: Record<CommandName, CommandJSON> = {
  ask: {
    ...common,
    name: 'ask',
    description: 'Ask a question: answered from the indexed articles, quoted and cited',
    options: [{ type: ApplicationCommandOptionType.String, name: 'question', description: 'Your question', required: true }],
  },
  sources: {
    ...common,
    name: 'sources',
    description: 'List the indexed articles, newest first',
    options: [{ type: ApplicationCommandOptionType.Integer, name: 'page', description: 'Page number', required: false, min_value: 1 }],
  },
  quotes: {
    ...common,
    name: 'quotes',
    description: 'What a named person said in the indexed articles',
    options: [{ type: ApplicationCommandOptionType.String, name: 'name', description: 'The person’s name', required: true }],
  },
  digest: { ...common, name: 'digest', description: 'The digest of the newest articles' },
  help: { ...common, name: 'help', description: 'How to ask, with examples' },
};

/** The command definitions for the commands a deployment offers (digest only when configured). */
export function commandDefinitions(names: readonly CommandName[] = Object.keys(COMMANDS) as CommandName[]): CommandJSON[] {
  return (Object.keys(COMMANDS) as CommandName[]).filter((n) => names.includes(n)).map((n) => COMMANDS[n]);
}

export interface RegisterCommandsOptions {
  token: string;
  appId: string;
  /** Registers in this guild only (instant; for development). Without it: global commands. */
  guildId?: string;
  /** Base URL of the REST API, e.g. 'http://127.0.0.1:PORT/api' in tests. Default: Discord's. */
  restApi?: string;
  /** Which commands to register (default: all). */
  commands?: readonly CommandName[];
  /** Retries on 5xx and network errors (429s always wait and retry). Default 3. */
  retries?: number;
  timeoutMs?: number;
}

export interface RegisterCommandsResult {
  scope: 'guild' | 'global';
  route: string;
  names: string[];
}

/**
 * Replaces the bot's slash commands with ours (PUT is a bulk overwrite):
 * PUT /applications/{app}/guilds/{guild}/commands, or PUT /applications/{app}/commands.
 */
export async function registerCommands(options: RegisterCommandsOptions): Promise<RegisterCommandsResult> {
  const rest = new REST({
    ...(options.restApi ? { api: options.restApi } : {}),
    retries: options.retries ?? 3,
    timeout: options.timeoutMs ?? 15_000,
  }).setToken(options.token);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.appId, options.guildId)
    : Routes.applicationCommands(options.appId);
  const body = commandDefinitions(options.commands);
  try {
    await rest.put(route, { body });
  } catch (err) {
    const status = (err as { status?: number }).status;
    const why =
      status === 401
        ? 'Discord rejected the bot token (DISCORD_TOKEN)'
        : status === 403 || status === 404
          ? `Discord refused (${status}): check DISCORD_APP_ID${options.guildId ? ', the guild id, and that the bot was invited with the applications.commands scope' : ''}`
          : `Registering the commands failed: ${(err as Error).message}`;
    throw new Error(why, { cause: err });
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
  return { scope: options.guildId ? 'guild' : 'global', route, names: body.map((c) => c.name) };
}
