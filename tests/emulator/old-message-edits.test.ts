import { startDiscordEmulator, type DiscordEmulator } from '../support/discord-emulator';

/** Discord's limit on edits of messages older than an hour (30046), on demand. */

let emulator: DiscordEmulator;
let channelId: string;

async function call(method: string, path: string, body?: object): Promise<{ status: number; body: { id?: string; code?: number; message?: string } }> {
  const response = await fetch(`${emulator.apiUrl}/v10${path}`, {
    method,
    headers: { Authorization: `Bot ${emulator.bot.token}`, 'Content-Type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as { id?: string; code?: number } };
}

async function post(content: string): Promise<string> {
  return (await call('POST', `/channels/${channelId}/messages`, { content })).body.id!;
}

function edit(messageId: string, content: string) {
  return call('PATCH', `/channels/${channelId}/messages/${messageId}`, { content });
}

beforeAll(async () => {
  emulator = await startDiscordEmulator({ heartbeatIntervalMs: 5_000, rateLimits: { disabled: true } });
  const guild = emulator.driver.createGuild({ name: 'Old Messages' });
  channelId = emulator.driver.createChannel(guild.id, { name: 'planner' }).id;
});

afterEach(() => emulator.oldMessageEdits.reset());

afterAll(async () => {
  await emulator.close();
});

describe('edits of messages older than an hour', () => {
  it('are unlimited by default', async () => {
    const id = await post('a');
    emulator.oldMessageEdits.advance(2 * 60 * 60 * 1000);
    for (let index = 0; index < 5; index++) expect((await edit(id, `a${index}`)).status).toBe(200);
  });

  it('past the limit per channel: 400 with code 30046 and Discord\'s words, nothing changed; new messages and the next hour edit again', async () => {
    const old = await post('old');
    const other = await post('other old');
    emulator.oldMessageEdits.advance(61 * 60 * 1000);
    const fresh = await post('fresh');
    emulator.oldMessageEdits.limit({ editsPerHour: 2 });

    expect((await edit(old, 'o1')).status).toBe(200);
    expect((await edit(other, 'x1')).status).toBe(200);
    const refused = await edit(old, 'o2');
    expect(refused).toEqual({ status: 400, body: { code: 30046, message: 'Maximum number of edits to messages older than 1 hour reached. Try again later' } });
    expect(emulator.driver.message(channelId, old)!.content).toBe('o1');
    expect(emulator.oldMessageEdits.refused).toBe(1);
    expect((await edit(fresh, 'f1')).status).toBe(200); // younger than an hour: not limited

    emulator.oldMessageEdits.advance(60 * 60 * 1000);
    expect((await edit(old, 'o3')).status).toBe(200);
  });

  it('per message: one message refused, the others of the channel still edited', async () => {
    const a = await post('a');
    const b = await post('b');
    emulator.oldMessageEdits.advance(61 * 60 * 1000);
    emulator.oldMessageEdits.limit({ editsPerHour: 1, scope: 'message' });
    expect((await edit(a, 'a1')).status).toBe(200);
    expect((await edit(a, 'a2')).body.code).toBe(30046);
    expect((await edit(b, 'b1')).status).toBe(200);
  });

  it('a switch per message or channel, and an age per message', async () => {
    const a = await post('a');
    const b = await post('b');
    const block = emulator.oldMessageEdits.block({ messageId: a });
    expect((await edit(a, 'a1')).status).toBe(200); // young: the block does not apply
    emulator.oldMessageEdits.age(a, 2 * 60 * 60 * 1000);
    expect(emulator.oldMessageEdits.isOld(a)).toBe(true);
    expect(emulator.oldMessageEdits.isOld(b)).toBe(false);
    expect((await edit(a, 'a2')).body.code).toBe(30046);
    expect((await edit(b, 'b1')).status).toBe(200);
    expect(block.hits).toBe(1);
    block.cancel();
    expect((await edit(a, 'a3')).status).toBe(200);

    emulator.oldMessageEdits.advance(2 * 60 * 60 * 1000);
    const channel = emulator.oldMessageEdits.block({ channelId });
    expect((await edit(b, 'b2')).body.code).toBe(30046);
    channel.cancel();
  });
});
