/**
 * Which open raids are over, for the stale-raids task: a raid whose labels carry dates
 * once its last slot began more than its server's grace period ago (`past`), a raid of
 * the old bot's free-text labels once it is seven days old (`stale`). The rule itself is
 * `raidExpiry` (pure, ../schedule.ts); this reads the raids and each server's zone and
 * grace period once per run.
 */
import { raidExpiry, STALE_RAID_AGE_MS, type RaidExpiry } from '../schedule';
import type { Raid } from '../types';
import type { RaidServiceRepositories } from './context';
import type { GuildTime } from './guild-time';

export interface DueRaid {
  readonly raid: Raid;
  readonly expiry: RaidExpiry;
}

/** Open raids that are over at `now`, oldest first; only of the servers `owns` accepts (sharded bot: this process's). */
export async function dueRaids(
  repos: Pick<RaidServiceRepositories, 'raids'>,
  time: GuildTime,
  now: Date,
  maxAgeMs: number = STALE_RAID_AGE_MS,
  owns: (guildId: string) => boolean = () => true,
): Promise<DueRaid[]> {
  const open = (await repos.raids.openRaidOptions()).filter(({ raid }) => owns(raid.guildId));
  if (open.length === 0) return [];
  const preferences = await time.ofMany([...new Set(open.map(({ raid }) => raid.guildId))]);
  const due: DueRaid[] = [];
  for (const { raid, days, times } of open) {
    const { timeZone, autoCloseGraceHours } = preferences.get(raid.guildId) ?? time.defaults();
    const expiry = raidExpiry(raid, days, times, { now, zone: timeZone, graceHours: autoCloseGraceHours, maxAgeMs });
    if (expiry !== null) due.push({ raid, expiry });
  }
  return due;
}
