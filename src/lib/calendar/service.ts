/**
 * "Add to calendar" on a participant list: the .ics of one slot, read from the
 * database when the member clicks (the button carries only ids), so it always shows
 * the raid as it is now — and refuses plainly when it is no longer there.
 */
import type { RaidRepository } from '../db/repositories';
import type { GuildTime } from '../raids/services/guild-time';
import { instantOfSlot } from '../raids/schedule';
import { qualifiedSlots } from '../raids/slots';
import type { QualifiedSlot, RaidState } from '../raids/types';
import { plannerUrl, renderSlotCalendar, slotCalendarFileName } from './ics';

export interface SlotCalendarRequest {
  readonly raidId: number;
  readonly dayOptionId: number;
  readonly timeOptionId: number;
  /** The server the click came from. */
  readonly guildId: string;
  /** The member's locale: the file's texts. */
  readonly locale: string;
}

/**
 * - `file`: the calendar file;
 * - `raidGone`: the raid was finished, cancelled or never existed;
 * - `otherServer`: the raid belongs to another server (a forged custom id);
 * - `slotGone`: no such slot in the raid, or it no longer has enough players;
 * - `noDate`: the slot's labels name no instant (the old bot's raids).
 */
export type SlotCalendarOutcome =
  | { readonly kind: 'file'; readonly fileName: string; readonly ics: string; readonly start: Date; readonly dungeon: string; readonly displayId: number }
  | { readonly kind: 'raidGone' | 'otherServer' | 'slotGone' | 'noDate' };

export interface SlotCalendarDeps {
  readonly raids: Pick<RaidRepository, 'loadRaidState'>;
  readonly time: Pick<GuildTime, 'zoneOf' | 'now'>;
}

/** The raid options a slot's labels belong to (what the button names the slot by); null when a label is not an option. */
export function slotOptionIds(state: RaidState, slot: Pick<QualifiedSlot, 'day' | 'time'>): { readonly dayOptionId: number; readonly timeOptionId: number } | null {
  const day = state.days.find((option) => option.label === slot.day);
  const time = state.times.find((option) => option.label === slot.time);
  return day === undefined || time === undefined ? null : { dayOptionId: day.id, timeOptionId: time.id };
}

export async function slotCalendarFile(deps: SlotCalendarDeps, request: SlotCalendarRequest): Promise<SlotCalendarOutcome> {
  const state = await deps.raids.loadRaidState(request.raidId);
  if (state === null) return { kind: 'raidGone' };
  const { raid } = state;
  if (raid.guildId !== request.guildId) return { kind: 'otherServer' };
  const day = state.days.find((option) => option.id === request.dayOptionId);
  const time = state.times.find((option) => option.id === request.timeOptionId);
  if (day === undefined || time === undefined) return { kind: 'slotGone' };
  if (!qualifiedSlots(state).some((slot) => slot.day === day.label && slot.time === time.label)) return { kind: 'slotGone' };
  const start = instantOfSlot(day.label, time.label, await deps.time.zoneOf(raid.guildId));
  if (start === null) return { kind: 'noDate' };
  const entry = {
    guildId: raid.guildId,
    raidId: raid.id,
    displayId: raid.displayId,
    dungeon: raid.dungeon,
    dayOptionId: day.id,
    timeOptionId: time.id,
    start,
    plannerUrl: plannerUrl(raid.guildId, raid.channelId, raid.messageId),
    stamp: deps.time.now(),
  };
  return { kind: 'file', fileName: slotCalendarFileName(entry), ics: renderSlotCalendar(entry, request.locale), start, dungeon: raid.dungeon, displayId: raid.displayId };
}
