import { ConfigError, parseDatabaseUrl, readEnvironment, redactUrl } from './config';
import { describeConnectError } from './lib/db/connect-error';
import { SCHEMA_CHECK_EXIT, checkSchema, formatSchemaCheck } from './lib/db/schema-check';
import { registerSecret } from './lib/logging';

/**
 * `npm run schema:check [-- <database URL>]`: prints what the bot's start-up schema
 * guard would change on the database, without changing anything (see
 * `lib/db/schema-check.ts`). The URL comes from the argument, else from DATABASE_URL
 * (the environment, then `.env` in the working directory, as for the bot).
 *
 * Exit codes: 0 VALIDATION OK, 1 changes pending, 2 incomplete (the role could not
 * see everything), 3 the check could not run.
 */

const USAGE = 'Usage: npm run schema:check [-- <postgres URL>]   (without a URL: DATABASE_URL from the environment or .env)';

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return SCHEMA_CHECK_EXIT.ok;
  }
  if (argv.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return SCHEMA_CHECK_EXIT.failed;
  }
  let databaseUrl: string;
  try {
    databaseUrl = parseDatabaseUrl(argv[0] ?? readEnvironment().DATABASE_URL);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`Config error: ${error.message}\n${USAGE}\n`);
    return SCHEMA_CHECK_EXIT.failed;
  }
  const password = new URL(databaseUrl).password;
  if (password !== '') registerSecret(decodeURIComponent(password));
  const database = redactUrl(databaseUrl);
  try {
    const { lines, exitCode } = formatSchemaCheck(await checkSchema(databaseUrl), database);
    process.stdout.write(`${lines.join('\n')}\n`);
    return exitCode;
  } catch (error) {
    process.stderr.write(`Schema check failed on ${database}: ${describeConnectError(error)}\nVALIDATION NOT RUN\n`);
    return SCHEMA_CHECK_EXIT.failed;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`schema check crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = SCHEMA_CHECK_EXIT.failed;
  },
);
