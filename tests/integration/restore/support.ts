/**
 * A restoration test bed with real parts: the world base of the e2e tests (the local
 * Discord emulator, a PostgreSQL database of the production schema, the repositories)
 * and a real discord.js client logged in to the emulator's gateway (so the guild cache
 * is what the bot would see). Raid services and restoration run in this process
 * against them.
 */
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, type ClientOptions } from 'discord.js';
import type { LogRecord } from '../../../src/lib/logging';
import { RaidServices } from '../../../src/lib/raids/services';
import type { RaidState } from '../../../src/lib/raids/types';
import type { RestCall } from '../../support/discord-emulator';
import { captureLogs } from '../../support/logs';
import type { RaidGuild } from '../../support/raid-guild';
import { buildOrClose, openWorldBase, type WorldBase } from '../../support/world-base';

export interface RestoreBed extends WorldBase {
  readonly client: Client;
  readonly logs: LogRecord[];
  /** Logs the client in; call it after building the guilds, so READY carries them. */
  login(): Promise<void>;
  /** Fresh raid services, as a restarted process has them (no in-memory state). */
  services(): RaidServices;
  /** An open raid with the given votes (userId → [days, times]). */
  createRaid(guild: RaidGuild, input: { days: string[]; times: string[]; minPlayers: number; votes?: Record<string, [string[], string[]]> }): Promise<RaidState>;
  /** REST calls recorded from `since` on (an index into `emulator.rest.calls`). */
  callsSince(since: number): RestCall[];
}

export async function startRestoreBed(): Promise<RestoreBed> {
  const base = await openWorldBase();
  return buildOrClose(base, async () => {
    const captured = captureLogs();
    base.onClose(() => captured.stop());
    const { emulator, repos } = base;
    // A plain discord.js client: no scheduled tasks (the plugin's augmentation makes `tasks` look required).
    const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers], rest: { api: emulator.apiUrl } } as unknown as ClientOptions);
    base.onClose(() => client.destroy());
    return {
      ...base,
      client,
      logs: captured.records,
      async login() {
        const ready = once(client, Events.ClientReady);
        await client.login(emulator.bot.token);
        await ready;
      },
      services: () => new RaidServices(client, repos, { slots: { listsPerRaid: 5, pings: null }, voteLimiter: null, raidLimits: null, raidList: { debounceMs: 50, maxWaitMs: 200 } }),
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
    };
  });
}
