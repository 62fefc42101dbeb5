import { DataSource, type Logger, type LoggerOptions } from 'typeorm';
import pg from 'pg';
import { ENTITIES } from './entities';

export interface DataSourceSettings {
  /** TypeORM logger (e.g. one that forwards to the bot's logging with parameters redacted). */
  logger?: Logger;
  /** Which TypeORM log kinds reach the logger; default: errors only. */
  logging?: LoggerOptions;
  /** Maximum pooled connections (pg's default is 10). */
  poolSize?: number;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
  /** Every transaction of every connection is READ ONLY (the server refuses any write). */
  readOnly?: boolean;
}

/**
 * `timestamp without time zone` columns (raids.created_at, dungeons.created_at) hold
 * UTC wall-clock time. node-postgres would read them in the process's local zone, so
 * this parser reads them as UTC by handing the text to the timestamptz parser with an
 * explicit `+00` offset (before a trailing ` BC`, which the parser expects last).
 */
const parseTimestamptz = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text') as (value: string) => Date | number;

export function parseUtcTimestamp(value: string): Date | number {
  if (value === 'infinity' || value === '-infinity') return parseTimestamptz(value);
  const bc = value.endsWith(' BC');
  return parseTimestamptz(bc ? `${value.slice(0, -3)}+00 BC` : `${value}+00`);
}

/** Per-connection type overrides (pg's `types` client option), so no global parser changes. */
const utcTypeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): unknown {
    if (oid === pg.types.builtins.TIMESTAMP && (format ?? 'text') === 'text') return parseUtcTimestamp;
    return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
  },
};

/**
 * The one TypeORM data source of the process: PostgreSQL through `pg`, every entity,
 * no schema synchronisation or migrations (the schema guard completes the schema
 * additively instead), sessions pinned to UTC.
 */
export function createDataSource(databaseUrl: string, settings: DataSourceSettings = {}): DataSource {
  // Dates sent as parameters are written as UTC text; node-postgres's own default is the
  // process's local zone, which a `timestamp without time zone` column would store as-is.
  // This is a process-wide pg setting; UTC is the convention everywhere in this bot.
  pg.defaults.parseInputDatesAsUTC = true;
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    entities: [...ENTITIES],
    synchronize: false,
    migrationsRun: false,
    migrations: [],
    logger: settings.logger,
    logging: settings.logging ?? ['error'],
    poolSize: settings.poolSize,
    applicationName: settings.applicationName ?? 'dmw-raid-bot',
    // pg waits for a connection forever by default: an unreachable database must fail
    // quickly, so members get "try again" within Discord's time instead of no answer.
    connectTimeoutMS: 5_000,
    extra: {
      // now(), CURRENT_DATE and casts between timestamp and timestamptz use UTC.
      options: settings.readOnly === true ? '-c TimeZone=UTC -c default_transaction_read_only=on' : '-c TimeZone=UTC',
      types: utcTypeParsers,
    },
  });
}
