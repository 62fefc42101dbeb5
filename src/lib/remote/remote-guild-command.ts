import { Command } from '@sapphire/framework';
import { escapeMarkdown, type AutocompleteInteraction } from 'discord.js';
import { describeCommand, describeOption } from '../discord/command-registration';
import { composedRefusal } from '../discord/error-replies';
import { answer, deferEphemeral } from '../discord/safe-interaction';
import { GUILD_NAME_OPTION, answerGuildNameAutocomplete, remoteTargetOf } from './interaction';
import { guildDisplayName, type ConnectedGuild } from './target';

export type RemoteGuildCommandName = 'remote_cancel_all_raids' | 'remote_raidlist';

/**
 * A privileged command acting on another server named by `guild_name`: registration
 * (hidden behind Administrator, usable in a DM with the bot), the autocomplete, target
 * resolution with its refusals, the deferral and the logging of a failure. Subclasses
 * only say what to do on the resolved server and which text a failure gets.
 */
export abstract class RemoteGuildCommand extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    const name = this.name as RemoteGuildCommandName;
    registry.registerChatInputCommand((builder) =>
      describeCommand(builder, this).addStringOption((option) =>
        describeOption(option, name, GUILD_NAME_OPTION).setRequired(true).setAutocomplete(true),
      ),
    );
  }

  public override async autocompleteRun(interaction: AutocompleteInteraction): Promise<void> {
    await answerGuildNameAutocomplete(interaction, this.container.config);
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    const target = remoteTargetOf(interaction);
    if (target.refusal !== undefined) throw composedRefusal('RemoteTarget', target.refusal);
    await deferEphemeral(interaction);
    const guildName = escapeMarkdown(guildDisplayName(target.guild));
    this.container.logger.info(`/${this.name} by ${interaction.user.id}: guild ${target.guild.id}`);
    let reply: string;
    try {
      reply = await this.runOnGuild(interaction.locale, target.guild, guildName);
    } catch (error) {
      this.container.logger.error(`/${this.name} for guild ${target.guild.id} failed`, error);
      reply = this.failureText(interaction.locale, guildName);
    }
    await answer(interaction, { content: reply });
  }

  /** Does the command's work on the target server; returns the operator's answer. */
  protected abstract runOnGuild(locale: string, guild: ConnectedGuild, guildName: string): Promise<string>;

  /** The operator's answer when `runOnGuild` failed (the error is logged). */
  protected abstract failureText(locale: string, guildName: string): string;
}
