import type { Client } from 'discord.js';
import { forwardLogBatches, LogForwarder, MAX_MESSAGE_LENGTH } from '../../../src/lib/log-forwarder';
import type { LogRecord } from '../../../src/lib/logging';
import { startDiscordEmulator, type DiscordEmulator, type GuildFixture } from '../../support/discord-emulator';
import { loginClient } from '../../emulator/client';

/** Log batches reaching LOG_CHANNEL_ID on the local Discord emulator. */

let emulator: DiscordEmulator;
let client: Client<true>;
let logGuild: GuildFixture;
let logChannelId: string;
let otherGuild: GuildFixture;

function record(message: string, level: LogRecord['level'] = 'INFO'): LogRecord {
  return { time: new Date(), level, logger: 'dmw.runtime', module: 'index', function: 'main', line: 1, message };
}

beforeAll(async () => {
  emulator = await startDiscordEmulator();
  logGuild = emulator.driver.createGuild({ name: 'Ops' });
  logChannelId = emulator.driver.createChannel(logGuild.id, { name: 'bot-log' }).id;
  otherGuild = emulator.driver.createGuild({ name: 'Elsewhere' });
  client = await loginClient(emulator);
});

afterAll(async () => {
  await client?.destroy();
  await emulator?.close();
});

it('sends a few code blocks per tick, each under 2,000 characters, that ping nobody, and the rest on the next tick', async () => {
  const forwarder = new LogForwarder();
  for (let n = 0; n < 50; n += 1) forwarder.sink(record(`line ${n} for @everyone and <@123> ${'.'.repeat(80)}`));
  const target = { guildId: logGuild.id, channelId: logChannelId };

  const first = await forwardLogBatches(client, forwarder, target, 2);
  expect(first.sent).toBe(2);
  expect(first.pending).toBeGreaterThan(0);
  let rest = await forwardLogBatches(client, forwarder, target, 100);
  expect(rest.pending).toBe(0);
  rest = await forwardLogBatches(client, forwarder, target);
  expect(rest).toEqual({ sent: 0, pending: 0 });

  const posts = emulator.rest.calls.filter((call) => call.method === 'POST' && call.path === `/channels/${logChannelId}/messages`);
  expect(posts.length).toBeGreaterThanOrEqual(3);
  const contents = emulator.driver.messages(logChannelId).map((message) => message.content);
  for (const content of contents) {
    expect(content.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(content.startsWith('```\n') && content.endsWith('\n```')).toBe(true);
  }
  for (const call of posts) expect((call.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });
  const lines = contents.flatMap((content) => content.slice(4, -4).split('\n'));
  expect(lines.map((line) => Number(/\| line (\d+) /.exec(line)?.[1])).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, n) => n));
});

it('refuses a channel outside LOG_GUILD_ID and keeps the lines', async () => {
  const forwarder = new LogForwarder();
  forwarder.sink(record('kept'));
  await expect(forwardLogBatches(client, forwarder, { guildId: otherGuild.id, channelId: logChannelId })).rejects.toThrow(/is not a text channel of LOG_GUILD_ID/);
  expect(forwarder.pending).toBe(1);
});

it('fails the tick when the channel does not exist, keeping the lines for later', async () => {
  const forwarder = new LogForwarder();
  forwarder.sink(record('kept'));
  await expect(forwardLogBatches(client, forwarder, { guildId: logGuild.id, channelId: '999999999999999999' })).rejects.toThrow();
  expect(forwarder.pending).toBe(1);
});
