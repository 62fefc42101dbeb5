import { QueryFailedError } from 'typeorm';
import { readFileSync } from 'node:fs';
import { LogLevel as SapphireLogLevel } from '@sapphire/framework';
import {
  SapphireLoggerAdapter,
  TypeOrmLoggerAdapter,
  addLogSink,
  createLogger,
  formatConsoleLine,
  getLogLevel,
  isLevelEnabled,
  redactSecrets,
  registerSecret,
  setConsoleOutput,
  setLogLevel,
  type LogRecord,
} from '../../src/lib/logging';
import { captureLogs, type CapturedLogs } from '../support/logs';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB';

let logs: CapturedLogs;
let records: LogRecord[];

beforeEach(() => {
  logs = captureLogs();
  records = logs.records;
  setLogLevel('DEBUG');
});

afterEach(() => {
  logs.stop();
  setLogLevel('INFO');
});

/** 1-based line of the first line in this file containing `text`. */
function sourceLineOf(text: string): number {
  return readFileSync(__filename, 'utf8').split('\n').findIndex((line) => line.includes(text)) + 1;
}

function namedCaller(): void {
  createLogger('dmw.test').info('from a named function');
}

describe('records', () => {
  it('carry time, level, logger and message', () => {
    const before = Date.now();
    createLogger('dmw.runtime').info('hello');
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record).toMatchObject({ level: 'INFO', logger: 'dmw.runtime', message: 'hello' });
    expect(record!.time).toBeInstanceOf(Date);
    expect(record!.time.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('name the calling module, function and line', () => {
    namedCaller();
    createLogger('dmw.test').warn('marker-line'); // the line this test looks up in its own source
    expect(records[0]).toMatchObject({ module: 'logging.test', function: 'namedCaller', line: sourceLineOf("info('from a named function')") });
    expect(records[1]).toMatchObject({ module: 'logging.test', line: sourceLineOf("warn('marker-line')") });
  });

  it('map the four methods to DEBUG, INFO, WARNING and ERROR', () => {
    const log = createLogger('dmw.test');
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(records.map((r) => r.level)).toEqual(['DEBUG', 'INFO', 'WARNING', 'ERROR']);
  });

  it('append the stack of an error passed to warn/error', () => {
    createLogger('dmw.test').error('step failed', new Error('boom'));
    expect(records[0]!.message).toMatch(/^step failed: Error: boom\n\s+at /);
    createLogger('dmw.test').warn('odd value', { answer: 42 });
    expect(records[1]!.message).toBe('odd value: { answer: 42 }');
  });
});

describe('level', () => {
  it('drops records below the configured level, for sinks and console alike', () => {
    setLogLevel('WARNING');
    const log = createLogger('dmw.test');
    log.debug('no');
    log.info('no');
    log.warn('yes');
    log.error('yes');
    expect(records.map((r) => r.message)).toEqual(['yes', 'yes']);
    expect(getLogLevel()).toBe('WARNING');
    expect(isLevelEnabled('INFO')).toBe(false);
    expect(isLevelEnabled('CRITICAL')).toBe(true);
  });

  it('writes WARNING and above to stderr, the rest to stdout, in the console format', () => {
    setConsoleOutput(true);
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let outLines: unknown[];
    let errLines: unknown[];
    try {
      createLogger('dmw.runtime').info('to stdout');
      createLogger('dmw.runtime').error('to stderr');
      outLines = out.mock.calls.map(([line]) => line);
      errLines = err.mock.calls.map(([line]) => line);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    expect(outLines).toEqual([expect.stringMatching(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] INFO \[dmw\.runtime\] to stdout\n$/)]);
    expect(errLines).toEqual([expect.stringMatching(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] ERROR \[dmw\.runtime\] to stderr\n$/)]);
  });
});

describe('formatConsoleLine', () => {
  it('is [YYYY-MM-DD HH:MM:SS] LEVEL [logger] message in local time', () => {
    const record: LogRecord = {
      time: new Date(2026, 1, 3, 4, 5, 6),
      level: 'WARNING',
      logger: 'dmw.db',
      module: 'm',
      function: 'f',
      line: 1,
      message: 'slow',
    };
    expect(formatConsoleLine(record)).toBe('[2026-02-03 04:05:06] WARNING [dmw.db] slow');
  });
});

describe('sinks', () => {
  it('stop receiving records once removed, and a throwing sink harms nobody', () => {
    const seen: string[] = [];
    const remove = addLogSink((record) => seen.push(record.message));
    const removeBroken = addLogSink(() => {
      throw new Error('sink down');
    });
    createLogger('dmw.test').info('one');
    remove();
    removeBroken();
    createLogger('dmw.test').info('two');
    expect(seen).toEqual(['one']);
    expect(records.map((r) => r.message)).toEqual(['one', 'two']);
  });
});

describe('redactSecrets', () => {
  it('hides passwords in URLs', () => {
    expect(redactSecrets('connect postgresql://dmw:s3cret@db:5432/x failed')).toBe('connect postgresql://dmw:***@db:5432/x failed');
    expect(redactSecrets('redis://:pw123@cache:6379')).toBe('redis://:***@cache:6379');
    expect(redactSecrets('postgres://db:5432/x')).toBe('postgres://db:5432/x');
  });

  it('hides key=value passwords', () => {
    expect(redactSecrets('host=db password=hunter22 user=x')).toBe('host=db password=*** user=x');
  });

  it('hides Authorization header values but keeps ordinary words after "Bot"', () => {
    expect(redactSecrets('Authorization: Bot abcdefghijklmnopqrstuvwxyz012345')).toBe('Authorization: Bot ***');
    expect(redactSecrets('Bot started in 3 guilds')).toBe('Bot started in 3 guilds');
  });

  it('hides bot-token-shaped strings anywhere', () => {
    expect(redactSecrets(`token is ${TOKEN}.`)).toBe('token is ***.');
  });

  it('hides registered secret values even when they do not look like tokens', () => {
    registerSecret('plain-dashboard-secret');
    registerSecret('abc'); // too short to be worth replacing
    expect(redactSecrets('x plain-dashboard-secret y abc')).toBe('x *** y abc');
  });

  it('is applied to every record before sinks see it', () => {
    createLogger('dmw.test').error(`login failed for ${TOKEN} at postgres://u:pw@h/d`);
    expect(records[0]!.message).toBe('login failed for *** at postgres://u:***@h/d');
  });
});

describe('Sapphire adapter', () => {
  it('writes as dmw.runtime with mapped levels and formatted values', () => {
    const logger = new SapphireLoggerAdapter();
    logger.info('Loaded', 3, 'listeners');
    logger.fatal('gone');
    logger.trace('trace is debug');
    expect(records.map((r) => [r.logger, r.level, r.message])).toEqual([
      ['dmw.runtime', 'INFO', 'Loaded 3 listeners'],
      ['dmw.runtime', 'CRITICAL', 'gone'],
      ['dmw.runtime', 'DEBUG', 'trace is debug'],
    ]);
  });

  it('answers has() from the current level', () => {
    const logger = new SapphireLoggerAdapter();
    setLogLevel('INFO');
    expect(logger.has(SapphireLogLevel.Debug)).toBe(false);
    expect(logger.has(SapphireLogLevel.Info)).toBe(true);
    expect(logger.has(SapphireLogLevel.None)).toBe(false);
    logger.debug('dropped');
    expect(records).toHaveLength(0);
  });

  it('logs a failed query by its message and stack, never its parameters or row detail', () => {
    const failed = new QueryFailedError('INSERT INTO raid_votes (user_id, option_label) VALUES ($1, $2)', ['123456789012345678', 'secret label'], {
      message: 'duplicate key value violates unique constraint "uq_raid_votes_unique"',
      detail: 'Key (user_id)=(123456789012345678) already exists.',
    } as unknown as Error);
    new SapphireLoggerAdapter().error('vote failed:', failed);
    expect(records[0]!.message).toContain('duplicate key value violates unique constraint');
    expect(records[0]!.message).not.toContain('secret label');
    expect(records[0]!.message).not.toContain('123456789012345678');
  });

  it('redacts what the framework logs', () => {
    new SapphireLoggerAdapter().error(new Error(`bad token ${TOKEN}`));
    expect(records[0]!.message).toMatch(/^Error: bad token \*\*\*/);
    expect(records[0]!.message).not.toContain(TOKEN);
  });
});

describe('TypeORM adapter', () => {
  it('logs queries at DEBUG as dmw.db with parameters counted, never printed', () => {
    new TypeOrmLoggerAdapter().logQuery('SELECT *\n  FROM raids WHERE id = $1 AND name = $2', [7, 'secret-value']);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ logger: 'dmw.db', level: 'DEBUG', message: 'query: SELECT * FROM raids WHERE id = $1 AND name = $2 -- 2 parameters redacted' });
    expect(records[0]!.message).not.toContain('secret-value');
  });

  it('skips query records entirely above DEBUG, unless DB_ECHO asks for INFO', () => {
    setLogLevel('INFO');
    new TypeOrmLoggerAdapter().logQuery('SELECT 1');
    expect(records).toHaveLength(0);
    new TypeOrmLoggerAdapter({ echo: true }).logQuery('SELECT 1');
    expect(records.map((r) => [r.level, r.message])).toEqual([['INFO', 'query: SELECT 1']]);
  });

  it('logs failures at ERROR and slow queries at WARNING, still without parameters', () => {
    const adapter = new TypeOrmLoggerAdapter();
    adapter.logQueryError(new Error('duplicate key'), 'INSERT INTO x VALUES ($1)', ['pii']);
    adapter.logQuerySlow(1500, 'SELECT pg_sleep($1)', [1.5]);
    expect(records.map((r) => [r.level, r.message])).toEqual([
      ['ERROR', 'query failed: duplicate key -- INSERT INTO x VALUES ($1) -- 1 parameter redacted'],
      ['WARNING', 'slow query (1500 ms): SELECT pg_sleep($1) -- 1 parameter redacted'],
    ]);
  });

  it('maps TypeORM general messages', () => {
    const adapter = new TypeOrmLoggerAdapter();
    adapter.log('warn', 'careful');
    adapter.log('info', 'fyi');
    adapter.log('log', 'chatter');
    adapter.logSchemaBuild('creating table');
    expect(records.map((r) => r.level)).toEqual(['WARNING', 'INFO', 'DEBUG', 'INFO']);
  });
});
