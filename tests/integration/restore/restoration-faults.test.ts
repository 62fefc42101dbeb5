import { createLogger } from '../../../src/lib/logging';
import { restoreTrackedMessages } from '../../../src/lib/restore/restoration';
import { createRaidGuild, type RaidGuild } from '../../support/raid-guild';
import { botMessages, countCalls, MESSAGE_ROUTE, MESSAGES_ROUTE } from '../../support/read-backs';
import { startRestoreBed, type RestoreBed } from './support';

jest.setTimeout(60_000);

let bed: RestoreBed;
let healthy: RaidGuild;
let broken: RaidGuild;

async function restore() {
  return restoreTrackedMessages({ client: bed.client, repos: bed.repos, services: bed.services(), logger: createLogger('test.restore') });
}

function problemLines(since: number, text: string) {
  return bed.logs.slice(since).filter((record) => (record.level === 'WARNING' || record.level === 'ERROR') && record.message.includes(text));
}

beforeAll(async () => {
  bed = await startRestoreBed();
  healthy = await createRaidGuild(bed, 'Healthy');
  broken = await createRaidGuild(bed, 'Broken');
  for (const guild of [healthy, broken]) {
    const [m0, m1] = guild.members.map((member) => member.id) as [string, string];
    for (const day of ['Sat', 'Sun']) {
      await bed.createRaid(guild, { days: [day], times: ['20:00'], minPlayers: 0, votes: { [m0]: [[day], ['20:00']], [m1]: [[day], ['20:00']] } });
    }
  }
  await bed.login();
  await restore(); // everything posted once
});

afterAll(async () => {
  await bed?.close();
});

describe('restoration when Discord misbehaves', () => {
  it('answers 5xx for a while: retried, and the final state is right', async () => {
    const [raid] = await bed.repos.raids.openRaidsOfGuild(healthy.guild.id);
    bed.emulator.deleteMessageBehindBotsBack(healthy.plannerChannelId, raid!.messageId!);
    const fault = bed.emulator.faults.failNext({ method: 'POST', route: `/channels/${healthy.plannerChannelId}/messages`, status: 502, times: 2 });

    const report = await restore();

    expect(fault.hits).toBe(2);
    expect(report.raidsFailed).toBe(0);
    expect(report.rest.serverErrors).toBe(2);
    expect(botMessages(bed, healthy.plannerChannelId)).toHaveLength(2);
    const [again] = await bed.repos.raids.openRaidsOfGuild(healthy.guild.id);
    expect(bed.emulator.driver.message(healthy.plannerChannelId, again!.messageId!)).not.toBeNull();
  });

  it('answers 429 for a while: waited out, and the final state is right', async () => {
    const [raid] = await bed.repos.raids.openRaidsOfGuild(healthy.guild.id);
    bed.emulator.deleteMessageBehindBotsBack(healthy.plannerChannelId, raid!.messageId!);
    const fault = bed.emulator.faults.failNext({ route: /^\/channels\/\d+\/messages/, status: 429, retryAfter: 0.2, times: 3 });

    const report = await restore();

    expect(fault.hits).toBe(3);
    expect(report.rest.rateLimited).toBe(3);
    expect(report.raidsFailed).toBe(0);
    expect(botMessages(bed, healthy.plannerChannelId)).toHaveLength(2);
  });

  it('a deleted planner channel costs one log line, and every other message is still restored', async () => {
    bed.emulator.deleteChannel(broken.plannerChannelId);
    const [healthyRaid] = await bed.repos.raids.openRaidsOfGuild(healthy.guild.id);
    bed.emulator.deleteMessageBehindBotsBack(healthy.plannerChannelId, healthyRaid!.messageId!);
    const logsBefore = bed.logs.length;
    const since = bed.emulator.rest.calls.length;

    const report = await restore();

    expect(report.raidsFailed).toBe(2);
    expect(problemLines(logsBefore, broken.plannerChannelId)).toHaveLength(1);
    expect(countCalls(bed.callsSince(since), 'POST', MESSAGES_ROUTE)).toBe(1); // only the healthy planner
    expect(botMessages(bed, healthy.plannerChannelId)).toHaveLength(2);
  });

  it('a participants channel the bot may no longer write in costs one log line per restoration', async () => {
    bed.emulator.removeChannelPermission(broken.participantsChannelId, broken.guild.botRoleId!, ['SendMessages', 'ViewChannel']);
    for (const raid of await bed.repos.raids.openRaidsOfGuild(broken.guild.id)) {
      for (const slot of await bed.repos.postedSlots.slotsOfRaid(raid.id)) await bed.repos.postedSlots.remove(slot.id); // forces posts
    }
    const logsBefore = bed.logs.length;
    const since = bed.emulator.rest.calls.length;

    await restore();

    expect(problemLines(logsBefore, broken.participantsChannelId)).toHaveLength(1);
    const refused = bed.callsSince(since).filter((call) => call.path === `/channels/${broken.participantsChannelId}/messages` && call.status === 403);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(countCalls(bed.callsSince(since), 'PATCH', MESSAGE_ROUTE)).toBe(0);
  });
});
