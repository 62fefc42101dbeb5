import type { DataSource } from 'typeorm';
import { grantXp } from './user-levels';
import { VOICE_XP_INTERVAL_MS, type VoiceSessions } from './voice-sessions';

export interface VoiceMember {
  readonly userId: string;
  readonly username: string | null;
}

/** Non-bot members currently in a guild's voice channels (stage channels excluded). */
export interface GuildVoicePresence {
  readonly guildId: string;
  readonly members: readonly VoiceMember[];
}

export interface VoiceXpDeps {
  readonly sessions: VoiceSessions;
  readonly db: DataSource;
  readonly now: number;
  readonly intervalMs?: number;
}

export interface VoiceXpOutcome {
  /** Members who received XP in this run. */
  readonly rewardedMembers: number;
  readonly xpGiven: number;
  /** Join times dropped because the member is no longer in voice. */
  readonly forgotten: number;
}

/**
 * One voice-XP pass (every minute): +1 XP per full hour in voice, without a
 * level-up message. Members seen for the first time start their clock now; join
 * times of members who left unseen are dropped. A member whose XP cannot be
 * written keeps the claimed hours for the next pass; the pass carries on with the
 * others and then throws, so the job shows as failed.
 */
export async function awardVoiceXp(deps: VoiceXpDeps, presences: readonly GuildVoicePresence[]): Promise<VoiceXpOutcome> {
  const intervalMs = deps.intervalMs ?? VOICE_XP_INTERVAL_MS;
  let rewardedMembers = 0;
  let xpGiven = 0;
  let forgotten = 0;
  const failures: unknown[] = [];
  for (const presence of presences) {
    const present = new Set(presence.members.map((member) => member.userId));
    const gone = (await deps.sessions.members(presence.guildId)).filter((userId) => !present.has(userId));
    await deps.sessions.forget(presence.guildId, gone);
    forgotten += gone.length;
    for (const member of presence.members) {
      const claim = await deps.sessions.claimFullHours(presence.guildId, member.userId, deps.now, intervalMs);
      if (claim.hours < 1) continue;
      try {
        await grantXp(deps.db, { guildId: presence.guildId, userId: member.userId, username: member.username, amount: claim.hours });
        rewardedMembers += 1;
        xpGiven += claim.hours;
      } catch (error) {
        await deps.sessions.unclaim(presence.guildId, member.userId, claim, intervalMs).catch(() => undefined);
        failures.push(error);
      }
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, `Voice XP could not be stored for ${failures.length} member(s)`);
  return { rewardedMembers, xpGiven, forgotten };
}
