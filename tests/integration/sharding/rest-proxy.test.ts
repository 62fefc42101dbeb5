import { DiscordAPIError, REST, Routes, type APIMessage } from 'discord.js';
import { parseDiscordApiUrl } from '../../../src/config-values';
import { startDiscordEmulator, type DiscordEmulator } from '../../support/discord-emulator';
import { startRestProxy, type RestProxy } from '../../support/rest-proxy';

/**
 * Two shard processes share one bot token and so one set of Discord rate limits. Each
 * discord.js REST client only knows the limits its own responses told it, so two of
 * them together overrun a bucket; through one @discordjs/proxy they are one client.
 * The emulator's limits are on (3 message creates per channel and window here).
 */

const RULES = [{ bucket: 'messages', routes: ['POST /channels/:channel_id/messages'], limit: 3, windowMs: 1_000 }];
const SENDS_PER_PROCESS = 4;

let emulator: DiscordEmulator;
let proxy: RestProxy | null = null;
const clients: REST[] = [];

afterEach(async () => {
  for (const rest of clients.splice(0)) {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
  await proxy?.close();
  proxy = null;
  await emulator.close();
});

/** The REST client of one bot process, built from DISCORD_API_URL as src/lib/client.ts does. */
function processRest(discordApiUrl: string): REST {
  const rest = new REST({ api: parseDiscordApiUrl(discordApiUrl)! }).setToken(emulator.bot.token);
  clients.push(rest);
  return rest;
}

/** Both processes post their burst into the same channel at once. */
async function burst(channelId: string, processes: REST[]): Promise<void> {
  await Promise.all(
    processes.flatMap((rest, p) =>
      Array.from({ length: SENDS_PER_PROCESS }, (_, i) => rest.post(Routes.channelMessages(channelId), { body: { content: `process ${p} message ${i}` } })),
    ),
  );
}

function messageCreates(): number[] {
  return emulator.driver.restCalls({ method: 'POST', route: '/channels/:channel_id/messages' }).map((call) => call.status);
}

it('two processes talking to Discord directly overrun the shared bucket and are answered 429', async () => {
  emulator = await startDiscordEmulator({ rateLimits: { rules: RULES } });
  const channelId = emulator.driver.createChannel(emulator.driver.createGuild().id, { name: 'planning' }).id;

  await burst(channelId, [processRest(emulator.apiUrl), processRest(emulator.apiUrl)]);

  const statuses = messageCreates();
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
  // discord.js retried each 429, so every message still arrived.
  expect(emulator.driver.messages(channelId)).toHaveLength(2 * SENDS_PER_PROCESS);
});

it('the same two processes through one @discordjs/proxy share one budget: Discord never answers 429', async () => {
  emulator = await startDiscordEmulator({ rateLimits: { rules: RULES } });
  const channelId = emulator.driver.createChannel(emulator.driver.createGuild().id, { name: 'planning' }).id;
  proxy = await startRestProxy(emulator.apiUrl);

  // A trailing slash, as an operator might write it; the config trims it.
  await burst(channelId, [processRest(`${proxy.apiUrl}/`), processRest(proxy.apiUrl)]);

  const statuses = messageCreates();
  expect(statuses).toEqual(Array(2 * SENDS_PER_PROCESS).fill(200));
  expect(emulator.driver.messages(channelId).map((m) => m.content).sort()).toEqual(
    [0, 1].flatMap((p) => Array.from({ length: SENDS_PER_PROCESS }, (_, i) => `process ${p} message ${i}`)).sort(),
  );
  // The proxy held the overflow back itself (429 + Retry-After to the process, which waited and retried).
  const proxied = proxy.answered;
  expect(proxied.filter((s) => s === 200)).toHaveLength(2 * SENDS_PER_PROCESS);
  expect(proxied.filter((s) => s === 429).length).toBeGreaterThan(0);
});

it('files, query strings and Discord\'s errors pass through the proxy unchanged', async () => {
  emulator = await startDiscordEmulator();
  const channelId = emulator.driver.createChannel(emulator.driver.createGuild().id, { name: 'planning' }).id;
  proxy = await startRestProxy(emulator.apiUrl);
  const rest = processRest(proxy.apiUrl);
  const calendar = Buffer.from('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');

  const posted = (await rest.post(Routes.channelMessages(channelId), {
    body: { content: 'raid calendar' },
    files: [{ name: 'raids.ics', data: calendar, contentType: 'text/calendar' }],
  })) as APIMessage;
  await rest.post(Routes.channelMessages(channelId), { body: { content: 'second' } });

  expect(emulator.driver.attachment(posted.attachments[0]!)?.data.equals(calendar)).toBe(true);
  const latest = (await rest.get(Routes.channelMessages(channelId), { query: new URLSearchParams({ limit: '1' }) })) as APIMessage[];
  expect(latest.map((m) => m.content)).toEqual(['second']);
  const missing = await rest.get(Routes.channelMessage(channelId, '1')).catch((error: unknown) => error);
  expect(missing).toBeInstanceOf(DiscordAPIError);
  expect(missing).toMatchObject({ code: 10008, status: 404 });
});
