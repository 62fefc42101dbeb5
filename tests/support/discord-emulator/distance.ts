/**
 * Network distance between the bot and the emulated Discord: a hosted bot is 50–150 ms
 * of round trip away from Discord. Each REST request waits half the round trip before
 * Discord acts on it and the other half before the bot sees the answer; each gateway
 * event waits half a round trip on its way to the bot, in order (a WebSocket is one
 * TCP stream, so jitter never reorders events). A small jitter (± half of `jitterMs`)
 * makes concurrent requests arrive in a realistic, not lockstep, order.
 *
 * Default 0 (ordinary tests); `DISCORD_EMULATOR_ROUND_TRIP_MS` (and
 * `DISCORD_EMULATOR_JITTER_MS`) set it for a whole run, e.g. the benchmarks at 100 ms.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface DistanceOptions {
  /** Round trip in ms (default 0, or DISCORD_EMULATOR_ROUND_TRIP_MS). */
  readonly roundTripMs?: number;
  /** Spread of each one-way delay in ms (default a tenth of the round trip, or DISCORD_EMULATOR_JITTER_MS). */
  readonly jitterMs?: number;
  /** Randomness in [0, 1) (tests pass their own). */
  readonly random?: () => number;
}

function fromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number of milliseconds >= 0 (got ${raw})`);
  return value;
}

export class NetworkDistance {
  public readonly roundTripMs: number;
  public readonly jitterMs: number;
  private readonly random: () => number;

  public constructor(options: DistanceOptions = {}) {
    this.roundTripMs = options.roundTripMs ?? fromEnv('DISCORD_EMULATOR_ROUND_TRIP_MS') ?? 0;
    this.jitterMs = options.jitterMs ?? fromEnv('DISCORD_EMULATOR_JITTER_MS') ?? this.roundTripMs / 10;
    this.random = options.random ?? Math.random;
  }

  public get zero(): boolean {
    return this.roundTripMs === 0 && this.jitterMs === 0;
  }

  /** One way: half the round trip, ± half the jitter, never negative. */
  public oneWayMs(): number {
    if (this.zero) return 0;
    return Math.max(0, this.roundTripMs / 2 + (this.random() - 0.5) * this.jitterMs);
  }

  /** Waits one way (resolves at once at zero distance). */
  public async travel(): Promise<void> {
    const ms = this.oneWayMs();
    if (ms > 0) await sleep(ms);
  }
}

/**
 * Delivers messages of one stream after one way each, in the order they were sent: a
 * message never overtakes the one before it.
 */
export class OrderedDelivery {
  private readonly queue: Array<{ readonly at: number; readonly send: () => void }> = [];
  private timer: NodeJS.Timeout | null = null;

  public constructor(private readonly distance: NetworkDistance) {}

  public deliver(send: () => void): void {
    if (this.distance.zero && this.queue.length === 0) {
      send();
      return;
    }
    const previous = this.queue.at(-1)?.at ?? 0;
    this.queue.push({ at: Math.max(Date.now() + this.distance.oneWayMs(), previous), send });
    this.schedule();
  }

  /** One timer for the head of the queue: a message is sent only after the one before it. */
  private schedule(): void {
    if (this.timer !== null || this.queue.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const now = Date.now();
      while (this.queue.length > 0 && this.queue[0]!.at <= now) this.queue.shift()!.send();
      this.schedule();
    }, Math.max(0, this.queue[0]!.at - Date.now()));
    this.timer.unref();
  }
}
