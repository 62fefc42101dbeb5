import { ApplyOptions } from '@sapphire/decorators';
import { Command } from '@sapphire/framework';
import { commandOptions, type ServerCommandInteraction } from '../lib/discord/command-access';
import { describeCommand, describeOption } from '../lib/discord/command-registration';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { memberRaidStats, renderMemberStats, renderServerStats, serverRaidStats } from '../lib/raid-stats';

/** Everyone on a server: a member's raid attendance (participations, no-shows, rate, last raids), or the server's top attendees. */
@ApplyOptions<Command.Options>(commandOptions('raidstats', 'guild'))
export class RaidstatsCommand extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) =>
      describeCommand(builder, this).addUserOption((option) => describeOption(option, 'raidstats', 'member')),
    );
  }

  public override async chatInputRun(interaction: ServerCommandInteraction): Promise<void> {
    const { locale, guildId } = interaction;
    await deferEphemeral(interaction);
    const { attendance, settings } = this.container.repos;
    const member = interaction.options.getUser('member');
    if (member !== null) {
      await answer(interaction, { content: renderMemberStats(locale, await memberRaidStats(attendance, guildId, member.id)) });
      return;
    }
    const guildName = interaction.guild?.name ?? (await settings.get(guildId))?.guildName ?? guildId;
    await answer(interaction, { content: renderServerStats(locale, await serverRaidStats(attendance, guildId, guildName)) });
  }
}
