import { DataSource, type EntityManager } from 'typeorm';
import { GuildSettings as GuildSettingsEntity } from '../entities';
import type { GuildSettings } from '../../settings/types';

export interface GuildChannels {
  readonly plannerChannelId: string | null;
  readonly participantsChannelId: string | null;
  readonly raidListChannelId: string | null;
}

export interface SavedChannels {
  readonly settings: GuildSettings;
  /** The raid list moved: its old message id was cleared and a new message must be posted. */
  readonly raidListChannelChanged: boolean;
}

interface GuildSettingsRow {
  guild_id: string;
  guild_name: string | null;
  planner_channel_id: string | null;
  participants_channel_id: string | null;
  raidlist_channel_id: string | null;
  raidlist_message_id: string | null;
  default_min_players: number;
  templates_enabled: boolean;
}

const SETTINGS_COLUMNS = `guild_id, guild_name, planner_channel_id, participants_channel_id, raidlist_channel_id,
  raidlist_message_id, default_min_players, templates_enabled`;

function fromRow(row: GuildSettingsRow): GuildSettings {
  return {
    guildId: row.guild_id,
    guildName: row.guild_name,
    plannerChannelId: row.planner_channel_id,
    participantsChannelId: row.participants_channel_id,
    raidListChannelId: row.raidlist_channel_id,
    raidListMessageId: row.raidlist_message_id,
    defaultMinPlayers: row.default_min_players,
    templatesEnabled: row.templates_enabled,
  };
}

/** Trimmed guild name; blank means "unknown", which never overwrites a known name. */
function cleanGuildName(name: string | null | undefined): string | null {
  const trimmed = name?.trim() ?? '';
  return trimmed.length > 0 ? trimmed : null;
}

async function selectSettings(manager: EntityManager, guildId: string): Promise<GuildSettings | null> {
  const [row] = (await manager.query(`SELECT ${SETTINGS_COLUMNS} FROM guild_settings WHERE guild_id = $1`, [guildId])) as GuildSettingsRow[];
  return row === undefined ? null : fromRow(row);
}

/** Per-guild configuration (`guild_settings`). */
export class SettingsRepository {
  private readonly manager: EntityManager;

  /** Bound to the data source, or to a transaction's manager to join that transaction (nested calls use savepoints). */
  public constructor(source: DataSource | EntityManager) {
    this.manager = source instanceof DataSource ? source.manager : source;
  }

  /** Makes sure the guild has a settings row and records its current name. */
  public async ensureGuild(guildId: string, guildName: string | null | undefined): Promise<GuildSettings> {
    const [row] = (await this.manager.query(
      `INSERT INTO guild_settings (guild_id, guild_name) VALUES ($1, $2)
       ON CONFLICT (guild_id) DO UPDATE SET guild_name = COALESCE(EXCLUDED.guild_name, guild_settings.guild_name)
       RETURNING ${SETTINGS_COLUMNS}`,
      [guildId, cleanGuildName(guildName)],
    )) as GuildSettingsRow[];
    return fromRow(row!);
  }

  public get(guildId: string): Promise<GuildSettings | null> {
    return selectSettings(this.manager, guildId);
  }

  /**
   * Saves the three channels (null = not set). The stored raid-list message id is
   * cleared only when the raid-list channel changed, so an unchanged channel keeps
   * editing its existing message.
   */
  public async saveChannels(guildId: string, channels: GuildChannels, guildName?: string | null): Promise<SavedChannels> {
    return this.manager.transaction(async (manager) => {
      await manager.query(`INSERT INTO guild_settings (guild_id) VALUES ($1) ON CONFLICT (guild_id) DO NOTHING`, [guildId]);
      const [before] = (await manager.query(`SELECT raidlist_channel_id FROM guild_settings WHERE guild_id = $1 FOR UPDATE`, [guildId])) as Array<{
        raidlist_channel_id: string | null;
      }>;
      const raidListChannelChanged = (before?.raidlist_channel_id ?? null) !== channels.raidListChannelId;
      await manager.update(
        GuildSettingsEntity,
        { guildId },
        {
          plannerChannelId: channels.plannerChannelId,
          participantsChannelId: channels.participantsChannelId,
          raidlistChannelId: channels.raidListChannelId,
          ...(raidListChannelChanged ? { raidlistMessageId: null } : {}),
          ...(cleanGuildName(guildName) !== null ? { guildName: cleanGuildName(guildName) } : {}),
        },
      );
      return { settings: (await selectSettings(manager, guildId))!, raidListChannelChanged };
    });
  }

  /**
   * Stores the raid list message. With `expectedChannelId` it is stored only while the
   * raid list still lives in that channel (a message posted just before the channel was
   * changed must not be remembered for the new channel). False when nothing was stored.
   */
  public async setRaidListMessage(guildId: string, messageId: string | null, expectedChannelId?: string): Promise<boolean> {
    const query = this.manager
      .createQueryBuilder()
      .update(GuildSettingsEntity)
      .set({ raidlistMessageId: messageId })
      .where('guild_id = :guildId', { guildId });
    if (expectedChannelId !== undefined) query.andWhere('raidlist_channel_id = :expectedChannelId', { expectedChannelId });
    const updated = await query.execute();
    return (updated.affected ?? 0) > 0;
  }

  /** Switches the auto templates on or off in one upsert, creating the guild's row (with its name) when needed. */
  public async setTemplatesEnabled(guildId: string, enabled: boolean, guildName?: string | null): Promise<GuildSettings> {
    const [row] = (await this.manager.query(
      `INSERT INTO guild_settings (guild_id, guild_name, templates_enabled) VALUES ($1, $2, $3)
       ON CONFLICT (guild_id) DO UPDATE SET templates_enabled = EXCLUDED.templates_enabled,
         guild_name = COALESCE(EXCLUDED.guild_name, guild_settings.guild_name)
       RETURNING ${SETTINGS_COLUMNS}`,
      [guildId, cleanGuildName(guildName), enabled],
    )) as GuildSettingsRow[];
    return fromRow(row!);
  }

  public async allGuildIds(): Promise<string[]> {
    const rows = await this.manager.find(GuildSettingsEntity, { select: { guildId: true }, order: { guildId: 'ASC' } });
    return rows.map((row) => row.guildId);
  }
}
