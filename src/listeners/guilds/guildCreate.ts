import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import type { Guild } from 'discord.js';
import { onGuildJoined } from '../../lib/guilds/lifecycle';

/** The bot was added to a guild (or a guild it was removed from while offline sent GUILD_CREATE again). */
@ApplyOptions<Listener.Options>({ event: Events.GuildCreate })
export class GuildCreateListener extends Listener<typeof Events.GuildCreate> {
  public async run(guild: Guild): Promise<void> {
    await onGuildJoined(guild);
  }
}
