// Backup benchmark: 1,000,000 attendance rows and 200,000 votes, the bot's exporter
// against `pg_dump --data-only --inserts`, each in its own process measured by GNU
// time (wall clock, peak RSS). Needs PostgreSQL as for the tests, pg_dump and /usr/bin/time.
// Usage: node -r ./bench/backup/register-ts.js bench/backup/backup-bench.ts
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { transform } from '@swc/core';
import { createTestDatabase, type TestDatabase } from '../../tests/support/database';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
// Overridable to see whether memory grows with the data (it should not).
const ATTENDANCE_ROWS = Number(process.env.BENCH_ATTENDANCE_ROWS ?? 1_000_000);
const VOTE_ROWS = Number(process.env.BENCH_VOTE_ROWS ?? 200_000);
const RAIDS = 2_000;
/** Compiled to plain JS with every module of src/lib/backup, so the measured process carries no TypeScript tooling. */
const EXPORTER_SOURCES = ['bench/backup/export-once.ts', 'src/lib/tasks/redis-lock.ts'];
const EXPORTER_DIR = 'src/lib/backup';
const BUILD_DIR = join(ROOT, 'tmp', 'bench-backup');

interface Measurement {
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly fileMb: number;
}

async function fill(db: TestDatabase): Promise<void> {
  await db.query(
    `INSERT INTO raids (guild_id, channel_id, creator_id, dungeon, display_id, created_at)
     SELECT 810000000000000000 + (n % 50), 610000000000000000 + n, 510000000000000000 + n, 'Royal Base', n, now() - n * interval '1 minute'
       FROM generate_series(1, $1::int) AS n`,
    [RAIDS],
  );
  await db.query(
    `INSERT INTO raid_options (raid_id, kind, label)
     SELECT id, kind, label FROM raids, (VALUES ('day', 'Sa 14.02.'), ('time', '20:00')) AS o(kind, label)`,
  );
  await db.query(
    `INSERT INTO raid_votes (raid_id, kind, option_label, user_id)
     SELECT 1 + (n % $2::int), 'day', 'Sa 14.02.', 300000000000000000 + n FROM generate_series(1, $1::int) AS n`,
    [VOTE_ROWS, RAIDS],
  );
  await db.query(
    `INSERT INTO raid_attendance (guild_id, raid_display_id, dungeon, user_id, status)
     SELECT 810000000000000000 + (n % 50), n / 50, 'Crack of Devimon (Instance Dungeon)(Hard Mode) ''' || (n % 42) || '''',
            300000000000000000 + n, CASE WHEN n % 3 = 0 THEN 'absent' ELSE 'present' END
       FROM generate_series(1, $1::int) AS n`,
    [ATTENDANCE_ROWS],
  );
  await db.query('VACUUM ANALYZE');
}

async function buildExporter(): Promise<string> {
  const modules = (await readdir(join(ROOT, EXPORTER_DIR))).filter((name) => name.endsWith('.ts')).map((name) => `${EXPORTER_DIR}/${name}`);
  for (const source of [...EXPORTER_SOURCES, ...modules]) {
    const file = join(ROOT, source);
    const { code } = await transform(await readFile(file, 'utf8'), { filename: file, swcrc: true, sourceMaps: false });
    const target = join(BUILD_DIR, relative(ROOT, file)).replace(/\.ts$/, '.js');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, code);
  }
  return join(BUILD_DIR, 'bench', 'backup', 'export-once.js');
}

/** Runs a command under GNU time; its last stderr line is "<seconds> <max RSS KB>". */
async function timed(command: string, args: readonly string[], file: string): Promise<Measurement> {
  const { stderr } = await run('/usr/bin/time', ['-f', '%e %M', command, ...args], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  const [seconds, rssKb] = stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds: seconds!, peakRssMb: rssKb! / 1024, fileMb: (await stat(file)).size / 1024 / 1024 };
}

function row(name: string, m: Measurement): string {
  return `| ${name} | ${m.seconds.toFixed(1)} s | ${m.peakRssMb.toFixed(0)} MB | ${m.fileMb.toFixed(0)} MB |`;
}

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const dir = await mkdtemp(join(tmpdir(), 'dmw-backup-bench-'));
  try {
    process.stdout.write(`Filling ${ATTENDANCE_ROWS} attendance rows and ${VOTE_ROWS} votes...\n`);
    await fill(db);
    const exporter = await buildExporter();
    const backupFile = join(dir, 'db_backup.sql');
    const ours = await timed(process.execPath, [exporter, db.url, dir], backupFile);
    // The same export with V8's old space capped far below the data size: it only finishes if memory stays flat.
    const capped = await timed(process.execPath, ['--max-old-space-size=24', exporter, db.url, dir], backupFile);
    const pgDumpFile = join(dir, 'pg_dump.sql');
    const pgDump = await timed('pg_dump', ['--data-only', '--inserts', '-f', pgDumpFile, db.url], pgDumpFile);
    process.stdout.write(
      [
        '| exporter | time | peak RSS | file |',
        '|---|---|---|---|',
        row('exportBackup', ours),
        row('exportBackup, --max-old-space-size=24', capped),
        row('pg_dump --data-only --inserts', pgDump),
      ].join('\n') + '\n',
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(BUILD_DIR, { recursive: true, force: true });
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
