import { ApplyOptions } from '@sapphire/decorators';
import { setTimeout as sleep } from 'node:timers/promises';
import { Command } from '@sapphire/framework';
import { describeCommand } from '../lib/discord/command-registration';
import { isGuildAdminOrPrivileged } from '../lib/discord/permissions';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { renderStatus, type SelfTestSummary } from '../lib/ops/status';
import { readSelfTestStatus } from '../lib/selftest';
import { nextQualifiedSlot } from '../lib/raids/schedule';
import { commandOptions, type ServerCommandInteraction } from '../lib/discord/command-access';

/** An unreachable Redis must not keep the status waiting; the rest is still worth showing. */
const SELF_TEST_READ_TIMEOUT_MS = 2_000;

/** Everyone on a server: its raid configuration, open raids, the next qualified slot and the last self-test (its error text for administrators only). */
@ApplyOptions<Command.Options>(commandOptions('status', 'guild'))
export class StatusCommand extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) => describeCommand(builder, this));
  }

  public override async chatInputRun(interaction: ServerCommandInteraction): Promise<void> {
    await deferEphemeral(interaction);
    const { guildId } = interaction;
    const { repos } = this.container;
    const { time } = this.container.raids;
    const [settings, states, zone, selfTest] = await Promise.all([
      repos.settings.get(guildId),
      repos.raids.openRaidStatesOfGuild(guildId),
      time.zoneOf(guildId),
      this.readSelfTest(),
    ]);
    const next = nextQualifiedSlot(states, zone, time.now());
    const nextSlot = next === null ? null : { dungeon: next.raid.dungeon, displayId: next.raid.displayId, instant: next.instant };
    const openRaids = states.length;
    const guildName = interaction.guild?.name ?? settings?.guildName ?? guildId;
    const showsErrorDetail = isGuildAdminOrPrivileged(interaction, this.container.config);
    await answer(interaction, {
      content: renderStatus(interaction.locale, { guildId, guildName, settings, openRaids, nextSlot, selfTest, showsErrorDetail }),
    });
  }

  private async readSelfTest(): Promise<SelfTestSummary | null> {
    const timeout = new AbortController();
    try {
      return await Promise.race([
        this.container.redis().then((redis) => readSelfTestStatus(redis, this.container.redisKeys.selfTestStatus)),
        sleep(SELF_TEST_READ_TIMEOUT_MS, null, { signal: timeout.signal }),
      ]);
    } catch (error) {
      this.container.logger.warn(`/status: self-test status unreadable: ${(error as Error).message}`);
      return null;
    } finally {
      timeout.abort();
    }
  }
}
