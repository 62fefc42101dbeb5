import { Precondition } from '@sapphire/framework';
import type { ChatInputCommandInteraction } from 'discord.js';
import { t } from '../lib/i18n';
import { isPrivilegedUser } from '../lib/ops/privileged';

/**
 * Only the bot's operator (PRIVILEGED_USER_ID) passes; with none configured nobody does,
 * and the refusal says so (and how to set one). The refusal is the member's own-language text; the ChatInputCommandDenied listener shows it ephemerally.
 */
export class PrivilegedOnlyPrecondition extends Precondition {
  public override chatInputRun(interaction: ChatInputCommandInteraction): Precondition.Result {
    const { config } = this.container;
    if (isPrivilegedUser(config, interaction.user.id)) return this.ok();
    const key = config.privilegedUserId === null ? 'common.noOperator' : 'common.privilegedOnly';
    return this.error({ identifier: 'PrivilegedOnly', message: t(interaction.locale, key) });
  }
}

declare module '@sapphire/framework' {
  interface Preconditions {
    PrivilegedOnly: never;
  }
}
