import { Precondition } from '@sapphire/framework';
import type { ChatInputCommandInteraction } from 'discord.js';
import { isGuildAdminOrPrivileged } from '../lib/discord/permissions';
import { t } from '../lib/i18n';

/**
 * Server administrators and the privileged user. Admin commands are also registered
 * with Administrator as default member permission, so others normally do not see
 * them; this answers anyone who still gets there (changed server overrides, stale
 * client) with an explicit refusal instead of silence.
 */
export class GuildAdminPrecondition extends Precondition {
  public override chatInputRun(interaction: ChatInputCommandInteraction): Precondition.Result {
    if (interaction.inGuild() && isGuildAdminOrPrivileged(interaction, this.container.config)) return this.ok();
    const key = interaction.inGuild() ? 'common.adminOnly' : 'common.serverOnly';
    return this.error({ identifier: 'GuildAdmin', message: t(interaction.locale, key) });
  }
}

declare module '@sapphire/framework' {
  interface Preconditions {
    GuildAdmin: never;
  }
}
