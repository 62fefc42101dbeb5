/**
 * Native Discord scheduled events for qualified slots (issue 13.3), per server switch in
 * /settings (off by default), lasting the server's `scheduledEventHours` (default 2).
 *
 * - render.ts: one slot's event payload (pure);
 * - plan.ts: which events a server should have and the calls that get there (pure);
 * - service.ts: planning a server from the database and making the calls;
 * - settings.ts: the /settings options and field.
 *
 * Reached as `container.scheduledEvents`.
 */
import type { Client } from 'discord.js';
import { createLogger } from '../logging';
import type { RaidServices } from '../raids/services';
import { ScheduledEventService, type ScheduledEventRepositories } from './service';

export { renderSlotEvent, eventPayloadHash, SCHEDULED_EVENT_LIMITS, type SlotEventPayload, type EventPlace } from './render';
export { planEventActions, wantedEvents, eventKey, type EventAction, type StoredEvent, type WantedEvent } from './plan';
export { ScheduledEventService } from './service';

/** Which preference changes move or switch the events. */
// The raid voice channel moves the events into it (voice events) or back out (external).
const FOLLOWED_PREFERENCES = new Set(['timeZone', 'scheduledEvents', 'scheduledEventHours', 'raidVoiceChannelId']);

/** The service, following the raids: after each participant-list sync, each close and each preference change. */
export function createScheduledEvents(client: Client, repos: ScheduledEventRepositories, raids: Pick<RaidServices, 'slots' | 'closing' | 'events' | 'time' | 'shards'>): ScheduledEventService {
  // Sharded, the raid services' ownership: a server is planned by the process owning its shard.
  const service = new ScheduledEventService(client, repos, raids.time, createLogger('dmw.scheduled-events'), raids.shards);
  raids.slots.events.on('synced', (raidId) => service.scheduleRaid(raidId));
  raids.closing.events.on('closed', (raidId, reason) => service.scheduleRaid(raidId, reason));
  raids.events.on('timePreferencesChanged', (guildId, changed) => {
    if (changed.some((name) => FOLLOWED_PREFERENCES.has(name))) service.schedule(guildId);
  });
  return service;
}
