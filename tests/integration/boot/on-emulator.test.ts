/**
 * The built bot against the local Discord emulator: it reaches READY and logs it, and
 * the framework error listeners give the member an answer in their language when a
 * precondition refuses or a command fails — before and after the interaction was
 * acknowledged — instead of Discord's "This interaction failed".
 */
import { MessageFlags } from 'discord.js';
import Redis from 'ioredis';
import { BotProcess } from '../../support/bot-process';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { startDiscordEmulator, type DiscordEmulator } from '../../support/discord-emulator';

jest.setTimeout(90_000);

/** Redis database index of this file (the boot tests' other files use 13). */
const REDIS_URL = 'redis://127.0.0.1:6379/12';

let emulator: DiscordEmulator;
let db: TestDatabase;
let bot: BotProcess;
let channelId: string;
let adminId: string;
let germanAdminId: string;

beforeAll(async () => {
  emulator = await startDiscordEmulator({ heartbeatIntervalMs: 5_000 });
  db = await createTestDatabase({ schema: 'fixture' });
  const guild = emulator.driver.createGuild({ name: 'Boot Test Guild' });
  channelId = emulator.driver.createChannel(guild.id, { name: 'general' }).id;
  // Server administrators, but not the bot's operator (PRIVILEGED_USER_ID names somebody else).
  adminId = emulator.driver.createMember(guild.id, { admin: true, username: 'admin' }).id;
  germanAdminId = emulator.driver.createMember(guild.id, { admin: true, username: 'admin-de', locale: 'de' }).id;
  bot = BotProcess.start({
    env: {
      DISCORD_TOKEN: emulator.bot.token,
      DATABASE_URL: db.url,
      DISCORD_API_URL: emulator.apiUrl,
      REDIS_URL,
      DASHBOARD_PORT: '39241',
      PRIVILEGED_USER_ID: '100000000000000001',
    },
  });
  await bot.waitForLine(/Ready as /, { timeoutMs: 60_000 });
  // Commands are registered right after READY.
  const deadline = Date.now() + 30_000;
  while (!['help', 'status', 'restart'].every((name) => emulator.driver.commands().some((c) => c.name === name))) {
    if (Date.now() > deadline) throw new Error(`commands were not registered; bot output:\n${bot.transcript()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(async () => {
  await bot?.stop();
  await emulator?.close();
  await db?.drop();
  const redis = new Redis(REDIS_URL);
  await redis.flushdb();
  redis.disconnect();
});

it('logs READY with the bot user and the guild count', async () => {
  const line = await bot.waitForLine(/Ready as /);
  expect(line).toMatch(new RegExp(`INFO \\[dmw\\.runtime\\] Ready as .+ \\(${emulator.bot.userId}\\) in 1 guild$`));
});

it('a precondition refusal reaches the member privately, in their language', async () => {
  const english = await emulator.driver.slash({ channelId, userId: adminId, command: 'restart' });
  const englishReply = await english.reply();
  expect(englishReply.content).toBe('Only the bot owner can use this.');
  expect((englishReply.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);

  const german = await emulator.driver.slash({ channelId, userId: germanAdminId, command: 'restart', locale: 'de' });
  expect((await german.reply()).content).toBe('Nur für den Bot-Betreiber erlaubt.');
  expect(bot.exited).toBe(false);
});

it('a command that fails before answering still answers: the generic error as an ephemeral reply', async () => {
  // Discord refuses the command's own reply (discord.js tries 1 + 3 retries); the error listener's reply then goes through.
  const refused = emulator.faults.failNext({ method: 'POST', route: /^\/interactions\/\d+\/[^/]+\/callback$/, status: 500, times: 4 });
  const handle = await emulator.driver.slash({ channelId, userId: adminId, command: 'help' });
  const reply = await handle.reply(20_000);
  expect(refused.hits).toBe(4);
  expect(reply.content).toBe('Something went wrong. Please try again.');
  expect((reply.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  await bot.waitForLine(/ERROR \[dmw\.runtime\] \/help failed for user \d+/);
});

it('a command that fails after deferring replaces the "thinking…" state with the generic error', async () => {
  const refused = emulator.faults.failNext({ method: 'PATCH', route: /\/messages\/(@|%40)original$/, status: 500, times: 4 });
  const handle = await emulator.driver.slash({ channelId, userId: germanAdminId, command: 'status', locale: 'de' });
  const reply = await handle.reply(20_000);
  expect(refused.hits).toBe(4);
  expect(handle.deferred).toBe(false);
  expect(reply.content).toBe('Etwas ist schiefgelaufen. Bitte versuche es erneut.');
  expect((reply.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  await bot.waitForLine(/ERROR \[dmw\.runtime\] \/status failed for user \d+/);
});
