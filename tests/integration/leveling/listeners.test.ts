import '@sapphire/plugin-scheduled-tasks/register';
import { provideRedis } from '../../../src/lib/tasks/redis';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { container, LogLevel, SapphireClient } from '@sapphire/framework';
import { Events, GatewayIntentBits } from 'discord.js';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../../src/config';
import { cacheFactory, RECENT_MEMBERS_PER_GUILD, sweeperOptions } from '../../../src/lib/discord/cache-policy';
import { MemberNames } from '../../../src/lib/discord/member-names';
import { createDataSource } from '../../../src/lib/db/data-source';
import { KEYWORD_REPLIES } from '../../../src/lib/leveling';
import { voicePresences } from '../../../src/lib/leveling/voice-presence';
import { setConsoleOutput } from '../../../src/lib/logging';
import { redisKeys } from '../../../src/lib/redis-namespace';
import { MessageCreateListener } from '../../../src/listeners/activity/messageCreate';
import { VoiceStateUpdateListener } from '../../../src/listeners/activity/voiceStateUpdate';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { startDiscordEmulator, type DiscordEmulator, type GuildFixture, type RestCall } from '../../support/discord-emulator';

/**
 * The messageCreate and voiceStateUpdate listeners inside a Sapphire client logged
 * in to the local Discord emulator, on real PostgreSQL and Redis: keyword replies
 * and level-up posts as Discord receives them, voice join times in Redis.
 */

let emulator: DiscordEmulator;
let db: TestDatabase;
let dataSource: DataSource;
let client: SapphireClient;
let redis: Redis;
let guild: GuildFixture;
let textChannelId: string;
let voiceChannelId: string;
let otherVoiceChannelId: string;
let stageChannelId: string;

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

function messagePostsTo(channelId: string, since: number): RestCall[] {
  return emulator.rest.calls.slice(since).filter((call) => call.method === 'POST' && call.path === `/channels/${channelId}/messages`);
}

async function levelOf(userId: string): Promise<{ xp: number; level: number; username: string | null } | undefined> {
  const [row] = await db.query<{ xp: number; level: number; username: string | null }>(
    'SELECT xp, level, username FROM user_levels WHERE guild_id = $1 AND user_id = $2',
    [guild.id, userId],
  );
  return row;
}

beforeAll(async () => {
  setConsoleOutput(false);
  emulator = await startDiscordEmulator();
  db = await createTestDatabase();
  dataSource = createDataSource(db.url, { logging: false });
  await dataSource.initialize();
  redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();

  guild = emulator.driver.createGuild({ name: 'Raiders' });
  textChannelId = emulator.driver.createChannel(guild.id, { name: 'chat' }).id;
  voiceChannelId = emulator.driver.createChannel(guild.id, { name: 'Voice', type: 'voice' }).id;
  otherVoiceChannelId = emulator.driver.createChannel(guild.id, { name: 'Voice 2', type: 'voice' }).id;
  stageChannelId = emulator.driver.createChannel(guild.id, { name: 'Stage', type: 'stage' }).id;

  container.config = loadConfig({ DATABASE_URL: db.url, DISCORD_TOKEN: emulator.bot.token, MESSAGE_XP_COOLDOWN_SECONDS: '0' });
  container.db = dataSource;
  client = new SapphireClient({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers, GatewayIntentBits.GuildMessages, GatewayIntentBits.GuildVoiceStates, GatewayIntentBits.MessageContent],
    rest: { api: emulator.apiUrl },
    // The bot's cache policy (lib/discord/cache-policy.ts): few members cached per guild.
    makeCache: cacheFactory(new MemberNames()),
    sweepers: sweeperOptions(),
    baseUserDirectory: null,
    loadDefaultErrorListeners: false,
    loadScheduledTaskErrorListeners: false,
    logger: { level: LogLevel.None },
    tasks: { queue: `dmw-test-listeners-${randomBytes(3).toString('hex')}`, bull: { connection: { host: '127.0.0.1', port: 6379 } } },
  });
  provideRedis(container.config);
  const listeners = client.stores.get('listeners');
  await listeners.loadPiece({ name: 'messageCreate', piece: MessageCreateListener });
  await listeners.loadPiece({ name: 'voiceStateUpdate', piece: VoiceStateUpdateListener });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(emulator.bot.token);
  await ready;
});

afterAll(async () => {
  await redis?.del(`${redisKeys(container.config.redisNamespace).levelingPrefix}voice:${guild?.id}`);
  redis?.disconnect();
  await container.tasks?.client.obliterate({ force: true });
  await container.tasks?.close();
  await client?.destroy();
  await emulator?.close();
  await dataSource?.destroy();
  await db?.drop();
  setConsoleOutput(true);
});

describe('messageCreate', () => {
  it('answers both keywords as replies that ping nobody', async () => {
    const member = emulator.driver.createMember(guild.id, { username: 'kw' });
    const since = emulator.rest.calls.length;
    const posted = emulator.driver.postMessage({ channelId: textChannelId, userId: member.id, content: 'Is NANOMON approved?' });
    const replies = await until('two replies', () => {
      const calls = messagePostsTo(textChannelId, since);
      return calls.length >= 2 && calls;
    });
    await sleep(200);
    expect(messagePostsTo(textChannelId, since)).toHaveLength(2);
    expect(replies.map((call) => (call.body as { content: string }).content).sort()).toEqual([KEYWORD_REPLIES.approved, KEYWORD_REPLIES.nanomon].sort());
    for (const call of replies) {
      const body = call.body as { message_reference?: { message_id: string }; allowed_mentions?: unknown };
      expect(body.message_reference?.message_id).toBe(posted.id);
      expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    }
  });

  it('ignores the keywords inside other words', async () => {
    const member = emulator.driver.createMember(guild.id, { username: 'kw2' });
    const since = emulator.rest.calls.length;
    emulator.driver.postMessage({ channelId: textChannelId, userId: member.id, content: 'xnanomonx disapproved' });
    await until('the message XP', () => levelOf(member.id));
    await sleep(200);
    expect(messagePostsTo(textChannelId, since)).toEqual([]);
  });

  it('gives 10 XP per message and announces the level-up once, pinging only that member', async () => {
    const member = emulator.driver.createMember(guild.id, { username: 'grinder', globalName: 'Grinder' });
    const since = emulator.rest.calls.length;
    for (let n = 1; n <= 9; n += 1) {
      emulator.driver.postMessage({ channelId: textChannelId, userId: member.id, content: `message ${n} @everyone` });
      await until(`xp after message ${n}`, async () => (await levelOf(member.id))?.xp === n * 10);
    }
    expect(messagePostsTo(textChannelId, since)).toEqual([]);

    emulator.driver.postMessage({ channelId: textChannelId, userId: member.id, content: 'message 10' });
    const [announcement] = await until('the level-up post', () => {
      const calls = messagePostsTo(textChannelId, since);
      return calls.length > 0 && calls;
    });
    expect(announcement!.body).toMatchObject({
      content: `🎉 <@${member.id}> reached **level 1**! (XP: 100)`,
      allowed_mentions: { users: [member.id] },
    });
    expect(await levelOf(member.id)).toEqual({ xp: 100, level: 1, username: 'Grinder' });
    emulator.driver.postMessage({ channelId: textChannelId, userId: member.id, content: 'message 11' });
    await until('xp after message 11', async () => (await levelOf(member.id))?.xp === 110);
    await sleep(200);
    expect(messagePostsTo(textChannelId, since)).toHaveLength(1);
  });

  it("speaks the guild's language in the level-up post", async () => {
    emulator.driver.setGuildLocale(guild.id, 'de');
    try {
      const member = emulator.driver.createMember(guild.id, { username: 'Kai' });
      await dataSource.query('INSERT INTO user_levels (guild_id, user_id, xp, level) VALUES ($1, $2, 240, 1)', [guild.id, member.id]);
      const since = emulator.rest.calls.length;
      emulator.driver.postMessage({ channelId: textChannelId, userId: member.id, content: 'hallo' });
      const [announcement] = await until('the level-up post', () => {
        const calls = messagePostsTo(textChannelId, since);
        return calls.length > 0 && calls;
      });
      expect((announcement!.body as { content: string }).content).toBe(`🎉 <@${member.id}> ist auf **Level 2** aufgestiegen! (XP: 250)`);
    } finally {
      emulator.driver.setGuildLocale(guild.id, 'en-US');
    }
  });

  it('ignores bots entirely', async () => {
    const bot = emulator.driver.createMember(guild.id, { username: 'other-bot', bot: true });
    const since = emulator.rest.calls.length;
    emulator.driver.postMessage({ channelId: textChannelId, userId: bot.id, content: 'nanomon' });
    await sleep(400);
    expect(await levelOf(bot.id)).toBeUndefined();
    expect(messagePostsTo(textChannelId, since)).toEqual([]);
  });
});

describe('voiceStateUpdate', () => {
  const joinedAt = async (userId: string): Promise<string | null> => redis.hget(`${redisKeys(container.config.redisNamespace).levelingPrefix}voice:${guild.id}`, userId);

  it('starts the clock on join, keeps it on a move and stops it on leave', async () => {
    const member = emulator.driver.createMember(guild.id, { username: 'talker' });
    const before = Date.now();
    emulator.driver.joinVoice(guild.id, member.id, voiceChannelId);
    const started = Number(await until('the join time', () => joinedAt(member.id)));
    expect(started).toBeGreaterThanOrEqual(before);
    expect(started).toBeLessThanOrEqual(Date.now());

    emulator.driver.moveVoice(guild.id, member.id, otherVoiceChannelId);
    await until('the move to reach the cache', () => client.guilds.cache.get(guild.id)?.voiceStates.cache.get(member.id)?.channelId === otherVoiceChannelId);
    await sleep(100);
    expect(Number(await joinedAt(member.id))).toBe(started);

    emulator.driver.leaveVoice(guild.id, member.id);
    await until('the leave', async () => (await joinedAt(member.id)) === null);
  });

  it('does not track bots, and the voice XP pass sees members of voice channels only', async () => {
    const bot = emulator.driver.createMember(guild.id, { username: 'music-bot', bot: true });
    const speaker = emulator.driver.createMember(guild.id, { username: 'speaker', nick: 'Speaker' });
    const listener = emulator.driver.createMember(guild.id, { username: 'listener', nick: 'Listener' });
    emulator.driver.joinVoice(guild.id, bot.id, voiceChannelId);
    emulator.driver.joinVoice(guild.id, speaker.id, stageChannelId);
    emulator.driver.joinVoice(guild.id, listener.id, voiceChannelId);
    await until('three voice states', () => (client.guilds.cache.get(guild.id)?.voiceStates.cache.filter((state) => state.channelId !== null).size ?? 0) >= 3);
    await until('the listener join time', () => joinedAt(listener.id));
    expect(await joinedAt(bot.id)).toBeNull();

    const presence = (await voicePresences(client)).find((entry) => entry.guildId === guild.id);
    expect(presence?.members).toEqual([{ userId: listener.id, username: 'Listener' }]);
  });

  it('names members who were in voice when a crowded guild arrived, though the member cache let them go', async () => {
    const crowded = emulator.driver.createGuild({ name: 'Crowded', bot: { join: false } });
    const voice = emulator.driver.createChannel(crowded.id, { name: 'Voice', type: 'voice' }).id;
    const early = emulator.driver.createMember(crowded.id, { username: 'early', nick: 'Early Bird' });
    const musicBot = emulator.driver.createMember(crowded.id, { username: 'tunes', bot: true });
    for (let index = 0; index < RECENT_MEMBERS_PER_GUILD + 10; index++) emulator.driver.createMember(crowded.id, { username: `crowd${index}` });
    emulator.driver.joinVoice(crowded.id, early.id, voice);
    emulator.driver.joinVoice(crowded.id, musicBot.id, voice);
    emulator.driver.addBotToGuild(crowded.id);
    await until('the crowded guild', () => client.guilds.cache.get(crowded.id)?.voiceStates.cache.size === 2);
    // GUILD_CREATE lists members before voice states: the early members were let go before anyone knew they sat in voice.
    expect(client.guilds.cache.get(crowded.id)!.members.cache.has(early.id)).toBe(false);

    const presence = (await voicePresences(client)).find((entry) => entry.guildId === crowded.id);
    expect(presence?.members).toEqual([{ userId: early.id, username: 'Early Bird' }]);
    // Fetched once, then kept while in voice however many members arrive.
    let last = early;
    for (let index = 0; index < RECENT_MEMBERS_PER_GUILD + 10; index++) last = emulator.driver.createMember(crowded.id, { username: `later${index}` });
    await until('the later members', () => client.guilds.cache.get(crowded.id)!.members.cache.has(last.id));
    expect(client.guilds.cache.get(crowded.id)!.members.cache.has(early.id)).toBe(true);
  });
});
