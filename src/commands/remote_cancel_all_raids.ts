import { container } from '@sapphire/framework';
import { ApplyOptions } from '@sapphire/decorators';
import type { Command } from '@sapphire/framework';
import { t } from '../lib/i18n';
import { RemoteGuildCommand } from '../lib/remote/remote-guild-command';
import type { ConnectedGuild } from '../lib/remote/target';
import { commandOptions } from '../lib/discord/command-access';

/** Privileged: cancels every open raid of another server, as /cancel_all_raids does there. */
@ApplyOptions<Command.Options>(commandOptions('remote_cancel_all_raids', 'privileged'))
export class RemoteCancelAllRaidsCommand extends RemoteGuildCommand {
  protected override async runOnGuild(locale: string, guild: ConnectedGuild, guildName: string): Promise<string> {
    const count = await container.raids.closing.cancelAll(guild.id, 'remote-cancelled');
    return t(locale, 'cancelAll.remoteDone', { count, guild: guildName });
  }

  protected override failureText(locale: string, guildName: string): string {
    return t(locale, 'remote.cancelFailed', { guild: guildName });
  }
}
