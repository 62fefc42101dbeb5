/** A server's configuration as the bot uses it (one `guild_settings` row). */
export interface GuildSettings {
  readonly guildId: string;
  readonly guildName: string | null;
  readonly plannerChannelId: string | null;
  readonly participantsChannelId: string | null;
  readonly raidListChannelId: string | null;
  readonly raidListMessageId: string | null;
  readonly defaultMinPlayers: number;
  readonly templatesEnabled: boolean;
}
