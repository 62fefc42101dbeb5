/**
 * Seeding shared by the benchmarks: raid guilds in the emulator (with their settings),
 * and open raids with votes written straight into the database, as members who voted
 * before the bot started would have left them. The bot then restores them at start-up.
 */
import type { MemberFixture } from '../../tests/support/discord-emulator';
import { createRaidGuild, type RaidGuild } from '../../tests/support/raid-guild';
import type { World } from '../../tests/support/world';

/** Small deterministic PRNG (mulberry32), so every run seeds the same votes. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Each item with probability 0.6; never none. */
export function nonEmptySubset<T>(items: readonly T[], next: () => number): T[] {
  const chosen = items.filter(() => next() < 0.6);
  return chosen.length > 0 ? chosen : [items[Math.floor(next() * items.length)]!];
}

/** `count` raid guilds named `name(index)` with `members` members each; `onShard(index)` puts one on a shard. */
export async function createRaidGuilds(
  world: World,
  count: number,
  name: (index: number) => string,
  members: number,
  onShard?: (index: number) => { id: number; count: number },
): Promise<RaidGuild[]> {
  const guilds: RaidGuild[] = [];
  for (let index = 0; index < count; index++) {
    guilds.push(await createRaidGuild(world, name(index), members, onShard === undefined ? {} : { onShard: onShard(index) }));
  }
  return guilds;
}

/** One raid to seed: where, which dungeon, and who voted for which days and times. */
export interface RaidPlan {
  readonly guild: RaidGuild;
  readonly dungeon: string;
  readonly votes: ReadonlyArray<{ readonly member: MemberFixture; readonly days: string[]; readonly times: string[] }>;
}

export interface SeedOptions {
  readonly days: readonly string[];
  readonly times: readonly string[];
  readonly minPlayers?: number;
  /** Raids written side by side (default 1: one after the other, in plan order). */
  readonly concurrency?: number;
}

/**
 * Creates `count` open raids, the `index`th as `plan(index)` says, each by the guild's
 * first member, and toggles their votes in. All plans are made before the first write,
 * so a plan drawing on a PRNG seeds the same votes whatever the concurrency.
 */
export async function seedRaids(world: World, count: number, plan: (index: number) => RaidPlan, options: SeedOptions): Promise<void> {
  const plans = Array.from({ length: count }, (_, index) => plan(index));
  const write = async ({ guild, dungeon, votes }: RaidPlan): Promise<void> => {
    let state = await world.repos.raids.createRaid({
      guildId: guild.guild.id,
      channelId: guild.plannerChannelId,
      creatorId: guild.members[0]!.id,
      dungeon,
      days: [...options.days],
      times: [...options.times],
      minPlayers: options.minPlayers ?? 2,
    });
    for (const { member, days, times } of votes) {
      state = (await world.repos.raids.toggleVotes(state.raid.id, member.id, 'day', days))!.state;
      state = (await world.repos.raids.toggleVotes(state.raid.id, member.id, 'time', times))!.state;
    }
  };
  let nextPlan = 0;
  const worker = async (): Promise<void> => {
    while (nextPlan < plans.length) await write(plans[nextPlan++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, worker));
}

/** Open raids and votes in the database, and the messages the bot tracks for them once posted (planners, participant lists, raid lists). */
export async function seededCounts(world: World): Promise<{ openRaids: number; votes: number; trackedMessages: number }> {
  const [row] = await world.db.query<{ openRaids: number; votes: number; trackedMessages: number }>(
    `SELECT (SELECT count(*) FROM raids WHERE status = 'open')::int AS "openRaids",
            (SELECT count(*) FROM raid_votes)::int AS votes,
            ((SELECT count(*) FROM raids WHERE message_id IS NOT NULL) + (SELECT count(*) FROM raid_posted_slots) +
             (SELECT count(*) FROM guild_settings WHERE raidlist_message_id IS NOT NULL))::int AS "trackedMessages"`,
  );
  return row!;
}
