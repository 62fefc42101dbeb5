import { DiscordAPIError, HTTPError, Routes, type TextChannel } from 'discord.js';
import { startDiscordEmulator, type DiscordEmulator, type GuildFixture } from '../support/discord-emulator';
import { loginClient } from './client';

describe('Discord emulator rate limits and fault injection', () => {
  let emulator: DiscordEmulator;
  let guild: GuildFixture;
  let channelId: string;

  afterEach(async () => {
    await emulator.close();
  });

  async function start(options: Parameters<typeof startDiscordEmulator>[0] = {}) {
    emulator = await startDiscordEmulator(options);
    guild = emulator.driver.createGuild();
    channelId = emulator.driver.createChannel(guild.id, { name: 'planning' }).id;
  }

  /** Raw HTTP, the way a client that ignores the headers would hammer the API. */
  const raw = (method: string, path: string, body?: unknown) =>
    fetch(`${emulator.apiUrl}/v10${path}`, {
      method,
      headers: { Authorization: `Bot ${emulator.bot.token}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('answers the 6th message create within 5 s in one channel with 429, retry_after and Retry-After; other channels are separate buckets', async () => {
    await start();
    const responses = [];
    for (let i = 0; i < 6; i += 1) responses.push(await raw('POST', `/channels/${channelId}/messages`, { content: `m${i}` }));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(responses.map((r) => r.headers.get('x-ratelimit-remaining'))).toEqual(['4', '3', '2', '1', '0', '0']);
    for (const response of responses) {
      expect(response.headers.get('x-ratelimit-limit')).toBe('5');
      expect(Number(response.headers.get('x-ratelimit-reset-after'))).toBeGreaterThan(0);
      expect(Number(response.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
      expect(response.headers.get('x-ratelimit-bucket')).toBe(responses[0]!.headers.get('x-ratelimit-bucket'));
    }
    const limited = responses[5]!;
    const body = (await limited.json()) as { message: string; retry_after: number; global: boolean };
    expect(body.global).toBe(false);
    expect(body.retry_after).toBeGreaterThan(0);
    expect(body.retry_after).toBeLessThanOrEqual(5);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(body.retry_after);
    expect(emulator.driver.messages(channelId)).toHaveLength(5);
    const elsewhere = emulator.driver.createChannel(guild.id, { name: 'other' }).id;
    expect((await raw('POST', `/channels/${elsewhere}/messages`, { content: 'fine' })).status).toBe(200);
  });

  it('counts message edits in the same per-channel bucket as creates', async () => {
    await start();
    const first = (await (await raw('POST', `/channels/${channelId}/messages`, { content: 'a' })).json()) as { id: string };
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await raw('PATCH', `/channels/${channelId}/messages/${first.id}`, { content: `e${i}` })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const create = await raw('POST', `/channels/${channelId}/messages`, { content: 'b' });
    const edit = await raw('PATCH', `/channels/${channelId}/messages/${first.id}`, { content: 'c' });
    expect(create.headers.get('x-ratelimit-bucket')).toBe(edit.headers.get('x-ratelimit-bucket'));
  });

  it('lets discord.js honour the headers: a burst of sends all succeed without a single 429', async () => {
    await start({ rateLimits: { rules: [{ bucket: 'messages', routes: ['POST /channels/:channel_id/messages'], limit: 3, windowMs: 600 }] } });
    const client = await loginClient(emulator);
    try {
      const channel = client.channels.cache.get(channelId) as TextChannel;
      const started = Date.now();
      await Promise.all(Array.from({ length: 7 }, (_, i) => channel.send(`burst ${i}`)));
      const calls = emulator.driver.restCalls({ method: 'POST', route: '/channels/:channel_id/messages' });
      expect(calls.map((c) => c.status)).toEqual(Array(7).fill(200));
      expect(emulator.driver.messages(channelId)).toHaveLength(7);
      // 7 sends at 3 per window need three windows.
      expect(Date.now() - started).toBeGreaterThanOrEqual(2 * 600);
    } finally {
      await client.destroy();
    }
  });

  it('fault injection: the next 3 calls answer 503, discord.js retries and succeeds once', async () => {
    await start();
    const client = await loginClient(emulator);
    try {
      const fault = emulator.faults.failNext({ method: 'POST', route: '/channels/:channel_id/messages', times: 3, status: 503 });
      const sent = await (client.channels.cache.get(channelId) as TextChannel).send('after outage');
      expect(fault.hits).toBe(3);
      expect(fault.remaining).toBe(0);
      const calls = emulator.driver.restCalls({ method: 'POST', path: `/channels/${channelId}/messages` });
      expect(calls.map((c) => [c.status, c.injected])).toEqual([[503, true], [503, true], [503, true], [200, false]]);
      expect(emulator.driver.messages(channelId).map((m) => m.id)).toEqual([sent.id]);
    } finally {
      await client.destroy();
    }
  });

  it('fault injection: more 5xx than discord.js retries surfaces as an HTTPError', async () => {
    await start();
    const client = await loginClient(emulator);
    try {
      emulator.faults.failNext({ route: /\/messages$/, times: 4, status: 500 });
      const error = await client.rest.post(Routes.channelMessages(channelId), { body: { content: 'x' } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HTTPError);
      expect(error).toMatchObject({ status: 500 });
      expect(emulator.driver.messages(channelId)).toHaveLength(0);
    } finally {
      await client.destroy();
    }
  });

  it('fault injection: a 404 becomes DiscordAPIError 10008 without touching the message; 403 becomes 50013', async () => {
    await start();
    const client = await loginClient(emulator);
    try {
      const channel = client.channels.cache.get(channelId) as TextChannel;
      const sent = await channel.send('still here');
      emulator.faults.failNext({ method: 'GET', route: `/channels/${channelId}/messages/${sent.id}`, status: 404 });
      const missing = await channel.messages.fetch({ message: sent.id, force: true }).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(DiscordAPIError);
      expect(missing).toMatchObject({ code: 10008, status: 404 });
      expect((await channel.messages.fetch({ message: sent.id, force: true })).content).toBe('still here');

      emulator.faults.failNext({ method: 'PATCH', route: '/channels/:channel_id/messages/:message_id', status: 403 });
      await expect(sent.edit('nope')).rejects.toMatchObject({ code: 50013, status: 403 });
    } finally {
      await client.destroy();
    }
  });

  it('fault injection: an injected 429 makes discord.js wait retry_after and try again', async () => {
    await start();
    const client = await loginClient(emulator);
    try {
      emulator.faults.failNext({ method: 'POST', route: '/channels/:channel_id/messages', status: 429, retryAfter: 0.3 });
      const started = Date.now();
      await (client.channels.cache.get(channelId) as TextChannel).send('patient');
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      expect(emulator.driver.restCalls({ method: 'POST' }).map((c) => c.status)).toEqual([429, 200]);
    } finally {
      await client.destroy();
    }
  });
});
