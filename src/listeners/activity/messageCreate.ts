import { ApplyOptions } from '@sapphire/decorators';
import { container, Listener } from '@sapphire/framework';
import { Events, type Message } from 'discord.js';
import { resolveLocale } from '../../lib/i18n';
import { detectKeywords, displayNameOf, keywordReply, levelUpMessage, recordMessageXp } from '../../lib/leveling';
import { createLogger } from '../../lib/logging';
import { handleConsoleCommand } from '../../lib/ops/console-commands';

const log = createLogger('dmw.runtime');

/**
 * Messages from members (bots are ignored entirely): the console hook, keyword
 * replies (also in DMs), then message XP and the level-up announcement.
 */
@ApplyOptions<Listener.Options>({ event: Events.MessageCreate })
export class MessageCreateListener extends Listener<typeof Events.MessageCreate> {
  public override async run(message: Message): Promise<void> {
    if (message.author.bot || message.webhookId !== null) return;
    try {
      if (await handleConsoleCommand(message)) return;
    } catch (error) {
      log.error('Console command failed', error);
      return;
    }
    await Promise.all([this.replyToKeywords(message), this.grantMessageXp(message)]);
  }

  private async replyToKeywords(message: Message): Promise<void> {
    for (const keyword of detectKeywords(message.content)) {
      try {
        await message.reply(keywordReply(keyword));
      } catch (error) {
        log.debug(`Keyword reply (${keyword}) in channel ${message.channelId} failed: ${(error as Error).message}`);
      }
    }
  }

  private async grantMessageXp(message: Message): Promise<void> {
    if (!message.inGuild()) return;
    try {
      const result = await recordMessageXp(
        { redis: await this.container.redis(), db: container.db, cooldownSeconds: container.config.messageXpCooldownSeconds, keyPrefix: this.container.redisKeys.levelingPrefix },
        {
          guildId: message.guildId,
          userId: message.author.id,
          username: displayNameOf(message.member?.displayName, message.author.globalName, message.author.username),
        },
      );
      if (result === null || result.newLevel <= result.oldLevel) return;
      const payload = levelUpMessage(resolveLocale(message.guild.preferredLocale), message.author.id, result.newLevel, result.xp);
      await message.channel.send({ content: payload.content, allowedMentions: { users: [...payload.allowedMentions.users] } });
    } catch (error) {
      log.warn(`Message XP for ${message.author.id} in guild ${message.guildId} failed`, error);
    }
  }
}
