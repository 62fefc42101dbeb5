// One backup in a process of its own, so its peak RSS is the exporter's alone.
// Usage: node -r ./bench/backup/register-ts.js bench/backup/export-once.ts <database-url> <dir>
import { Pool } from 'pg';
import { exportBackup } from '../../src/lib/backup';

async function main(): Promise<void> {
  const [url, dir] = process.argv.slice(2);
  if (!url || !dir) throw new Error('usage: export-once.ts <database-url> <dir>');
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    const result = await exportBackup(pool, { dir });
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
