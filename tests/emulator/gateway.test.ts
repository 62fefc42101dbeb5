import { ChannelType, GatewayIntentBits, PermissionFlagsBits } from 'discord.js';
import { WebSocket } from 'ws';
import { startDiscordEmulator, type DiscordEmulator } from '../support/discord-emulator';
import { loginClient, nextEvent } from './client';

describe('Discord emulator gateway with a real discord.js Client', () => {
  let emulator: DiscordEmulator;

  beforeEach(async () => {
    emulator = await startDiscordEmulator({ heartbeatIntervalMs: 500 });
  });

  afterEach(async () => {
    await emulator.close();
  });

  it('logs in: READY and GUILD_CREATE fill the cache with guilds, channels, roles, members and voice states', async () => {
    const { driver } = emulator;
    const guild = driver.createGuild({ name: 'Raiders', preferredLocale: 'de' });
    const category = driver.createChannel(guild.id, { name: 'Raids', type: 'category' });
    const text = driver.createChannel(guild.id, { name: 'planning', parentId: category.id });
    const voice = driver.createChannel(guild.id, { name: 'Voice', type: 'voice' });
    const officer = driver.createRole(guild.id, { name: 'Officer', permissions: ['ManageMessages'] });
    const member = driver.createMember(guild.id, { username: 'alice', roles: [officer.id] });
    driver.joinVoice(guild.id, member.id, voice.id);

    const client = await loginClient(emulator);
    try {
      expect(client.user.id).toBe(emulator.bot.userId);
      expect(client.application.id).toBe(emulator.bot.applicationId);
      const cached = client.guilds.cache.get(guild.id)!;
      expect(cached.name).toBe('Raiders');
      expect(cached.preferredLocale).toBe('de');
      expect(cached.ownerId).toBe(guild.ownerId);
      expect(cached.channels.cache.get(text.id)?.parentId).toBe(category.id);
      expect(cached.channels.cache.get(voice.id)?.type).toBe(ChannelType.GuildVoice);
      expect(cached.roles.cache.get(officer.id)?.permissions.has(PermissionFlagsBits.ManageMessages)).toBe(true);
      expect(cached.roles.everyone.id).toBe(guild.id);
      expect(cached.members.cache.get(member.id)?.roles.cache.has(officer.id)).toBe(true);
      expect(cached.members.me?.roles.highest.id).toBe(guild.botRoleId);
      expect(cached.voiceStates.cache.get(member.id)?.channelId).toBe(voice.id);
      expect(cached.memberCount).toBe(3);
    } finally {
      await client.destroy();
    }
  });

  it('answers heartbeats with ACKs', async () => {
    driverGuild(emulator);
    const client = await loginClient(emulator);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1200));
      const session = emulator.gateway.liveSession(emulator.bot.applicationId)!;
      expect(session.heartbeats).toBeGreaterThanOrEqual(1);
      expect(client.ws.ping).toBeGreaterThanOrEqual(0);
    } finally {
      await client.destroy();
    }
  });

  it('resumes after a dropped connection and replays the events it missed, then RESUMED', async () => {
    const guild = driverGuild(emulator);
    const client = await loginClient(emulator);
    try {
      const session = emulator.gateway.liveSession(emulator.bot.applicationId)!;
      const resumed = emulator.gateway.waitFor('resumed');
      emulator.gateway.dropConnections();
      // While the bot is away, things happen: they must arrive with their sequence numbers on RESUME.
      const channel = emulator.driver.createChannel(guild.id, { name: 'while-away' });
      const role = emulator.driver.createRole(guild.id, { name: 'Late' });
      const missedSeqs = session.history.slice(-2).map((e) => e.s);
      expect(session.history.slice(-2).map((e) => e.t)).toEqual(['CHANNEL_CREATE', 'GUILD_ROLE_CREATE']);
      const resumeEvent = nextEvent<[number, number]>(client, 'shardResume', 10_000);
      const resumedSession = await resumed;
      expect(resumedSession.id).toBe(session.id);
      const [, replayed] = await resumeEvent;
      expect(replayed).toBeGreaterThanOrEqual(2);
      expect(client.channels.cache.has(channel.id)).toBe(true);
      expect(client.guilds.cache.get(guild.id)!.roles.cache.has(role.id)).toBe(true);
      expect(session.resumes).toBe(1);
      expect(missedSeqs[1]).toBe(missedSeqs[0]! + 1);
      // Events after the resume still flow on the same session.
      const after = nextEvent(client, 'channelCreate');
      emulator.driver.createChannel(guild.id, { name: 'after-resume' });
      await after;
    } finally {
      await client.destroy();
    }
  });

  it('answers INVALID_SESSION when a session cannot be resumed, and the client identifies anew', async () => {
    driverGuild(emulator);
    const client = await loginClient(emulator);
    try {
      const first = emulator.gateway.liveSession(emulator.bot.applicationId)!;
      const invalid = emulator.gateway.waitFor('invalidSession');
      const ready = emulator.gateway.waitFor('ready');
      // discord.js waits out its identify throttle (~5 s) before identifying again.
      const shardReady = nextEvent(client, 'shardReady', 15_000);
      emulator.gateway.dropConnections({ resumable: false });
      await invalid;
      const second = await ready;
      await shardReady;
      expect(second.id).not.toBe(first.id);
      expect(first.status).toBe('invalid');
      expect(emulator.gateway.liveSession(emulator.bot.applicationId)?.id).toBe(second.id);
    } finally {
      await client.destroy();
    }
  });

  it('filters dispatches by intent: a bot without GuildMembers gets no member events, and only itself in GUILD_CREATE', async () => {
    const guild = driverGuild(emulator);
    const existing = emulator.driver.createMember(guild.id, { username: 'existing' });
    const client = await loginClient(emulator, { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] });
    try {
      const cached = client.guilds.cache.get(guild.id)!;
      expect(cached.members.cache.has(existing.id)).toBe(false);
      expect(cached.members.cache.has(emulator.bot.userId)).toBe(true);
      emulator.driver.createMember(guild.id, { username: 'newcomer' });
      emulator.driver.createChannel(guild.id, { name: 'marker' });
      await nextEvent(client, 'channelCreate');
      const session = emulator.gateway.liveSession(emulator.bot.applicationId)!;
      const types = session.history.map((e) => e.t);
      expect(types).not.toContain('GUILD_MEMBER_ADD');
      expect(types).toContain('CHANNEL_CREATE');
    } finally {
      await client.destroy();
    }
  });

  it('strips message content without the MessageContent intent unless the bot is mentioned', async () => {
    const guild = driverGuild(emulator);
    const channel = emulator.driver.createChannel(guild.id, { name: 'chat' });
    const member = emulator.driver.createMember(guild.id, { username: 'talker' });
    const client = await loginClient(emulator, { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] });
    try {
      const plain = nextEvent<[import('discord.js').Message]>(client, 'messageCreate');
      emulator.driver.postMessage({ channelId: channel.id, userId: member.id, content: 'secret plans' });
      expect((await plain)[0].content).toBe('');
      const mention = nextEvent<[import('discord.js').Message]>(client, 'messageCreate');
      emulator.driver.postMessage({ channelId: channel.id, userId: member.id, content: `<@${emulator.bot.userId}> hi` });
      expect((await mention)[0].content).toBe(`<@${emulator.bot.userId}> hi`);
    } finally {
      await client.destroy();
    }
  });

  it('closes with 4014 when the bot asks for a privileged intent the application lacks', async () => {
    await emulator.close();
    emulator = await startDiscordEmulator({ bot: { privilegedIntents: 0 } });
    const url = `${emulator.gateway.url}?v=10&encoding=json`;
    const socket = new WebSocket(url);
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    socket.on('message', (raw) => {
      const payload = JSON.parse(raw.toString());
      if (payload.op === 10) {
        socket.send(JSON.stringify({ op: 2, d: { token: emulator.bot.token, intents: GatewayIntentBits.GuildMembers, properties: {} } }));
      }
    });
    expect(await closed).toBe(4014);
  });

  it('answers REQUEST_GUILD_MEMBERS with GUILD_MEMBERS_CHUNK', async () => {
    const guild = driverGuild(emulator);
    const client = await loginClient(emulator, { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers] });
    try {
      for (let i = 0; i < 3; i += 1) emulator.driver.createMember(guild.id, { username: `m${i}` });
      const cached = client.guilds.cache.get(guild.id)!;
      cached.members.cache.clear();
      const members = await cached.members.fetch();
      expect(members.size).toBe(5);
      const bySearch = await cached.members.fetch({ query: 'm1', limit: 10 });
      expect([...bySearch.values()].map((m) => m.user.username)).toEqual(['m1']);
    } finally {
      await client.destroy();
    }
  });

  it('sends VOICE_STATE_UPDATE for joins, moves and leaves, and GUILD_MEMBER_UPDATE for role changes', async () => {
    const guild = driverGuild(emulator);
    const first = emulator.driver.createChannel(guild.id, { name: 'Raid 1', type: 'voice' });
    const second = emulator.driver.createChannel(guild.id, { name: 'Raid 2', type: 'voice' });
    const member = emulator.driver.createMember(guild.id, { username: 'speaker' });
    const role = emulator.driver.createRole(guild.id, { name: 'Raider' });
    const client = await loginClient(emulator);
    try {
      type VoicePair = [import('discord.js').VoiceState, import('discord.js').VoiceState];
      const joined = nextEvent<VoicePair>(client, 'voiceStateUpdate');
      emulator.driver.joinVoice(guild.id, member.id, first.id);
      expect((await joined)[1].channelId).toBe(first.id);
      const moved = nextEvent<VoicePair>(client, 'voiceStateUpdate');
      emulator.driver.moveVoice(guild.id, member.id, second.id);
      const [before, after] = await moved;
      expect([before.channelId, after.channelId]).toEqual([first.id, second.id]);
      const left = nextEvent<VoicePair>(client, 'voiceStateUpdate');
      emulator.driver.leaveVoice(guild.id, member.id);
      expect((await left)[1].channelId).toBeNull();
      const updated = nextEvent<[import('discord.js').GuildMember, import('discord.js').GuildMember]>(client, 'guildMemberUpdate');
      emulator.driver.addMemberRole(guild.id, member.id, role.id);
      expect((await updated)[1].roles.cache.has(role.id)).toBe(true);
    } finally {
      await client.destroy();
    }
  });

  it('sends GUILD_CREATE when the bot joins a guild and GUILD_DELETE when it is removed', async () => {
    driverGuild(emulator);
    const client = await loginClient(emulator);
    try {
      const other = emulator.driver.createGuild({ name: 'Other', bot: { join: false } });
      const joined = nextEvent<[import('discord.js').Guild]>(client, 'guildCreate');
      emulator.driver.addBotToGuild(other.id);
      expect((await joined)[0].id).toBe(other.id);
      const left = nextEvent<[import('discord.js').Guild]>(client, 'guildDelete');
      emulator.driver.removeBotFromGuild(other.id);
      expect((await left)[0].id).toBe(other.id);
      expect(client.guilds.cache.has(other.id)).toBe(false);
    } finally {
      await client.destroy();
    }
  });
});

function driverGuild(emulator: DiscordEmulator) {
  return emulator.driver.createGuild({ name: 'Guild' });
}
