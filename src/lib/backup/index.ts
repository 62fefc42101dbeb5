export { exportBackup, DEFAULT_BACKUP_FILE_NAME, type BackupResult, type ExportOptions } from './export';
export { withBackupLock, BackupBusyError, type BackupLockOptions } from './lock';
export { BACKUP_TABLES } from './sql-format';
