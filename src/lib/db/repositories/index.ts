import { DataSource, type EntityManager } from 'typeorm';
import { AttendanceRepository } from './attendance-repository';
import { DebugMirrorRepository } from './debug-mirror-repository';
import { DungeonRepository } from './dungeon-repository';
import { GuildPreferencesRepository } from './guild-preferences-repository';
import { PostedSlotRepository } from './posted-slot-repository';
import { RaidRepository } from './raid-repository';
import { ReminderClaimsRepository } from './reminder-claims-repository';
import { ScheduledEventsRepository } from './scheduled-events-repository';
import { SettingsRepository } from './settings-repository';
import { TemplateRepository } from './template-repository';

export { AttendanceRepository } from './attendance-repository';
export { DebugMirrorRepository } from './debug-mirror-repository';
export { DungeonRepository } from './dungeon-repository';
export {
  GUILD_PREFERENCE_KIND,
  GUILD_PREFERENCE_LIMITS,
  GuildPreferencesRepository,
  defaultGuildPreferences,
  type GuildPreferenceName,
  type GuildPreferences,
} from './guild-preferences-repository';
export { PostedSlotRepository } from './posted-slot-repository';
export { RaidRepository } from './raid-repository';
export { REMINDER_CLAIM_KIND, ReminderClaimsRepository, type ClaimOutcome } from './reminder-claims-repository';
export { SCHEDULED_EVENT_KIND, ScheduledEventsRepository, type ScheduledEventRow } from './scheduled-events-repository';
export { SettingsRepository } from './settings-repository';
export { TemplateRepository } from './template-repository';
export { removeGuildData } from './guild-data';

/** Every repository, bound to one data source or to one transaction's entity manager. */
export interface Repositories {
  readonly dungeons: DungeonRepository;
  readonly attendance: AttendanceRepository;
  readonly raids: RaidRepository;
  readonly postedSlots: PostedSlotRepository;
  readonly settings: SettingsRepository;
  readonly templates: TemplateRepository;
  readonly debugMirror: DebugMirrorRepository;
  readonly guildPreferences: GuildPreferencesRepository;
  readonly reminderClaims: ReminderClaimsRepository;
  readonly scheduledEvents: ScheduledEventsRepository;
}

/**
 * Pass the data source for plain reads, or a transaction's manager
 * (`dataSource.transaction((manager) => createRepositories(manager)…)`) so several
 * repositories work inside one transaction.
 */
export function createRepositories(source: DataSource | EntityManager): Repositories {
  const manager = source instanceof DataSource ? source.manager : source;
  return {
    dungeons: new DungeonRepository(manager),
    attendance: new AttendanceRepository(manager),
    raids: new RaidRepository(manager),
    postedSlots: new PostedSlotRepository(manager),
    settings: new SettingsRepository(manager),
    templates: new TemplateRepository(manager),
    debugMirror: new DebugMirrorRepository(manager),
    guildPreferences: new GuildPreferencesRepository(manager),
    reminderClaims: new ReminderClaimsRepository(manager),
    scheduledEvents: new ScheduledEventsRepository(manager),
  };
}
