import { ApplyOptions } from '@sapphire/decorators';
import { Command } from '@sapphire/framework';
import { describeCommand, describeIntegerOption } from '../lib/discord/command-registration';
import { isForbidden } from '../lib/discord/errors';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { t } from '../lib/i18n';
import { permissionNames } from '../lib/discord/permission-texts';
import { describeDeletion, purgeChannelOf } from '../lib/ops/purge-replies';
import { PURGE_PERMISSION_NAMES, missingPurgePermissions, purgeNewestMessages } from '../lib/ops/purge';

const DEFAULT_AMOUNT = 10;

/** Admins: deletes the newest messages of the channel, whoever wrote them. */
@ApplyOptions<Command.Options>({ name: 'purge', preconditions: ['GuildAdmin'] })
export class PurgeCommand extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) =>
      describeCommand(builder, 'purge', 'admin')
        .addIntegerOption((option) => describeIntegerOption(option, 'purge', 'amount')),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    const { locale } = interaction;
    const channel = purgeChannelOf(interaction);
    if (channel === null) {
      await answer(interaction, { content: t(locale, 'purge.notTextChannel') });
      return;
    }
    const me = channel.guild.members.me ?? (await channel.guild.members.fetchMe().catch(() => null));
    if (me === null) {
      await answer(interaction, { content: t(locale, 'purgebot.botMemberMissing') });
      return;
    }
    const missing = missingPurgePermissions(channel, me);
    if (missing.length > 0) {
      await answer(interaction, { content: t(locale, 'purge.missingPermissions', { permissions: permissionNames(missing, locale) }) });
      return;
    }
    await deferEphemeral(interaction);
    // In range: the IntegerOptionsInRange precondition refused anything else.
    const amount = interaction.options.getInteger('amount') ?? DEFAULT_AMOUNT;
    let result;
    try {
      result = await purgeNewestMessages(channel, amount);
    } catch (error) {
      // The cache said yes, Discord said no (overwrites changed meanwhile).
      if (!isForbidden(error)) throw error;
      await answer(interaction, { content: t(locale, 'purge.missingPermissions', { permissions: permissionNames(PURGE_PERMISSION_NAMES, locale) }) });
      return;
    }
    this.container.logger.info(`/purge by ${interaction.user.id} in channel ${channel.id}: ${result.deleted} deleted, ${result.failed} failed`);
    await answer(interaction, { content: result.deleted + result.failed === 0 ? t(locale, 'purge.nothing') : describeDeletion(locale, result) });
  }
}
