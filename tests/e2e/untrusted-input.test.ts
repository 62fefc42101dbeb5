/**
 * What members can see or send that they should not get through, end to end on the
 * emulator: the self-test's error text (hosts and ports) in /status, integer options
 * beyond what their columns hold (sent by a client that ignores the registered
 * min/max), and components in one server whose custom id names another server's raid.
 * Each is refused privately, changes nothing and logs no error.
 */
import { ApplicationCommandOptionType, type APIApplicationCommandOption, type APIMessage } from 'discord-api-types/v10';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { raidFinishButtonId, raidVoteSelectId } from '../../src/lib/discord/custom-ids';
import { t } from '../../src/lib/i18n';
import { runSelfTest, EXPECTED_COMMAND_NAMES } from '../../src/lib/selftest';
import { forgedComponent, forgedSlash, InteractionRefusedError, type MemberFixture } from '../support/discord-emulator';
import { type CreatedRaid, createRaidThroughBot } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { isEphemeral } from '../support/read-backs';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';

jest.setTimeout(120_000);

const INTEGER_COLUMN_MAX = 2_147_483_647;

let world: World;
let alpha: RaidGuild;
let beta: RaidGuild;
let alphaAdmin: MemberFixture;
let betaAdmin: MemberFixture;
let operator: MemberFixture;
let logChannelId: string;
let raid: CreatedRaid;
let betaRaid: CreatedRaid;

beforeAll(async () => {
  world = await createWorld();
  alpha = await createRaidGuild(world, 'Alpha', 3);
  beta = await createRaidGuild(world, 'Beta', 2);
  const { driver } = world.emulator;
  alphaAdmin = driver.createMember(alpha.guild.id, { username: 'alpha-admin', admin: true });
  betaAdmin = driver.createMember(beta.guild.id, { username: 'beta-admin', admin: true });
  operator = driver.createMember(alpha.guild.id, { username: 'operator' });
  logChannelId = driver.createChannel(alpha.guild.id, { name: 'bot-log' }).id;
  await world.startBot({ env: { PRIVILEGED_USER_ID: operator.id, LOG_GUILD_ID: alpha.guild.id, LOG_CHANNEL_ID: logChannelId } });
  raid = await createRaidThroughBot(world, alpha, alpha.members[0]!.id, { days: 'Mon', times: '20:00', minPlayers: '1' });
  betaRaid = await createRaidThroughBot(world, beta, beta.members[0]!.id, { days: 'Tue', times: '21:00', minPlayers: '1' });
  await world.emulator.driver.settle({ quietMs: 300, timeoutMs: 60_000 });
});

afterAll(async () => {
  await world?.stop();
});

async function status(userId: string, guild: RaidGuild = alpha, locale?: string): Promise<APIMessage> {
  const handle = await world.emulator.driver.slash({ channelId: guild.generalChannelId, userId, command: 'status', ...(locale ? { locale } : {}) });
  return handle.reply(30_000);
}

/** The line of /status that starts like the self-test error line in either language. */
function selfTestErrorLine(reply: APIMessage): string {
  const prefixes = ['en-US', 'de'].map((locale) => t(locale, 'status.selfTestLastError', { value: '' }).trimEnd());
  const line = reply.content.split('\n').find((candidate) => prefixes.some((prefix) => candidate.startsWith(prefix)));
  if (line === undefined) throw new Error(`no self-test error line in: ${reply.content}`);
  return line;
}

async function raidRows(raidId: number): Promise<unknown[]> {
  return world.db.query(
    `SELECT r.status, (SELECT count(*) FROM raid_votes v WHERE v.raid_id = r.id) AS votes,
            (SELECT count(*) FROM raid_attendance a WHERE a.guild_id = r.guild_id) AS attendance
       FROM raids r WHERE r.id = $1`,
    [raidId],
  );
}

describe('/status with a failed self-test', () => {
  beforeAll(async () => {
    // The real checks against a database and a Redis that refuse connections: their errors name host and port.
    const unreachableRedis = new Redis({ host: '127.0.0.1', port: 1, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    const redis = new Redis(world.redisUrl, { maxRetriesPerRequest: 1 });
    try {
      await expect(
        runSelfTest(redis, {
          gateway: async () => undefined,
          registeredCommandNames: async () => EXPECTED_COMMAND_NAMES,
          database: async () => {
            const client = new Client({ connectionString: 'postgres://postgres@127.0.0.1:1/postgres' });
            await client.connect();
          },
          redis: async () => {
            await unreachableRedis.ping();
          },
        }, { statusKey: world.redisKeys.selfTestStatus }),
      ).rejects.toThrow(/127\.0\.0\.1:1\b/);
    } finally {
      unreachableRedis.disconnect();
      redis.disconnect();
    }
  });

  it('tells a member only that a check failed: no host, no port, no error text', async () => {
    const reply = await status(alpha.members[1]!.id);
    expect(selfTestErrorLine(reply)).toBe(t('en-US', 'status.selfTestLastError', { value: t('en-US', 'status.errorHidden') }));
    expect(reply.content).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|PostgreSQL|:1\b/);
    expect(isEphemeral(reply)).toBe(true);
  });

  it('in the member’s language', async () => {
    const reply = await status(alpha.members[1]!.id, alpha, 'de');
    expect(selfTestErrorLine(reply)).toBe('Letzter Selbsttest-Fehler: eine Prüfung ist fehlgeschlagen (Details sehen Administratoren)');
  });

  it.each([
    ['a server administrator', () => alphaAdmin.id],
    ['the operator, without a server role', () => operator.id],
  ])('shows %s the error text with hosts and ports', async (_who, userId) => {
    const line = selfTestErrorLine(await status(userId()));
    expect(line).toMatch(/^Last self-test error: PostgreSQL: .*ECONNREFUSED 127\.0\.0\.1:1\b.*; Redis: /);
  });

  it('an administrator of another server sees the detail there as well, and a member there does not', async () => {
    expect(selfTestErrorLine(await status(betaAdmin.id, beta))).toContain('127.0.0.1:1');
    expect(selfTestErrorLine(await status(beta.members[1]!.id, beta))).not.toContain('127.0.0.1');
  });
});

describe('integer options', () => {
  function integerOptions(options: readonly APIApplicationCommandOption[] | undefined, path: string): Array<{ path: string; min: unknown; max: unknown }> {
    return (options ?? []).flatMap((option) => [
      ...('options' in option ? integerOptions(option.options, `${path} ${option.name}`) : []),
      ...(option.type === ApplicationCommandOptionType.Integer ? [{ path: `${path} ${option.name}`, min: option.min_value, max: option.max_value }] : []),
    ]);
  }

  it('are all registered with a minimum and a maximum an INTEGER column holds', () => {
    const registered = world.emulator.driver.commands().flatMap((command) => integerOptions(command.options, `/${command.name}`));
    expect(registered.map((option) => option.path).sort()).toEqual(['/purge amount', '/purgebot limit', '/raid_finish raid_id', '/settings attendance_minutes', '/settings attendance_window', '/settings autoclose_hours', '/settings event_hours', '/settings reminder_minutes']);
    for (const option of registered) {
      expect({ ...option, bounded: typeof option.min === 'number' && typeof option.max === 'number' && option.max <= INTEGER_COLUMN_MAX }).toEqual({
        ...option,
        bounded: true,
      });
    }
    expect(registered.find((option) => option.path === '/raid_finish raid_id')).toEqual({ path: '/raid_finish raid_id', min: 1, max: INTEGER_COLUMN_MAX });
  });

  it('beyond the registered maximum are not even sent by Discord’s client', async () => {
    const sent = world.emulator.driver.slash({ channelId: alpha.generalChannelId, userId: alpha.members[0]!.id, command: 'raid_finish', options: { raid_id: 2 ** 40 } });
    await expect(sent).rejects.toThrow(InteractionRefusedError);
    await expect(sent).rejects.toThrow(/at most 2147483647/);
  });

  it.each([
    ['/raid_finish raid_id:2^40', 'raid_finish', () => alpha.members[0]!.id, { raid_id: 2 ** 40 }, { option: 'raid_id', min: 1, max: INTEGER_COLUMN_MAX }],
    ['/raid_finish raid_id:0', 'raid_finish', () => alpha.members[0]!.id, { raid_id: 0 }, { option: 'raid_id', min: 1, max: INTEGER_COLUMN_MAX }],
    ['/purge amount:101', 'purge', () => alphaAdmin.id, { amount: 101 }, { option: 'amount', min: 1, max: 100 }],
    ['/purgebot limit:-1', 'purgebot', () => alphaAdmin.id, { scope: 'channel', limit: -1 }, { option: 'limit', min: 1, max: 5000 }],
    ['/settings reminder_minutes:1441', 'settings', () => alphaAdmin.id, { reminder_minutes: 1441 }, { option: 'reminder_minutes', min: 0, max: 1440 }],
  ])('sent anyway (%s) are refused privately, naming the range, and nothing runs', async (_label, command, userId, options, range) => {
    const linesBefore = world.bot.lines.length;
    const before = await raidRows(raid.raidId);
    const handle = forgedSlash(world.emulator, { channelId: alpha.generalChannelId, userId: userId(), command, options });
    const reply = await handle.reply(30_000);
    expect(reply.content).toBe(t('en-US', 'common.integerOutOfRange', range));
    expect(isEphemeral(reply)).toBe(true);
    expect(await raidRows(raid.raidId)).toEqual(before);
    await world.emulator.driver.settle({ quietMs: 300 });
    expect(world.bot.lines.slice(linesBefore).filter((line) => /ERROR|WARNING|out of range/.test(line.text))).toEqual([]);
  });

  it('the refusal speaks German to a German member', async () => {
    const handle = forgedSlash(world.emulator, { channelId: alpha.generalChannelId, userId: alpha.members[0]!.id, command: 'raid_finish', options: { raid_id: 2 ** 40 }, locale: 'de' });
    expect((await handle.reply(30_000)).content).toBe('`raid_id` muss eine ganze Zahl von 1 bis 2147483647 sein.');
  });
});

describe('components naming a raid of another server', () => {
  it('a finish button in Beta carrying Alpha’s raid finishes nothing, even for Beta’s administrator', async () => {
    const before = await raidRows(raid.raidId);
    const planner = world.emulator.driver.message(alpha.plannerChannelId, raid.plannerMessageId);
    const handle = forgedComponent(world.emulator, {
      channelId: beta.plannerChannelId,
      messageId: betaRaid.plannerMessageId,
      userId: betaAdmin.id,
      customId: raidFinishButtonId(raid.raidId),
    });
    const reply = await handle.reply(30_000);
    expect(reply.content).toBe(t('en-US', 'common.raidOfOtherServer'));
    expect(isEphemeral(reply)).toBe(true);
    await world.emulator.driver.settle({ quietMs: 300 });
    expect(await raidRows(raid.raidId)).toEqual(before);
    expect(world.emulator.driver.message(alpha.plannerChannelId, raid.plannerMessageId)).toEqual(planner);
    expect(await world.db.query('SELECT 1 FROM raid_attendance WHERE guild_id = $1', [alpha.guild.id])).toEqual([]);
  });

  it('a vote in Beta carrying Alpha’s raid counts nothing and leaves both planners as they were', async () => {
    const [day] = await world.db.query<{ id: number }>(`SELECT id FROM raid_options WHERE raid_id = $1 AND kind = 'day'`, [raid.raidId]);
    const alphaPlanner = world.emulator.driver.message(alpha.plannerChannelId, raid.plannerMessageId);
    const betaPlanner = world.emulator.driver.message(beta.plannerChannelId, betaRaid.plannerMessageId);
    const handle = forgedComponent(world.emulator, {
      channelId: beta.plannerChannelId,
      messageId: betaRaid.plannerMessageId,
      userId: beta.members[1]!.id,
      customId: raidVoteSelectId(raid.raidId, 'day'),
      values: [String(day!.id)],
      locale: 'de',
    });
    const reply = await handle.reply(30_000);
    expect(reply.content).toBe('Dieser Raid gehört zu einem anderen Server; es wurde nichts geändert.');
    expect(isEphemeral(reply)).toBe(true);
    await world.emulator.driver.settle({ quietMs: 300 });
    expect(await world.db.query('SELECT 1 FROM raid_votes WHERE raid_id = $1', [raid.raidId])).toEqual([]);
    expect(world.emulator.driver.message(alpha.plannerChannelId, raid.plannerMessageId)).toEqual(alphaPlanner);
    expect(world.emulator.driver.message(beta.plannerChannelId, betaRaid.plannerMessageId)).toEqual(betaPlanner);
  });

  it('the same custom ids in the raid’s own server still work', async () => {
    const [day] = await world.db.query<{ id: number }>(`SELECT id FROM raid_options WHERE raid_id = $1 AND kind = 'day'`, [raid.raidId]);
    const vote = forgedComponent(world.emulator, {
      channelId: alpha.plannerChannelId,
      messageId: raid.plannerMessageId,
      userId: alpha.members[1]!.id,
      customId: raidVoteSelectId(raid.raidId, 'day'),
      values: [String(day!.id)],
    });
    await vote.waitForFollowUps(1, 30_000);
    expect(await world.db.query('SELECT user_id FROM raid_votes WHERE raid_id = $1', [raid.raidId])).toEqual([{ user_id: alpha.members[1]!.id }]);
  });
});

describe('server commands sent from a DM', () => {
  // Registered for servers only, so Discord's client never offers them in a DM; another client can still send them.
  it.each([
    ['/status (every member)', 'status', 'en-US', {}],
    ['/raid_finish (every member)', 'raid_finish', 'de', { raid_id: 1 }],
    ['/settings (administrators)', 'settings', 'en-US', {}],
  ])('%s is refused privately in the member’s language, and nothing runs', async (_label, command, locale, options) => {
    const member = alpha.members[0]!.id;
    const before = await raidRows(raid.raidId);
    const linesBefore = world.bot.lines.length;
    const dm = world.emulator.world.dmChannel(world.emulator.bot.userId, member).id;
    const reply = await forgedSlash(world.emulator, { channelId: dm, userId: member, command, options, locale }).reply(30_000);
    expect(reply.content).toBe(t(locale, 'common.serverOnly'));
    expect(isEphemeral(reply)).toBe(true);
    await world.emulator.driver.settle({ quietMs: 300 });
    expect(await raidRows(raid.raidId)).toEqual(before);
    expect(world.bot.lines.slice(linesBefore).filter((line) => /ERROR|WARNING/.test(line.text))).toEqual([]);
  });
});

describe('the log channel', () => {
  it('received none of the refusals above as an error', async () => {
    // Finishing the raid logs at INFO: once that line is in the channel, everything logged before it is too.
    const finish = await world.emulator.driver.slash({ channelId: alpha.generalChannelId, userId: alpha.members[0]!.id, command: 'raid_finish', options: { raid_id: raid.displayId } });
    expect((await finish.reply(30_000)).content).toBe(t('en-US', 'finish.finished', { displayId: raid.displayId, count: 0 }));
    const logText = (): string => world.emulator.driver.messages(logChannelId).map((message) => message.content).join('\n');
    await waitUntil('the finish to reach the log channel', () => logText().includes(`raid ${raid.raidId} (guild ${alpha.guild.id}`), 30_000);
    expect(logText()).not.toMatch(/ERROR|CRITICAL|out of range/);
  });
});
