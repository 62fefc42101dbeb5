import { container } from '@sapphire/framework';
import { ApplyOptions } from '@sapphire/decorators';
import type { Command } from '@sapphire/framework';
import { t } from '../lib/i18n';
import { RemoteGuildCommand } from '../lib/remote/remote-guild-command';
import type { ConnectedGuild } from '../lib/remote/target';
import { commandOptions } from '../lib/discord/command-access';

/** Privileged: refreshes (and if deleted, re-posts) another server's raid list message. */
@ApplyOptions<Command.Options>(commandOptions('remote_raidlist', 'privileged'))
export class RemoteRaidListCommand extends RemoteGuildCommand {
  protected override async runOnGuild(locale: string, guild: ConnectedGuild, guildName: string): Promise<string> {
    const settings = await this.container.repos.settings.get(guild.id);
    if (settings?.raidListChannelId == null) return t(locale, 'remote.raidListNotConfigured', { guild: guildName });
    await container.raids.raidList.refresh(guild.id);
    return t(locale, 'raidList.remoteRefreshed', { guild: guildName });
  }

  protected override failureText(locale: string, guildName: string): string {
    return t(locale, 'remote.raidListFailed', { guild: guildName });
  }
}
