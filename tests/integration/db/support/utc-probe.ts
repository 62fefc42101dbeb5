/**
 * Runs in a child process whose TZ is far from UTC (jest cannot change the zone of
 * its own worker) and prints what the data source reads and writes for the naive
 * `raids.created_at` column, as one JSON line.
 */
import { createDataSource } from '../../../../src/lib/db/data-source';
import { Raid } from '../../../../src/lib/db/entities';

export interface UtcProbeResult {
  localOffsetMinutes: number;
  sessionTimeZone: string;
  /** created_at of a row inserted with the default now(), minus the probe's clock. */
  defaultNowSkewMs: number;
  /** created_at of a raid saved with 2024-03-01T12:34:56.789Z, as text in the database. */
  storedText: string;
  /** The same raid read back through the entity. */
  rereadIso: string;
  /** Rows found comparing created_at with that Date as a query parameter. */
  matchesByDateParameter: number;
}

async function probe(databaseUrl: string): Promise<UtcProbeResult> {
  const source = await createDataSource(databaseUrl, { poolSize: 1 }).initialize();
  try {
    const raids = source.getRepository(Raid);
    const [{ TimeZone: sessionTimeZone }] = await source.query('SHOW TimeZone');
    const [{ id }] = await source.query(`INSERT INTO raids (guild_id, channel_id, creator_id, dungeon) VALUES (1, 2, 3, 'Odaiba Park') RETURNING id`);
    const defaultNowSkewMs = (await raids.findOneByOrFail({ id })).createdAt.getTime() - Date.now();

    const at = new Date('2024-03-01T12:34:56.789Z');
    const saved = await raids.save(raids.create({ guildId: '1', channelId: '2', creatorId: '3', dungeon: 'Odaiba Park', createdAt: at }));
    const [{ stored }] = await source.query(`SELECT to_char(created_at, 'YYYY-MM-DD HH24:MI:SS.MS') AS stored FROM raids WHERE id = $1`, [saved.id]);
    const rereadIso = (await raids.findOneByOrFail({ id: saved.id })).createdAt.toISOString();
    const matchesByDateParameter = await raids.createQueryBuilder('raid').where('raid.created_at = :at', { at }).getCount();
    return {
      localOffsetMinutes: at.getTimezoneOffset(),
      sessionTimeZone,
      defaultNowSkewMs,
      storedText: stored,
      rereadIso,
      matchesByDateParameter,
    };
  } finally {
    await source.destroy();
  }
}

if (process.env.UTC_PROBE_URL) {
  probe(process.env.UTC_PROBE_URL).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
