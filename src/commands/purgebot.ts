import { ApplyOptions } from '@sapphire/decorators';
import { Command } from '@sapphire/framework';
import { describeCommand, describeIntegerOption, describeOption } from '../lib/discord/command-registration';
import type { GuildMember, GuildTextBasedChannel } from 'discord.js';
import { isForbidden } from '../lib/discord/errors';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { choiceLocalizations, t } from '../lib/i18n';
import { PURGE_PERMISSION_NAMES, missingPurgePermissions, purgeOwnMessages, purgeOwnMessagesInGuild } from '../lib/ops/purge';
import { permissionNames } from '../lib/discord/permission-texts';
import { purgeChannelOf } from '../lib/ops/purge-replies';

const DEFAULT_LIMIT = 500;

/** Admins: deletes the bot's own messages in this channel or in every channel it may clean. */
@ApplyOptions<Command.Options>({ name: 'purgebot', preconditions: ['GuildAdmin'] })
export class PurgeBotCommand extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) =>
      describeCommand(builder, 'purgebot', 'admin')
        .addStringOption((option) =>
          describeOption(option, 'purgebot', 'scope')
            .setRequired(true)
            .addChoices(
              { ...choiceLocalizations('commands.purgebot.choices.channel'), value: 'channel' },
              { ...choiceLocalizations('commands.purgebot.choices.server'), value: 'server' },
            ),
        )
        .addIntegerOption((option) => describeIntegerOption(option, 'purgebot', 'limit')),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    const { locale } = interaction;
    if (!interaction.inCachedGuild()) {
      await answer(interaction, { content: t(locale, 'common.serverOnly') });
      return;
    }
    const scope = interaction.options.getString('scope', true) === 'server' ? 'server' : 'channel';
    // In range: the IntegerOptionsInRange precondition refused anything else.
    const limit = interaction.options.getInteger('limit') ?? DEFAULT_LIMIT;
    const channel = purgeChannelOf(interaction);
    if (scope === 'channel' && channel === null) {
      await answer(interaction, { content: t(locale, 'purge.notTextChannel') });
      return;
    }
    await deferEphemeral(interaction);
    const { guild } = interaction;
    const me = guild.members.me ?? (await guild.members.fetchMe().catch(() => null));
    if (me === null) {
      await answer(interaction, { content: t(locale, 'purgebot.botMemberMissing') });
      return;
    }
    if (channel !== null && scope === 'channel') await this.purgeChannel(interaction, channel, me, limit);
    else await this.purgeServer(interaction, me, limit);
  }

  private async purgeChannel(interaction: Command.ChatInputCommandInteraction, channel: GuildTextBasedChannel, me: GuildMember, limit: number): Promise<void> {
    const { locale } = interaction;
    const missing = missingPurgePermissions(channel, me);
    if (missing.length > 0) {
      await answer(interaction, { content: t(locale, 'purge.missingPermissions', { permissions: permissionNames(missing, locale) }) });
      return;
    }
    let result;
    try {
      result = await purgeOwnMessages(channel, me.id, limit);
    } catch (error) {
      // The cache said yes, Discord said no (overwrites changed meanwhile).
      if (!isForbidden(error)) throw error;
      await answer(interaction, { content: t(locale, 'purge.missingPermissions', { permissions: permissionNames(PURGE_PERMISSION_NAMES, locale) }) });
      return;
    }
    this.container.logger.info(`/purgebot channel by ${interaction.user.id} in ${channel.id}: ${result.deleted} deleted, ${result.failed} failed`);
    const lines = [t(locale, 'purgebot.doneChannel', { count: result.deleted, limit })];
    if (result.failed > 0) lines.push(t(locale, 'purge.failed', { count: result.failed }));
    await answer(interaction, { content: lines.join('\n') });
  }

  private async purgeServer(interaction: Command.ChatInputCommandInteraction, me: GuildMember, limit: number): Promise<void> {
    const { locale } = interaction;
    const { deleted, failed, channelsWithDeletions, skipped } = await purgeOwnMessagesInGuild(me.guild, me, limit, (channelId, error) =>
      this.container.logger.warn(`/purgebot server: channel ${channelId} could not be cleaned`, error),
    );
    this.container.logger.info(
      `/purgebot server by ${interaction.user.id} in guild ${me.guild.id}: ${deleted} deleted in ${channelsWithDeletions} channels, ${skipped} skipped, ${failed} failed`,
    );
    const lines = [t(locale, 'purgebot.doneServer', { count: deleted, channels: channelsWithDeletions, limit })];
    if (skipped > 0) lines.push(t(locale, 'purgebot.skipped', { count: skipped }));
    if (failed > 0) lines.push(t(locale, 'purge.failed', { count: failed }));
    await answer(interaction, { content: lines.join('\n') });
  }
}
