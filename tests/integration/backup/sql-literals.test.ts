import { Client } from 'pg';
import { literalSql, valuesSql, type LiteralKind } from '../../../src/lib/backup/sql-format';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/**
 * The backup's literals are written by PostgreSQL (`literalSql`), so they are
 * checked there: each value of a given SQL type, under the export's session
 * settings, must give exactly the expected text, and that text, read back as SQL,
 * must give the same value.
 */

let db: TestDatabase;
let client: Client;

beforeAll(async () => {
  db = await createTestDatabase({ schema: 'empty' });
  client = new Client({ connectionString: db.url });
  await client.connect();
  // A server default far from the export's, so a setting the export forgets would show.
  await client.query(`SET TIME ZONE 'Asia/Kolkata'`);
  await client.query(`SET DateStyle = 'SQL, DMY'`);
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

/** The literal PostgreSQL writes for `value` (text, or null) of `sqlType`, in the export's session settings. */
async function literalOf(kind: LiteralKind, sqlType: string, value: string | null): Promise<string> {
  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL TIME ZONE 'UTC'`);
    await client.query(`SET LOCAL DateStyle = 'ISO, YMD'`);
    const { rows } = await client.query<{ literal: string }>(
      `SELECT ${literalSql(kind, 'v')} AS literal FROM (SELECT $1::${sqlType} AS v) AS input`,
      [value],
    );
    return rows[0]!.literal;
  } finally {
    await client.query('COMMIT');
  }
}

/** Whether `literal`, read as SQL in an ordinary session (as psql restores it), is `value` again. */
async function readsBackAs(literal: string, sqlType: string, value: string | null): Promise<boolean> {
  const { rows } = await client.query<{ same: boolean }>(`SELECT (${literal})::${sqlType} IS NOT DISTINCT FROM $1::${sqlType} AS same`, [value]);
  return rows[0]!.same;
}

async function expectLiteral(kind: LiteralKind, sqlType: string, value: string | null, expected: string): Promise<void> {
  const literal = await literalOf(kind, sqlType, value);
  expect({ sqlType, value, literal }).toEqual({ sqlType, value, literal: expected });
  expect(await readsBackAs(literal, sqlType, value)).toBe(true);
}

describe('literalSql on PostgreSQL', () => {
  it('writes NULL as NULL for every kind', async () => {
    await expectLiteral('boolean', 'boolean', null, 'NULL');
    await expectLiteral('integer', 'bigint', null, 'NULL');
    await expectLiteral('number', 'numeric', null, 'NULL');
    await expectLiteral('timestamp', 'timestamp', null, 'NULL');
    await expectLiteral('timestamptz', 'timestamptz', null, 'NULL');
    await expectLiteral('text', 'text', null, 'NULL');
  });

  it('writes booleans as TRUE/FALSE and numbers bare', async () => {
    await expectLiteral('boolean', 'boolean', 'true', 'TRUE');
    await expectLiteral('boolean', 'boolean', 'f', 'FALSE');
    await expectLiteral('integer', 'bigint', '9223372036854775807', '9223372036854775807');
    await expectLiteral('integer', 'bigint', '-9223372036854775808', '-9223372036854775808');
    await expectLiteral('integer', 'smallint', '0', '0');
    await expectLiteral('number', 'numeric', '-12.500', '-12.500');
    await expectLiteral('number', 'double precision', '1e30', '1e+30');
    await expectLiteral('number', 'real', '1.5e-7', '1.5e-07');
  });

  it('quotes numbers that are not plain digits (NaN, Infinity)', async () => {
    await expectLiteral('number', 'numeric', 'NaN', `'NaN'`);
    await expectLiteral('number', 'double precision', '-Infinity', `'-Infinity'`);
  });

  it('doubles single quotes and keeps backslashes, newlines and unicode as they are', async () => {
    await expectLiteral('text', 'text', `it's a \\n\nback\\slash 🐉`, `'it''s a \\n\nback\\slash 🐉'`);
    await expectLiteral('text', 'text', '', `''`);
    await expectLiteral('text', 'character varying(16)', `''`, `''''''`);
    await expectLiteral('text', 'jsonb', `{"a": "it's \\"x\\""}`, `'{"a": "it''s \\"x\\""}'`);
  });

  it('writes timestamps as ISO-8601 with an offset; naive ones are UTC, aware ones in UTC', async () => {
    await expectLiteral('timestamp', 'timestamp', '2026-02-13 10:00:00.5', `'2026-02-13T10:00:00.5+00:00'`);
    await expectLiteral('timestamp', 'timestamp', '0001-01-01 00:00:00', `'0001-01-01T00:00:00+00:00'`);
    await expectLiteral('timestamp', 'timestamp', '10000-01-01 00:00:00', `'10000-01-01T00:00:00+00:00'`);
    await expectLiteral('timestamptz', 'timestamptz', '2026-02-13 10:00:00+00', `'2026-02-13T10:00:00+00:00'`);
    // The same instant, written in UTC: the export's session time zone.
    await expectLiteral('timestamptz', 'timestamptz', '2026-02-13 10:00:00.123456+05:30', `'2026-02-13T04:30:00.123456+00:00'`);
  });

  it('leaves values without a calendar form as PostgreSQL printed them', async () => {
    await expectLiteral('timestamp', 'timestamp', '-infinity', `'-infinity'`);
    await expectLiteral('timestamptz', 'timestamptz', 'infinity', `'infinity'`);
    await expectLiteral('timestamptz', 'timestamptz', '0044-03-15 12:00:00+00 BC', `'0044-03-15 12:00:00+00 BC'`);
    await expectLiteral('timestamp', 'timestamp', '0001-12-31 23:59:59.25 BC', `'0001-12-31 23:59:59.25 BC'`);
  });
});

describe('valuesSql', () => {
  it('joins the literals of a row with ", " into one text', async () => {
    const sql = valuesSql([
      { name: 'id', kind: 'integer' },
      { name: 'we"ird', kind: 'text' },
      { name: 'flag', kind: 'boolean' },
    ]);
    const { rows } = await client.query<{ values: string }>(
      `SELECT ${sql} AS values FROM (VALUES (1, 'a''b', NULL::boolean), (2, NULL, TRUE)) AS t("id", "we""ird", "flag") ORDER BY "id"`,
    );
    expect(rows.map((row) => row.values)).toEqual([`1, 'a''b', NULL`, `2, NULL, TRUE`]);
  });
});
