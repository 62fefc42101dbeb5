import type { Command } from '@sapphire/framework';
import { t } from '../lib/i18n';
import { recordRaidsClosed } from '../lib/metrics';
import { raidServices } from '../lib/raids/services';
import { RemoteGuildCommand } from '../lib/remote/remote-guild-command';
import type { ConnectedGuild } from '../lib/remote/target';

/** Privileged: cancels every open raid of another server, as /cancel_all_raids does there. */
export class RemoteCancelAllRaidsCommand extends RemoteGuildCommand {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, options, 'remote_cancel_all_raids');
  }

  protected override async runOnGuild(locale: string, guild: ConnectedGuild, guildName: string): Promise<string> {
    const count = await raidServices().closing.cancelAll(guild.id, 'remote-cancelled');
    recordRaidsClosed('remote-cancelled', count);
    return t(locale, 'cancelAll.remoteDone', { count, guild: guildName });
  }

  protected override failureText(locale: string, guildName: string): string {
    return t(locale, 'remote.cancelFailed', { guild: guildName });
  }
}
