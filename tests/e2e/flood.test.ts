/**
 * Nobody can flood a server: one member planning 25 days × 25 times with min players 1
 * and voting for everything qualifies 625 slots. The raid keeps a bounded number of
 * participant-list messages (the rest folded into one overview), every member is
 * pinged at most once per slot however often votes are toggled, the shared raid role
 * pings nobody, and the participants channel is free again for other raids at once.
 */
import { DateTime } from 'luxon';
import { t } from '../../src/lib/i18n';
import { formatDayLabel, formatTimeLabel } from '../../src/lib/time';
import type { MemberFixture } from '../support/discord-emulator';
import { type CreatedRaid, createRaidThroughBot, vote } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { botMessages } from '../support/read-backs';
import { PINNED_CLOCK } from '../support/test-clock';
import { waitUntil } from '../support/wait';
import { createWorld, type World } from '../support/world';
import { slotInstant } from '../../src/lib/time';

jest.setTimeout(180_000);

const LISTS_PER_RAID = 5;
// 25 dated days from tomorrow (the bot's clock is pinned) and 25 times, typed in the stored form.
const DAYS = Array.from({ length: 25 }, (_, index) => {
  const date = DateTime.fromISO('2026-03-27', { zone: 'UTC' }).plus({ days: index });
  return formatDayLabel({ year: date.year, month: date.month, day: date.day });
});
const TIMES = Array.from({ length: 25 }, (_, index) => formatTimeLabel({ hour: Math.floor((index * 55) / 60), minute: (index * 55) % 60 }));

let world: World;
let guild: RaidGuild;
let flooder: MemberFixture;
let bystander: MemberFixture;
let latecomer: MemberFixture;
let flood: CreatedRaid;

beforeAll(async () => {
  world = await createWorld({ env: PINNED_CLOCK });
  guild = await createRaidGuild(world, 'Flood Guild', 4);
  [flooder, bystander, latecomer] = guild.members as [MemberFixture, MemberFixture, MemberFixture];
  await world.startBot({ env: { PARTICIPANT_LISTS_PER_RAID: String(LISTS_PER_RAID) } });
});

afterAll(async () => {
  await world?.stop();
});

const participantsPosts = () => botMessages(world, guild.participantsChannelId);
const pingsOf = (userId: string) => world.emulator.driver.pings(guild.participantsChannelId).filter((ping) => ping.userId === userId);
const postedRows = async (raidId: number) =>
  world.db.query<{ day_label: string; time_label: string }>('SELECT day_label, time_label FROM raid_posted_slots WHERE raid_id = $1', [raidId]);

async function voteAll(raid: CreatedRaid, userId: string, kind: 'day' | 'time', labels: string[]): Promise<void> {
  await (await vote(world, guild.plannerChannelId, raid.plannerMessageId, userId, kind, labels)).reply();
}

describe('the 625-slot raid', () => {
  it('a bystander of another raid of the same dungeon holds the shared raid role', async () => {
    const other = await createRaidThroughBot(world, guild, bystander.id, { days: 'Sat', times: '20:00', minPlayers: '1' });
    await voteAll(other, bystander.id, 'day', ['Sat']);
    await voteAll(other, bystander.id, 'time', ['20:00']);
    await waitUntil('the bystander holds the raid role', () => {
      const role = world.emulator.driver.roles(guild.guild.id).find((candidate) => candidate.name === 'DMW Raid: Berserk Arena');
      return role !== undefined && world.emulator.driver.memberRoles(guild.guild.id, bystander.id).includes(role.id);
    });
    await world.emulator.driver.settle();
    expect(pingsOf(bystander.id)).toHaveLength(1); // their own list, once
  });

  it('posts at most the bound of list messages and pings the member at most once per slot shown', async () => {
    flood = await createRaidThroughBot(world, guild, flooder.id, { days: DAYS.join(', '), times: TIMES.join(', '), minPlayers: '1' });
    const postsBefore = participantsPosts().length;
    await voteAll(flood, flooder.id, 'day', DAYS);
    await voteAll(flood, flooder.id, 'time', TIMES);
    // Discord allows 5 posts per 5 s in a channel, and the bystander's list took one.
    await waitUntil('the lists and the overview are posted', async () => (await postedRows(flood.raidId)).length === LISTS_PER_RAID, 20_000, world);
    await world.emulator.driver.settle({ quietMs: 1_000 });

    const rows = await postedRows(flood.raidId);
    expect(rows).toHaveLength(LISTS_PER_RAID);
    const floodPosts = participantsPosts().slice(postsBefore);
    expect(floodPosts.length).toBeLessThanOrEqual(LISTS_PER_RAID);
    // Every qualified slot is still shown: by its Discord timestamp (in a list of its own, or on
    // one of the overview's first lines) or on a compact overview line naming its day and time
    // ("- Fri 2026-03-27, Sat 2026-03-28: 00:00, 00:55").
    const lines = floodPosts.flatMap((message) => message.content.split('\n'));
    const missing = DAYS.flatMap((day) => TIMES.map((time) => [day, time] as const)).filter(([day, time]) => {
      const stamp = `<t:${slotInstant(day, time, 'Europe/Berlin')!.toSeconds()}:F>`;
      return !lines.some((line) => line.includes(stamp) || (line.includes(day) && line.includes(time)));
    });
    expect(missing).toEqual([]);
    expect(rows.filter((row) => row.day_label === '' && row.time_label === '')).toHaveLength(1); // the overview
    for (const message of floodPosts) expect(message.content.length).toBeLessThanOrEqual(2_000);

    // The flooder is pinged once per slot with a list of its own, nobody else at all.
    expect(pingsOf(flooder.id)).toHaveLength(LISTS_PER_RAID - 1);
    expect(pingsOf(bystander.id)).toHaveLength(1);
    expect(world.emulator.driver.pings(guild.participantsChannelId).every((ping) => ping.via === 'user')).toBe(true);
  });

  it('toggling every time away and back re-posts the lists without pinging anyone again', async () => {
    const pingsBefore = world.emulator.driver.pings().length;
    await voteAll(flood, flooder.id, 'time', TIMES); // removes all 25
    await waitUntil('every list is taken down', async () => (await postedRows(flood.raidId)).length === 0, 20_000, world);
    await voteAll(flood, flooder.id, 'time', TIMES); // all 625 again
    await waitUntil('the lists are posted again', async () => (await postedRows(flood.raidId)).length === LISTS_PER_RAID, 20_000, world);
    await world.emulator.driver.settle({ quietMs: 1_000 });
    expect(world.emulator.driver.pings().filter((ping) => ping.userId === flooder.id)).toHaveLength(LISTS_PER_RAID - 1);
    expect(world.emulator.driver.pings().length).toBe(pingsBefore);
  });

  it('leaves the participants channel free: another raid’s list follows within seconds', async () => {
    const next = await createRaidThroughBot(world, guild, latecomer.id, { dungeon: 'Royal Base', days: 'Mon', times: '18:00', minPlayers: '1' });
    await voteAll(next, latecomer.id, 'day', ['Mon']);
    await voteAll(next, latecomer.id, 'time', ['18:00']);
    await waitUntil('the latecomer’s list is posted', async () => (await postedRows(next.raidId)).length === 1, 10_000, world);
    expect(pingsOf(latecomer.id)).toHaveLength(1);
  });
});

describe('vote changes', () => {
  it('more than the allowed changes within the window get a private "slow down" and change nothing', async () => {
    const raid = await createRaidThroughBot(world, guild, latecomer.id, { dungeon: 'Royal Base', days: 'Tue, Wed', times: '19:00', minPlayers: '2' });
    const voter = guild.members[3]!;
    for (let change = 0; change < 10; change += 1) await voteAll(raid, voter.id, 'day', ['Tue']);
    const votesBefore = await world.db.query('SELECT kind, option_label FROM raid_votes WHERE raid_id = $1 AND user_id = $2', [raid.raidId, voter.id]);
    const handle = await vote(world, guild.plannerChannelId, raid.plannerMessageId, voter.id, 'day', ['Wed'], 'de');
    const reply = await handle.reply();
    expect(reply.content).toBe(t('de', 'vote.tooFast', { seconds: 10 }));
    expect(reply.flags! & 64).toBe(64);
    expect(await world.db.query('SELECT kind, option_label FROM raid_votes WHERE raid_id = $1 AND user_id = $2', [raid.raidId, voter.id])).toEqual(votesBefore);
  });
});
