/**
 * The first step of a shutdown: interactions that arrive from then on get a private,
 * localized "restarting" answer and reach no command or handler, so nothing starts that
 * the shutdown would cut off half-way.
 */
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, MessageFlags, type ClientOptions } from 'discord.js';
import { stopTakingInteractions } from '../../../src/lib/discord/intake';
import { t } from '../../../src/lib/i18n';
import { startDiscordEmulator, type DiscordEmulator } from '../../support/discord-emulator';

let emulator: DiscordEmulator;
let client: Client;
let channelId: string;
let userId: string;
let handled = 0;

beforeAll(async () => {
  emulator = await startDiscordEmulator();
  const guild = emulator.driver.createGuild({ name: 'Intake' });
  channelId = emulator.driver.createChannel(guild.id, { name: 'general' }).id;
  userId = emulator.driver.createMember(guild.id, { username: 'member' }).id;
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emulator.apiUrl } } as unknown as ClientOptions);
  client.on(Events.InteractionCreate, () => {
    handled += 1;
  });
  const ready = once(client, Events.ClientReady);
  await client.login(emulator.bot.token);
  await ready;
  await client.application!.commands.set([{ name: 'help', description: 'Shows the help' }]);
});

afterAll(async () => {
  await client.destroy();
  await emulator.close();
});

it('answers every interaction privately that the bot is restarting, in the member’s language, and runs nothing', async () => {
  // Before: interactions reach the bot's listeners.
  await emulator.driver.slash({ channelId, userId, command: 'help' });
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(handled).toBe(1);
  stopTakingInteractions(client);
  for (const locale of ['en-US', 'de']) {
    const handle = await emulator.driver.slash({ channelId, userId, command: 'help', locale });
    const reply = await handle.reply();
    expect(reply.content).toBe(t(locale, 'common.restarting'));
    expect((reply.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  }
  expect(handled).toBe(1);
});
