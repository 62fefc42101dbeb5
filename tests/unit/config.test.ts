import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { parse as dotenvParse } from 'dotenv';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  isLoopbackHost,
  loadConfig,
  readBootLogLevel,
  readEnvironment,
  redactUrl,
  type Environment,
} from '../../src/config';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB';
const BASE: Environment = {
  DISCORD_TOKEN: TOKEN,
  DATABASE_URL: 'postgresql://dmw:s3cret@127.0.0.1:5432/dmw',
};

function load(overrides: Record<string, string | undefined> = {}) {
  return loadConfig({ ...BASE, ...overrides });
}

/** The ConfigError message thrown for these overrides (fails the test when nothing is thrown). */
function errorOf(overrides: Record<string, string | undefined>): string {
  try {
    load(overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(overrides)}`);
}

describe('defaults', () => {
  it('a minimal environment yields every documented default', () => {
    expect(load()).toEqual({
      discordToken: TOKEN,
      databaseUrl: 'postgresql://dmw:s3cret@127.0.0.1:5432/dmw',
      dbEcho: false,
      enableMessageContentIntent: true,
      logGuildId: null,
      logChannelId: null,
      selfTestIntervalSeconds: 900,
      backupIntervalSeconds: 21_600,
      raidlistDebugChannelId: null,
      memberlistDebugChannelId: null,
      discordLogLevel: 'INFO',
      logLevel: 'INFO',
      redisUrl: 'redis://127.0.0.1:6379',
      redisNamespace: 'dmw-6a97106343f7',
      privilegedUserId: null,
      discordApiUrl: null,
      dashboardHost: '127.0.0.1',
      dashboardPort: 3000,
      dashboardToken: null,
      backupDir: 'backups',
      messageXpCooldownSeconds: 15,
      limits: { participantListsPerRaid: 5, maxOpenRaidsPerMember: 5, maxOpenRaidsPerGuild: 50, voteChangesPerWindow: 10, voteChangeWindowSeconds: 10 },
      defaultTimeZone: 'Europe/Berlin',
      testClock: null,
      sharding: null,
    });
  });

  it('the config object is frozen', () => {
    const config = load();
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { dashboardPort: number }).dashboardPort = 1;
    }).toThrow(TypeError);
  });

  it('blank values fall back to the defaults like unset ones', () => {
    const config = load({
      SELF_TEST_INTERVAL_SECONDS: '  ',
      BACKUP_INTERVAL_SECONDS: '',
      LOG_GUILD_ID: '',
      DISCORD_LOG_LEVEL: ' ',
      REDIS_URL: '',
      PRIVILEGED_USER_ID: '',
      DISCORD_API_URL: '',
      DASHBOARD_HOST: '',
      DASHBOARD_PORT: '',
      DASHBOARD_TOKEN: '',
      BACKUP_DIR: '',
      MESSAGE_XP_COOLDOWN_SECONDS: '',
      DEFAULT_TIMEZONE: ' ',
    });
    expect(config).toMatchObject({
      selfTestIntervalSeconds: 900,
      backupIntervalSeconds: 21_600,
      logGuildId: null,
      discordLogLevel: 'INFO',
      redisUrl: 'redis://127.0.0.1:6379',
      privilegedUserId: null,
      discordApiUrl: null,
      dashboardHost: '127.0.0.1',
      dashboardPort: 3000,
      dashboardToken: null,
      backupDir: 'backups',
      messageXpCooldownSeconds: 15,
      defaultTimeZone: 'Europe/Berlin',
    });
  });
});

describe('DATABASE_URL', () => {
  it.each([[undefined], [''], ['   ']])('unset or empty (%p) is exactly "DATABASE_URL must be set"', (value) => {
    expect(errorOf({ DATABASE_URL: value })).toBe('DATABASE_URL must be set');
  });

  it('is validated before everything else, the token included', () => {
    expect(() => loadConfig({ SELF_TEST_INTERVAL_SECONDS: '1', DISCORD_TOKEN: '' })).toThrow(
      new ConfigError('DATABASE_URL must be set'),
    );
  });

  it.each([
    ['postgres://u:p@db:5432/x', 'postgres://u:p@db:5432/x'],
    ['postgresql://u:p@db:5432/x', 'postgresql://u:p@db:5432/x'],
    ['postgresql+asyncpg://u:p@db:5432/x?ssl=require', 'postgresql://u:p@db:5432/x?ssl=require'],
    ['POSTGRESQL+ASYNCPG://u:p@db/x', 'postgresql://u:p@db/x'],
    ['  postgres://db/x  ', 'postgres://db/x'],
  ])('accepts %s', (raw, expected) => {
    expect(load({ DATABASE_URL: raw }).databaseUrl).toBe(expected);
  });

  it('refuses other schemes and names the accepted ones without echoing the password', () => {
    const message = errorOf({ DATABASE_URL: 'mysql://root:hunter22@db/x' });
    expect(message).toMatch(/^DATABASE_URL must start with postgres:\/\/, postgresql:\/\/ or postgresql\+asyncpg:\/\//);
    expect(message).toContain('mysql://');
    expect(message).not.toContain('hunter22');
  });

  it('refuses a value without a scheme', () => {
    expect(errorOf({ DATABASE_URL: 'localhost:5432/dmw' })).toMatch(/^DATABASE_URL must start with .*\(got localhost:\/\/…\)|\(got no scheme\)/);
    expect(errorOf({ DATABASE_URL: '/var/run/postgres' })).toContain('(got no scheme)');
  });

  it('refuses an unparseable URL and explains percent-encoding, without echoing it', () => {
    const message = errorOf({ DATABASE_URL: 'postgresql://u:pa ss@[bad/x' });
    expect(message).toMatch(/^DATABASE_URL is not a valid URL: percent-encode/);
    expect(message).not.toContain('pa ss');
  });
});

describe('booleans (upstream rule: 1/true/yes/on, anything else false)', () => {
  it.each(['1', 'true', 'TRUE', ' yes ', 'On'])('%p is true', (raw) => {
    expect(load({ DB_ECHO: raw }).dbEcho).toBe(true);
    expect(load({ ENABLE_MESSAGE_CONTENT_INTENT: raw }).enableMessageContentIntent).toBe(true);
  });

  it.each(['0', 'false', '2', 'enabled', '', 'no'])('%p is false', (raw) => {
    expect(load({ DB_ECHO: raw }).dbEcho).toBe(false);
    expect(load({ ENABLE_MESSAGE_CONTENT_INTENT: raw }).enableMessageContentIntent).toBe(false);
  });
});

describe('integers', () => {
  it('parse with surrounding whitespace, a sign and Python-style underscores', () => {
    expect(load({ SELF_TEST_INTERVAL_SECONDS: ' 60 ' }).selfTestIntervalSeconds).toBe(60);
    expect(load({ BACKUP_INTERVAL_SECONDS: '+3_600' }).backupIntervalSeconds).toBe(3600);
  });

  it.each([
    ['SELF_TEST_INTERVAL_SECONDS', '15m'],
    ['BACKUP_INTERVAL_SECONDS', '1.5'],
    ['LOG_GUILD_ID', '12abc'],
    ['DASHBOARD_PORT', 'http'],
    ['MESSAGE_XP_COOLDOWN_SECONDS', '1__0'],
  ])('%s=%p is "Invalid integer env …" with an example', (name, raw) => {
    const message = errorOf({ [name]: raw });
    expect(message.startsWith(`Invalid integer env ${name}='${raw}': use a whole number such as ${name}=`)).toBe(true);
  });

  it.each([
    ['SELF_TEST_INTERVAL_SECONDS', '29', 'SELF_TEST_INTERVAL_SECONDS must be >= 30 seconds (got 29): raise it or remove it to use the default 900'],
    ['BACKUP_INTERVAL_SECONDS', '299', 'BACKUP_INTERVAL_SECONDS must be >= 300 seconds (got 299): raise it or remove it to use the default 21600'],
    ['MESSAGE_XP_COOLDOWN_SECONDS', '-1', 'MESSAGE_XP_COOLDOWN_SECONDS must be >= 0 seconds (got -1): raise it or remove it to use the default 15'],
    ['DASHBOARD_PORT', '0', 'DASHBOARD_PORT must be >= 1 (got 0): raise it or remove it to use the default 3000'],
    ['DASHBOARD_PORT', '65536', 'DASHBOARD_PORT must be <= 65535 (got 65536): pick a value from 1 to 65535'],
  ])('%s=%s is refused with the bound', (name, raw, expected) => {
    expect(errorOf({ [name]: raw })).toBe(expected);
  });

  it('accepts the bounds themselves', () => {
    expect(
      load({
        SELF_TEST_INTERVAL_SECONDS: '30',
        BACKUP_INTERVAL_SECONDS: '300',
        MESSAGE_XP_COOLDOWN_SECONDS: '0',
        DASHBOARD_PORT: '65535',
      }),
    ).toMatchObject({ selfTestIntervalSeconds: 30, backupIntervalSeconds: 300, messageXpCooldownSeconds: 0, dashboardPort: 65_535 });
    expect(load({ DASHBOARD_PORT: '1' }).dashboardPort).toBe(1);
  });

  it('refuses a number too large to be exact', () => {
    expect(errorOf({ BACKUP_INTERVAL_SECONDS: '9007199254740993' })).toBe(
      'BACKUP_INTERVAL_SECONDS is too large (got 9007199254740993): remove it to use the default 21600',
    );
  });
});

describe('snowflake ids stay strings', () => {
  const ids = ['LOG_GUILD_ID', 'LOG_CHANNEL_ID', 'RAIDLIST_DEBUG_CHANNEL_ID', 'MEMBERLIST_DEBUG_CHANNEL_ID'] as const;
  const keys = {
    LOG_GUILD_ID: 'logGuildId',
    LOG_CHANNEL_ID: 'logChannelId',
    RAIDLIST_DEBUG_CHANNEL_ID: 'raidlistDebugChannelId',
    MEMBERLIST_DEBUG_CHANNEL_ID: 'memberlistDebugChannelId',
  } as const;

  it.each(ids)('%s keeps every digit of a 19-digit id (beyond Number precision)', (name) => {
    expect(load({ [name]: '1234567890123456789' })[keys[name]]).toBe('1234567890123456789');
  });

  it.each(ids)('%s=0 means off (null)', (name) => {
    expect(load({ [name]: '0' })[keys[name]]).toBeNull();
  });

  it.each(ids)('%s must be >= 0', (name) => {
    expect(errorOf({ [name]: '-5' })).toBe(`${name} must be >= 0 (got -5): use the channel or guild id, or 0 to switch it off`);
  });

  it('refuses an id beyond 64 bits', () => {
    expect(errorOf({ LOG_CHANNEL_ID: '18446744073709551616' })).toMatch(/^LOG_CHANNEL_ID is not a Discord id/);
  });

  it('validates in upstream order: intervals, then log ids, then debug ids', () => {
    expect(errorOf({ MEMBERLIST_DEBUG_CHANNEL_ID: '-1', LOG_GUILD_ID: '-1', SELF_TEST_INTERVAL_SECONDS: '1', BACKUP_INTERVAL_SECONDS: '1' })).toMatch(
      /^SELF_TEST_INTERVAL_SECONDS/,
    );
    expect(errorOf({ MEMBERLIST_DEBUG_CHANNEL_ID: '-1', LOG_GUILD_ID: '-1', BACKUP_INTERVAL_SECONDS: '1' })).toMatch(/^BACKUP_INTERVAL_SECONDS/);
    expect(errorOf({ MEMBERLIST_DEBUG_CHANNEL_ID: '-1', LOG_CHANNEL_ID: '-1', LOG_GUILD_ID: '-1' })).toMatch(/^LOG_GUILD_ID/);
    expect(errorOf({ MEMBERLIST_DEBUG_CHANNEL_ID: '-1', LOG_CHANNEL_ID: '-1' })).toMatch(/^LOG_CHANNEL_ID/);
    expect(errorOf({ MEMBERLIST_DEBUG_CHANNEL_ID: '-1', RAIDLIST_DEBUG_CHANNEL_ID: '-1' })).toMatch(/^RAIDLIST_DEBUG_CHANNEL_ID/);
  });

  it('PRIVILEGED_USER_ID has no default (nobody is operator) and must be > 0', () => {
    expect(load().privilegedUserId).toBeNull();
    expect(load({ PRIVILEGED_USER_ID: '  123456789012345678 ' }).privilegedUserId).toBe('123456789012345678');
    expect(errorOf({ PRIVILEGED_USER_ID: '0' })).toBe("PRIVILEGED_USER_ID must be > 0 (got 0): use the Discord user id of the bot's operator");
    expect(errorOf({ PRIVILEGED_USER_ID: '-3' })).toMatch(/^PRIVILEGED_USER_ID must be > 0 \(got -3\)/);
    expect(errorOf({ PRIVILEGED_USER_ID: 'me' })).toMatch(/^Invalid integer env PRIVILEGED_USER_ID='me'/);
    expect(errorOf({ PRIVILEGED_USER_ID: '99999999999999999999' })).toMatch(/^PRIVILEGED_USER_ID is not a Discord id/);
  });
});

describe('log levels', () => {
  it.each([
    ['debug', 'DEBUG'],
    [' info ', 'INFO'],
    ['WARN', 'WARNING'],
    ['warning', 'WARNING'],
    ['Error', 'ERROR'],
    ['CRITICAL', 'CRITICAL'],
  ])('%p is %s for both variables', (raw, expected) => {
    expect(load({ DISCORD_LOG_LEVEL: raw }).discordLogLevel).toBe(expected);
    expect(load({ LOG_LEVEL: raw }).logLevel).toBe(expected);
  });

  it('DISCORD_LOG_LEVEL defaults to INFO (not upstream DEBUG) and refuses unknown names', () => {
    expect(load().discordLogLevel).toBe('INFO');
    expect(errorOf({ DISCORD_LOG_LEVEL: 'loud' })).toBe("DISCORD_LOG_LEVEL='loud' is not a log level: use DEBUG, INFO, WARNING, ERROR or CRITICAL");
    expect(errorOf({ LOG_LEVEL: 'TRACE' })).toBe("LOG_LEVEL='TRACE' is not a log level: use DEBUG, INFO, WARNING, ERROR or CRITICAL");
  });

  it('the boot level is read leniently (loadConfig reports the bad value right after)', () => {
    expect(readBootLogLevel({ LOG_LEVEL: 'debug' })).toBe('DEBUG');
    expect(readBootLogLevel({ LOG_LEVEL: 'nonsense' })).toBe('INFO');
    expect(readBootLogLevel({})).toBe('INFO');
  });
});

describe('REDIS_URL', () => {
  it('accepts redis:// and rediss://', () => {
    expect(load({ REDIS_URL: 'redis://:pw@cache:6380/2' }).redisUrl).toBe('redis://:pw@cache:6380/2');
    expect(load({ REDIS_URL: 'rediss://cache.example:6380' }).redisUrl).toBe('rediss://cache.example:6380');
  });

  it('refuses other schemes without echoing the password', () => {
    const message = errorOf({ REDIS_URL: 'http://user:topsecret@cache:6379' });
    expect(message).toBe('REDIS_URL must start with redis:// or rediss:// (got http://user:***@cache:6379/): for example REDIS_URL=redis://127.0.0.1:6379');
  });

  it('refuses a value that is no URL', () => {
    expect(errorOf({ REDIS_URL: '127.0.0.1:6379' })).toMatch(/^REDIS_URL (must start with redis:\/\/|is not a valid URL)/);
    expect(errorOf({ REDIS_URL: 'cache' })).toMatch(/^REDIS_URL is not a valid URL: use redis:\/\/host:port/);
  });
});

describe('DISCORD_API_URL', () => {
  it('is an optional http(s) base, trailing slashes removed (discord.js appends /v10/…)', () => {
    expect(load({ DISCORD_API_URL: 'http://127.0.0.1:4000/api/' }).discordApiUrl).toBe('http://127.0.0.1:4000/api');
    expect(load({ DISCORD_API_URL: 'https://proxy.example/api' }).discordApiUrl).toBe('https://proxy.example/api');
  });

  it('refuses other schemes and non-URLs', () => {
    expect(errorOf({ DISCORD_API_URL: 'ws://127.0.0.1:4000' })).toBe(
      'DISCORD_API_URL must be an http:// or https:// URL (got ws://127.0.0.1:4000/): leave it unset to talk to discord.com',
    );
    expect(errorOf({ DISCORD_API_URL: '127.0.0.1/api' })).toMatch(/^DISCORD_API_URL is not a valid URL/);
  });
});

describe('dashboard', () => {
  it('serves on loopback without a token', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.2']) {
      expect(load({ DASHBOARD_HOST: host }).dashboardHost).toBe(host);
    }
  });

  it('refuses a non-loopback host without a token and says how to fix it', () => {
    expect(errorOf({ DASHBOARD_HOST: '0.0.0.0' })).toBe(
      'DASHBOARD_HOST=0.0.0.0 is reachable from other machines, so DASHBOARD_TOKEN must be set: set DASHBOARD_TOKEN to a long random secret or use DASHBOARD_HOST=127.0.0.1',
    );
  });

  it('accepts a non-loopback host with a token', () => {
    const token = 'k'.repeat(32);
    expect(load({ DASHBOARD_HOST: '0.0.0.0', DASHBOARD_TOKEN: ` ${token} `, DASHBOARD_PORT: '8080' })).toMatchObject({
      dashboardHost: '0.0.0.0',
      dashboardToken: token,
      dashboardPort: 8080,
    });
  });

  it('refuses a token shorter than 32 characters (surrounding spaces do not count) without repeating it', () => {
    const message = errorOf({ DASHBOARD_TOKEN: ` ${'s3cr'.repeat(7)}abc ` });
    expect(message).toBe(
      'DASHBOARD_TOKEN must be at least 32 characters long (got 31): set it to a long random secret, for example the output of `openssl rand -base64 32`',
    );
    expect(message).not.toContain('s3cr');
    expect(errorOf({ DASHBOARD_TOKEN: 'x' })).toMatch(/^DASHBOARD_TOKEN must be at least 32 characters long \(got 1\)/);
    expect(load({ DASHBOARD_TOKEN: 'x'.repeat(32) }).dashboardToken).toBe('x'.repeat(32));
  });

  it('isLoopbackHost knows the loopback names', () => {
    expect(isLoopbackHost('LOCALHOST')).toBe(true);
    expect(isLoopbackHost('127.255.0.1')).toBe(true);
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
    expect(isLoopbackHost('::')).toBe(false);
    expect(isLoopbackHost('localhost.evil.example')).toBe(false);
  });
});

describe('other variables', () => {
  it('BACKUP_DIR is taken as given (trimmed)', () => {
    expect(load({ BACKUP_DIR: ' /var/backups/dmw ' }).backupDir).toBe('/var/backups/dmw');
  });

  it('the flood limits are whole numbers within their ranges', () => {
    const limits = load({
      PARTICIPANT_LISTS_PER_RAID: '3',
      MAX_OPEN_RAIDS_PER_MEMBER: '2',
      MAX_OPEN_RAIDS_PER_GUILD: '20',
      VOTE_CHANGES_PER_WINDOW: '4',
      VOTE_CHANGE_WINDOW_SECONDS: '30',
    }).limits;
    expect(limits).toEqual({ participantListsPerRaid: 3, maxOpenRaidsPerMember: 2, maxOpenRaidsPerGuild: 20, voteChangesPerWindow: 4, voteChangeWindowSeconds: 30 });
    expect(Object.isFrozen(limits)).toBe(true);
    expect(errorOf({ PARTICIPANT_LISTS_PER_RAID: '1' })).toBe('PARTICIPANT_LISTS_PER_RAID must be >= 2 (got 1): raise it or remove it to use the default 5');
    expect(errorOf({ PARTICIPANT_LISTS_PER_RAID: '26' })).toBe('PARTICIPANT_LISTS_PER_RAID must be <= 25 (got 26): pick a value from 2 to 25');
    expect(errorOf({ MAX_OPEN_RAIDS_PER_GUILD: '0' })).toMatch(/^MAX_OPEN_RAIDS_PER_GUILD must be >= 1 \(got 0\)/);
    expect(errorOf({ VOTE_CHANGE_WINDOW_SECONDS: '0' })).toBe('VOTE_CHANGE_WINDOW_SECONDS must be >= 1 seconds (got 0): raise it or remove it to use the default 10');
    expect(errorOf({ VOTE_CHANGES_PER_WINDOW: 'ten' })).toMatch(/^Invalid integer env VOTE_CHANGES_PER_WINDOW='ten'/);
  });

  it('MESSAGE_XP_COOLDOWN_SECONDS is a whole number of seconds', () => {
    expect(load({ MESSAGE_XP_COOLDOWN_SECONDS: '60' }).messageXpCooldownSeconds).toBe(60);
  });
});

describe('DEFAULT_TIMEZONE', () => {
  it.each([
    ['America/New_York', 'America/New_York'],
    ['Pacific/Auckland', 'Pacific/Auckland'],
    ['UTC', 'UTC'],
    [' Europe/London ', 'Europe/London'],
    // Only the letter case is normalised; an alias stays the name the operator chose.
    ['europe/berlin', 'Europe/Berlin'],
    ['Asia/Calcutta', 'Asia/Calcutta'],
  ])('accepts the IANA zone %p as %p', (raw, expected) => {
    expect(load({ DEFAULT_TIMEZONE: raw }).defaultTimeZone).toBe(expected);
  });

  it.each(['Mars/Olympus', 'UTC+1', '+01:00', 'Berlin', 'Europe/Berlin/Mitte'])('refuses %p with a "Config error" naming it and examples', (raw) => {
    expect(errorOf({ DEFAULT_TIMEZONE: raw })).toBe(
      `DEFAULT_TIMEZONE='${raw}' is not an IANA time zone: use a name such as Europe/Berlin, Europe/London, America/New_York or UTC ` +
        '(the "TZ identifier" column of the tz database list), or leave it unset for Europe/Berlin',
    );
  });

  it('is checked before the token', () => {
    expect(errorOf({ DEFAULT_TIMEZONE: 'Mars/Olympus', DISCORD_TOKEN: '' })).toMatch(/^DEFAULT_TIMEZONE=/);
  });
});

describe('TEST_CLOCK_START and TEST_CLOCK_SPEED (test-only)', () => {
  it('are unset in production: the system clock', () => {
    expect(load().testClock).toBeNull();
  });

  it('start the clock at an instant with offset, at speed 1 unless told', () => {
    expect(load({ TEST_CLOCK_START: '2026-12-24T19:45:00+01:00' }).testClock).toEqual({ start: new Date('2026-12-24T18:45:00Z'), speed: 1 });
    expect(load({ TEST_CLOCK_START: '2026-12-24T18:45:00Z', TEST_CLOCK_SPEED: '60' }).testClock).toEqual({ start: new Date('2026-12-24T18:45:00Z'), speed: 60 });
  });

  it.each([
    [{ TEST_CLOCK_START: '2026-12-24 18:45' }, /^TEST_CLOCK_START='2026-12-24 18:45' is not an ISO 8601 instant with offset/],
    [{ TEST_CLOCK_START: 'tomorrow' }, /^TEST_CLOCK_START='tomorrow'/],
    [{ TEST_CLOCK_START: '2026-12-24T18:45:00Z', TEST_CLOCK_SPEED: '0' }, /^TEST_CLOCK_SPEED='0' must be a number above 0/],
    [{ TEST_CLOCK_START: '2026-12-24T18:45:00Z', TEST_CLOCK_SPEED: 'fast' }, /^TEST_CLOCK_SPEED='fast'/],
    [{ TEST_CLOCK_SPEED: '60' }, /^TEST_CLOCK_SPEED is set without TEST_CLOCK_START/],
  ])('refuses %p', (env, message) => {
    expect(errorOf(env)).toMatch(message);
  });
});

describe('DISCORD_TOKEN', () => {
  it.each([[undefined], [''], ['  ']])('missing (%p) is refused last, with where to get one', (value) => {
    expect(errorOf({ DISCORD_TOKEN: value })).toBe(
      'DISCORD_TOKEN must be set: copy the bot token from the Discord developer portal (Bot → Reset Token) into .env',
    );
    // Any other problem is reported first.
    expect(errorOf({ DISCORD_TOKEN: value, DASHBOARD_PORT: '0' })).toMatch(/^DASHBOARD_PORT/);
  });

  it('is trimmed', () => {
    expect(load({ DISCORD_TOKEN: ` ${TOKEN}\n` }).discordToken).toBe(TOKEN);
  });

  it('never appears in an error message', () => {
    const bad = { LOG_GUILD_ID: 'x', DATABASE_URL: `mysql://user:${TOKEN}@db/x`, REDIS_URL: `ftp://a:${TOKEN}@b` };
    for (const [name, value] of Object.entries(bad)) {
      expect(errorOf({ [name]: value })).not.toContain(TOKEN);
    }
  });
});

describe('redactUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactUrl('postgresql://dmw:s3cret@db.example:5432/dmw?sslmode=require')).toBe('postgresql://dmw:***@db.example:5432/dmw?sslmode=require');
    expect(redactUrl('redis://:pw@cache:6379/1')).toBe('redis://:***@cache:6379/1');
    expect(redactUrl('postgres://db/x')).toBe('postgres://db/x');
  });

  it('never echoes something it cannot parse', () => {
    expect(redactUrl('postgres://u:pw@[oops')).toBe('<unparseable URL>');
  });
});

describe('.env files', () => {
  let dir: string;
  const saved = { ...process.env };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dmw-config-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it('fill in what the real environment does not set, without overriding it or touching process.env', () => {
    const file = join(dir, '.env');
    writeFileSync(file, 'DMW_TEST_FROM_FILE=file\nDMW_TEST_BOTH=file\n');
    process.env.DMW_TEST_BOTH = 'real';
    const env = readEnvironment(file);
    expect(env.DMW_TEST_FROM_FILE).toBe('file');
    expect(env.DMW_TEST_BOTH).toBe('real');
    expect(process.env.DMW_TEST_FROM_FILE).toBeUndefined();
  });

  it('a missing file is fine and prints nothing', () => {
    const write = jest.spyOn(process.stdout, 'write');
    const env = readEnvironment(join(dir, 'absent.env'));
    expect(env.PATH).toBe(process.env.PATH);
    expect(write).not.toHaveBeenCalled();
    write.mockRestore();
  });

  it('loadConfig reads the values a .env file provides', () => {
    const file = join(dir, '.env');
    writeFileSync(file, `DISCORD_TOKEN=${TOKEN}\nDATABASE_URL=postgresql+asyncpg://a:b@h/d\nDASHBOARD_PORT=4321\n`);
    delete process.env.DISCORD_TOKEN;
    delete process.env.DATABASE_URL;
    delete process.env.DASHBOARD_PORT;
    const config = loadConfig(readEnvironment(file));
    expect(config).toMatchObject({ discordToken: TOKEN, databaseUrl: 'postgresql://a:b@h/d', dashboardPort: 4321 });
  });
});

describe('.env.example', () => {
  const repoRoot = join(__dirname, '..', '..');
  const example = dotenvParse(readFileSync(join(repoRoot, '.env.example'), 'utf8'));

  it('with a token filled in, loads to exactly the defaults of a minimal environment', () => {
    const fromExample = loadConfig({ ...example, DISCORD_TOKEN: TOKEN });
    const minimal = loadConfig({ DISCORD_TOKEN: TOKEN, DATABASE_URL: example.DATABASE_URL });
    expect(fromExample).toEqual(minimal);
  });

  it('lists every variable, and README.md documents each of them', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const documented = [...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(Object.keys(example).sort()).toEqual([...documented].sort());
  });
});
