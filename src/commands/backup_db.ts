import { ApplyOptions } from '@sapphire/decorators';
import { basename } from 'node:path';
import { Command } from '@sapphire/framework';
import { describeCommand } from '../lib/discord/command-registration';
import { BackupBusyError, exportBackup, withBackupLock } from '../lib/backup';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { t } from '../lib/i18n';
import { formatByteSize } from '../lib/ops/byte-size';
import { commandOptions } from '../lib/discord/command-access';
import { refusal } from '../lib/discord/error-replies';

/** Privileged: writes the SQL backup now, under the same lock as the backup worker. */
@ApplyOptions<Command.Options>(commandOptions('backup_db', 'privileged'))
export class BackupDbCommand extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) => describeCommand(builder, this));
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    await deferEphemeral(interaction);
    const { locale } = interaction;
    const { logger, config, db } = this.container;
    logger.info(`/backup_db requested by ${interaction.user.tag} (${interaction.user.id})`);
    try {
      // No waiting: the operator is told at once that a backup is already running.
      const backup = await withBackupLock(await this.container.redis(), (lock) => exportBackup(db, { dir: config.backupDir, lock }), { key: this.container.redisKeys.backupLock, waitMs: 0 });
      logger.info(`/backup_db wrote ${backup.path} (${backup.bytes} bytes, ${backup.rows} rows)`);
      await answer(interaction, { content: t(locale, 'backup.done', { file: basename(backup.path), size: formatByteSize(backup.bytes, locale) }) });
    } catch (error) {
      if (error instanceof BackupBusyError) throw refusal(locale, 'backup.busy');
      logger.error('/backup_db failed', error);
      await answer(interaction, { content: t(locale, 'backup.failed') });
    }
  }
}
