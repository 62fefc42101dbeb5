import { Command } from '@sapphire/framework';
import { InteractionContextType, PermissionFlagsBits, escapeMarkdown } from 'discord.js';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { commandLocalizations, t } from '../lib/i18n';
import { connectedGuilds } from '../lib/remote/interaction';
import { guildDisplayName, guildsForListing } from '../lib/remote/target';

/** Discord's limit for a message's content. */
const MAX_CONTENT_LENGTH = 2000;
const MAX_LISTED_GUILDS = 50;

/** Privileged: the servers the bot is on, by name. */
export class RemoteGuildsCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, { ...options, name: 'remote_guilds', preconditions: ['PrivilegedOnly'] });
  }

  public override registerApplicationCommands(registry: Command.Registry): void {
    const command = commandLocalizations('commands.remote_guilds.description');
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(command.description)
        .setDescriptionLocalizations(command.descriptionLocalizations)
        .setDefaultMemberPermissions(PermissionFlagsBits.Administrator)
        // In a DM with the bot the operator needs no server role (default permissions apply to servers only).
        .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    await deferEphemeral(interaction);
    const { locale } = interaction;
    const guilds = connectedGuilds(interaction.client);
    if (guilds.length === 0) {
      await answer(interaction, { content: t(locale, 'remote.noGuilds') });
      return;
    }
    const { shown, omitted } = guildsForListing(guilds, MAX_LISTED_GUILDS);
    const lines = [t(locale, 'remote.guildsHeader', { count: guilds.length })];
    let left = omitted;
    for (const [index, guild] of shown.entries()) {
      const line = t(locale, 'remote.guildLine', { name: escapeMarkdown(guildDisplayName(guild)) });
      const moreIfCut = t(locale, 'common.more', { count: shown.length - index + omitted });
      if ([...lines, line, moreIfCut].join('\n').length > MAX_CONTENT_LENGTH) {
        left = shown.length - index + omitted;
        break;
      }
      lines.push(line);
    }
    if (left > 0) lines.push(t(locale, 'common.more', { count: left }));
    await answer(interaction, { content: lines.join('\n') });
  }
}
