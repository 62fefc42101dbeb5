import { GatewayIntentBits, type Client, type Interaction, type Message } from 'discord.js';
import { WebSocket } from 'ws';
import { shardOfGuild, snowflakeOnShard, startDiscordEmulator, type DiscordEmulator } from '../support/discord-emulator';
import { IDENTIFY_WINDOW_MS, SessionStarts } from '../support/discord-emulator/sharding';
import { BOT_INTENTS, loginClient, nextEvent } from './client';

/** The emulator shards like Discord: each session gets its own guilds' events, identifies are rate limited. */

const INTENTS = [...BOT_INTENTS, GatewayIntentBits.DirectMessages];

async function gatewayBot(emulator: DiscordEmulator): Promise<any> {
  const response = await fetch(`${emulator.apiUrl}/v10/gateway/bot`, { headers: { Authorization: `Bot ${emulator.bot.token}` } });
  expect(response.status).toBe(200);
  return response.json();
}

/** What a raw IDENTIFY ends in: a close code, INVALID_SESSION, or READY's data. */
async function rawIdentify(emulator: DiscordEmulator, shard?: unknown): Promise<{ closed?: number; invalidSession?: boolean; ready?: any }> {
  const socket = new WebSocket(`${emulator.gateway.url}?v=10&encoding=json`);
  try {
    return await new Promise((resolve) => {
      socket.on('close', (code) => resolve({ closed: code }));
      socket.on('message', (raw) => {
        const payload = JSON.parse(raw.toString());
        if (payload.op === 10) {
          const d = { token: emulator.bot.token, intents: GatewayIntentBits.Guilds, properties: {}, ...(shard === undefined ? {} : { shard }) };
          socket.send(JSON.stringify({ op: 2, d }));
        } else if (payload.op === 9) resolve({ invalidSession: payload.d === false });
        else if (payload.t === 'READY') resolve({ ready: payload.d });
      });
    });
  } finally {
    socket.close(1000);
  }
}

function loginShard(emulator: DiscordEmulator, id: number, count: number): Promise<Client<true>> {
  return loginClient(emulator, { intents: INTENTS, shards: [id], shardCount: count });
}

describe('snowflakes and shards', () => {
  it('snowflakeOnShard gives ids of the asked shard by the sharding formula, across counts', () => {
    for (const count of [1, 2, 3, 16]) {
      for (let id = 0; id < count; id += 1) {
        const snowflake = snowflakeOnShard(id, count);
        expect(Number((BigInt(snowflake) >> 22n) % BigInt(count))).toBe(id);
        expect(shardOfGuild(snowflake, count)).toBe(id);
      }
    }
    expect(() => snowflakeOnShard(2, 2)).toThrow();
  });

  it('allows one session start per rate-limit key per 5 s and 1000 a day', () => {
    const starts = new SessionStarts({ maxConcurrency: 2 });
    const t0 = 1_000_000;
    expect(starts.judge('app', [0, 4], t0)).toBe('ready');
    expect(starts.judge('app', [1, 4], t0)).toBe('ready'); // key 1
    expect(starts.judge('app', [2, 4], t0 + 1)).toBe('too-fast'); // key 0 again
    expect(starts.judge('app', [2, 4], t0 + IDENTIFY_WINDOW_MS)).toBe('ready');
    expect(starts.limitOf('app', t0 + IDENTIFY_WINDOW_MS).remaining).toBe(997);
    let now = t0 + 2 * IDENTIFY_WINDOW_MS;
    while (starts.limitOf('app', now).remaining > 0) {
      expect(starts.judge('app', [0, 1], now)).toBe('ready');
      now += IDENTIFY_WINDOW_MS;
    }
    expect(starts.judge('app', [0, 1], now)).toBe('exhausted');
    const reset = t0 + 24 * 60 * 60 * 1000;
    expect(starts.limitOf('app', now).reset_after).toBe(reset - now);
    expect(starts.judge('app', [0, 1], reset)).toBe('ready');
    expect(starts.limitOf('app', reset).remaining).toBe(999);
  });
});

describe('GET /gateway/bot and IDENTIFY checks', () => {
  let emulator: DiscordEmulator;

  afterEach(async () => {
    await emulator.close();
  });

  it('recommends one shard per 1000 guilds (at least one) and counts session starts down, not RESUMEs', async () => {
    emulator = await startDiscordEmulator({ heartbeatIntervalMs: 5000 });
    const fresh = await gatewayBot(emulator);
    expect(fresh).toMatchObject({ url: emulator.gateway.url, shards: 1, session_start_limit: { total: 1000, remaining: 1000, max_concurrency: 1 } });
    expect(fresh.session_start_limit.reset_after).toBeGreaterThan(0);

    const client = await loginClient(emulator);
    try {
      expect((await gatewayBot(emulator)).session_start_limit.remaining).toBe(999);
      const resumed = emulator.gateway.waitFor('resumed');
      emulator.gateway.dropConnections();
      await resumed;
      expect((await gatewayBot(emulator)).session_start_limit.remaining).toBe(999);
    } finally {
      await client.destroy();
    }

    for (let index = 0; index < 1001; index += 1) emulator.world.createGuild({ name: `g${index}`, ownerId: emulator.bot.userId });
    expect((await gatewayBot(emulator)).shards).toBe(2);
  });

  it('takes the recommendation and max_concurrency from the options', async () => {
    emulator = await startDiscordEmulator({ recommendedShards: 4, maxConcurrency: 16 });
    expect(await gatewayBot(emulator)).toMatchObject({ shards: 4, session_start_limit: { max_concurrency: 16 } });
  });

  it('closes an IDENTIFY with an impossible shard with 4010', async () => {
    emulator = await startDiscordEmulator({ maxConcurrency: 16 });
    for (const shard of [[2, 2], [0, 0], [-1, 2], [1.5, 2], [0]]) {
      expect(await rawIdentify(emulator, shard)).toEqual({ closed: 4010 });
    }
    expect(emulator.sessionStarts.identifies).toEqual([]);
  });

  it('closes with 4011 when one session would handle more than 2500 guilds, and READY lists only the shard of a split', async () => {
    emulator = await startDiscordEmulator({ maxConcurrency: 16 });
    const ownerId = emulator.bot.userId;
    for (let index = 0; index < 2501; index += 1) emulator.world.createGuild({ name: `g${index}`, ownerId, id: snowflakeOnShard(0, 2) });
    expect(await rawIdentify(emulator)).toEqual({ closed: 4011 });
    expect(await rawIdentify(emulator, [0, 2])).toEqual({ closed: 4011 });
    const { ready } = await rawIdentify(emulator, [1, 2]);
    expect(ready.shard).toEqual([1, 2]);
    expect(ready.guilds).toEqual([]);
  });

  it('answers an IDENTIFY of a key that identified in the last 5 s with INVALID_SESSION (d: false) and logs it', async () => {
    emulator = await startDiscordEmulator({ maxConcurrency: 2 });
    expect((await rawIdentify(emulator, [0, 4])).ready.shard).toEqual([0, 4]);
    expect((await rawIdentify(emulator, [1, 4])).ready.shard).toEqual([1, 4]);
    expect(await rawIdentify(emulator, [2, 4])).toEqual({ invalidSession: true });
    expect(emulator.sessionStarts.identifies.map(({ shard, bucket, outcome }) => ({ shard, bucket, outcome }))).toEqual([
      { shard: [0, 4], bucket: 0, outcome: 'ready' },
      { shard: [1, 4], bucket: 1, outcome: 'ready' },
      { shard: [2, 4], bucket: 0, outcome: 'too-fast' },
    ]);
    expect((await gatewayBot(emulator)).session_start_limit.remaining).toBe(998);
  });
});

describe('two discord.js clients on shards [0, 2] and [1, 2]', () => {
  let emulator: DiscordEmulator;
  let shards: Array<Client<true>>;
  const guilds: Array<Array<{ id: string; channelId: string; memberId: string }>> = [[], []];

  beforeAll(async () => {
    emulator = await startDiscordEmulator({ heartbeatIntervalMs: 5000, maxConcurrency: 2 });
    for (const shard of [0, 1]) {
      for (const name of ['a', 'b']) {
        const guild = emulator.driver.createGuild({ name: `shard ${shard} ${name}`, onShard: { id: shard, count: 2 } });
        const channelId = emulator.driver.createChannel(guild.id, { name: 'talk' }).id;
        guilds[shard]!.push({ id: guild.id, channelId, memberId: emulator.driver.createMember(guild.id, { username: 'alice' }).id });
      }
    }
    shards = await Promise.all([loginShard(emulator, 0, 2), loginShard(emulator, 1, 2)]);
  });

  afterAll(async () => {
    await Promise.all(shards.map((client) => client.destroy()));
    await emulator.close();
  });

  /** What the emulator sent to the session of `shardId` (the record, not the client's timing). */
  const sentTo = (shardId: number, t: string) => {
    const session = emulator.gateway.liveSession(emulator.bot.applicationId, shardId)!;
    return emulator.gateway.dispatchLog.filter((record) => record.sessionId === session.id && record.t === t);
  };

  it('READY and the guild cache of each client hold only its shard guilds', () => {
    for (const shard of [0, 1]) {
      expect([...shards[shard]!.guilds.cache.keys()].sort()).toEqual(guilds[shard]!.map((g) => g.id).sort());
      const ready = sentTo(shard, 'READY')[0]!.d as { shard: number[]; guilds: Array<{ id: string }> };
      expect(ready.shard).toEqual([shard, 2]);
      expect(ready.guilds.map((g) => g.id).sort()).toEqual(guilds[shard]!.map((g) => g.id).sort());
    }
    expect(emulator.sessionStarts.refused).toEqual([]);
  });

  it('a message in a guild of shard 1 reaches only the shard-1 client', async () => {
    const target = guilds[1]![0]!;
    const received = nextEvent<[Message]>(shards[1]!, 'messageCreate');
    const message = emulator.driver.postMessage({ channelId: target.channelId, userId: target.memberId, content: 'hello shard 1' });
    expect((await received)[0].id).toBe(message.id);
    expect(sentTo(0, 'MESSAGE_CREATE').map((r) => (r.d as { id: string }).id)).not.toContain(message.id);
    expect(sentTo(1, 'MESSAGE_CREATE').map((r) => (r.d as { id: string }).id)).toContain(message.id);
  });

  it('an interaction in a guild of shard 1 arrives on the shard-1 session only', async () => {
    await shards[0]!.application.commands.set([{ name: 'ping', description: 'Ping' }]);
    const target = guilds[1]![1]!;
    const arrived = nextEvent<[Interaction]>(shards[1]!, 'interactionCreate');
    const invocation = await emulator.driver.slash({ channelId: target.channelId, userId: target.memberId, command: 'ping' });
    const [interaction] = await arrived;
    expect(interaction.id).toBe(invocation.id);
    if (interaction.isChatInputCommand()) await interaction.reply('pong');
    expect((await invocation.reply()).content).toBe('pong');
    expect(sentTo(0, 'INTERACTION_CREATE')).toEqual([]);
  });

  it('a guild the bot joins arrives on its shard; DMs go to shard 0 only', async () => {
    const joined = nextEvent<[import('discord.js').Guild]>(shards[1]!, 'guildCreate');
    const guild = emulator.driver.createGuild({ name: 'new on 1', onShard: { id: 1, count: 2 } });
    expect((await joined)[0].id).toBe(guild.id);
    expect(sentTo(0, 'GUILD_CREATE').map((r) => (r.d as { id: string }).id)).not.toContain(guild.id);

    const user = emulator.world.createUser({ username: 'pen pal' });
    // The emulator's MESSAGE_CREATE has no `channel_type`, so discord.js needs the DM channel cached first.
    const dm = await shards[0]!.users.createDM(user.id);
    const received = nextEvent<[Message]>(shards[0]!, 'messageCreate');
    const message = emulator.driver.postMessage({ channelId: dm.id, userId: user.id, content: 'psst' });
    expect((await received)[0].id).toBe(message.id);
    expect(sentTo(1, 'MESSAGE_CREATE').map((r) => (r.d as { id: string }).id)).not.toContain(message.id);
  });
});

describe('identify concurrency and unsharded sessions', () => {
  let emulator: DiscordEmulator;

  afterEach(async () => {
    await emulator.close();
  });

  it('two uncoordinated shard clients at max_concurrency 1: one is told INVALID_SESSION, identifies again after 5 s, both end up ready', async () => {
    emulator = await startDiscordEmulator({ heartbeatIntervalMs: 5000 });
    const first = emulator.driver.createGuild({ name: 'zero', onShard: { id: 0, count: 2 } });
    const second = emulator.driver.createGuild({ name: 'one', onShard: { id: 1, count: 2 } });
    const clients = await Promise.all([loginShard(emulator, 0, 2), loginShard(emulator, 1, 2)]);
    try {
      expect(clients.map((client) => [...client.guilds.cache.keys()])).toEqual([[first.id], [second.id]]);
      const { identifies } = emulator.sessionStarts;
      expect(emulator.sessionStarts.refused.length).toBeGreaterThanOrEqual(1);
      const starts = identifies.filter((record) => record.outcome === 'ready');
      expect(starts.map((record) => record.shard[0]).sort()).toEqual([0, 1]);
      expect(starts.every((record) => record.bucket === 0)).toBe(true);
      expect(starts[1]!.at - starts[0]!.at).toBeGreaterThanOrEqual(IDENTIFY_WINDOW_MS);
    } finally {
      await Promise.all(clients.map((client) => client.destroy()));
    }
  });

  it('a client identified without shard gets every guild and every event', async () => {
    emulator = await startDiscordEmulator({ heartbeatIntervalMs: 5000 });
    const onZero = emulator.driver.createGuild({ name: 'zero', onShard: { id: 0, count: 2 } });
    const onOne = emulator.driver.createGuild({ name: 'one', onShard: { id: 1, count: 2 } });
    const client = await loginClient(emulator);
    try {
      expect([...client.guilds.cache.keys()].sort()).toEqual([onZero.id, onOne.id].sort());
      for (const guild of [onZero, onOne]) {
        const channel = emulator.driver.createChannel(guild.id, { name: 'talk' });
        const member = emulator.driver.createMember(guild.id, { username: 'bob' });
        const received = nextEvent<[Message]>(client, 'messageCreate');
        const message = emulator.driver.postMessage({ channelId: channel.id, userId: member.id, content: 'hi' });
        expect((await received)[0].id).toBe(message.id);
      }
    } finally {
      await client.destroy();
    }
  });
});
