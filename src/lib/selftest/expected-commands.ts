/**
 * The slash commands the bot must have registered with Discord, and nothing else: the
 * product's command set, written out on its own so that the self-test notices a command
 * that failed to load or register. Each has a description in the locale files.
 */
import type { CommandName } from '../discord/command-names';

export const EXPECTED_COMMAND_NAMES = [
  'settings',
  'status',
  'help',
  'help2',
  'restart',
  'dungeonlist',
  'raidplan',
  'raid_finish',
  'raidlist',
  'raidstats',
  'cancel_all_raids',
  'template_config',
  'purge',
  'purgebot',
  'remote_guilds',
  'remote_cancel_all_raids',
  'remote_raidlist',
  'backup_db',
] as const satisfies readonly CommandName[];
