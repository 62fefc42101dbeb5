import { Client, GatewayIntentBits, type ClientOptions } from 'discord.js';
import type { DiscordEmulator } from '../support/discord-emulator';

/** Every intent the raid bot uses; tests narrow it where intent filtering matters. */
export const BOT_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMembers,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.GuildVoiceStates,
  GatewayIntentBits.MessageContent,
];

/**
 * A plain discord.js Client (not Sapphire, not the bot) logged in to the
 * emulator, exactly as the bot configures it: `rest.api` → the emulator.
 */
export async function loginClient(
  emulator: DiscordEmulator,
  options: Partial<ClientOptions> = {},
): Promise<Client<true>> {
  const client = new Client({
    ...options,
    intents: options.intents ?? BOT_INTENTS,
    rest: { ...(options.rest ?? {}), api: emulator.apiUrl },
    // The scheduled-tasks plugin augments ClientOptions with a required `tasks`; a plain Client needs none.
  } as ClientOptions);
  const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
  await client.login(emulator.bot.token);
  await ready;
  return client as Client<true>;
}

/** Resolves with the next emission of `event` on the client. */
export function nextEvent<T extends unknown[]>(client: Client, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off(event, handler);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (...args: unknown[]) => {
      clearTimeout(timer);
      client.off(event, handler);
      resolve(args as T);
    };
    client.on(event, handler);
  });
}
