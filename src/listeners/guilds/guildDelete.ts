import { ApplyOptions } from '@sapphire/decorators';
import { Events, Listener } from '@sapphire/framework';
import type { Guild } from 'discord.js';
import { onGuildLeft } from '../../lib/guilds/lifecycle';

/**
 * The bot left or was removed from a guild. discord.js reports a guild that is only
 * unavailable (outage) as `guildUnavailable` instead, so this never deletes data of a
 * guild that comes back.
 */
@ApplyOptions<Listener.Options>({ event: Events.GuildDelete })
export class GuildDeleteListener extends Listener<typeof Events.GuildDelete> {
  public async run(guild: Guild): Promise<void> {
    await onGuildLeft(guild.id);
  }
}
