import { DataSource, type EntityManager } from 'typeorm';
import { normaliseTimeZone } from '../../time/zone';

/**
 * Per-server preferences that `guild_settings` has no column for. The schema is frozen,
 * so they live in `debug_mirror_cache` rows of their own kind, as the old bot kept its
 * feature switches there; this repository is the only code that knows, so they can move
 * to real columns the day the schema may grow.
 *
 * Encoding, one row per preference a server has changed (no row = the default):
 *
 * | column       | value                                                   |
 * |--------------|---------------------------------------------------------|
 * | cache_key    | `guildpref:<guild id>:<name>`, e.g. `guildpref:1234:timezone` (≤ 51 characters) |
 * | kind         | `guild_preference`                                      |
 * | guild_id     | the server                                              |
 * | raid_id      | NULL (a preference belongs to no raid)                  |
 * | message_id   | 0 (it names no message)                                 |
 * | payload_hash | the value as text (≤ 64 characters): an IANA zone name, a whole number in decimal, a channel id, `on` or `off` |
 *
 * The debug mirror's prune only deletes `memberlist` rows of ended raids, so it never
 * touches these; leaving a server removes them with the server's other rows
 * (`removeGuildData`). A row whose value no longer reads (a zone the time-zone database
 * dropped, a number out of range) counts as unset, so the default applies.
 */

export const GUILD_PREFERENCE_KIND = 'guild_preference';

export interface GuildPreferences {
  /** IANA zone the server's days and times are read in. */
  readonly timeZone: string;
  /** Minutes before a slot starts that its reminder is posted; null = no reminders. */
  readonly reminderMinutesBefore: number | null;
  /** Hours after a raid's last slot began that the raid is closed on its own. */
  readonly autoCloseGraceHours: number;
  /** Whether qualified slots get a Discord scheduled event (src/lib/scheduled-events; off by default). */
  readonly scheduledEvents: boolean;
  /** Hours a slot's scheduled event lasts (its end is the start plus this). */
  readonly scheduledEventHours: number;
  /** Minutes from a slot's start in which voice presence is recorded (issue 13.1). */
  readonly attendanceWindowMinutes: number;
  /** Minutes in voice within that window a participant needs to count as present. */
  readonly attendanceMinimumMinutes: number;
  /** The raid voice channel: only it counts for attendance when set; null = any voice channel of the server. */
  readonly raidVoiceChannelId: string | null;
}

export type GuildPreferenceName = keyof GuildPreferences;

/** Ranges the settings form offers and `set` accepts. */
export const GUILD_PREFERENCE_LIMITS = Object.freeze({
  reminderMinutesBefore: Object.freeze({ min: 1, max: 1_440 }),
  autoCloseGraceHours: Object.freeze({ min: 1, max: 168 }),
  scheduledEventHours: Object.freeze({ min: 1, max: 24 }),
  attendanceWindowMinutes: Object.freeze({ min: 5, max: 240 }),
  attendanceMinimumMinutes: Object.freeze({ min: 1, max: 240 }),
});

/** What a server that changed nothing gets; its zone is the deployment's DEFAULT_TIMEZONE. */
export function defaultGuildPreferences(timeZone: string): GuildPreferences {
  return {
    timeZone,
    reminderMinutesBefore: 15,
    autoCloseGraceHours: 3,
    scheduledEvents: false,
    scheduledEventHours: 2,
    attendanceWindowMinutes: 30,
    attendanceMinimumMinutes: 10,
    raidVoiceChannelId: null,
  };
}

interface Codec<T> {
  /** The name in `cache_key`; stable, since it is stored. */
  readonly key: string;
  /** The stored text, or null when the value is not allowed. */
  encode(value: T): string | null;
  /** The value, or undefined when the stored text does not read. */
  decode(text: string): T | undefined;
}

const MAX_VALUE_LENGTH = 64;

function wholeNumber(key: string, range: { min: number; max: number }): Codec<number> {
  const inRange = (value: number) => Number.isInteger(value) && value >= range.min && value <= range.max;
  return {
    key,
    encode: (value) => (inRange(value) ? String(value) : null),
    decode: (text) => (/^[1-9]\d{0,8}$/.test(text) && inRange(Number(text)) ? Number(text) : undefined),
  };
}

/** A preference that can be switched off: stored as `off`. */
function orOff(codec: Codec<number>): Codec<number | null> {
  return {
    key: codec.key,
    encode: (value) => (value === null ? 'off' : codec.encode(value)),
    decode: (text) => (text === 'off' ? null : codec.decode(text)),
  };
}

const CODECS: { readonly [Name in GuildPreferenceName]: Codec<GuildPreferences[Name]> } = {
  timeZone: {
    key: 'timezone',
    encode: (value) => {
      const zone = normaliseTimeZone(value);
      return zone !== null && zone.length <= MAX_VALUE_LENGTH ? zone : null;
    },
    decode: (text) => normaliseTimeZone(text) ?? undefined,
  },
  reminderMinutesBefore: orOff(wholeNumber('reminder_minutes', GUILD_PREFERENCE_LIMITS.reminderMinutesBefore)),
  autoCloseGraceHours: wholeNumber('autoclose_hours', GUILD_PREFERENCE_LIMITS.autoCloseGraceHours),
  scheduledEvents: { key: 'scheduled_events', encode: (value) => (value ? 'on' : 'off'), decode: (text) => (text === 'on' ? true : text === 'off' ? false : undefined) },
  scheduledEventHours: wholeNumber('event_hours', GUILD_PREFERENCE_LIMITS.scheduledEventHours),
  attendanceWindowMinutes: wholeNumber('attend_window', GUILD_PREFERENCE_LIMITS.attendanceWindowMinutes),
  attendanceMinimumMinutes: wholeNumber('attend_minimum', GUILD_PREFERENCE_LIMITS.attendanceMinimumMinutes),
  raidVoiceChannelId: {
    key: 'raid_voice_channel',
    encode: (value) => (value === null ? 'off' : /^\d{17,20}$/.test(value) ? value : null),
    decode: (text) => (text === 'off' ? null : /^\d{17,20}$/.test(text) ? text : undefined),
  },
};

const NAME_BY_KEY: ReadonlyMap<string, GuildPreferenceName> = new Map(
  (Object.keys(CODECS) as GuildPreferenceName[]).map((name) => [CODECS[name].key, name]),
);

function cacheKey(guildId: string, name: GuildPreferenceName): string {
  return `guildpref:${guildId}:${CODECS[name].key}`;
}

interface PreferenceRow {
  guild_id: string;
  cache_key: string;
  payload_hash: string;
}

type StoredPreferences = { -readonly [Name in GuildPreferenceName]?: GuildPreferences[Name] };

function decodeRows(rows: readonly PreferenceRow[]): Map<string, StoredPreferences> {
  const byGuild = new Map<string, StoredPreferences>();
  for (const row of rows) {
    const prefix = `guildpref:${row.guild_id}:`;
    const name = row.cache_key.startsWith(prefix) ? NAME_BY_KEY.get(row.cache_key.slice(prefix.length)) : undefined;
    if (name === undefined) continue;
    const value = CODECS[name].decode(row.payload_hash);
    if (value === undefined) continue;
    const stored = byGuild.get(row.guild_id) ?? {};
    (stored as Record<GuildPreferenceName, unknown>)[name] = value;
    byGuild.set(row.guild_id, stored);
  }
  return byGuild;
}

export class GuildPreferencesRepository {
  private readonly manager: EntityManager;

  public constructor(source: DataSource | EntityManager) {
    this.manager = source instanceof DataSource ? source.manager : source;
  }

  /** Only what the server has changed (for a settings view that marks defaults). */
  public async stored(guildId: string): Promise<Readonly<StoredPreferences>> {
    return (await this.storedOf([guildId])).get(guildId) ?? {};
  }

  /** The server's preferences, `defaults` where it changed nothing. */
  public async get(guildId: string, defaults: GuildPreferences): Promise<GuildPreferences> {
    return { ...defaults, ...(await this.stored(guildId)) };
  }

  /** The preferences of several servers in one query (e.g. scheduling reminders at start-up). */
  public async getMany(guildIds: readonly string[], defaults: GuildPreferences): Promise<Map<string, GuildPreferences>> {
    const stored = await this.storedOf(guildIds);
    return new Map(guildIds.map((guildId) => [guildId, { ...defaults, ...stored.get(guildId) }]));
  }

  /** Stores one preference; throws a RangeError for a value out of its range or an unknown zone. */
  public async set<Name extends GuildPreferenceName>(guildId: string, name: Name, value: GuildPreferences[Name]): Promise<void> {
    const text = (CODECS[name] as Codec<GuildPreferences[Name]>).encode(value);
    if (text === null) throw new RangeError(`${name} cannot be ${JSON.stringify(value)}`);
    await this.manager.query(
      `INSERT INTO debug_mirror_cache (cache_key, kind, guild_id, raid_id, message_id, payload_hash, updated_at)
       VALUES ($1, $2, $3, NULL, 0, $4, now())
       ON CONFLICT (cache_key) DO UPDATE SET kind = EXCLUDED.kind, guild_id = EXCLUDED.guild_id, raid_id = NULL,
         message_id = 0, payload_hash = EXCLUDED.payload_hash, updated_at = now()`,
      [cacheKey(guildId, name), GUILD_PREFERENCE_KIND, guildId, text],
    );
  }

  /** Back to the default: one preference, or all of the server's when `name` is omitted. Returns the rows removed. */
  public async reset(guildId: string, name?: GuildPreferenceName): Promise<number> {
    // A CTE, because TypeORM returns [rows, count] rather than rows for a bare DELETE.
    const [{ removed }] = (await this.manager.query(
      `WITH removed AS (
         DELETE FROM debug_mirror_cache
          WHERE kind = $1 AND guild_id = $2 AND ($3::varchar IS NULL OR cache_key = $3)
          RETURNING 1)
       SELECT count(*)::int AS removed FROM removed`,
      [GUILD_PREFERENCE_KIND, guildId, name === undefined ? null : cacheKey(guildId, name)],
    )) as [{ removed: number }];
    return removed;
  }

  private async storedOf(guildIds: readonly string[]): Promise<Map<string, StoredPreferences>> {
    if (guildIds.length === 0) return new Map();
    const rows = (await this.manager.query(
      `SELECT guild_id::text AS guild_id, cache_key, payload_hash FROM debug_mirror_cache WHERE kind = $1 AND guild_id = ANY($2::bigint[])`,
      [GUILD_PREFERENCE_KIND, guildIds],
    )) as PreferenceRow[];
    return decodeRows(rows);
  }
}
