/**
 * Voice-verified attendance, the service (issue 13.1): follows voice states into the
 * voice log (Redis, one call per event), reconciles it with the gateway at start-up, and
 * judges a raid's qualified slots when it is finished. Voice data it cannot read in time
 * (Redis down) makes the finish fall back to the old rule, never fail.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../logging';
import type { GuildTime } from '../raids/services/guild-time';
import { instantOfSlot } from '../raids/schedule';
import { qualifiedSlots } from '../raids/slots';
import type { RaidState } from '../raids/types';
import { judgeAttendance, type AttendanceDecision } from './presence';
import { VoiceLog } from './voice-log';
import { shardOwnership, shardTag, type ShardOwnership } from '../sharding/ownership';

/** How often the running bot notes in Redis that it still follows voice states. */
export const WATCH_HEARTBEAT_MS = 60_000;

/** How long a finish waits for the voice data before it falls back. */
export const VOICE_READ_TIMEOUT_MS = 2_000;

const MINUTE_MS = 60_000;

export class VoiceAttendance {
  public constructor(
    private readonly redis: () => Promise<Redis>,
    private readonly prefix: string,
    private readonly time: Pick<GuildTime, 'of' | 'now' | 'clock'>,
    private readonly logger: Logger,
    /** Sharded: the heartbeat says which shards' servers this process watched (voice states arrive at the owner only). */
    private readonly shards: ShardOwnership = shardOwnership(null),
  ) {}

  private async log(): Promise<VoiceLog> {
    const { shards } = this;
    return new VoiceLog(await this.redis(), this.prefix, (guildId) => (shards.sharded ? shardTag(shards.shardOf(guildId), shards.shardCount) : null));
  }

  /** The heartbeat keys this process writes: one unsharded, one per owned shard. */
  private watchedTags(): (string | null)[] {
    const { shards } = this;
    return shards.sharded ? shards.shardIds.map((shard) => shardTag(shard, shards.shardCount)) : [null];
  }

  /** When this process began following voice states (ms, bot clock); null before ready. */
  private watchingSince: number | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  /** Ready: from now on this process follows voice states; a heartbeat records it every minute. */
  public startWatching(): void {
    if (this.watchingSince !== null) return;
    this.watchingSince = this.time.now().getTime();
    const beat = () => void this.beat();
    beat();
    // Every minute of the bot's clock (faster under a test clock), at least every quarter second.
    const period = Math.max(250, this.time.clock.realMsUntil(new Date(this.watchingSince + WATCH_HEARTBEAT_MS)));
    this.heartbeat = setInterval(beat, period);
    this.heartbeat.unref();
  }

  public dispose(): void {
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private async beat(): Promise<void> {
    try {
      const log = await this.log();
      const now = this.time.now().getTime();
      for (const tag of this.watchedTags()) await log.watching(this.watchingSince!, now, tag);
    } catch (error) {
      this.logger.warn('voice attendance: heartbeat not recorded', error);
    }
  }

  /** The start-up reconcile in progress: voice events wait for it, so none is overwritten by its snapshot. */
  private reconciling: Promise<unknown> = Promise.resolve();

  /** A member's voice channel changed (null: left voice). Never throws. */
  public async onVoiceState(guildId: string, userId: string, channelId: string | null): Promise<void> {
    await this.reconciling;
    try {
      await (await this.log()).move(guildId, userId, channelId, this.time.now().getTime());
    } catch (error) {
      this.logger.warn(`voice attendance: ${userId} in guild ${guildId} not recorded`, error);
    }
  }

  /**
   * Start-up: the log follows who is in voice now (see VoiceLog.reconcile), each
   * server's voice states read from the cache right before its turn; voice events that
   * arrive meanwhile are applied after it. Returns how many stretches changed.
   */
  public reconcile(guildIds: readonly string[], inVoiceOf: (guildId: string) => ReadonlyMap<string, string>): Promise<number> {
    const run = (async () => {
      const log = await this.log();
      let changed = 0;
      for (const guildId of guildIds) changed += await log.reconcile(guildId, inVoiceOf(guildId), this.time.now().getTime());
      return changed;
    })();
    this.reconciling = run.catch(() => undefined);
    return run;
  }

  /** Present / absent for every member of the raid's qualified slots at `now`; falls back per slot (see presence.ts). */
  public async judge(state: RaidState, now: Date): Promise<AttendanceDecision> {
    const preferences = await this.time.of(state.raid.guildId);
    const slots = qualifiedSlots(state).map((slot) => ({
      start: instantOfSlot(slot.day, slot.time, preferences.timeZone)?.getTime() ?? null,
      members: slot.userIds,
    }));
    const members = [...new Set(slots.flatMap((slot) => slot.members))];
    const read = members.length === 0 ? null : await this.readIntervals(state.raid.guildId, members, now.getTime());
    // This process watches the server until now, whatever its last heartbeat says — if it owns the server (sharded, another process may judge).
    const watchingHere = this.watchingSince !== null && this.shards.ownsGuild(state.raid.guildId);
    const watched = read === null ? null : !watchingHere ? read.watched : [...read.watched, { start: this.watchingSince!, end: now.getTime(), channelId: 'bot' }];
    return judgeAttendance(
      slots,
      now.getTime(),
      {
        windowMs: preferences.attendanceWindowMinutes * MINUTE_MS,
        minimumMs: preferences.attendanceMinimumMinutes * MINUTE_MS,
        channelId: preferences.raidVoiceChannelId,
      },
      read?.intervals ?? (members.length === 0 ? new Map() : null),
      watched,
    );
  }

  private async readIntervals(guildId: string, members: readonly string[], now: number) {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${VOICE_READ_TIMEOUT_MS} ms`)), VOICE_READ_TIMEOUT_MS);
      });
      return await Promise.race([this.log().then((log) => log.read(guildId, members, now)), timeout]);
    } catch (error) {
      this.logger.warn(`voice attendance: voice data of guild ${guildId} unavailable, attendance falls back to every participant present`, error);
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
}
