import { DebugMirror } from '../../../src/lib/debug-mirror/debug-mirror';
import { memberListMirrorKey, raidListMirrorKey } from '../../../src/lib/db/repositories/debug-mirror-repository';
import { createLogger } from '../../../src/lib/logging';
import type { RaidServices } from '../../../src/lib/raids/services';
import { createRaidGuild, type RaidGuild } from '../../support/raid-guild';
import { countCalls, MESSAGE_ROUTE, MESSAGES_ROUTE } from '../../support/read-backs';
import { startRestoreBed, type RestoreBed } from './support';

jest.setTimeout(60_000);

let bed: RestoreBed;
let guild: RaidGuild;
let raidListDebugChannelId: string;
let memberListDebugChannelId: string;
let raidId: number;

/** A mirror as a (re)started process has it: nothing verified yet. */
function newMirror(): DebugMirror {
  return new DebugMirror(bed.client, bed.repos, { raidList: raidListDebugChannelId, memberList: memberListDebugChannelId }, createLogger('test.mirror'));
}

async function cacheRow(key: string) {
  const [row] = await bed.db.query<{ message_id: string; payload_hash: string; raid_id: string | null; kind: string }>(
    'SELECT message_id, payload_hash, raid_id, kind FROM debug_mirror_cache WHERE cache_key = $1',
    [key],
  );
  return row ?? null;
}

beforeAll(async () => {
  bed = await startRestoreBed();
  guild = await createRaidGuild(bed, 'Mirrored');
  const operators = bed.emulator.driver.createGuild({ name: 'Operators', preferredLocale: 'de' });
  raidListDebugChannelId = bed.emulator.driver.createChannel(operators.id, { name: 'raidlist-debug' }).id;
  memberListDebugChannelId = bed.emulator.driver.createChannel(operators.id, { name: 'memberlist-debug' }).id;
  const [m0, m1] = guild.members.map((member) => member.id) as [string, string];
  raidId = (await bed.createRaid(guild, { days: ['Sat'], times: ['20:00'], minPlayers: 2, votes: { [m0]: [['Sat'], ['20:00']], [m1]: [['Sat'], ['20:00']] } })).raid.id;
  await bed.login();
});

afterAll(async () => {
  await bed?.close();
});

describe('debug mirror', () => {
  it('posts each summary once, in the debug guild\'s language, pinging nobody, and remembers it by hash', async () => {
    const mirror = newMirror();
    const since = bed.emulator.rest.calls.length;
    await mirror.mirrorRaidList(guild.guild.id);
    await mirror.mirrorMemberList(raidId);
    const posts = bed.callsSince(since).filter((call) => call.method === 'POST');

    expect(posts.map((call) => call.path)).toEqual([`/channels/${raidListDebugChannelId}/messages`, `/channels/${memberListDebugChannelId}/messages`]);
    for (const post of posts) expect((post.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({ parse: [] });
    const memberList = bed.emulator.driver.lastMessage(memberListDebugChannelId)!;
    const [m0, m1] = guild.members.map((member) => member.id) as [string, string];
    expect(memberList.content).toBe(`Memberlist-Debug · Server \`${guild.guild.id}\` · Raid \`1\`\n- Sat 20:00: <@${m0}>, <@${m1}>`);
    expect(memberList.mentions).toEqual([]); // nobody pinged
    expect(await cacheRow(raidListMirrorKey(guild.guild.id))).toMatchObject({ kind: 'raidlist', raid_id: null, message_id: bed.emulator.driver.lastMessage(raidListDebugChannelId)!.id });
    expect(await cacheRow(memberListMirrorKey(guild.guild.id, raidId))).toMatchObject({ kind: 'memberlist', raid_id: String(raidId), message_id: memberList.id });

    const again = bed.emulator.rest.calls.length;
    await mirror.mirrorRaidList(guild.guild.id);
    await mirror.mirrorMemberList(raidId);
    expect(bed.callsSince(again)).toEqual([]); // unchanged: no Discord call at all
  });

  it('a restarted process checks each mirror once, and re-posts one that was deleted meanwhile', async () => {
    const memberListMessage = (await cacheRow(memberListMirrorKey(guild.guild.id, raidId)))!.message_id;
    bed.emulator.deleteMessageBehindBotsBack(memberListDebugChannelId, memberListMessage);
    const mirror = newMirror();
    const since = bed.emulator.rest.calls.length;
    await mirror.mirrorRaidList(guild.guild.id);
    await mirror.mirrorMemberList(raidId);
    const calls = bed.callsSince(since);

    expect(countCalls(calls, 'GET', MESSAGE_ROUTE)).toBe(2);
    expect(countCalls(calls, 'POST', MESSAGES_ROUTE)).toBe(1);
    expect((await cacheRow(memberListMirrorKey(guild.guild.id, raidId)))!.message_id).toBe(bed.emulator.driver.lastMessage(memberListDebugChannelId)!.id);
    expect(bed.emulator.driver.messages(memberListDebugChannelId)).toHaveLength(1);
  });

  it('edits a mirror whose summary changed, and follows the raid services', async () => {
    const services: RaidServices = bed.services();
    const mirror = newMirror();
    const stop = mirror.follow(services);
    const [, , m2] = guild.members.map((member) => member.id) as [string, string, string];
    await bed.repos.raids.toggleVotes(raidId, m2, 'day', ['Sat']);
    await bed.repos.raids.toggleVotes(raidId, m2, 'time', ['20:00']);
    const before = (await cacheRow(memberListMirrorKey(guild.guild.id, raidId)))!;
    const since = bed.emulator.rest.calls.length;

    await services.slots.sync(raidId);
    await mirror.whenIdle();
    stop();

    const edits = bed.callsSince(since).filter((call) => call.method === 'PATCH' && call.path.startsWith(`/channels/${memberListDebugChannelId}/`));
    expect(edits).toHaveLength(1);
    const after = (await cacheRow(memberListMirrorKey(guild.guild.id, raidId)))!;
    expect(after.message_id).toBe(before.message_id);
    expect(after.payload_hash).not.toBe(before.payload_hash);
    expect(bed.emulator.driver.message(memberListDebugChannelId, after.message_id)!.content).toContain(`<@${m2}>`);
  });

  it('forgets the member list of a raid that ended when the raid list is refreshed, and mirrors the shorter list', async () => {
    const services = bed.services();
    const mirror = newMirror();
    const stop = mirror.follow(services);
    const outcome = await services.closing.finish(raidId, { userId: guild.guild.ownerId, guildId: guild.guild.id, mayFinishAnyRaid: true });
    expect(outcome.kind).toBe('finished');
    await mirror.whenIdle();
    stop();

    expect(await cacheRow(memberListMirrorKey(guild.guild.id, raidId))).toBeNull();
    const raidList = bed.emulator.driver.message(raidListDebugChannelId, (await cacheRow(raidListMirrorKey(guild.guild.id)))!.message_id)!;
    expect(raidList.content).toContain('Keine offenen Raids.');
  });

  it('skips an unusable debug channel with one log line', async () => {
    bed.emulator.deleteChannel(memberListDebugChannelId);
    const [m0] = guild.members.map((member) => member.id) as [string];
    const logsBefore = bed.logs.length;
    const mirror = newMirror();
    for (const day of ['Mon', 'Tue']) {
      const state = await bed.createRaid(guild, { days: [day], times: ['18:00'], minPlayers: 1, votes: { [m0]: [[day], ['18:00']] } });
      await expect(mirror.mirrorMemberList(state.raid.id)).resolves.toBeUndefined();
    }
    const lines = bed.logs.slice(logsBefore).filter((record) => record.message.includes(memberListDebugChannelId));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.level).toBe('WARNING');
  });
});
