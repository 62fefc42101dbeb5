/**
 * The admin, privileged and operations commands of the built bot, end to end on the
 * local Discord emulator: each with a member who may and one who may not, and the
 * remote target rules (ambiguous, unknown, `Name (id)`) as the operator meets them.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PermissionFlagsBits, type APIMessage } from 'discord-api-types/v10';
import Redis from 'ioredis';
import type { Repositories } from '../../src/lib/db/repositories';
import { formatByteSize } from '../../src/lib/ops/byte-size';
import type { BotProcess } from '../support/bot-process';
import { InteractionRefusedError, type DiscordEmulator, type GuildFixture, type MemberFixture } from '../support/discord-emulator';
import { isEphemeral } from '../support/read-backs';
import { createWorld, type World } from '../support/world';

jest.setTimeout(60_000);

const DAY_MS = 24 * 60 * 60 * 1000;

let world: World;
let emulator: DiscordEmulator;
let repos: Repositories;
let redis: Redis;
let backupDir: string;

let alpha: GuildFixture;
let alphaTwin: GuildFixture;
let beta: GuildFixture;
let betaPlus: GuildFixture;
let general: string;
let raidListChannel: string;
let plannerChannel: string;
let participantsChannel: string;
let admin: MemberFixture;
let member: MemberFixture;
let operator: MemberFixture;
let germanMember: MemberFixture;

const bot = (): BotProcess => world.bot;

beforeAll(async () => {
  world = await createWorld();
  emulator = world.emulator;
  [alpha, alphaTwin, beta, betaPlus] = ['Alpha Raiders', 'alpha raiders', 'Beta Guild', 'Beta Guild Plus'].map((name) => emulator.driver.createGuild({ name })) as [GuildFixture, GuildFixture, GuildFixture, GuildFixture];
  repos = world.repos;
  redis = new Redis(world.redisUrl, { maxRetriesPerRequest: 1 });
  backupDir = world.env.BACKUP_DIR!;

  const { driver } = emulator;
  general = driver.createChannel(alpha.id, { name: 'general' }).id;
  plannerChannel = driver.createChannel(alpha.id, { name: 'planner' }).id;
  participantsChannel = driver.createChannel(alpha.id, { name: 'participants' }).id;
  raidListChannel = driver.createChannel(alpha.id, { name: 'raid-list' }).id;
  admin = driver.createMember(alpha.id, { username: 'admin', admin: true });
  member = driver.createMember(alpha.id, { username: 'member' });
  operator = driver.createMember(alpha.id, { username: 'operator' });
  germanMember = driver.createMember(alpha.id, { username: 'hans', locale: 'de' });
  // The bot may clean up messages in its server.
  driver.updateRole(alpha.id, alpha.botRoleId!, {
    permissions: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks |
      PermissionFlagsBits.ReadMessageHistory | PermissionFlagsBits.ManageMessages | PermissionFlagsBits.ManageRoles,
  });

  await repos.settings.ensureGuild(alpha.id, alpha.name);
  await repos.settings.saveChannels(alpha.id, { plannerChannelId: plannerChannel, participantsChannelId: participantsChannel, raidListChannelId: raidListChannel });

  await world.startBot({ env: { PRIVILEGED_USER_ID: operator.id } });
});

afterAll(async () => {
  redis?.disconnect();
  await world?.stop();
});

/** Runs a slash command and returns the bot's visible answer. */
async function run(userId: string, command: string, options: Record<string, string | number> = {}, channelId = general, locale?: string): Promise<APIMessage> {
  const handle = await emulator.driver.slash({ channelId, userId, command, options, ...(locale ? { locale } : {}) });
  return handle.reply(30_000);
}

function dmOf(userId: string): string {
  return emulator.world.dmChannel(emulator.bot.userId, userId).id;
}

function botMessage(channelId: string, content: string, timestamp?: number): string {
  return emulator.world.createMessage({ channelId, authorId: emulator.bot.userId, content, ...(timestamp !== undefined ? { timestamp } : {}) }).id;
}

describe('privileged commands refuse everyone but the operator', () => {
  it.each(['restart', 'backup_db', 'remote_guilds'])('/%s: an administrator who is not the operator gets an explicit private refusal', async (command) => {
    const reply = await run(admin.id, command);
    expect(reply.content).toBe('Only the bot owner can use this.');
    expect(isEphemeral(reply)).toBe(true);
    expect(bot().exited).toBe(false);
  });

  it('the refusal speaks the member’s language', async () => {
    const germanAdmin = emulator.driver.createMember(alpha.id, { username: 'anna', admin: true, locale: 'de' });
    const reply = await run(germanAdmin.id, 'remote_guilds', {}, general, 'de');
    expect(reply.content).toBe('Nur für den Bot-Betreiber erlaubt.');
  });

  it('Discord does not even offer them to members without Administrator', async () => {
    await expect(emulator.driver.slash({ channelId: general, userId: member.id, command: 'remote_guilds' })).rejects.toThrow(InteractionRefusedError);
    await expect(emulator.driver.slash({ channelId: general, userId: member.id, command: 'backup_db' })).rejects.toThrow(/lacks the permissions/);
  });

  it('a stranger in a DM with the bot is refused as well', async () => {
    const stranger = emulator.world.createUser({ username: 'stranger' });
    const reply = await run(stranger.id, 'remote_guilds', {}, dmOf(stranger.id));
    expect(reply.content).toBe('Only the bot owner can use this.');
  });
});

describe('/remote_guilds', () => {
  it('lists every connected server by name for the operator (in a DM, without any server role)', async () => {
    const reply = await run(operator.id, 'remote_guilds', {}, dmOf(operator.id));
    expect(reply.content).toBe(
      ['**Servers the bot is on (4)**', '• **Alpha Raiders**', '• **alpha raiders**', '• **Beta Guild**', '• **Beta Guild Plus**'].join('\n'),
    );
    expect(isEphemeral(reply)).toBe(true);
  });
});

describe('remote guild_name autocomplete', () => {
  it('offers the operator every server, twins with their id so that the choice resolves', async () => {
    const handle = await emulator.driver.autocomplete({
      channelId: dmOf(operator.id),
      userId: operator.id,
      command: 'remote_raidlist',
      focused: 'guild_name',
      value: 'alpha',
    });
    const ids = [alpha.id, alphaTwin.id].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    const names = Object.fromEntries([[alpha.id, 'Alpha Raiders'], [alphaTwin.id, 'alpha raiders']]);
    expect(await handle.choices()).toEqual(ids.map((id) => ({ name: names[id], value: `${names[id]} (${id})` })));
  });

  it('tells nobody else which servers the bot is on', async () => {
    const handle = await emulator.driver.autocomplete({ channelId: general, userId: admin.id, command: 'remote_raidlist', focused: 'guild_name', value: '' });
    expect(await handle.choices()).toEqual([]);
  });
});

describe('remote target resolution, as the operator meets it', () => {
  const dm = (): string => dmOf(operator.id);

  it('an exact name shared by two servers is ambiguous', async () => {
    const reply = await run(operator.id, 'remote_raidlist', { guild_name: 'ALPHA RAIDERS' }, dm());
    expect(reply.content).toBe('Several servers have this name. Please pick one from the list (the entry with the server ID).');
  });

  it('a part of several names is ambiguous', async () => {
    const reply = await run(operator.id, 'remote_raidlist', { guild_name: 'beta' }, dm());
    expect(reply.content).toBe('Several servers match. Please type more of the name or pick one from the list.');
  });

  it('a name no server has is unknown', async () => {
    const reply = await run(operator.id, 'remote_cancel_all_raids', { guild_name: 'Gamma' }, dm());
    expect(reply.content).toBe('No server the bot is on matches. Please pick one from the list.');
  });

  it('"Name (id)" with an id the bot is not on is refused', async () => {
    const reply = await run(operator.id, 'remote_cancel_all_raids', { guild_name: 'Alpha Raiders (123456789012345678)' }, dm());
    expect(reply.content).toBe('The bot is not on a server with the ID `123456789012345678`.');
  });

  it('blank input asks for a name', async () => {
    const reply = await run(operator.id, 'remote_raidlist', { guild_name: '   ' }, dm());
    expect(reply.content).toBe('Please enter a server name.');
  });

  it('"Name (id)" picks exactly that server: its raid list is posted', async () => {
    const reply = await run(operator.id, 'remote_raidlist', { guild_name: `Alpha Raiders (${alpha.id})` }, dm());
    expect(reply.content).toBe('Raid list of **Alpha Raiders** updated.');
    const list = await emulator.driver.waitForMessage(raidListChannel, (message) => message.author.id === emulator.bot.userId);
    expect(JSON.stringify(list.embeds)).toContain('Alpha Raiders');
  });

  it('a server without a raid list channel is told so', async () => {
    const reply = await run(operator.id, 'remote_raidlist', { guild_name: 'Beta Guild Plus' }, dm());
    expect(reply.content).toBe('**Beta Guild Plus** has no raid list channel configured.');
  });
});

describe('/remote_cancel_all_raids', () => {
  it('cancels every open raid of the named server and only there', async () => {
    const raid = (guildId: string, channelId: string) =>
      repos.raids.createRaid({ guildId, channelId, creatorId: member.id, dungeon: 'Nanos', days: ['Sat'], times: ['20:00'], minPlayers: 2 });
    await raid(alpha.id, plannerChannel);
    await raid(alpha.id, plannerChannel);
    const elsewhere = await raid(beta.id, plannerChannel);

    const reply = await run(operator.id, 'remote_cancel_all_raids', { guild_name: 'alpha raiders (' + alpha.id + ')' }, dmOf(operator.id));

    expect(reply.content).toBe('2 open raids on **Alpha Raiders** cancelled.');
    expect(await repos.raids.countOpenRaids(alpha.id)).toBe(0);
    expect((await repos.raids.openRaidsOfGuild(beta.id)).map((r) => r.id)).toEqual([elsewhere.raid.id]);
  });
});

describe('/status', () => {
  it('shows the configuration, the open raids and the last self-test with its error text to an administrator', async () => {
    await repos.raids.createRaid({ guildId: alpha.id, channelId: plannerChannel, creatorId: member.id, dungeon: 'Nanos', days: ['Sun'], times: ['18:00'], minPlayers: 0 });
    const lastSuccess = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
    await redis.hset(world.redisKeys.selfTestStatus, { lastSuccessAt: lastSuccess.toISOString(), lastError: 'redis: **timeout**' });

    // Members see only that a check failed (tests/e2e/untrusted-input.test.ts).
    const reply = await run(admin.id, 'status');

    const seconds = lastSuccess.getTime() / 1000;
    const lines = reply.content.split('\n');
    expect(lines[0]).toBe('**Bot status for Alpha Raiders**');
    expect(lines[1]).toBe(`Planner channel: <#${plannerChannel}>`);
    expect(lines[2]).toBe(`Participants channel: <#${participantsChannel}>`);
    expect(lines[3]).toBe(`Raid list channel: <#${raidListChannel}>`);
    expect(lines[4]).toMatch(new RegExp(`^Raid list message: https://discord.com/channels/${alpha.id}/${raidListChannel}/\\d+$`));
    expect(lines[5]).toBe('Open raids: **1**');
    expect(lines[6]).toBe(`Last successful self-test: <t:${seconds}:f> (<t:${seconds}:R>)`);
    expect(lines[7]).toBe('Last self-test error: redis: \\*\\*timeout\\*\\*');
    expect(isEphemeral(reply)).toBe(true);
  });

  it('says "not set" for a server nobody configured, in the member’s language', async () => {
    const channel = emulator.driver.createChannel(beta.id, { name: 'lobby' }).id;
    const betaMember = emulator.driver.createMember(beta.id, { username: 'b-member', locale: 'de' });
    const reply = await run(betaMember.id, 'status', {}, channel, 'de');
    expect(reply.content.split('\n').slice(0, 6)).toEqual([
      '**Bot-Status für Beta Guild**',
      'Planner-Channel: nicht gesetzt',
      'Participants-Channel: nicht gesetzt',
      'Raidlist-Channel: nicht gesetzt',
      'Raidlist-Nachricht: nicht gesetzt',
      `Offene Raids: **${await repos.raids.countOpenRaids(beta.id)}**`,
    ]);
  });
});

describe('/help2', () => {
  it('posts the guide publicly and confirms privately', async () => {
    const reply = await run(member.id, 'help2');
    expect(reply.content).toBe('Guide posted.');
    expect(isEphemeral(reply)).toBe(true);
    const guide = emulator.driver.lastMessage(general)!;
    expect(guide.author.id).toBe(emulator.bot.userId);
    expect(guide.content).toMatch(/^\*\*How raid planning works\*\*\n1\. An admin runs `\/settings`/);
    expect(isEphemeral(guide)).toBe(false);
  });

  it('refuses outside a text channel', async () => {
    const voice = emulator.driver.createChannel(alpha.id, { name: 'voice', type: 'voice' }).id;
    const reply = await run(germanMember.id, 'help2', {}, voice, 'de');
    expect(reply.content).toBe('Bitte nutze /help2 in einem Textchannel des Servers.');
  });

  it('says so when it may not post in the channel', async () => {
    const readOnly = emulator.driver.createChannel(alpha.id, {
      name: 'announcements-readonly',
      overwrites: [{ id: alpha.botRoleId!, type: 'role', deny: PermissionFlagsBits.SendMessages }],
    }).id;
    const reply = await run(member.id, 'help2', {}, readOnly);
    expect(reply.content).toBe('I could not post the guide here. Please check that I can view this channel and send messages in it.');
    expect(emulator.driver.messages(readOnly)).toEqual([]);
  });
});

describe('/purge', () => {
  it('deletes the newest messages, bulk where Discord allows and the older ones singly', async () => {
    const channel = emulator.driver.createChannel(alpha.id, { name: 'purge-me' }).id;
    const now = Date.now();
    const post = (content: string, ageMs: number) => emulator.driver.postMessage({ channelId: channel, userId: member.id, content, timestamp: now - ageMs });
    post('oldest', 40 * DAY_MS);
    post('old-kept', 30 * DAY_MS);
    post('old-1', 20 * DAY_MS);
    post('old-2', 15 * DAY_MS);
    post('new-1', 2 * DAY_MS);
    post('new-2', 60_000);
    post('new-3', 1_000);

    const reply = await run(admin.id, 'purge', { amount: 5 }, channel);

    expect(reply.content).toBe(
      '5 messages deleted.\n2 of them were older than 14 days and were deleted one by one (Discord deletes only newer messages in bulk).',
    );
    expect(emulator.driver.messages(channel).map((m) => m.content)).toEqual(['oldest', 'old-kept']);
    // One bulk call for the three recent ones, one call each for the two old ones.
    expect(emulator.driver.restCalls({ method: 'POST', path: `/channels/${channel}/messages/bulk-delete` })).toHaveLength(1);
    expect(emulator.driver.restCalls({ method: 'DELETE', path: new RegExp(`/channels/${channel}/messages/\\d+$`) })).toHaveLength(2);
  });

  it('uses 10 when no amount is given', async () => {
    const channel = emulator.driver.createChannel(alpha.id, { name: 'purge-default' }).id;
    for (let i = 0; i < 12; i += 1) emulator.driver.postMessage({ channelId: channel, userId: member.id, content: `m${i}` });
    const reply = await run(admin.id, 'purge', {}, channel);
    expect(reply.content).toBe('10 messages deleted.');
    expect(emulator.driver.messages(channel).map((m) => m.content)).toEqual(['m0', 'm1']);
  });

  it('explains which permission it lacks instead of failing', async () => {
    const channel = emulator.driver.createChannel(alpha.id, {
      name: 'no-manage',
      overwrites: [{ id: alpha.botRoleId!, type: 'role', deny: PermissionFlagsBits.ManageMessages }],
    }).id;
    emulator.driver.postMessage({ channelId: channel, userId: member.id, content: 'stays' });
    const reply = await run(admin.id, 'purge', { amount: 3 }, channel);
    expect(reply.content).toBe('I cannot delete messages here. I need these permissions in this channel: **Manage Messages**.');
    expect(emulator.driver.messages(channel)).toHaveLength(1);
  });

  it('is not offered to members without Administrator', async () => {
    await expect(emulator.driver.slash({ channelId: general, userId: member.id, command: 'purge' })).rejects.toThrow(/lacks the permissions/);
  });
});

describe('/purgebot', () => {
  it('channel scope deletes only the bot’s own messages among the newest `limit`', async () => {
    const channel = emulator.driver.createChannel(alpha.id, { name: 'bot-spam' }).id;
    // Oldest first: the emulator orders messages by their (back-dated) ids, as Discord does.
    botMessage(channel, 'bot-outside-limit', Date.now() - 30 * DAY_MS);
    botMessage(channel, 'bot-old', Date.now() - 20 * DAY_MS);
    emulator.driver.postMessage({ channelId: channel, userId: member.id, content: 'member-1' });
    botMessage(channel, 'bot-new');
    emulator.driver.postMessage({ channelId: channel, userId: member.id, content: 'member-2' });

    const reply = await run(admin.id, 'purgebot', { scope: 'channel', limit: 4 }, channel);

    expect(reply.content).toBe('Deleted 2 of my messages in this channel (checked the newest 4).');
    expect(emulator.driver.messages(channel).map((m) => m.content)).toEqual(['bot-outside-limit', 'member-1', 'member-2']);
  });

  it('a tracked message it deletes (the raid list) is posted again by the next refresh', async () => {
    await run(operator.id, 'remote_raidlist', { guild_name: `x (${alpha.id})` }, dmOf(operator.id));
    const listBefore = (await repos.settings.get(alpha.id))!.raidListMessageId!;
    expect(emulator.driver.message(raidListChannel, listBefore)).not.toBeNull();

    const reply = await run(admin.id, 'purgebot', { scope: 'channel' }, raidListChannel);
    expect(reply.content).toMatch(/^Deleted [1-9]\d* of my messages in this channel/);
    expect(emulator.driver.message(raidListChannel, listBefore)).toBeNull();

    await run(operator.id, 'remote_raidlist', { guild_name: `x (${alpha.id})` }, dmOf(operator.id));
    const listAfter = (await repos.settings.get(alpha.id))!.raidListMessageId!;
    expect(listAfter).not.toBe(listBefore);
    expect(emulator.driver.message(raidListChannel, listAfter)?.author.id).toBe(emulator.bot.userId);
  });

  it('server scope cleans every channel it may and counts the ones it must skip', async () => {
    const guild = emulator.driver.createGuild({
      name: 'Cleanup Guild',
      bot: { permissions: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.ReadMessageHistory | PermissionFlagsBits.ManageMessages },
    });
    const cleanupAdmin = emulator.driver.createMember(guild.id, { username: 'cleanup-admin', admin: true });
    const one = emulator.driver.createChannel(guild.id, { name: 'one' }).id;
    const two = emulator.driver.createChannel(guild.id, { name: 'two' }).id;
    const locked = emulator.driver.createChannel(guild.id, {
      name: 'locked',
      overwrites: [{ id: guild.botRoleId!, type: 'role', deny: PermissionFlagsBits.ManageMessages }],
    }).id;
    const empty = emulator.driver.createChannel(guild.id, { name: 'empty' }).id;
    botMessage(one, 'a');
    botMessage(one, 'b');
    botMessage(two, 'c');
    emulator.driver.postMessage({ channelId: two, userId: cleanupAdmin.id, content: 'human' });
    botMessage(locked, 'cannot');

    const reply = await run(cleanupAdmin.id, 'purgebot', { scope: 'server' }, empty);

    expect(reply.content).toBe(
      'Deleted 3 of my messages in 2 channel(s) (checked the newest 500 per channel).\n' +
        '1 channel was skipped: I need View Channel, Read Message History and Manage Messages there.',
    );
    expect(emulator.driver.messages(one)).toEqual([]);
    expect(emulator.driver.messages(two).map((m) => m.content)).toEqual(['human']);
    expect(emulator.driver.messages(locked).map((m) => m.content)).toEqual(['cannot']);
  });

  it('is not offered to members without Administrator', async () => {
    await expect(emulator.driver.slash({ channelId: general, userId: member.id, command: 'purgebot', options: { scope: 'channel' } })).rejects.toThrow(
      /lacks the permissions/,
    );
  });
});

describe('/backup_db', () => {
  it('writes the backup and names file and size', async () => {
    const reply = await run(operator.id, 'backup_db', {}, dmOf(operator.id));
    const file = join(backupDir, 'db_backup.sql');
    expect(existsSync(file)).toBe(true);
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(reply.content).toBe(`Backup written: \`db_backup.sql\` (${formatByteSize(size)}).`);
    expect(reply.content).toMatch(/\(\d+\.\d KiB\)/);
  });

  it('a failing backup is answered clearly and logged, and the previous backup stays', async () => {
    const previous = statSync(join(backupDir, 'db_backup.sql')).size;
    // The last table of the backup is missing: the export fails after writing all the others.
    await world.db.query('ALTER TABLE debug_mirror_cache RENAME TO debug_mirror_cache_away');
    try {
      const reply = await run(operator.id, 'backup_db', {}, dmOf(operator.id));
      expect(reply.content).toBe('The backup failed. Please check the logs.');
      await bot().waitForLine(/ERROR .*\/backup_db failed/, { timeoutMs: 5_000 });
      expect(statSync(join(backupDir, 'db_backup.sql')).size).toBe(previous);
      expect(readdirSync(backupDir)).toEqual(['db_backup.sql']);
    } finally {
      await world.db.query('ALTER TABLE debug_mirror_cache_away RENAME TO debug_mirror_cache');
    }
  });

  it('answers at once that a backup is already running while the lock is held', async () => {
    await redis.set(world.redisKeys.backupLock, 'someone-else', 'PX', 60_000);
    try {
      const reply = await run(operator.id, 'backup_db', {}, dmOf(operator.id));
      expect(reply.content).toBe('A backup is already running. Please try again when it has finished.');
    } finally {
      await redis.del(world.redisKeys.backupLock);
    }
  });
});
