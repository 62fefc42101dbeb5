/**
 * Shared set-up of the restart-safety e2e tests: the built bot (`BotProcess`) against
 * the local Discord emulator, a database of the production schema, and helpers that
 * act as members (create a raid through /raidplan, vote through the planner's
 * selects) and read back what the database and Discord show.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ComponentType, type APIMessage, type APIStringSelectComponent } from 'discord-api-types/v10';
import Redis from 'ioredis';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/lib/db/data-source';
import { createRepositories, type Repositories } from '../../src/lib/db/repositories';
import { renderPlannerMessage } from '../../src/lib/raids/render/planner';
import { qualifiedSlots } from '../../src/lib/raids/slots';
import { BotProcess } from '../support/bot-process';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startDiscordEmulator, type DiscordEmulator, type DiscordEmulatorOptions, type GuildFixture, type MemberFixture, type RestCall } from '../support/discord-emulator';

export interface RaidGuild {
  readonly guild: GuildFixture;
  readonly plannerChannelId: string;
  readonly participantsChannelId: string;
  readonly raidListChannelId: string;
  readonly generalChannelId: string;
  readonly members: MemberFixture[];
}

/**
 * A redis-server of the test's own on a free loopback port (append-only file in a
 * temporary directory), so no two suites share a queue and a test may stop and start
 * it (Redis outage) without touching anyone else.
 */
export class PrivateRedis {
  private process: ChildProcess | null = null;

  private constructor(
    public readonly port: number,
    private readonly dir: string,
  ) {}

  public static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort(), mkdtempSync(join(tmpdir(), 'dmw-redis-')));
    await redis.start();
    return redis;
  }

  public get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  public async start(): Promise<void> {
    this.process = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--save', ''], { stdio: 'ignore' });
    await waitUntil('redis-server answers', () => this.answers(), 10_000);
  }

  /** SIGTERM: Redis writes its append-only file and exits, like a restart of the service. */
  public async stop(): Promise<void> {
    const child = this.process;
    this.process = null;
    if (child === null || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  }

  public async close(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async answers(): Promise<boolean> {
    const client = new Redis({ port: this.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export interface World {
  readonly emulator: DiscordEmulator;
  readonly db: TestDatabase;
  readonly dataSource: DataSource;
  readonly repos: Repositories;
  /** The world's own redis-server (absent when someone else provides Redis, e.g. the harness). */
  readonly redis?: PrivateRedis;
  readonly redisUrl: string;
  /** The bot currently running (replaced by `startBot`). */
  bot: BotProcess | null;
}

export async function createWorld(options: { emulator?: DiscordEmulatorOptions } = {}): Promise<World> {
  const emulator = await startDiscordEmulator({ heartbeatIntervalMs: 5_000, ...options.emulator });
  const db = await createTestDatabase();
  const dataSource = createDataSource(db.url, { logging: false });
  await dataSource.initialize();
  const redis = await PrivateRedis.start();
  return { emulator, db, dataSource, repos: createRepositories(dataSource), redis, redisUrl: redis.url, bot: null };
}

export async function closeWorld(world: World | undefined): Promise<void> {
  if (world === undefined) return;
  await world.bot?.stop();
  await world.emulator.close();
  await world.dataSource.destroy();
  await world.redis?.close();
  await world.db.drop();
}

/** A guild with the three raid channels configured in the database, a general channel and `memberCount` members. */
export async function createRaidGuild(world: World, name: string, memberCount = 4, options: { configure?: boolean } = {}): Promise<RaidGuild> {
  const { driver } = world.emulator;
  const guild = driver.createGuild({ name, bot: { permissions: ['ViewChannel', 'SendMessages', 'EmbedLinks', 'ReadMessageHistory', 'ManageRoles', 'ManageMessages'] } });
  const plannerChannelId = driver.createChannel(guild.id, { name: 'planner' }).id;
  const participantsChannelId = driver.createChannel(guild.id, { name: 'participants' }).id;
  const raidListChannelId = driver.createChannel(guild.id, { name: 'raid-list' }).id;
  const generalChannelId = driver.createChannel(guild.id, { name: 'general' }).id;
  const members = Array.from({ length: memberCount }, (_, index) => driver.createMember(guild.id, { username: `${name.toLowerCase().replace(/\W/g, '')}${index}` }));
  if (options.configure !== false) {
    await world.repos.settings.ensureGuild(guild.id, name);
    await world.repos.settings.saveChannels(guild.id, { plannerChannelId, participantsChannelId, raidListChannelId });
  }
  return { guild, plannerChannelId, participantsChannelId, raidListChannelId, generalChannelId, members };
}

export function botEnv(world: World, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DISCORD_TOKEN: world.emulator.bot.token,
    DATABASE_URL: world.db.url,
    DISCORD_API_URL: world.emulator.apiUrl,
    REDIS_URL: world.redisUrl,
    DASHBOARD_PORT: String(randomInt(20_000, 60_000)),
    SELF_TEST_INTERVAL_SECONDS: '3600',
    BACKUP_INTERVAL_SECONDS: '86400',
    ...extra,
  };
}

/** Starts the bot and waits until its start-up restoration is done (the `restoration:` log line). */
export async function startBot(world: World, extra: Record<string, string> = {}): Promise<BotProcess> {
  const bot = BotProcess.start({ env: botEnv(world, extra) });
  world.bot = bot;
  await bot.waitForLine('restoration:', { timeoutMs: 60_000 });
  return bot;
}

export async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 15_000, world?: World): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}${world?.bot ? `; bot output:\n${world.bot.transcript()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Holds the guild's settings row locked (as a long transaction of another process
 * would) until released: reads go on, writes to the row wait.
 */
export async function lockGuildSettingsRow(world: World, guildId: string): Promise<{ release(): Promise<void> }> {
  const client = new Client({ connectionString: world.db.url });
  await client.connect();
  await client.query('BEGIN');
  const locked = await client.query('SELECT 1 FROM guild_settings WHERE guild_id = $1 FOR UPDATE', [guildId]);
  if (locked.rowCount !== 1) throw new Error(`guild ${guildId} has no settings row to lock`);
  return {
    async release() {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end();
    },
  };
}

export interface CreatedRaid {
  readonly raidId: number;
  readonly displayId: number;
  readonly plannerMessageId: string;
}

/** A member plans a raid through /raidplan and its modal, as in Discord. */
export async function createRaidThroughBot(
  world: World,
  raidGuild: RaidGuild,
  creatorId: string,
  input: { dungeon?: string; days: string; times: string; minPlayers: string },
): Promise<CreatedRaid> {
  const { driver } = world.emulator;
  const command = await driver.slash({ channelId: raidGuild.generalChannelId, userId: creatorId, command: 'raidplan', options: { dungeon: input.dungeon ?? 'Berserk Arena' } });
  const submit = await driver.submitModal(command, { fields: { days: input.days, times: input.times, minPlayers: input.minPlayers } });
  const reply = await submit.reply(20_000);
  const raids = await world.repos.raids.openRaidsOfGuild(raidGuild.guild.id);
  const raid = raids.at(-1);
  if (raid === undefined || raid.messageId === null) throw new Error(`no raid was created: ${reply.content}`);
  return { raidId: raid.id, displayId: raid.displayId, plannerMessageId: raid.messageId };
}

function selectOf(message: APIMessage, kind: 'day' | 'time'): APIStringSelectComponent {
  for (const row of message.components ?? []) {
    if (row.type !== ComponentType.ActionRow) continue;
    for (const component of row.components) {
      if (component.type === ComponentType.StringSelect && component.custom_id.split(':').includes(kind)) return component;
    }
  }
  throw new Error(`message ${message.id} has no ${kind} select`);
}

/** A member picks options (by label) in the planner's day or time select; resolves with the interaction handle. */
export async function vote(world: World, channelId: string, messageId: string, userId: string, kind: 'day' | 'time', labels: string[], locale?: string) {
  const message = world.emulator.driver.message(channelId, messageId);
  if (message === null) throw new Error(`planner ${messageId} is gone`);
  const select = selectOf(message, kind);
  const values = labels.map((label) => {
    const option = select.options.find((candidate) => candidate.label === label);
    if (option === undefined) throw new Error(`no option ${label} in ${select.custom_id}`);
    return option.value;
  });
  return world.emulator.driver.selectMenu({ channelId, messageId, userId, customId: select.custom_id, values, ...(locale ? { locale } : {}) });
}

export function botMessages(world: World, channelId: string): APIMessage[] {
  return world.emulator.driver.messages(channelId).filter((message) => message.author.id === world.emulator.bot.userId);
}

/** Calls by method and route template, e.g. `POST /channels/:channel_id/messages`. */
export function countCalls(calls: readonly RestCall[], method: string, route: string): number {
  return calls.filter((call) => call.method === method && call.route === route).length;
}

export const MESSAGES_ROUTE = '/channels/:channel_id/messages';
export const MESSAGE_ROUTE = '/channels/:channel_id/messages/:message_id';

/** What the database says a raid's Discord messages should be: planner id, slot message ids by "day time". */
export async function trackedMessagesOf(world: World, raidId: number): Promise<{ planner: string | null; slots: Map<string, string | null> }> {
  const [raid] = await world.db.query<{ message_id: string | null }>('SELECT message_id FROM raids WHERE id = $1', [raidId]);
  const slots = await world.db.query<{ day_label: string; time_label: string; message_id: string | null }>(
    'SELECT day_label, time_label, message_id FROM raid_posted_slots WHERE raid_id = $1',
    [raidId],
  );
  return { planner: raid?.message_id ?? null, slots: new Map(slots.map((slot) => [`${slot.day_label} ${slot.time_label}`, slot.message_id])) };
}

/**
 * Checks that Discord shows what the database says for one open raid: the planner's
 * vote tallies, one participant list per qualified slot (tracked, existing, naming
 * exactly its members) and no other participant list of the raid in the channel.
 * Returns a list of disagreements (empty when they agree).
 */
export async function disagreements(world: World, raidGuild: RaidGuild, raidId: number): Promise<string[]> {
  const problems: string[] = [];
  const state = await world.repos.raids.loadRaidState(raidId);
  if (state === null) return [`raid ${raidId} is not open`];
  const expected = renderPlannerMessage(state, { names: new Map(), locale: 'en-US' }).embeds![0]!;
  const planner = state.raid.messageId === null ? null : world.emulator.driver.message(raidGuild.plannerChannelId, state.raid.messageId);
  if (planner === null) {
    problems.push('the planner message does not exist');
  } else {
    const shown = planner.embeds[0]?.fields ?? [];
    for (const index of [1, 2]) {
      if (shown[index]?.value !== expected.fields![index]!.value) problems.push(`planner field ${expected.fields![index]!.name}: shows ${JSON.stringify(shown[index]?.value)}, database says ${JSON.stringify(expected.fields![index]!.value)}`);
    }
    if (shown[3]?.name !== expected.fields![3]!.name) problems.push(`planner shows "${shown[3]?.name}", database says "${expected.fields![3]!.name}"`);
  }
  const slots = qualifiedSlots(state);
  const tracked = await trackedMessagesOf(world, raidId);
  const wanted = new Set(slots.map((slot) => `${slot.day} ${slot.time}`));
  for (const key of tracked.slots.keys()) if (!wanted.has(key)) problems.push(`slot ${key} is tracked but does not qualify`);
  for (const slot of slots) {
    const key = `${slot.day} ${slot.time}`;
    const messageId = tracked.slots.get(key);
    const message = messageId == null ? null : world.emulator.driver.message(raidGuild.participantsChannelId, messageId);
    if (message === null) {
      problems.push(`slot ${key} qualifies but has no participant list`);
      continue;
    }
    const mentioned = [...message.content.matchAll(/<@(\d+)>/g)].map((match) => match[1]!).sort();
    if (JSON.stringify(mentioned) !== JSON.stringify([...slot.userIds].sort())) problems.push(`slot ${key} lists ${mentioned.join(',')}, database says ${[...slot.userIds].sort().join(',')}`);
  }
  const listsOfRaid = botMessages(world, raidGuild.participantsChannelId).filter((message) => message.content.split('\n', 1)[0]!.endsWith(`Raid \`${state.raid.displayId}\``));
  if (listsOfRaid.length !== slots.length) problems.push(`${listsOfRaid.length} participant lists of the raid in the channel, ${slots.length} slots qualify`);
  return problems;
}
