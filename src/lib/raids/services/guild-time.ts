/**
 * "When" for the raid services: the bot's clock and each server's time preferences
 * (zone, reminder lead, auto-close grace), read from the one preferences repository
 * with the deployment's DEFAULT_TIMEZONE as fallback. Every render and decision that
 * needs the present or a server's zone asks here, never `Date.now()` or the config.
 */
import type { GuildPreferences, GuildPreferencesRepository } from '../../db/repositories/guild-preferences-repository';
import { defaultGuildPreferences } from '../../db/repositories/guild-preferences-repository';
import { systemClock, type Clock } from '../../time';

export class GuildTime {
  public constructor(
    private readonly preferences: Pick<GuildPreferencesRepository, 'get' | 'getMany'>,
    public readonly clock: Clock = systemClock,
    public readonly defaultTimeZone: string = 'Europe/Berlin',
  ) {}

  public now(): Date {
    return this.clock.now();
  }

  /** What a server that changed nothing gets. */
  public defaults(): GuildPreferences {
    return defaultGuildPreferences(this.defaultTimeZone);
  }

  public async of(guildId: string): Promise<GuildPreferences> {
    return this.preferences.get(guildId, this.defaults());
  }

  public async ofMany(guildIds: readonly string[]): Promise<Map<string, GuildPreferences>> {
    return this.preferences.getMany(guildIds, this.defaults());
  }

  public async zoneOf(guildId: string): Promise<string> {
    return (await this.of(guildId)).timeZone;
  }
}
