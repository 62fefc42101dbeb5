/**
 * The Discord scheduled event of one qualified slot: pure, data in, Discord JSON out.
 *
 * Where the event takes place (`EventPlace`):
 * - `external`: entity type 3, its location the planner's link, its end the start plus
 *   the server's duration (Discord requires an end for external events);
 * - `voice`: entity type 2 in the server's raid voice channel (/settings
 *   `raid_voice_channel`, see `placeOf` in service.ts), no end.
 *
 * The payload's hash (`eventPayloadHash`) is stored with the event id, so a plan PATCHes
 * only when what Discord shows would change.
 */
import { createHash } from 'node:crypto';
import { GuildScheduledEventEntityType, GuildScheduledEventPrivacyLevel } from 'discord.js';
import { t } from '../i18n';
import { messageUrl } from '../raids/render/raid-list';
import type { Raid } from '../raids/types';

/** Discord's limits on scheduled events. */
export const SCHEDULED_EVENT_LIMITS = Object.freeze({ name: 100, description: 1000, location: 100, uncompletedPerGuild: 100 });

export type EventPlace = { readonly kind: 'external' } | { readonly kind: 'voice'; readonly channelId: string };

export interface SlotEventInput {
  readonly raid: Pick<Raid, 'guildId' | 'channelId' | 'messageId' | 'displayId' | 'dungeon'>;
  readonly day: string;
  readonly time: string;
  readonly slotAt: Date;
  /** How long the event lasts (the server's `scheduledEventHours`). */
  readonly hours: number;
  readonly memberCount: number;
  /** The server's preferred locale (the event is public). */
  readonly locale: string;
  readonly place: EventPlace;
}

/** The fields the bot sets on create and on update (PATCH sends the same object). */
export interface SlotEventPayload {
  readonly name: string;
  readonly description: string;
  readonly scheduled_start_time: string;
  readonly scheduled_end_time: string | null;
  readonly privacy_level: GuildScheduledEventPrivacyLevel.GuildOnly;
  readonly entity_type: GuildScheduledEventEntityType.External | GuildScheduledEventEntityType.Voice;
  readonly channel_id: string | null;
  readonly entity_metadata: { readonly location: string } | null;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function renderSlotEvent(input: SlotEventInput): SlotEventPayload {
  const { raid, locale } = input;
  const planner = raid.messageId === null ? null : messageUrl(raid.guildId, raid.channelId, raid.messageId);
  const vars = { dungeon: raid.dungeon, displayId: raid.displayId, day: input.day, time: input.time, count: input.memberCount };
  const description = planner === null ? t(locale, 'scheduledEvents.descriptionNoLink', vars) : t(locale, 'scheduledEvents.description', { ...vars, url: planner });
  const start = input.slotAt;
  const common = {
    name: clip(t(locale, 'scheduledEvents.name', vars), SCHEDULED_EVENT_LIMITS.name),
    description: clip(description, SCHEDULED_EVENT_LIMITS.description),
    scheduled_start_time: start.toISOString(),
    privacy_level: GuildScheduledEventPrivacyLevel.GuildOnly,
  } as const;
  if (input.place.kind === 'voice') {
    return { ...common, scheduled_end_time: null, entity_type: GuildScheduledEventEntityType.Voice, channel_id: input.place.channelId, entity_metadata: null };
  }
  return {
    ...common,
    scheduled_end_time: new Date(start.getTime() + input.hours * 3_600_000).toISOString(),
    entity_type: GuildScheduledEventEntityType.External,
    channel_id: null,
    entity_metadata: { location: clip(planner ?? `Raid ${raid.displayId}`, SCHEDULED_EVENT_LIMITS.location) },
  };
}

/** 48 hex digits of SHA-256 over the payload: equal when Discord would show the same event. */
export function eventPayloadHash(payload: SlotEventPayload): string {
  return createHash('sha256').update(JSON.stringify(payload)).digest('hex').slice(0, 48);
}
