import { ApplyOptions } from '@sapphire/decorators';
import { Command } from '@sapphire/framework';
import { commandOptions } from '../lib/discord/command-access';
import { describeCommand, describeIntegerOption } from '../lib/discord/command-registration';
import { refusal } from '../lib/discord/error-replies';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { t } from '../lib/i18n';
import { purgeNewestMessages } from '../lib/ops/purge';
import { assertMayPurge, botMemberOf, describeDeletion, purgeAsAllowed, purgeChannelOf } from '../lib/ops/purge-command';

const DEFAULT_AMOUNT = 10;

/** Admins: deletes the newest messages of the channel, whoever wrote them. */
@ApplyOptions<Command.Options>(commandOptions('purge', 'admin'))
export class PurgeCommand extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) =>
      describeCommand(builder, this).addIntegerOption((option) => describeIntegerOption(option, 'purge', 'amount')),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    const { locale } = interaction;
    const channel = purgeChannelOf(interaction);
    if (channel === null) throw refusal(locale, 'purge.notTextChannel');
    const me = await botMemberOf(channel.guild, locale);
    assertMayPurge(channel, me, locale);
    await deferEphemeral(interaction);
    // In range: the IntegerOptionsInRange precondition refused anything else.
    const amount = interaction.options.getInteger('amount') ?? DEFAULT_AMOUNT;
    const result = await purgeAsAllowed(locale, () => purgeNewestMessages(channel, amount));
    this.container.logger.info(`/purge by ${interaction.user.id} in channel ${channel.id}: ${result.deleted} deleted, ${result.failed} failed`);
    await answer(interaction, { content: result.deleted + result.failed === 0 ? t(locale, 'purge.nothing') : describeDeletion(locale, result) });
  }
}
