import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { exportBackup, BACKUP_TABLES, type BackupResult } from '../../../src/lib/backup';
import { createTestDatabase, tableText, type TestDatabase } from '../../support/database';

/**
 * A backup restores byte for byte whatever the session that runs it is set to: the
 * file is restored with the real `psql -f` into fresh databases while psql's session
 * reads backslashes as escapes (`standard_conforming_strings=off`) and/or speaks
 * LATIN1, and every row must come back as it was. The hostile names are what members
 * can store themselves (their display name through message XP, raid labels).
 */

const run = promisify(execFile);

/** With backslash escapes on, `\'` would end the quoted value and the rest run as SQL. */
const INJECTION = String.raw`\');TRUNCATE raid_attendance;--`;
const HOSTILE_TEXTS = [
  INJECTION,
  String.raw`\'); DELETE FROM user_levels; --`,
  String.raw`ends with a backslash\\`,
  String.raw`\\\''\x41\n\t`,
  'Jürgen',
  'Größe 🐉 日本語 Ærøskøbing ½ €',
  '"quoted" $$ dollar $tag$ E\'x\'',
];

/** What each restoring session is set to; the last has both at once. */
const HOSTILE_SESSIONS: ReadonlyArray<{ name: string; env: Record<string, string> }> = [
  { name: 'standard_conforming_strings=off', env: { PGOPTIONS: '-c standard_conforming_strings=off' } },
  { name: 'PGCLIENTENCODING=LATIN1', env: { PGCLIENTENCODING: 'LATIN1' } },
  { name: 'both', env: { PGOPTIONS: '-c standard_conforming_strings=off', PGCLIENTENCODING: 'LATIN1' } },
];

let source: TestDatabase;
const targets: TestDatabase[] = [];
let workDir: string;
let backup: BackupResult;

async function fillSource(db: TestDatabase): Promise<void> {
  const guildId = '123456789012345678';
  await db.query(`INSERT INTO guild_settings (guild_id, guild_name) VALUES ($1, $2)`, [guildId, HOSTILE_TEXTS[0]]);
  for (const [index, text] of HOSTILE_TEXTS.entries()) {
    const id = index + 1;
    await db.query(`INSERT INTO dungeons (id, name, short_code) VALUES ($1, $2, $3)`, [id, text, `${text}#${id}`]);
    await db.query(`INSERT INTO raids (id, guild_id, channel_id, creator_id, dungeon, display_id) VALUES ($1, $2, 1, 2, $3, $1)`, [id, guildId, text]);
    await db.query(`INSERT INTO raid_options (raid_id, kind, label) VALUES ($1, 'day', $2), ($1, 'time', $2)`, [id, text]);
    await db.query(`INSERT INTO raid_votes (raid_id, kind, option_label, user_id) VALUES ($1, 'day', $2, $3)`, [id, text, id]);
    await db.query(`INSERT INTO raid_posted_slots (raid_id, day_label, time_label) VALUES ($1, $2, $2)`, [id, text]);
    await db.query(`INSERT INTO raid_templates (guild_id, dungeon_id, template_name, template_data) VALUES ($1, $2, $3, $4)`, [
      guildId,
      id,
      text,
      JSON.stringify({ days: [text], times: [text], min_players: 1 }),
    ]);
    await db.query(`INSERT INTO raid_attendance (guild_id, raid_display_id, dungeon, user_id) VALUES ($1, $2, $3, $4)`, [guildId, id, text, id]);
    // The display name a member's message XP stores.
    await db.query(`INSERT INTO user_levels (guild_id, user_id, xp, level, username) VALUES ($1, $2, 10, 1, $3)`, [guildId, id, text]);
    await db.query(`INSERT INTO debug_mirror_cache (cache_key, kind, guild_id, message_id, payload_hash) VALUES ($1, 'raidlist', $2, 1, $3)`, [
      `${text}:${id}`.slice(0, 96),
      guildId,
      `${id}`,
    ]);
  }
}

async function restoreWithPsql(file: string, db: TestDatabase, env: Record<string, string>): Promise<void> {
  await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', file, db.url], { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
}

beforeAll(async () => {
  source = await createTestDatabase();
  await fillSource(source);
  workDir = await mkdtemp(join(tmpdir(), 'dmw-backup-hostile-'));
  const pool = new Pool({ connectionString: source.url, max: 1 });
  try {
    backup = await exportBackup(pool, { dir: workDir });
  } finally {
    await pool.end();
  }
});

afterAll(async () => {
  await Promise.all([source?.drop(), ...targets.map((target) => target.drop())]);
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('a backup restored by a session with hostile settings', () => {
  it('holds the hostile names verbatim (the restore below has something to lose)', async () => {
    const text = await readFile(backup.path, 'utf8');
    expect(text).toContain(`'\\'');TRUNCATE raid_attendance;--'`);
    expect(text).toContain(`'Jürgen'`);
    expect((await tableText(source, 'raid_attendance')).length).toBe(HOSTILE_TEXTS.length);
  });

  it.each(HOSTILE_SESSIONS)('reproduces every row of every table byte for byte under $name', async ({ env }) => {
    const target = await createTestDatabase();
    targets.push(target);

    await restoreWithPsql(backup.path, target, env);

    for (const table of BACKUP_TABLES) {
      expect({ table, rows: await tableText(target, table) }).toEqual({ table, rows: await tableText(source, table) });
    }
    const [jurgen] = await target.query<{ hex: string }>(`SELECT encode(convert_to(username, 'UTF8'), 'hex') AS hex FROM user_levels WHERE user_id = 5`);
    expect(jurgen!.hex).toBe(Buffer.from('Jürgen', 'utf8').toString('hex'));
  });
});
