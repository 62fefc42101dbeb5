import { ApplyOptions } from '@sapphire/decorators';
import { Command } from '@sapphire/framework';
import type { GuildMember, GuildTextBasedChannel } from 'discord.js';
import { assertCachedGuild, commandOptions } from '../lib/discord/command-access';
import { describeCommand, describeIntegerOption, describeOption } from '../lib/discord/command-registration';
import { refusal } from '../lib/discord/error-replies';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { choiceLocalizations, t } from '../lib/i18n';
import { purgeOwnMessages, purgeOwnMessagesInGuild } from '../lib/ops/purge';
import { assertMayPurge, botMemberOf, purgeAsAllowed, purgeChannelOf } from '../lib/ops/purge-command';

const DEFAULT_LIMIT = 500;

/** Admins: deletes the bot's own messages in this channel or in every channel it may clean. */
@ApplyOptions<Command.Options>(commandOptions('purgebot', 'admin'))
export class PurgeBotCommand extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) =>
      describeCommand(builder, this)
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
    assertCachedGuild(interaction);
    const scope = interaction.options.getString('scope', true) === 'server' ? 'server' : 'channel';
    // In range: the IntegerOptionsInRange precondition refused anything else.
    const limit = interaction.options.getInteger('limit') ?? DEFAULT_LIMIT;
    const channel = purgeChannelOf(interaction);
    if (scope === 'channel' && channel === null) throw refusal(locale, 'purge.notTextChannel');
    await deferEphemeral(interaction);
    const me = await botMemberOf(interaction.guild, locale);
    if (channel !== null && scope === 'channel') await this.purgeChannel(interaction, channel, me, limit);
    else await this.purgeServer(interaction, me, limit);
  }

  private async purgeChannel(interaction: Command.ChatInputCommandInteraction, channel: GuildTextBasedChannel, me: GuildMember, limit: number): Promise<void> {
    const { locale } = interaction;
    assertMayPurge(channel, me, locale);
    const result = await purgeAsAllowed(locale, () => purgeOwnMessages(channel, me.id, limit));
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
