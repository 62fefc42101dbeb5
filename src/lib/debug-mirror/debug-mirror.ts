/**
 * Debug mirrors: a text summary of every guild's raid list and of every open raid's
 * qualified slots, posted into the operator's debug channels
 * (RAIDLIST_DEBUG_CHANNEL_ID, MEMBERLIST_DEBUG_CHANNEL_ID). One message per summary,
 * remembered in `debug_mirror_cache` with the hash of its text: an unchanged summary
 * costs no Discord call, a changed one is edited, a deleted one is posted again. The
 * first time this process meets a summary it checks the message still exists, so a
 * restart repairs mirrors deleted while the bot was down. Mentions never ping.
 */
import type { EventEmitter } from 'node:events';
import type { Client } from 'discord.js';
import type { Config } from '../../config';
import { KeyedCoalescer } from '../concurrency/coalescer';
import { ChannelUnavailableError } from '../discord/errors';
import { MessagePublisher } from '../discord/message-publisher';
import type { DebugMirrorRepository } from '../db/repositories/debug-mirror-repository';
import { memberListMirrorKey, raidListMirrorKey, type DebugMirrorKind } from '../db/repositories/debug-mirror-repository';
import { resolveLocale, type Locale } from '../i18n';
import { createLogger, type Logger } from '../logging';
import type { RaidServiceRepositories } from '../raids/services/context';
import { memberListMirrorText, mirrorHash, mirrorPayload, raidListMirrorText } from './render';

export interface DebugMirrorChannels {
  /** RAIDLIST_DEBUG_CHANNEL_ID; null when off. */
  readonly raidList: string | null;
  /** MEMBERLIST_DEBUG_CHANNEL_ID; null when off. */
  readonly memberList: string | null;
}

export interface DebugMirrorRepositories extends Pick<RaidServiceRepositories, 'raids' | 'settings'> {
  readonly debugMirror: DebugMirrorRepository;
}

/** The raid services' announcements the mirror follows (see RaidListService / SlotSyncService `events`). */
export interface MirroredServices {
  readonly raidList: { readonly events: Pick<EventEmitter<{ refreshing: [guildId: string] }>, 'on' | 'off'> };
  readonly slots: { readonly events: Pick<EventEmitter<{ synced: [raidId: number] }>, 'on' | 'off'> };
}

interface MirrorTarget {
  readonly cacheKey: string;
  readonly kind: DebugMirrorKind;
  readonly guildId: string;
  readonly raidId: number | null;
  readonly channelId: string;
  readonly text: string;
}

export class DebugMirror {
  private readonly coalescer: KeyedCoalescer;
  private readonly publisher: MessagePublisher;
  /** Mirrors started by `follow`, so `whenIdle` also waits for the ones not yet queued. */
  private readonly following = new Set<Promise<void>>();

  public constructor(
    private readonly client: Client,
    private readonly repos: DebugMirrorRepositories,
    private readonly channels: DebugMirrorChannels,
    private readonly logger: Logger,
  ) {
    this.publisher = new MessagePublisher(client.rest, (error) =>
      this.logger.warn(`debug mirror: channel ${error.channelId} is unavailable (${error.reason}); mirrors into it are skipped`),
    );
    this.coalescer = new KeyedCoalescer({ onError: (key, error) => this.logger.error(`debug mirror ${key} failed`, error) });
  }

  public get enabled(): boolean {
    return this.channels.raidList !== null || this.channels.memberList !== null;
  }

  /** Mirrors the guild's raid list summary (after the raid list was refreshed); guilds without a raid list have nothing to mirror. */
  public mirrorRaidList(guildId: string): Promise<void> {
    const channelId = this.channels.raidList;
    if (channelId === null) return Promise.resolve();
    return this.coalescer.run(raidListMirrorKey(guildId), async () => {
      const settings = await this.repos.settings.get(guildId);
      if (settings?.raidListChannelId == null) return;
      const guildName = this.client.guilds.cache.get(guildId)?.name ?? settings?.guildName ?? guildId;
      const openRaids = await this.repos.raids.openRaidsOfGuild(guildId);
      const text = raidListMirrorText(guildId, guildName, openRaids, this.localeOf(channelId));
      await this.write({ cacheKey: raidListMirrorKey(guildId), kind: 'raidlist', guildId, raidId: null, channelId, text });
    });
  }

  /** Mirrors the raid's qualified slots (after its participant lists were synced); forgets ended raids. */
  public mirrorMemberList(raidId: number): Promise<void> {
    const channelId = this.channels.memberList;
    if (channelId === null) return Promise.resolve();
    return this.coalescer.run(`memberlist-raid:${raidId}`, async () => {
      const state = await this.repos.raids.loadRaidState(raidId);
      if (state === null) {
        await this.pruneEndedRaids();
        return;
      }
      const { guildId } = state.raid;
      const text = memberListMirrorText(state, this.localeOf(channelId));
      await this.write({ cacheKey: memberListMirrorKey(guildId, raidId), kind: 'memberlist', guildId, raidId, channelId, text });
    });
  }

  /** Removes the cache rows of raids that ended (of one guild, or everywhere); their messages stay as a record. */
  public async pruneEndedRaids(guildId?: string): Promise<number> {
    const removed = await this.repos.debugMirror.removeEndedRaids(guildId);
    if (removed > 0) this.logger.debug(`debug mirror: forgot ${removed} member list(s) of ended raids${guildId === undefined ? '' : ` in guild ${guildId}`}`);
    return removed;
  }

  /**
   * Follows the raid services: a raid list refresh mirrors that guild's list and drops
   * the rows of its ended raids; a participant list sync mirrors that raid's slots.
   * Returns the function that stops following.
   */
  public follow(services: MirroredServices): () => void {
    const onRaidList = (guildId: string): void => {
      this.track(
        this.pruneEndedRaids(guildId)
          .then(() => this.mirrorRaidList(guildId))
          .catch((error: unknown) => this.logger.error(`debug mirror of guild ${guildId} failed`, error)),
      );
    };
    const onSlots = (raidId: number): void => {
      this.track(this.mirrorMemberList(raidId).catch(() => undefined)); // logged by the coalescer
    };
    services.raidList.events.on('refreshing', onRaidList);
    services.slots.events.on('synced', onSlots);
    return () => {
      services.raidList.events.off('refreshing', onRaidList);
      services.slots.events.off('synced', onSlots);
    };
  }

  /** Resolves when no mirror is being written (tests, shutdown). */
  public async whenIdle(): Promise<void> {
    while (this.following.size > 0) await Promise.all([...this.following]);
    await this.coalescer.whenAllIdle();
  }

  private track(mirroring: Promise<void>): void {
    this.following.add(mirroring);
    void mirroring.finally(() => this.following.delete(mirroring));
  }

  /**
   * The row of `debug_mirror_cache` keeps the message and the hash of its text across
   * restarts (the old bot's format); whether Discord shows it is the publisher's
   * question: a row whose hash matches is read back once per process and left alone
   * when the message still shows it.
   */
  private async write(target: MirrorTarget): Promise<void> {
    const { cacheKey, channelId, text } = target;
    const hash = mirrorHash(text);
    try {
      const cached = await this.repos.debugMirror.get(cacheKey);
      const result = await this.publisher.publish(channelId, cached?.messageId ?? null, mirrorPayload(text), { skipIfUnchanged: cached?.payloadHash === hash });
      if (cached === null || cached.messageId !== result.messageId || cached.payloadHash !== hash) {
        await this.repos.debugMirror.save({ cacheKey, kind: target.kind, guildId: target.guildId, raidId: target.raidId, messageId: result.messageId, payloadHash: hash });
      }
    } catch (error) {
      // A channel the bot cannot use was reported once by the publisher.
      if (!(error instanceof ChannelUnavailableError)) throw error;
    }
  }

  /** Mirrors speak the language of the guild the debug channel is in. */
  private localeOf(channelId: string): Locale {
    const channel = this.client.channels.cache.get(channelId);
    const guildLocale = channel !== undefined && 'guild' in channel ? channel.guild.preferredLocale : undefined;
    return resolveLocale(guildLocale);
  }
}

/** The bot's debug mirror, following the raid services when a debug channel is configured. */
export function createDebugMirror(
  client: Client,
  repos: DebugMirrorRepositories,
  config: Pick<Config, 'raidlistDebugChannelId' | 'memberlistDebugChannelId'>,
  services: MirroredServices,
): DebugMirror {
  const mirror = new DebugMirror(client, repos, { raidList: config.raidlistDebugChannelId, memberList: config.memberlistDebugChannelId }, createLogger('dmw.debug-mirror'));
  if (mirror.enabled) mirror.follow(services);
  return mirror;
}
