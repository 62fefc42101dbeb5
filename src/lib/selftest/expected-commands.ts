/**
 * The slash commands the bot must have registered with Discord (SPEC "Slash
 * commands"), and nothing else. The self-test compares against this list.
 */
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
  'cancel_all_raids',
  'template_config',
  'purge',
  'purgebot',
  'remote_guilds',
  'remote_cancel_all_raids',
  'remote_raidlist',
  'backup_db',
] as const;

export type CommandName = (typeof EXPECTED_COMMAND_NAMES)[number];
