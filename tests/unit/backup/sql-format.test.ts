import { backupFooter, backupHeader, insertStatement, sqlLiteral, setvalStatement } from '../../../src/lib/backup/sql-format';

describe('sqlLiteral', () => {
  it('writes NULL, booleans and numbers bare', () => {
    expect(sqlLiteral('text', null)).toBe('NULL');
    expect(sqlLiteral('boolean', 'true')).toBe('TRUE');
    expect(sqlLiteral('boolean', 'false')).toBe('FALSE');
    expect(sqlLiteral('number', '9223372036854775807')).toBe('9223372036854775807');
    expect(sqlLiteral('number', '-12.500')).toBe('-12.500');
    expect(sqlLiteral('number', '1e+30')).toBe('1e+30');
  });

  it('quotes numbers that are not plain digits (NaN, Infinity)', () => {
    expect(sqlLiteral('number', 'NaN')).toBe(`'NaN'`);
    expect(sqlLiteral('number', '-Infinity')).toBe(`'-Infinity'`);
  });

  it("doubles single quotes and keeps backslashes, newlines and unicode as they are", () => {
    expect(sqlLiteral('text', `it's a \\n\nback\\slash 🐉`)).toBe(`'it''s a \\n\nback\\slash 🐉'`);
    expect(sqlLiteral('text', '')).toBe(`''`);
  });

  it('writes timestamps as ISO-8601 with an offset; naive ones are UTC', () => {
    expect(sqlLiteral('timestamp', '2026-02-13 10:00:00.5')).toBe(`'2026-02-13T10:00:00.5+00:00'`);
    expect(sqlLiteral('timestamptz', '2026-02-13 10:00:00+00')).toBe(`'2026-02-13T10:00:00+00:00'`);
    expect(sqlLiteral('timestamptz', '2026-02-13 10:00:00.123456+05:30')).toBe(`'2026-02-13T10:00:00.123456+05:30'`);
  });

  it('leaves values without a calendar form as PostgreSQL printed them', () => {
    expect(sqlLiteral('timestamp', '-infinity')).toBe(`'-infinity'`);
    expect(sqlLiteral('timestamptz', 'infinity')).toBe(`'infinity'`);
    expect(sqlLiteral('timestamptz', '0044-03-15 12:00:00+00 BC')).toBe(`'0044-03-15 12:00:00+00 BC'`);
  });
});

describe('statements', () => {
  it('lists every column explicitly and quotes identifiers', () => {
    expect(insertStatement('user_levels', ['guild_id', 'we"ird'], ['1', 'NULL'])).toBe(
      'INSERT INTO "user_levels" ("guild_id", "we""ird") VALUES (1, NULL);',
    );
  });

  it('deletes in reverse insert order after the header', () => {
    expect(backupHeader(new Date('2026-02-13T12:00:00Z'), ['parent', 'child'])).toBe(
      '-- DMW Rewrite SQL Backup\n-- generated_at_utc: 2026-02-13T12:00:00.000+00:00\nBEGIN;\n\nDELETE FROM "child";\nDELETE FROM "parent";\n\n',
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
