/**
 * A restoration test bed with real parts: the local Discord emulator, a PostgreSQL
 * database of the production schema, and a real discord.js client logged in to the
 * emulator's gateway (so the guild cache is what the bot would see). Raid services
 * and restoration run in this process against them.
 */
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, type ClientOptions } from 'discord.js';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/lib/db/data-source';
import { createRepositories, type Repositories } from '../../../src/lib/db/repositories';
import { addLogSink, setConsoleOutput, type LogRecord } from '../../../src/lib/logging';
import { RaidServices } from '../../../src/lib/raids/services';
import type { RaidState } from '../../../src/lib/raids/types';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { startDiscordEmulator, type DiscordEmulator, type GuildFixture, type RestCall } from '../../support/discord-emulator';

export interface GuildWithChannels {
  readonly guild: GuildFixture;
  readonly plannerChannelId: string;
  readonly participantsChannelId: string;
  readonly raidListChannelId: string;
  readonly memberIds: string[];
}

export interface RestoreBed {
  readonly emulator: DiscordEmulator;
  readonly db: TestDatabase;
  readonly dataSource: DataSource;
  readonly repos: Repositories;
  readonly client: Client;
  readonly logs: LogRecord[];
  /** Logs the client in; call it after building the guilds, so READY carries them. */
  login(): Promise<void>;
  /** Fresh raid services, as a restarted process has them (no in-memory state). */
  services(): RaidServices;
  /** A guild with planner, participants and raid-list channels configured and `members` members. */
  createGuild(name: string, members?: number): Promise<GuildWithChannels>;
  /** An open raid with the given votes (userId → [days, times]). */
  createRaid(guild: GuildWithChannels, input: { days: string[]; times: string[]; minPlayers: number; votes?: Record<string, [string[], string[]]> }): Promise<RaidState>;
  /** REST calls recorded from `since` on (an index into `emulator.rest.calls`). */
  callsSince(since: number): RestCall[];
  close(): Promise<void>;
}

export async function startRestoreBed(): Promise<RestoreBed> {
  setConsoleOutput(false);
  const logs: LogRecord[] = [];
  const removeSink = addLogSink((record) => logs.push(record));
  const emulator = await startDiscordEmulator();
  const db = await createTestDatabase();
  const dataSource = createDataSource(db.url);
  await dataSource.initialize();
  const repos = createRepositories(dataSource);
  // A plain discord.js client: no scheduled tasks (the plugin's augmentation makes `tasks` look required).
  const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers], rest: { api: emulator.apiUrl } } as unknown as ClientOptions);

  return {
    emulator,
    db,
    dataSource,
    repos,
    client,
    logs,
    async login() {
      const ready = once(client, Events.ClientReady);
      await client.login(emulator.bot.token);
      await ready;
    },
    services: () => new RaidServices(client, repos, { slots: { listsPerRaid: 5, pings: null }, voteLimiter: null, raidLimits: null, raidList: { debounceMs: 50, maxWaitMs: 200 } }),
    async createGuild(name, members = 4) {
      const guild = emulator.driver.createGuild({ name });
      const plannerChannelId = emulator.driver.createChannel(guild.id, { name: 'planner' }).id;
      const participantsChannelId = emulator.driver.createChannel(guild.id, { name: 'participants' }).id;
      const raidListChannelId = emulator.driver.createChannel(guild.id, { name: 'raid-list' }).id;
      const memberIds = Array.from({ length: members }, (_, index) => emulator.driver.createMember(guild.id, { username: `${name}-m${index}` }).id);
      await repos.settings.ensureGuild(guild.id, name);
      await repos.settings.saveChannels(guild.id, { plannerChannelId, participantsChannelId, raidListChannelId });
      return { guild, plannerChannelId, participantsChannelId, raidListChannelId, memberIds };
    },
    async createRaid(guild, input) {
      let state = await repos.raids.createRaid({
        guildId: guild.guild.id,
        channelId: guild.plannerChannelId,
        creatorId: guild.guild.ownerId,
        dungeon: 'Nanos',
        days: input.days,
        times: input.times,
        minPlayers: input.minPlayers,
      });
      for (const [userId, [days, times]] of Object.entries(input.votes ?? {})) {
        if (days.length > 0) state = (await repos.raids.toggleVotes(state.raid.id, userId, 'day', days))!.state;
        if (times.length > 0) state = (await repos.raids.toggleVotes(state.raid.id, userId, 'time', times))!.state;
      }
      return state;
    },
    callsSince: (since) => emulator.rest.calls.slice(since),
    async close() {
      await client.destroy();
      await dataSource.destroy();
      await emulator.close();
      await db.drop();
      removeSink();
      setConsoleOutput(true);
    },
  };
}

/** Calls by method and route template, e.g. `POST /channels/:channel_id/messages`. */
export function countCalls(calls: readonly RestCall[], method: string, route: string): number {
  return calls.filter((call) => call.method === method && call.route === route).length;
}

export const MESSAGES_ROUTE = '/channels/:channel_id/messages';
export const MESSAGE_ROUTE = '/channels/:channel_id/messages/:message_id';

/** Largest number of REST calls in flight at one moment, from the emulator's timings. */
export function peakConcurrency(calls: readonly RestCall[]): number {
  const edges = calls.flatMap((call) => [
    { at: call.startedAt, delta: 1 },
    { at: call.finishedAt ?? call.startedAt, delta: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let peak = 0;
  for (const edge of edges) {
    current += edge.delta;
    peak = Math.max(peak, current);
  }
  return peak;
}
