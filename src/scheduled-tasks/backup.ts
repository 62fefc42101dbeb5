import { container } from '@sapphire/framework';
import type { ScheduledTask } from '@sapphire/plugin-scheduled-tasks';
import { exportBackup, withBackupLock } from '../lib/backup';
import { createLogger } from '../lib/logging';
import { BotTask, type BotTaskOptions } from '../lib/tasks/bot-task';
import { TASK_NAMES } from '../lib/tasks/task-names';

const log = createLogger('dmw.runtime');

/**
 * Every BACKUP_INTERVAL_SECONDS: the SQL backup into BACKUP_DIR (reference 7.4),
 * under the lock it shares with `/backup_db`, so two backups never write at once.
 */
export class BackupTask extends BotTask {
  public constructor(context: ScheduledTask.LoaderContext, options: BotTaskOptions) {
    const everyMs = container.config.backupIntervalSeconds * 1000;
    super(context, { ...options, name: TASK_NAMES.backup, everyMs, needsGateway: false });
  }

  protected async execute(): Promise<unknown> {
    const { db, config } = this.container;
    log.info('Automatic backup started');
    const started = performance.now();
    const result = await withBackupLock(await this.container.redis(), (lock) => exportBackup(db, { dir: config.backupDir, lock }), {
      key: this.container.redisKeys.backupLock,
      onLost: () => log.warn('The backup lock was lost while the backup was running: this run stops and keeps the previous backup'),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    log.info(`Automatic backup completed: ${result.path} (${result.rows} rows, ${result.bytes} bytes, ${seconds} s)`);
    return { ...result, seconds: Number(seconds) };
  }
}
