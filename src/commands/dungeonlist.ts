import { ApplyOptions } from '@sapphire/decorators';
import { Command } from '@sapphire/framework';
import { describeCommand } from '../lib/discord/command-registration';
import { answer } from '../lib/discord/safe-interaction';
import { renderDungeonList } from '../lib/raids/render/dungeon-list';
import { commandOptions } from '../lib/discord/command-access';

/** The active dungeons in catalogue order. */
@ApplyOptions<Command.Options>(commandOptions('dungeonlist', 'anywhere'))
export class DungeonlistCommand extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) => describeCommand(builder, this));
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    const dungeons = await this.container.repos.dungeons.allActive();
    await answer(interaction, { content: renderDungeonList(dungeons, interaction.locale).content });
  }
}
