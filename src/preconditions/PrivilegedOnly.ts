import { Precondition } from '@sapphire/framework';
import type { ChatInputCommandInteraction } from 'discord.js';
import { t } from '../lib/i18n';
import { isPrivilegedUser } from '../lib/ops/privileged';

/**
 * Only the bot's operator (PRIVILEGED_USER_ID) passes. The refusal is the member's
 * own-language text; the ChatInputCommandDenied listener shows it ephemerally.
 */
export class PrivilegedOnlyPrecondition extends Precondition {
  public override chatInputRun(interaction: ChatInputCommandInteraction): Precondition.Result {
    if (isPrivilegedUser(this.container.config, interaction.user.id)) return this.ok();
    return this.error({ identifier: 'PrivilegedOnly', message: t(interaction.locale, 'common.privilegedOnly') });
  }
}

declare module '@sapphire/framework' {
  interface Preconditions {
    PrivilegedOnly: never;
  }
}
