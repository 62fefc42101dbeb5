import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseUtcTimestamp } from '../../../src/lib/db/data-source';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import type { UtcProbeResult } from './support/utc-probe';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..');
const PROBE = join(__dirname, 'support', 'utc-probe.ts');

/** Compiles .ts on require with the project's swc settings, then runs the probe. */
const CHILD_BOOTSTRAP = `
const fs = require('node:fs');
const { transformSync } = require('@swc/core');
const swcrc = JSON.parse(fs.readFileSync(${JSON.stringify(join(ROOT, '.swcrc'))}, 'utf8'));
delete swcrc.$schema;
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...swcrc, filename, swcrc: false, configFile: false });
  module._compile(code, filename);
};
require(${JSON.stringify(PROBE)});
`;

async function probeIn(zone: string, databaseUrl: string): Promise<UtcProbeResult> {
  const { stdout } = await run(process.execPath, ['-e', CHILD_BOOTSTRAP], {
    cwd: ROOT,
    env: { ...process.env, TZ: zone, UTC_PROBE_URL: databaseUrl },
    timeout: 30_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as UtcProbeResult;
}

// raids.created_at and dungeons.created_at are `timestamp without time zone` holding
// UTC. Whatever zone the process runs in, the bot must read and write them as UTC.
describe.each(['Asia/Kolkata', 'America/Los_Angeles'])('naive timestamps with the process in %s', (zone) => {
  let db: TestDatabase;
  let result: UtcProbeResult;

  beforeAll(async () => {
    db = await createTestDatabase({ schema: 'fixture' });
    result = await probeIn(zone, db.url);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('really runs far from UTC (precondition of the checks below)', () => {
    expect(Math.abs(result.localOffsetMinutes)).toBeGreaterThanOrEqual(5 * 60);
  });

  it('pins the session time zone to UTC', () => {
    expect(result.sessionTimeZone).toBe('UTC');
  });

  it('reads a raid created with the default now() as the current instant', () => {
    expect(Math.abs(result.defaultNowSkewMs)).toBeLessThan(5_000);
  });

  it('writes a Date as its UTC wall-clock time and reads it back unchanged', () => {
    expect(result.storedText).toBe('2024-03-01 12:34:56.789');
    expect(result.rereadIso).toBe('2024-03-01T12:34:56.789Z');
  });

  it('compares Date parameters with naive columns in UTC', () => {
    expect(result.matchesByDateParameter).toBe(1);
  });
});

describe('parseUtcTimestamp', () => {
  it('parses PostgreSQL text output as UTC, including BC dates and infinities', () => {
    expect((parseUtcTimestamp('2024-03-01 12:34:56.789') as Date).toISOString()).toBe('2024-03-01T12:34:56.789Z');
    expect((parseUtcTimestamp('2024-03-01 00:00:00') as Date).toISOString()).toBe('2024-03-01T00:00:00.000Z');
    expect((parseUtcTimestamp('0044-03-15 12:00:00 BC') as Date).getUTCFullYear()).toBe(-43);
    expect(parseUtcTimestamp('infinity')).toBe(Infinity);
    expect(parseUtcTimestamp('-infinity')).toBe(-Infinity);
  });
});
