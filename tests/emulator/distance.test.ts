import { Events } from 'discord.js';
import { NetworkDistance, OrderedDelivery } from '../support/discord-emulator/distance';
import { startDiscordEmulator, type DiscordEmulator } from '../support/discord-emulator';
import { loginClient } from './client';

/** The emulator puts a network between itself and the bot when asked (issue: fast at Discord's real distance). */

describe('NetworkDistance', () => {
  it('is zero by default: nothing waits', () => {
    const distance = new NetworkDistance({ roundTripMs: 0, jitterMs: 0 });
    expect(distance.zero).toBe(true);
    expect(distance.oneWayMs()).toBe(0);
  });

  it('one way is half the round trip, spread by the jitter, never negative', () => {
    const values = [0, 0.5, 0.999];
    const distance = new NetworkDistance({ roundTripMs: 100, jitterMs: 20, random: () => values.shift()! });
    expect([distance.oneWayMs(), distance.oneWayMs(), distance.oneWayMs()].map(Math.round)).toEqual([40, 50, 60]);
    expect(new NetworkDistance({ roundTripMs: 2, jitterMs: 100, random: () => 0 }).oneWayMs()).toBe(0);
  });

  it('delivers a stream in order even when the jitter would let a later message overtake', async () => {
    const delays = [0.999, 0]; // the first message gets the longest delay, the second the shortest
    const delivery = new OrderedDelivery(new NetworkDistance({ roundTripMs: 40, jitterMs: 30, random: () => delays.shift()! }));
    const received: number[] = [];
    await new Promise<void>((resolve) => {
      delivery.deliver(() => received.push(1));
      delivery.deliver(() => {
        received.push(2);
        resolve();
      });
    });
    expect(received).toEqual([1, 2]);
  });
});

describe('an emulator 200 ms away', () => {
  let emulator: DiscordEmulator;

  beforeAll(async () => {
    emulator = await startDiscordEmulator({ heartbeatIntervalMs: 5_000, roundTripMs: 200, jitterMs: 0 });
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('a REST request takes the round trip: half before Discord acts, half on the way back', async () => {
    const started = Date.now();
    const response = await fetch(`${emulator.apiUrl}/v10/gateway/bot`, { headers: { Authorization: `Bot ${emulator.bot.token}` } });
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    const [call] = emulator.rest.calls.slice(-1);
    // Discord saw it half a round trip after it arrived; the answer then travelled back.
    expect(call!.finishedAt! - call!.startedAt).toBeGreaterThanOrEqual(200);
  });

  it('a gateway event reaches the bot half a round trip after Discord sent it', async () => {
    const guild = emulator.driver.createGuild({ name: 'Far away' });
    const client = await loginClient(emulator);
    try {
      const arrived = new Promise<number>((resolve) => client.once(Events.ChannelCreate, () => resolve(Date.now())));
      const sent = Date.now();
      emulator.driver.createChannel(guild.id, { name: 'late' });
      expect((await arrived) - sent).toBeGreaterThanOrEqual(100);
    } finally {
      await client.destroy();
    }
  });
});
