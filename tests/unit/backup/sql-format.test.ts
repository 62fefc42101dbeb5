import { backupFooter, backupHeader, insertStatement, setvalStatement } from '../../../src/lib/backup/sql-format';

// The literals themselves are built by PostgreSQL: tests/integration/backup/sql-literals.test.ts.

describe('statements', () => {
  it('lists every column explicitly and quotes identifiers', () => {
    expect(insertStatement('user_levels', ['guild_id', 'we"ird'], ['1', 'NULL'])).toBe(
      'INSERT INTO "user_levels" ("guild_id", "we""ird") VALUES (1, NULL);',
    );
  });

  it('states how the file is to be read, then deletes in reverse insert order', () => {
    expect(backupHeader(new Date('2026-02-13T12:00:00Z'), ['parent', 'child'])).toBe(
      '-- DMW Rewrite SQL Backup\n-- generated_at_utc: 2026-02-13T12:00:00.000+00:00\n' +
        "SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n" +
        'BEGIN;\n\nDELETE FROM "child";\nDELETE FROM "parent";\n\n',
    );
  });

  it('moves sequences past the restored maximum at restore time and ends with COMMIT', () => {
    expect(setvalStatement('raids', 'id')).toBe(
      `SELECT setval(pg_get_serial_sequence('"raids"', 'id'), COALESCE((SELECT MAX("id") FROM "raids"), 0) + 1, false);`,
    );
    expect(backupFooter([])).toBe('COMMIT;\n');
    expect(backupFooter([{ table: 'raids', column: 'id' }]).split('\n')).toEqual([setvalStatement('raids', 'id'), '', 'COMMIT;', '']);
  });
});
