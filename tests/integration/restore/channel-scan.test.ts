/**
 * Restoration reads channels in pages: tracked messages buried under members' chatter
 * are found by walking forward from the oldest of them, gone ones are known without a
 * read of their own, and only what a bounded scan could not settle is read singly.
 */
import { createLogger } from '../../../src/lib/logging';
import { scanChannel } from '../../../src/lib/restore/channel-scan';
import { restoreTrackedMessages } from '../../../src/lib/restore/restoration';
import { createRaidGuild, type RaidGuild } from '../../support/raid-guild';
import { countCalls, MESSAGE_ROUTE, MESSAGES_ROUTE } from '../../support/read-backs';
import { startRestoreBed, type RestoreBed } from './support';

jest.setTimeout(60_000);

let bed: RestoreBed;
let guild: RaidGuild;
const raidIds: number[] = [];

/** Restoration by fresh services, and the raid roles' member passes it schedules. */
async function restore() {
  const services = bed.services();
  const report = await restoreTrackedMessages({ client: bed.client, repos: bed.repos, services, logger: createLogger('test.restore'), sweepLeftovers: true });
  await services.roles.whenAllIdle();
  return report;
}

async function plannerMessageId(raidId: number): Promise<string> {
  const [row] = await bed.db.query<{ message_id: string }>('SELECT message_id FROM raids WHERE id = $1', [raidId]);
  return row!.message_id;
}

/** Members talk in the planner channel: `count` messages after everything so far. */
function chatter(count: number): void {
  const userId = guild.members[0]!.id;
  for (let index = 0; index < count; index++) bed.emulator.driver.postMessage({ channelId: guild.plannerChannelId, userId, content: `chatter ${index}` });
}

beforeAll(async () => {
  bed = await startRestoreBed();
  guild = await createRaidGuild(bed, 'Scan Guild');
  const [m0, m1] = guild.members.map((member) => member.id) as [string, string];
  for (let index = 0; index < 3; index++) {
    raidIds.push((await bed.createRaid(guild, { days: ['Sat'], times: ['20:00'], minPlayers: 2, votes: { [m0]: [['Sat'], ['20:00']], [m1]: [['Sat'], ['20:00']] } })).raid.id);
  }
  await bed.login();
  // First start: everything posted. Then the planners are buried: 150 messages after each.
  await restore();
});

afterAll(async () => {
  await bed?.close();
});

describe('restoration by channel', () => {
  it('finds planners older than the newest page by walking forward from the oldest, with no read per message and no write', async () => {
    // The planners were posted one after the other; bury the channel under 250 messages.
    chatter(250);
    const since = bed.emulator.rest.calls.length;
    const report = await restore();
    const calls = bed.callsSince(since);

    expect(calls.filter((call) => call.method !== 'GET')).toEqual([]);
    expect(countCalls(calls, 'GET', MESSAGE_ROUTE)).toBe(0);
    const plannerPages = calls.filter((call) => call.method === 'GET' && call.path === `/channels/${guild.plannerChannelId}/messages`);
    // The newest page (chatter only), then one page after the oldest planner holds all three.
    expect(plannerPages.map((call) => call.query.includes('after='))).toEqual([false, true]);
    expect(report.scan.unsettled).toBe(0);
  });

  it('a planner deleted among old messages is posted again without a read of its own', async () => {
    const deleted = await plannerMessageId(raidIds[1]!);
    bed.emulator.deleteMessageBehindBotsBack(guild.plannerChannelId, deleted);
    const since = bed.emulator.rest.calls.length;
    await restore();
    const calls = bed.callsSince(since);

    expect(countCalls(calls, 'GET', MESSAGE_ROUTE)).toBe(0);
    expect(countCalls(calls, 'POST', MESSAGES_ROUTE)).toBe(1);
    expect(countCalls(calls, 'PATCH', MESSAGE_ROUTE)).toBe(1); // the raid list links the new planner
    const reposted = await plannerMessageId(raidIds[1]!);
    expect(reposted).not.toBe(deleted);
    expect(bed.emulator.driver.message(guild.plannerChannelId, reposted)).not.toBeNull();
  });

  it('a scan bounded by its page budget leaves the rest unknown (read singly), never calls it gone', async () => {
    // Planner 0 and 2 are now 250+ messages apart from the newest page and from each other's pages.
    chatter(150);
    const tracked = new Set(await Promise.all(raidIds.map(plannerMessageId)));
    const scan = await scanChannel(bed.client, guild.plannerChannelId, tracked, 1);
    expect(scan.pages).toBe(1);
    expect(scan.gone).toEqual([]);
    expect(scan.found).toEqual([]);
    expect(scan.unsettled).toBe(3);

    const full = await scanChannel(bed.client, guild.plannerChannelId, tracked);
    expect(full.found.map((message) => message.id).sort()).toEqual([...tracked].sort());
    expect(full.gone).toEqual([]);
  });

  it('without Read Message History (Discord lists nothing) the scan proves nothing: single reads, nothing posted again', async () => {
    bed.emulator.removeChannelPermission(guild.plannerChannelId, guild.guild.botRoleId!, 'ReadMessageHistory');
    await bed.emulator.driver.settle();
    const since = bed.emulator.rest.calls.length;
    const report = await restore();
    const calls = bed.callsSince(since);

    const plannerReads = calls.filter((call) => call.method === 'GET' && call.path.startsWith(`/channels/${guild.plannerChannelId}/messages/`));
    expect(plannerReads).toHaveLength(3);
    expect(countCalls(calls, 'POST', MESSAGES_ROUTE)).toBe(0);
    expect(report.scan.unsettled).toBe(3);
    bed.emulator.grantChannelPermission(guild.plannerChannelId, guild.guild.botRoleId!, 'ReadMessageHistory');
  });
});
