import { DebugMirrorCacheEntry } from './debug-mirror-cache-entry';
import { Dungeon } from './dungeon';
import { GuildSettings } from './guild-settings';
import { Raid } from './raid';
import { RaidAttendance } from './raid-attendance';
import { RaidOption } from './raid-option';
import { RaidPostedSlot } from './raid-posted-slot';
import { RaidTemplate } from './raid-template';
import { RaidVote } from './raid-vote';
import { UserLevel } from './user-level';

export { DebugMirrorCacheEntry, Dungeon, GuildSettings, Raid, RaidAttendance, RaidOption, RaidPostedSlot, RaidTemplate, RaidVote, UserLevel };
export { RAIDS_GUILD_STATUS_CREATED_INDEX } from './raid';
export type { RaidOptionKind } from './raid-option';
export type { AttendanceStatus } from './raid-attendance';

/** Every entity, in the FK-safe table order of schema.sql (parents before children). */
export const ENTITIES = [
  Dungeon,
  GuildSettings,
  Raid,
  RaidOption,
  RaidVote,
  RaidPostedSlot,
  RaidTemplate,
  RaidAttendance,
  UserLevel,
  DebugMirrorCacheEntry,
] as const;
