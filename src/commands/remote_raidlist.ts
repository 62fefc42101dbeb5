import { container } from '@sapphire/framework';
import type { Command } from '@sapphire/framework';
import { t } from '../lib/i18n';
import { RemoteGuildCommand } from '../lib/remote/remote-guild-command';
import type { ConnectedGuild } from '../lib/remote/target';

/** Privileged: refreshes (and if deleted, re-posts) another server's raid list message. */
export class RemoteRaidListCommand extends RemoteGuildCommand {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, options, 'remote_raidlist');
  }

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
