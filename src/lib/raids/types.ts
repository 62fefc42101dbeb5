/**
 * The raid domain's data shapes and the contract of its persistence layer.
 * Snowflakes (guild, channel, message, user, role ids) are strings; internal raid ids
 * are numbers. Nothing here knows discord.js.
 */

export type OptionKind = 'day' | 'time';

export interface RaidOption {
  readonly id: number;
  readonly kind: OptionKind;
  readonly label: string;
}

export interface Raid {
  readonly id: number;
  readonly guildId: string;
  /** Planner channel the raid was posted to. */
  readonly channelId: string;
  readonly creatorId: string;
  /** Canonical dungeon name from the catalogue. */
  readonly dungeon: string;
  readonly displayId: number;
  readonly minPlayers: number;
  readonly createdAt: Date;
  /** Planner message id, null until posted. */
  readonly messageId: string | null;
  readonly tempRoleId: string | null;
  readonly tempRoleCreated: boolean;
}

export interface RaidVote {
  readonly kind: OptionKind;
  readonly label: string;
  readonly userId: string;
}

/** Everything needed to render a raid and compute its slots, loaded in one go. */
export interface RaidState {
  readonly raid: Raid;
  /** Day options in insertion order (by id). */
  readonly days: readonly RaidOption[];
  /** Time options in insertion order (by id). */
  readonly times: readonly RaidOption[];
  readonly votes: readonly RaidVote[];
}

/** One day × time combination whose common voters reach the threshold. */
export interface QualifiedSlot {
  readonly day: string;
  readonly time: string;
  /** Voters of both the day and the time, ascending by id (numeric order of snowflakes). */
  readonly userIds: readonly string[];
}

/** A participant-list message as stored in raid_posted_slots. */
export interface PostedSlot {
  readonly id: string;
  readonly raidId: number;
  readonly day: string;
  readonly time: string;
  readonly channelId: string | null;
  readonly messageId: string | null;
}

export interface RaidTemplateDefaults {
  readonly days: readonly string[];
  readonly times: readonly string[];
  readonly minPlayers: number;
}

export interface NewRaid {
  readonly guildId: string;
  readonly channelId: string;
  readonly creatorId: string;
  /** Canonical catalogue name. */
  readonly dungeon: string;
  readonly days: readonly string[];
  readonly times: readonly string[];
  readonly minPlayers: number;
}

/** Result of toggling a member's choices on one select. */
export interface VoteToggleResult {
  /** Labels that were added / removed for this member by this toggle. */
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** The raid after the change (read inside the same transaction). */
  readonly state: RaidState;
}

/** What is left to clean up on Discord after a raid was deleted in the database. */
/**
 * Why a raid ended; also its `status` while the clean-up on Discord is owed (see raid-close-queries.ts).
 * `auto-finished` / `auto-cancelled`: the stale-raids task closed a raid whose last slot
 * was over, with attendance when a slot qualified, without otherwise.
 */
export type ClosedRaidReason = 'finished' | 'cancelled' | 'stale-cleanup' | 'remote-cancelled' | 'auto-finished' | 'auto-cancelled';

export const CLOSED_RAID_REASONS: readonly ClosedRaidReason[] = ['finished', 'cancelled', 'stale-cleanup', 'remote-cancelled', 'auto-finished', 'auto-cancelled'];

/** Whether a raid closed for this reason records attendance (a finish, by a member or automatic). */
export function closeRecordsAttendance(reason: ClosedRaidReason): boolean {
  return reason === 'finished' || reason === 'auto-finished';
}

export interface ClosedRaid {
  readonly raid: Raid;
  readonly reason: ClosedRaidReason;
  readonly postedSlots: readonly PostedSlot[];
  /** Attendance rows written (0 for cancel / stale cleanup). */
  readonly attendanceRows: number;
  /** Of those, `present` rows; set when the close wrote attendance just now (not for a close found again at start-up). */
  readonly presentRows?: number;
  /** How present / absent was decided (src/lib/attendance): by voice, by the old rule (`fallback`), or both. */
  readonly attendanceMode?: 'voice' | 'fallback' | 'mixed';
}
