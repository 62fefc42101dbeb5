import { DataSource, type EntityManager } from 'typeorm';

/**
 * Which Discord scheduled event the bot made for which raid and slot (issue 13.3), so a
 * changed slot is updated rather than recreated and nothing is made twice across
 * restarts. The schema is frozen, so each is a `debug_mirror_cache` row of its own kind;
 * this repository is the only code that knows.
 *
 * | column       | value                                                              |
 * |--------------|--------------------------------------------------------------------|
 * | cache_key    | `schedevent:<raid id>:<slot hash>` (≤ 48 characters)               |
 * | kind         | `scheduled_event`                                                  |
 * | guild_id     | the raid's server                                                  |
 * | raid_id      | the raid                                                           |
 * | message_id   | the Discord event's id                                             |
 * | payload_hash | `<status>:<hash>`: 1 scheduled / 2 active, then 48 hex digits of the payload last sent |
 *
 * A row is removed once its event is completed or deleted on Discord. Rows outlive their
 * raid's row on purpose: the next plan of the server ends their events.
 */

export const SCHEDULED_EVENT_KIND = 'scheduled_event';

export interface ScheduledEventRow {
  readonly key: string;
  readonly guildId: string;
  readonly raidId: number;
  readonly eventId: string;
  readonly status: 1 | 2;
  readonly hash: string;
}

interface Row {
  cache_key: string;
  guild_id: string;
  raid_id: string;
  message_id: string;
  payload_hash: string;
}

export class ScheduledEventsRepository {
  private readonly manager: EntityManager;

  public constructor(source: DataSource | EntityManager) {
    this.manager = source instanceof DataSource ? source.manager : source;
  }

  /** The server's events, as last stored. */
  public async ofGuild(guildId: string): Promise<ScheduledEventRow[]> {
    const rows = (await this.manager.query(
      `SELECT cache_key, guild_id::text AS guild_id, raid_id::text AS raid_id, message_id::text AS message_id, payload_hash
         FROM debug_mirror_cache WHERE kind = $1 AND guild_id = $2 ORDER BY cache_key`,
      [SCHEDULED_EVENT_KIND, guildId],
    )) as Row[];
    return rows.flatMap((row) => {
      const match = /^([12]):([0-9a-f]{1,60})$/.exec(row.payload_hash);
      if (match === null) return [];
      return [{ key: row.cache_key, guildId: row.guild_id, raidId: Number(row.raid_id), eventId: row.message_id, status: Number(match[1]) as 1 | 2, hash: match[2]! }];
    });
  }

  /** Servers with events of the bot (start-up: their ended raids' events are ended too). */
  public async guilds(): Promise<string[]> {
    const rows = (await this.manager.query(`SELECT DISTINCT guild_id::text AS guild_id FROM debug_mirror_cache WHERE kind = $1`, [SCHEDULED_EVENT_KIND])) as {
      guild_id: string;
    }[];
    return rows.map((row) => row.guild_id);
  }

  public async save(row: ScheduledEventRow): Promise<void> {
    await this.manager.query(
      `INSERT INTO debug_mirror_cache (cache_key, kind, guild_id, raid_id, message_id, payload_hash, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (cache_key) DO UPDATE SET kind = EXCLUDED.kind, guild_id = EXCLUDED.guild_id, raid_id = EXCLUDED.raid_id,
         message_id = EXCLUDED.message_id, payload_hash = EXCLUDED.payload_hash, updated_at = now()`,
      [row.key, SCHEDULED_EVENT_KIND, row.guildId, row.raidId, row.eventId, `${row.status}:${row.hash}`],
    );
  }

  public async remove(key: string): Promise<void> {
    await this.manager.query(`DELETE FROM debug_mirror_cache WHERE cache_key = $1 AND kind = $2`, [key, SCHEDULED_EVENT_KIND]);
  }

  /** The server of a raid: from its row, or from its events' rows once the raid's row is gone. */
  public async guildOfRaid(raidId: number): Promise<string | null> {
    const rows = (await this.manager.query(
      `SELECT guild_id::text AS guild_id FROM raids WHERE id = $1
       UNION ALL SELECT guild_id::text FROM debug_mirror_cache WHERE kind = $2 AND raid_id = $1 LIMIT 1`,
      [raidId, SCHEDULED_EVENT_KIND],
    )) as { guild_id: string }[];
    return rows[0]?.guild_id ?? null;
  }

  /** A raid's status (`open`, or why it ended while its clean-up is owed); null when its row is gone. */
  public async raidStatus(raidId: number): Promise<string | null> {
    const rows = (await this.manager.query(`SELECT status FROM raids WHERE id = $1`, [raidId])) as { status: string }[];
    return rows[0]?.status ?? null;
  }
}
