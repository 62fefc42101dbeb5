import { GuildScheduledEventStatus } from 'discord-api-types/v10';
import { startDiscordEmulator, type DiscordEmulator, type GuildFixture } from '../support/discord-emulator';
import { scheduledEventsOf } from '../support/discord-emulator/scheduled-events';

describe('Discord emulator guild scheduled events', () => {
  let emulator: DiscordEmulator;
  let guild: GuildFixture;

  afterEach(async () => {
    await emulator.close();
  });

  async function start(options: Parameters<typeof startDiscordEmulator>[0] = {}, permissions: 'ManageEvents' | 'ViewChannel' = 'ManageEvents') {
    emulator = await startDiscordEmulator(options);
    guild = emulator.driver.createGuild({ bot: { permissions: ['ViewChannel', permissions] } });
  }

  const raw = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
    const response = await fetch(`${emulator.apiUrl}/v10${path}`, {
      method,
      headers: { Authorization: `Bot ${emulator.bot.token}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: response.status === 204 ? {} : ((await response.json()) as Record<string, unknown>) };
  };

  const hoursAhead = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
  const external = (overrides: Record<string, unknown> = {}) => ({
    name: 'Raid',
    privacy_level: 2,
    entity_type: 3,
    scheduled_start_time: hoursAhead(1),
    scheduled_end_time: hoursAhead(3),
    entity_metadata: { location: 'https://discord.com/channels/1/2/3' },
    ...overrides,
  });
  const events = () => `/guilds/${guild.id}/scheduled-events`;

  it('creates, reads with the interested count, keeps the interested members across a PATCH and deletes', async () => {
    await start();
    const created = await raw('POST', events(), external());
    expect(created.status).toBe(200);
    const id = created.json.id as string;
    expect(created.json).toMatchObject({ status: GuildScheduledEventStatus.Scheduled, entity_type: 3, entity_metadata: { location: 'https://discord.com/channels/1/2/3' } });
    scheduledEventsOf(emulator.state).setInterested(guild.id, id, ['11', '12']);
    expect((await raw('PATCH', `${events()}/${id}`, { name: 'Raid, changed', scheduled_start_time: hoursAhead(2) })).json).toMatchObject({ name: 'Raid, changed' });
    expect((await raw('GET', `${events()}/${id}?with_user_count=true`)).json).toMatchObject({ id, name: 'Raid, changed', user_count: 2 });
    expect((await raw('GET', `${events()}?with_user_count=true`)).json).toEqual([expect.objectContaining({ id, user_count: 2 })]);
    expect((await raw('DELETE', `${events()}/${id}`)).status).toBe(204);
    expect(await raw('GET', `${events()}/${id}`)).toEqual({ status: 404, json: { code: 10070, message: 'Unknown Guild Scheduled Event' } });
  });

  it('allows only the status changes Discord allows, and no edits once an event ended', async () => {
    await start();
    const id = (await raw('POST', events(), external())).json.id as string;
    const status = async (value: number) => (await raw('PATCH', `${events()}/${id}`, { status: value })).status;
    expect(await status(GuildScheduledEventStatus.Completed)).toBe(400);
    expect(await status(GuildScheduledEventStatus.Active)).toBe(200);
    expect(await status(GuildScheduledEventStatus.Scheduled)).toBe(400);
    expect(await status(GuildScheduledEventStatus.Canceled)).toBe(400);
    expect(await status(GuildScheduledEventStatus.Completed)).toBe(200);
    expect((await raw('PATCH', `${events()}/${id}`, { name: 'again' })).status).toBe(400);
    expect(scheduledEventsOf(emulator.state).get(guild.id, id).history).toEqual(['created', 'status 2', 'status 3']);
  });

  it('refuses a start in the past, an external event without location or end, and a bot without Manage Events', async () => {
    await start();
    expect((await raw('POST', events(), external({ scheduled_start_time: hoursAhead(-1) }))).status).toBe(400);
    expect((await raw('POST', events(), external({ entity_metadata: null }))).status).toBe(400);
    expect((await raw('POST', events(), external({ scheduled_end_time: null }))).status).toBe(400);
    expect((await raw('POST', events(), external({ scheduled_end_time: hoursAhead(0.5) }))).status).toBe(400);
    expect(scheduledEventsOf(emulator.state).ofGuild(guild.id)).toEqual([]);
    // The spec itself rules out an external event without its location or end: the contract reports those two.
    expect(emulator.requestContract.takeViolations().map((violation) => violation.pointer)).toEqual(['/entity_metadata', '/entity_type', '/entity_type']);
    await emulator.close();
    await start({}, 'ViewChannel');
    expect(await raw('POST', events(), external())).toMatchObject({ status: 403, json: { code: 50013 } });
  });

  it('limits creations per guild and minute (429), and refuses the 101st uncompleted event with 30038', async () => {
    await start();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await raw('POST', events(), external())).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    await emulator.close();
    await start({ rateLimits: { disabled: true } });
    for (let i = 0; i < 100; i += 1) expect((await raw('POST', events(), external())).status).toBe(200);
    expect(await raw('POST', events(), external())).toMatchObject({ status: 400, json: { code: 30038 } });
    // A completed event no longer counts.
    const [first] = scheduledEventsOf(emulator.state).ofGuild(guild.id);
    await raw('PATCH', `${events()}/${first!.id}`, { status: GuildScheduledEventStatus.Active });
    await raw('PATCH', `${events()}/${first!.id}`, { status: GuildScheduledEventStatus.Completed });
    expect((await raw('POST', events(), external())).status).toBe(200);
  });
});
