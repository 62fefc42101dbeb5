/**
 * One slot of a raid as an iCalendar file (RFC 5545) a member can import into any
 * calendar: one VEVENT whose UID stays the same for the raid and slot (importing it
 * again updates the event instead of adding a second), DTSTART in UTC (no zone data to
 * get wrong; every calendar shows it in its own zone), the dungeon and raid id in the
 * summary, the planner as link, and a display alarm 15 minutes before. Pure: the file
 * is a function of the entry and the locale; ical-generator writes, escapes and folds.
 */
import { ICalAlarmType, ICalCalendar } from 'ical-generator';
import { DateTime } from 'luxon';
import { t } from '../i18n';

/** How long the event lasts in the calendar (the raid has no end of its own). */
export const SLOT_EVENT_DURATION_MINUTES = 120;
/** The alarm rings this long before the slot starts. */
export const SLOT_ALARM_MINUTES = 15;

export interface SlotCalendarEntry {
  readonly guildId: string;
  readonly raidId: number;
  readonly displayId: number;
  readonly dungeon: string;
  /** The raid options of the slot: they name it for as long as the raid lives. */
  readonly dayOptionId: number;
  readonly timeOptionId: number;
  readonly start: Date;
  /** The planner message (or its channel while it has none). */
  readonly plannerUrl: string;
  /** When the file was made (DTSTAMP): the bot's clock. */
  readonly stamp: Date;
}

/** Stable for the raid and slot: the same slot exported twice is one event in the calendar. */
export function slotEventUid(entry: Pick<SlotCalendarEntry, 'guildId' | 'raidId' | 'dayOptionId' | 'timeOptionId'>): string {
  return `raid-${entry.raidId}-slot-${entry.dayOptionId}-${entry.timeOptionId}.guild-${entry.guildId}@dmw-raid-bot`;
}

/** A link to the planner message, as Discord's "Copy Message Link" gives it. */
export function plannerUrl(guildId: string, channelId: string, messageId: string | null): string {
  return `https://discord.com/channels/${guildId}/${channelId}${messageId === null ? '' : `/${messageId}`}`;
}

/** `raid-12-20261226-1900Z.ics`: the raid id and the slot's start in UTC; only characters safe in any file system. */
export function slotCalendarFileName(entry: Pick<SlotCalendarEntry, 'displayId' | 'start'>): string {
  const start = DateTime.fromJSDate(entry.start, { zone: 'utc' }).toFormat("yyyyLLdd'-'HHmm'Z'");
  return `raid-${entry.displayId}-${start}.ics`;
}

/** The .ics text of one slot, its texts in `locale`. */
export function renderSlotCalendar(entry: SlotCalendarEntry, locale: string): string {
  const summary = t(locale, 'calendar.eventSummary', { dungeon: entry.dungeon, displayId: entry.displayId });
  const calendar = new ICalCalendar({ prodId: { company: 'DMW', product: 'Raid Bot', language: 'EN' } });
  calendar.createEvent({
    id: slotEventUid(entry),
    stamp: entry.stamp,
    start: entry.start,
    end: new Date(entry.start.getTime() + SLOT_EVENT_DURATION_MINUTES * 60_000),
    summary,
    description: t(locale, 'calendar.eventDescription', { url: entry.plannerUrl }),
    url: entry.plannerUrl,
    alarms: [{ type: ICalAlarmType.display, trigger: SLOT_ALARM_MINUTES * 60, description: summary }],
  });
  return calendar.toString();
}
