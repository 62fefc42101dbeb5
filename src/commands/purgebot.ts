import { Command } from '@sapphire/framework';
import { InteractionContextType, PermissionFlagsBits } from 'discord.js';
import { isForbidden } from '../lib/discord/errors';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { choiceLocalizations, commandLocalizations, t } from '../lib/i18n';
import { PURGE_PERMISSION_NAMES, missingPurgePermissions, purgeOwnMessages, purgeableTextChannels } from '../lib/ops/purge';
import { permissionNames, purgeChannelOf } from '../lib/ops/purge-replies';

const DEFAULT_LIMIT = 500;
const MAX_LIMIT = 5000;

/** Admins: deletes the bot's own messages in this channel or in every channel it may clean. */
export class PurgeBotCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, { ...options, name: 'purgebot', preconditions: ['GuildAdmin'] });
  }

  public override registerApplicationCommands(registry: Command.Registry): void {
    const command = commandLocalizations('commands.purgebot.description');
    const scope = commandLocalizations('commands.purgebot.options.scope');
    const limit = commandLocalizations('commands.purgebot.options.limit');
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(command.description)
        .setDescriptionLocalizations(command.descriptionLocalizations)
        .setDefaultMemberPermissions(PermissionFlagsBits.Administrator)
        .setContexts(InteractionContextType.Guild)
        .addStringOption((option) =>
          option
            .setName('scope')
            .setDescription(scope.description)
            .setDescriptionLocalizations(scope.descriptionLocalizations)
            .setRequired(true)
            .addChoices(
              { ...choiceLocalizations('commands.purgebot.choices.channel'), value: 'channel' },
              { ...choiceLocalizations('commands.purgebot.choices.server'), value: 'server' },
            ),
        )
        .addIntegerOption((option) =>
          option
            .setName('limit')
            .setDescription(limit.description)
            .setDescriptionLocalizations(limit.descriptionLocalizations)
            .setMinValue(1)
            .setMaxValue(MAX_LIMIT),
        ),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    const { locale } = interaction;
    if (!interaction.inCachedGuild()) {
      await answer(interaction, { content: t(locale, 'common.serverOnly') });
      return;
    }
    const scope = interaction.options.getString('scope', true) === 'server' ? 'server' : 'channel';
    const limit = Math.min(MAX_LIMIT, Math.max(1, interaction.options.getInteger('limit') ?? DEFAULT_LIMIT));
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
    const botId = me.id;

    if (scope === 'channel') {
      const missing = missingPurgePermissions(channel!, me);
      if (missing.length > 0) {
        await answer(interaction, { content: t(locale, 'purge.missingPermissions', { permissions: permissionNames(locale, missing) }) });
        return;
      }
      let result;
      try {
        result = await purgeOwnMessages(channel!, botId, limit);
      } catch (error) {
        if (!isForbidden(error)) throw error;
        await answer(interaction, { content: t(locale, 'purge.missingPermissions', { permissions: permissionNames(locale, PURGE_PERMISSION_NAMES) }) });
        return;
      }
      this.container.logger.info(`/purgebot channel by ${interaction.user.id} in ${channel!.id}: ${result.deleted} deleted, ${result.failed} failed`);
      const lines = [t(locale, 'purgebot.doneChannel', { count: result.deleted, limit })];
      if (result.failed > 0) lines.push(t(locale, 'purge.failed', { count: result.failed }));
      await answer(interaction, { content: lines.join('\n') });
      return;
    }

    const { channels, skipped } = purgeableTextChannels(guild, me);
    let deleted = 0;
    let failed = 0;
    let channelsWithDeletions = 0;
    for (const target of channels) {
      try {
        const result = await purgeOwnMessages(target, botId, limit);
        deleted += result.deleted;
        failed += result.failed;
        if (result.deleted > 0) channelsWithDeletions += 1;
      } catch (error) {
        // One unreadable channel (deleted meanwhile, permissions changed) must not stop the rest.
        this.container.logger.warn(`/purgebot server: channel ${target.id} could not be cleaned`, error);
        failed += 1;
      }
    }
    this.container.logger.info(
      `/purgebot server by ${interaction.user.id} in guild ${guild.id}: ${deleted} deleted in ${channelsWithDeletions} channels, ${skipped} skipped, ${failed} failed`,
    );
    const lines = [t(locale, 'purgebot.doneServer', { count: deleted, channels: channelsWithDeletions, limit })];
    if (skipped > 0) lines.push(t(locale, 'purgebot.skipped', { count: skipped }));
    if (failed > 0) lines.push(t(locale, 'purge.failed', { count: failed }));
    await answer(interaction, { content: lines.join('\n') });
  }
}
