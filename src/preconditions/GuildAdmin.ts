import { Precondition } from '@sapphire/framework';
import type { ChatInputCommandInteraction } from 'discord.js';
import { isGuildAdminOrPrivileged } from '../lib/discord/permissions';
import { t } from '../lib/i18n';

/**
 * Server administrators and the privileged user; runs after GuildOnly (command access
 * `admin`). Admin commands are also registered with Administrator as default member
 * permission, so others normally do not see them; this answers anyone who still gets
 * there (changed server overrides, stale client) with an explicit refusal instead of
 * silence.
 */
export class GuildAdminPrecondition extends Precondition {
  public override chatInputRun(interaction: ChatInputCommandInteraction): Precondition.Result {
    if (isGuildAdminOrPrivileged(interaction, this.container.config)) return this.ok();
    return this.error({ identifier: 'GuildAdmin', message: t(interaction.locale, 'common.adminOnly') });
  }
}

declare module '@sapphire/framework' {
  interface Preconditions {
    GuildAdmin: never;
  }
}
