/**
 * Every custom id the bot puts on a component or modal is built and parsed here, so
 * exactly one place knows the formats. Shape: `<feature>:<action>:<id…>`. Only ids go
 * in; handlers load state from the database, so components keep working after a
 * restart. Discord caps a custom id at 100 characters; every builder below stays
 * under that with 20-digit snowflakes (the longest a 64-bit snowflake can be).
 */
import { looksLikeSerialId, parseSerialId } from '../db/integer-ids';
import type { OptionKind } from '../raids/types';
import { SETTINGS_CHANNEL_TARGETS, type SettingsChannelTarget, type SettingsDraft, type SettingsSelection } from '../settings/draft';
import { DISCORD_LIMITS } from './limits';

/** Discord's limit for `custom_id` on components and modals. */
export const MAX_CUSTOM_ID_LENGTH = DISCORD_LIMITS.customId;

/** A snowflake: a decimal unsigned 64-bit integer (at most 20 digits). */
const SNOWFLAKE = /^[1-9]\d{0,19}$/;

function isSnowflake(text: string | undefined): text is string {
  return text !== undefined && SNOWFLAKE.test(text);
}

// ---------------------------------------------------------------------------------
// Raid planner message: day select, time select, finish button.

export function raidVoteSelectId(raidId: number, kind: OptionKind): string {
  return `raid:${kind}:${raidId}`;
}

export function raidFinishButtonId(raidId: number): string {
  return `raid:finish:${raidId}`;
}

// ---------------------------------------------------------------------------------
// /raidplan modal.

export function raidCreateModalId(dungeonId: number): string {
  return `raidplan:create:${dungeonId}`;
}

/** Custom ids of the modal's text inputs; local to the modal, so plain names suffice. */
export const RAID_MODAL_FIELD = Object.freeze({
  days: 'days',
  times: 'times',
  minPlayers: 'minPlayers',
} as const);

// ---------------------------------------------------------------------------------
// /settings view.
//
// The view is ephemeral and Discord only sends the value of the component that was
// used, so the pending (not yet saved) channel choices travel in the custom ids:
//   select:  settings:<target>:<guildId>:<other1|0>:<other2|0>
//            (the two targets other than its own, in planner, participants, raidList
//            order; its own value arrives with the interaction)
//   save:    settings:save:<guildId>:<planner|0>:<participants|0>:<raidList|0>
// A select handler answers with an `update` that re-renders the view from the new
// draft, so every component then carries the new choices. `0` means "not set".
// Longest: `settings:participants:` + 20 + 2 × 21 = 84, save: 14 + 20 + 3 × 21 = 97.

const SETTINGS_TARGET_ACTION: Readonly<Record<SettingsChannelTarget, string>> = {
  planner: 'planner',
  participants: 'participants',
  raidList: 'raidlist',
};

function encodeChannel(channelId: string | null): string {
  return channelId ?? '0';
}

/** `0` is "not set"; anything that is neither that nor a snowflake is invalid (undefined). */
function decodeChannel(text: string | undefined): string | null | undefined {
  if (text === '0') return null;
  return isSnowflake(text) ? text : undefined;
}

function otherTargets(target: SettingsChannelTarget): SettingsChannelTarget[] {
  return SETTINGS_CHANNEL_TARGETS.filter((candidate) => candidate !== target);
}

export function settingsChannelSelectId(guildId: string, target: SettingsChannelTarget, draft: SettingsDraft): string {
  const others = otherTargets(target).map((other) => encodeChannel(draft[other]));
  return ['settings', SETTINGS_TARGET_ACTION[target], guildId, ...others].join(':');
}

export function settingsSaveButtonId(guildId: string, draft: SettingsDraft): string {
  return ['settings', 'save', guildId, ...SETTINGS_CHANNEL_TARGETS.map((target) => encodeChannel(draft[target]))].join(':');
}

// ---------------------------------------------------------------------------------
// Participant list: "Add to calendar" (calendar:add:<raidId>:<dayOptionId>:<timeOptionId>;
// the slot is named by its raid options; longest 13 + 3 × 11 = 46).

export function calendarSlotButtonId(raidId: number, dayOptionId: number, timeOptionId: number): string {
  return `calendar:add:${raidId}:${dayOptionId}:${timeOptionId}`;
}

// ---------------------------------------------------------------------------------
// Parsing.

export interface RaidVoteSelectId {
  readonly kind: 'raidVote';
  readonly raidId: number;
  readonly optionKind: OptionKind;
}

export interface RaidFinishButtonId {
  readonly kind: 'raidFinish';
  readonly raidId: number;
}

export interface RaidCreateModalId {
  readonly kind: 'raidCreateModal';
  readonly dungeonId: number;
}

export interface SettingsChannelSelectId extends SettingsSelection {
  readonly kind: 'settingsChannelSelect';
  readonly guildId: string;
}

export interface SettingsSaveButtonId {
  readonly kind: 'settingsSave';
  readonly guildId: string;
  readonly draft: SettingsDraft;
}

export interface CalendarSlotButtonId {
  readonly kind: 'calendarSlot';
  readonly raidId: number;
  readonly dayOptionId: number;
  readonly timeOptionId: number;
}

export type ParsedCustomId =
  | CalendarSlotButtonId
  | RaidVoteSelectId
  | RaidFinishButtonId
  | RaidCreateModalId
  | SettingsChannelSelectId
  | SettingsSaveButtonId;

function parseRaidId(parts: readonly string[]): ParsedCustomId | null {
  if (parts.length !== 3) return null;
  const [, second, third] = parts as [string, string, string];
  // Current format raid:<action>:<id>; the old bot's raid:<id>:<action> is accepted too,
  // so planner messages it posted keep working until start-up re-renders them.
  const [action, idText] = looksLikeSerialId(second) ? [third, second] : [second, third];
  const raidId = parseSerialId(idText);
  if (raidId === null) return null;
  if (action === 'day' || action === 'time') return { kind: 'raidVote', raidId, optionKind: action };
  if (action === 'finish') return { kind: 'raidFinish', raidId };
  return null;
}

function parseRaidplanId(parts: readonly string[]): ParsedCustomId | null {
  if (parts.length !== 3 || parts[1] !== 'create') return null;
  const dungeonId = parseSerialId(parts[2]);
  return dungeonId === null ? null : { kind: 'raidCreateModal', dungeonId };
}

function parseSettingsId(parts: readonly string[]): ParsedCustomId | null {
  const [, action, guildId, ...channels] = parts;
  if (!isSnowflake(guildId)) return null;
  const decoded = channels.map(decodeChannel);
  if (decoded.some((channel) => channel === undefined)) return null;
  const values = decoded as (string | null)[];

  if (action === 'save') {
    if (values.length !== 3) return null;
    const [planner, participants, raidList] = values as [string | null, string | null, string | null];
    return { kind: 'settingsSave', guildId, draft: { planner, participants, raidList } };
  }
  const target = SETTINGS_CHANNEL_TARGETS.find((candidate) => SETTINGS_TARGET_ACTION[candidate] === action);
  if (target === undefined || values.length !== 2) return null;
  const otherChannels: Partial<Record<SettingsChannelTarget, string | null>> = {};
  otherTargets(target).forEach((other, index) => {
    otherChannels[other] = values[index] as string | null;
  });
  return { kind: 'settingsChannelSelect', guildId, target, otherChannels };
}

function parseCalendarId(parts: readonly string[]): ParsedCustomId | null {
  if (parts.length !== 5 || parts[1] !== 'add') return null;
  const [raidId, dayOptionId, timeOptionId] = parts.slice(2).map(parseSerialId);
  if (raidId == null || dayOptionId == null || timeOptionId == null) return null;
  return { kind: 'calendarSlot', raidId, dayOptionId, timeOptionId };
}

/** What a custom id means, or null when it is not one of ours (or is malformed). */
export function parseCustomId(customId: string): ParsedCustomId | null {
  if (customId.length > MAX_CUSTOM_ID_LENGTH) return null;
  const parts = customId.split(':');
  switch (parts[0]) {
    case 'raid':
      return parseRaidId(parts);
    case 'raidplan':
      return parseRaidplanId(parts);
    case 'settings':
      return parseSettingsId(parts);
    case 'calendar':
      return parseCalendarId(parts);
    default:
      return null;
  }
}
