import { ApplyOptions } from '@sapphire/decorators';
import { Precondition } from '@sapphire/framework';
import type { ChatInputCommandInteraction } from 'discord.js';
import { integerOptionOutOfRange } from '../lib/discord/integer-options';
import { t } from '../lib/i18n';

/**
 * Global (every slash command): an integer option outside its declared range is
 * refused with a private answer naming the range. Discord's client keeps to the
 * registered min/max, but an outdated or modified one need not, and such a value
 * must neither reach a handler nor fail in PostgreSQL ("out of range for type integer").
 */
@ApplyOptions<Precondition.Options>({ position: 20 })
export class IntegerOptionsInRangePrecondition extends Precondition {
  public override chatInputRun(interaction: ChatInputCommandInteraction): Precondition.Result {
    const outOfRange = integerOptionOutOfRange(interaction.commandName, interaction.options.data);
    if (outOfRange === null) return this.ok();
    const { option, bounds } = outOfRange;
    return this.error({
      identifier: 'IntegerOptionsInRange',
      message: t(interaction.locale, 'common.integerOutOfRange', { option, min: bounds.min, max: bounds.max }),
    });
  }
}

declare module '@sapphire/framework' {
  interface Preconditions {
    IntegerOptionsInRange: never;
  }
}
