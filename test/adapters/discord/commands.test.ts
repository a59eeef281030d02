// Registering the slash commands through the real @discordjs/rest client, against the fake REST API.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandDefinitions, registerCommands } from '../../../src/adapters/discord/commands.js';
import { FakeDiscord, IDS } from '../../fakes/discord-server.js';

let fake: FakeDiscord;
beforeEach(async () => {
  fake = await FakeDiscord.start();
});
afterEach(async () => {
  await fake.close();
});

describe('registerCommands', () => {
  it('PUTs the guild commands when a guild is given', async () => {
    const r = await registerCommands({ token: 'fake-token', appId: IDS.app, guildId: IDS.guild, restApi: fake.api, retries: 0 });
    expect(r).toEqual({
      scope: 'guild',
      route: `/applications/${IDS.app}/guilds/${IDS.guild}/commands`,
      names: ['ask', 'sources', 'quotes', 'digest', 'help'],
    });
    const calls = fake.calls.filter((c) => c.method === 'PUT');
    expect(calls.map((c) => c.path)).toEqual([`/applications/${IDS.app}/guilds/${IDS.guild}/commands`]);
    const body = calls[0].body as { name: string; description: string; options?: unknown[] }[];
    expect(body.find((c) => c.name === 'ask')).toMatchObject({
      name: 'ask',
      options: [{ type: 3, name: 'question', required: true }],
      contexts: [0, 1],
      integration_types: [0],
    });
    expect(body.find((c) => c.name === 'sources')?.options).toEqual([
      { type: 4, name: 'page', description: 'Page number', required: false, min_value: 1 },
    ]);
    expect(body.find((c) => c.name === 'quotes')?.options).toEqual([
      { type: 3, name: 'name', description: 'The person’s name', required: true },
    ]);
    expect(body.find((c) => c.name === 'help')?.options).toBeUndefined();
    for (const c of body) {
      expect(c.name).toMatch(/^[a-z]{1,32}$/);
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThanOrEqual(100);
    }
  });

  it('PUTs the global commands without a guild, only those offered', async () => {
    const r = await registerCommands({ token: 'fake-token', appId: IDS.app, restApi: fake.api, retries: 0, commands: ['ask', 'sources', 'quotes', 'help'] });
    expect(r.scope).toBe('global');
    const [call] = fake.calls.filter((c) => c.method === 'PUT');
    expect(call.path).toBe(`/applications/${IDS.app}/commands`);
    expect((call.body as { name: string }[]).map((c) => c.name)).toEqual(['ask', 'sources', 'quotes', 'help']);
    expect(call.body).toEqual(commandDefinitions(['ask', 'sources', 'quotes', 'help']));
  });

  it('says what to fix when the token is rejected', async () => {
    fake.rejectTokens = true;
    await expect(registerCommands({ token: 'bad', appId: IDS.app, restApi: fake.api, retries: 0 })).rejects.toThrow(
      'Discord rejected the bot token (DISCORD_TOKEN)',
    );
  });
});
