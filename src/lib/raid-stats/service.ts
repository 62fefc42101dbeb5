/** /raidstats: reads what the answer shows, in as few queries as it needs. */
import type { AttendanceRepository } from '../db/repositories';
import type { MemberRaidStats, ServerRaidStats } from './render';

/** Last raids shown for a member. */
export const LAST_RAIDS_SHOWN = 5;
/** Members shown in the server's top list. */
export const TOP_ATTENDEES_SHOWN = 10;

type StatsReads = Pick<AttendanceRepository, 'memberCounts' | 'memberLastRaids' | 'topAttendees' | 'raidsWithAttendance'>;

export async function memberRaidStats(attendance: StatsReads, guildId: string, userId: string): Promise<MemberRaidStats> {
  const [counts, last] = await Promise.all([attendance.memberCounts(guildId, userId), attendance.memberLastRaids(guildId, userId, LAST_RAIDS_SHOWN)]);
  return { userId, counts, last };
}

export async function serverRaidStats(attendance: StatsReads, guildId: string, guildName: string): Promise<ServerRaidStats> {
  const [raids, top] = await Promise.all([attendance.raidsWithAttendance(guildId), attendance.topAttendees(guildId, TOP_ATTENDEES_SHOWN)]);
  return { guildName, raids, top };
}
