/**
 * What /raidstats shows: a member's participation, no-shows, attendance rate and last
 * raids, or the server's top attendees. Pure; members appear as mentions (the answer
 * is private and mentions nobody, see safe-interaction's allowed mentions).
 */
import { DISCORD_LIMITS } from '../discord/limits';
import { joinWithinLimit, shortMarkdownSafe } from '../discord/text';
import { resolveLocale, t } from '../i18n';
import { discordTimestamp } from '../time';

export interface AttendanceCounts {
  readonly present: number;
  readonly absent: number;
}

export interface RaidStatsEntry {
  readonly displayId: number;
  readonly dungeon: string;
  readonly status: 'present' | 'absent';
  readonly at: Date;
}

export interface MemberRaidStats {
  readonly userId: string;
  readonly counts: AttendanceCounts;
  readonly last: readonly RaidStatsEntry[];
}

export interface ServerRaidStats {
  readonly guildName: string;
  /** Raids with recorded attendance. */
  readonly raids: number;
  readonly top: readonly (AttendanceCounts & { readonly userId: string })[];
}

/** Dungeon names are catalogue names, shortened like everywhere else. */
const MAX_DUNGEON_SHOWN = DISCORD_LIMITS.selectOptionLabel;

/** Present rows among the decided ones (0…1); null before any raid was decided. */
export function attendanceRate({ present, absent }: AttendanceCounts): number | null {
  const decided = present + absent;
  return decided === 0 ? null : present / decided;
}

/** A rate as a whole percentage in the member's language (`83%`, `83 %`). */
export function formatRate(locale: string, rate: number): string {
  return new Intl.NumberFormat(resolveLocale(locale), { style: 'percent', maximumFractionDigits: 0 }).format(rate);
}

function more(locale: string): (hidden: number) => string {
  return (hidden) => t(locale, 'common.more', { count: hidden });
}

export function renderMemberStats(locale: string, stats: MemberRaidStats): string {
  const member = `<@${stats.userId}>`;
  const { counts } = stats;
  if (counts.present + counts.absent === 0) return t(locale, 'raidstats.memberNone', { member });
  const rate = attendanceRate(counts);
  const head = [
    t(locale, 'raidstats.memberHeader', { member }),
    t(locale, 'raidstats.participations', { count: counts.present }),
    t(locale, 'raidstats.noShows', { count: counts.absent }),
    rate === null ? t(locale, 'raidstats.noRate') : t(locale, 'raidstats.rate', { rate: formatRate(locale, rate) }),
  ];
  if (stats.last.length === 0) return head.join('\n');
  const lines = stats.last.map((entry) =>
    t(locale, 'raidstats.lastLine', {
      dungeon: shortMarkdownSafe(entry.dungeon, MAX_DUNGEON_SHOWN),
      displayId: entry.displayId,
      when: discordTimestamp(entry.at, 'd'),
      status: t(locale, entry.status === 'present' ? 'raidstats.present' : 'raidstats.absent'),
    }),
  );
  const top = [...head, t(locale, 'raidstats.lastHeader')].join('\n');
  return `${top}\n${joinWithinLimit(lines, '\n', DISCORD_LIMITS.content - top.length - 1, more(locale))}`;
}

export function renderServerStats(locale: string, stats: ServerRaidStats): string {
  if (stats.top.length === 0) return t(locale, 'raidstats.topNone');
  const header = t(locale, 'raidstats.topHeader', { guild: shortMarkdownSafe(stats.guildName, MAX_DUNGEON_SHOWN), raids: stats.raids });
  const lines = stats.top.map((entry, index) =>
    t(locale, 'raidstats.topLine', {
      rank: index + 1,
      member: `<@${entry.userId}>`,
      present: entry.present,
      absent: entry.absent,
      rate: formatRate(locale, attendanceRate(entry) ?? 0),
    }),
  );
  return `${header}\n${joinWithinLimit(lines, '\n', DISCORD_LIMITS.content - header.length - 1, more(locale))}`;
}
