/** /raidstats (issue 13): attendance of a member, or a server's top attendees. */
export { attendanceRate, formatRate, renderMemberStats, renderServerStats, type AttendanceCounts, type MemberRaidStats, type RaidStatsEntry, type ServerRaidStats } from './render';
export { LAST_RAIDS_SHOWN, TOP_ATTENDEES_SHOWN, memberRaidStats, serverRaidStats } from './service';
