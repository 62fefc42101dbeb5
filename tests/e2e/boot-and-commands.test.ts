/**
 * The first end-to-end suite: the unmodified bot boots against a fresh (empty)
 * database, registers exactly the commands of SPEC.md with their options and
 * permissions, answers /help, and keeps answering across gateway disconnects.
 */
import { ApplicationCommandOptionType, type APIApplicationCommand } from 'discord-api-types/v10';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createWorld, type World } from '../support/world';

jest.setTimeout(120_000);

const ADMIN = '8'; // PermissionFlagsBits.Administrator
const EVERYONE_COMMANDS = ['dungeonlist', 'help', 'help2', 'raid_finish', 'raidlist', 'raidplan', 'raidstats', 'status'];
const ADMIN_COMMANDS = ['cancel_all_raids', 'purge', 'purgebot', 'settings', 'template_config'];
const PRIVILEGED_COMMANDS = ['backup_db', 'remote_cancel_all_raids', 'remote_guilds', 'remote_raidlist', 'restart'];
const SPEC_COMMANDS = [...EVERYONE_COMMANDS, ...ADMIN_COMMANDS, ...PRIVILEGED_COMMANDS].sort();

let db: TestDatabase;
let world: World;
let channelId: string;
let memberId: string;

beforeAll(async () => {
  db = await createTestDatabase({ schema: 'empty' });
  world = await createWorld({ db, commands: SPEC_COMMANDS });
  const guild = world.driver.createGuild({ name: 'Fresh Guild' });
  await world.startBot();
  channelId = world.driver.createChannel(guild.id, { name: 'general' }).id;
  memberId = world.driver.createMember(guild.id, { username: 'newcomer' }).id;
});

afterAll(async () => {
  await world?.stop();
  await db?.drop();
});

function registered(): Map<string, APIApplicationCommand> {
  return new Map(world.driver.commands().map((command) => [command.name, command]));
}

async function helpAnswers(): Promise<string> {
  const handle = await world.driver.slash({ channelId, userId: memberId, command: 'help' });
  return (await handle.reply()).content;
}

describe('boot on a fresh database', () => {
  it('built the whole schema and seeded the 42-dungeon catalogue', async () => {
    const tables = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((row) => row.table_name)).toEqual([
      'debug_mirror_cache', 'dungeons', 'guild_settings', 'raid_attendance', 'raid_options',
      'raid_posted_slots', 'raid_templates', 'raid_votes', 'raids', 'user_levels',
    ]);
    expect(await db.query(`SELECT count(*)::int AS n FROM dungeons WHERE is_active`)).toEqual([{ n: 42 }]);
    // The guild the bot is in got its settings row, and nothing was posted uninvited.
    expect(await db.query(`SELECT guild_name FROM guild_settings`)).toEqual([{ guild_name: 'Fresh Guild' }]);
    expect(world.emulator.rest.calls.filter((call) => call.method === 'POST' && /\/channels\/\d+\/messages$/.test(call.path))).toEqual([]);
  });
});

describe('HTTP server without DASHBOARD_TOKEN', () => {
  it('answers the health checks, and serves neither the dashboard nor /metrics', async () => {
    const origin = `http://127.0.0.1:${world.env.DASHBOARD_PORT}`;
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    const ready = await fetch(`${origin}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
    expect((await fetch(`${origin}/metrics`)).status).toBe(404);
    expect((await fetch(`${origin}/admin/queues`)).status).toBe(404);
  });
});

describe('registered commands', () => {
  it('are exactly the commands of SPEC.md, none of the removed ones', () => {
    const names = [...registered().keys()].sort();
    expect(names).toEqual(SPEC_COMMANDS);
    for (const removed of ['attendance_list', 'attendance_mark', 'raid_vote', 'raid_options']) expect(names).not.toContain(removed);
  });

  it('hide admin and privileged commands behind Administrator, and leave the others open', () => {
    const commands = registered();
    for (const name of [...ADMIN_COMMANDS, ...PRIVILEGED_COMMANDS]) expect(commands.get(name)?.default_member_permissions).toBe(ADMIN);
    for (const name of EVERYONE_COMMANDS) expect(commands.get(name)?.default_member_permissions ?? null).toBeNull();
  });

  it('take the options of SPEC.md', () => {
    const commands = registered();
    const optionsOf = (name: string) =>
      (commands.get(name)?.options ?? []).map((option) => ({
        name: option.name,
        type: option.type,
        required: option.required ?? false,
        autocomplete: 'autocomplete' in option ? option.autocomplete ?? false : false,
        choices: 'choices' in option ? option.choices?.map((choice) => choice.value) : undefined,
        min: 'min_value' in option ? option.min_value : undefined,
        max: 'max_value' in option ? option.max_value : undefined,
      }));
    const string = ApplicationCommandOptionType.String;
    const integer = ApplicationCommandOptionType.Integer;
    expect(optionsOf('raidplan')).toEqual([{ name: 'dungeon', type: string, required: true, autocomplete: true, choices: undefined, min: undefined, max: undefined }]);
    expect(optionsOf('raid_finish')).toMatchObject([{ name: 'raid_id', type: integer, required: true }]);
    expect(optionsOf('template_config')).toMatchObject([{ name: 'enabled', type: ApplicationCommandOptionType.Boolean, required: true }]);
    expect(optionsOf('purge')).toMatchObject([{ name: 'amount', type: integer, required: false, min: 1, max: 100 }]);
    expect(optionsOf('purgebot')).toMatchObject([
      { name: 'scope', type: string, required: true, choices: ['channel', 'server'] },
      { name: 'limit', type: integer, required: false, min: 1, max: 5000 },
    ]);
    expect(optionsOf('raidstats')).toMatchObject([{ name: 'member', type: ApplicationCommandOptionType.User, required: false }]);
    for (const remote of ['remote_cancel_all_raids', 'remote_raidlist']) {
      expect(optionsOf(remote)).toMatchObject([{ name: 'guild_name', type: string, required: true, autocomplete: true }]);
    }
    expect(optionsOf('settings')).toMatchObject([
      { name: 'timezone', type: string, required: false, autocomplete: true },
      { name: 'reminder_minutes', type: integer, required: false, min: 0, max: 1440 },
      { name: 'autoclose_hours', type: integer, required: false, min: 1, max: 168 },
      { name: 'scheduled_events', type: ApplicationCommandOptionType.Boolean, required: false },
      { name: 'event_hours', type: integer, required: false, min: 1, max: 24 },
      { name: 'attendance_window', type: integer, required: false, min: 5, max: 240 },
      { name: 'attendance_minutes', type: integer, required: false, min: 1, max: 240 },
      { name: 'raid_voice_channel', type: ApplicationCommandOptionType.Channel, required: false },
      { name: 'raid_voice_any', type: ApplicationCommandOptionType.Boolean, required: false },
    ]);
    for (const plain of ['status', 'help', 'help2', 'restart', 'dungeonlist', 'raidlist', 'cancel_all_raids', 'remote_guilds', 'backup_db']) {
      expect(optionsOf(plain)).toEqual([]);
    }
  });

  it('carry German descriptions next to the English ones', () => {
    // A missing locale key would come back as the key itself ("commands.x.description").
    const texts = [...registered().values()].flatMap((command) => [
      command.description,
      command.description_localizations?.de,
      ...(command.options ?? []).flatMap((option) => [option.description, option.description_localizations?.de]),
    ]);
    for (const text of texts) {
      expect(text).toEqual(expect.any(String));
      expect(text).not.toMatch(/^commands\./);
    }
  });
});

describe('gateway disconnects', () => {
  it('/help answers before any disconnect', async () => {
    expect(await helpAnswers()).toMatch(/\/raidplan/);
  });

  it('after a dropped connection the bot resumes its session and keeps answering', async () => {
    const before = world.emulator.gateway.liveSession(world.emulator.bot.applicationId);
    const resumed = world.emulator.gateway.waitFor('resumed', { applicationId: world.emulator.bot.applicationId, timeoutMs: 30_000 });
    world.emulator.gateway.dropConnections({ resumable: true });
    const session = await resumed;
    expect(session.id).toBe(before?.id);
    expect(await helpAnswers()).toMatch(/\/raidplan/);
  });

  it('after an invalidated session the bot identifies anew and keeps answering', async () => {
    const before = world.emulator.gateway.liveSession(world.emulator.bot.applicationId);
    const ready = world.emulator.gateway.waitFor('ready', { applicationId: world.emulator.bot.applicationId, timeoutMs: 30_000 });
    world.emulator.gateway.dropConnections({ resumable: false });
    const session = await ready;
    expect(session.id).not.toBe(before?.id);
    await world.driver.settle();
    expect(await helpAnswers()).toMatch(/\/raidplan/);
    // A new session does not repeat start-up restoration: nothing new was posted.
    expect(world.emulator.rest.calls.filter((call) => call.method === 'POST' && /\/channels\/\d+\/messages$/.test(call.path))).toEqual([]);
  });
});
