/**
 * Participant lists: one message per qualified day × time slot in the participants
 * channel, at most PARTICIPANT_LISTS_PER_RAID per raid (beyond that the fullest slots
 * keep a list and one overview message shows the others), rows in `raid_posted_slots`
 * saying where. A sync reads the raid from the
 * database and makes Discord match it (post, edit, delete); syncs of one raid are
 * coalesced, and after votes debounced (a burst of votes is one sync after it, so the
 * channel's 5 writes per 5 s are not spent while the lists still change).
 */
import { EventEmitter } from 'node:events';
import type { Client } from 'discord.js';
import type { Logger } from '../../logging';
import { KeyedCoalescer, KeyedDebouncer } from '../../concurrency/coalescer';
import type { EditLimits } from '../../discord/edit-limits';
import { ChannelUnavailableError } from '../../discord/errors';
import { MessagePublisher } from '../../discord/message-publisher';
import type { MessagePayload, UpsertOptions } from '../../discord/tracked-message';
import type { PingMemory } from '../../flood/ping-memory';
import { renderSlotMessage } from '../render/slot';
import { renderSlotOverview } from '../render/slot-overview';
import { slotOptionIds } from '../../calendar/service';
import { isOverviewSlot, OVERVIEW_SLOT, planLists, qualifiedSlots } from '../slots';
import type { PostedSlot } from '../types';
import { cachedGuild, guildLocale, type RaidServiceRepositories } from './context';
import type { RaidRoleService } from './raid-role';
import type { GuildTime } from './guild-time';

function slotKey(day: string, time: string): string {
  return JSON.stringify([day, time]);
}

/** A participant list or the overview: its slot (empty labels for the overview) and how to render it. */
interface ShownMessage {
  readonly day: string;
  readonly time: string;
  /** Members shown, the candidates for a ping. */
  readonly userIds: readonly string[];
  readonly render: (pingUserIds: readonly string[]) => MessagePayload;
}

/** Where one sync posts, and whether the channel still works (one failure stops the others). */
interface SyncTarget {
  readonly raidId: number;
  readonly participantsChannelId: string | null;
  channelUsable: boolean;
  readonly options: UpsertOptions;
}

/** One sync: how to compare, and whether the raid role's members follow now. */
export interface SlotSyncRunOptions extends UpsertOptions {
  /** False when the caller syncs the role's members itself afterwards (restoration: one pass per role, not one per raid). */
  readonly memberSync?: boolean;
}

export interface SlotSyncOptions {
  /** PARTICIPANT_LISTS_PER_RAID: messages one raid shows at most (lists plus overview). */
  readonly listsPerRaid: number;
  /** Who was pinged for which slot; null (tests of other parts) pings nobody. */
  readonly pings: PingMemory | null;
  /** Quiet time after a vote before its sync starts (default 150 ms, below the e2e tests' settle time). */
  readonly voteQuietMs?: number;
  /** Longest a stream of votes can postpone the sync (default 3 s: a 2-second burst is one sync after it). */
  readonly voteMaxWaitMs?: number;
  /** Refused edits of old messages (shared by the raid services). */
  readonly editLimits?: EditLimits;
}

/** `synced`: a sync of the raid's participant lists finished (observers such as the debug mirror follow). */
export interface SlotSyncEvents {
  synced: [raidId: number];
}

export class SlotSyncService {
  public readonly events = new EventEmitter<SlotSyncEvents>();
  private readonly coalescer: KeyedCoalescer;
  private readonly afterVotes: KeyedDebouncer;
  private readonly publisher: MessagePublisher;

  public constructor(
    private readonly client: Client,
    private readonly repos: RaidServiceRepositories,
    private readonly roles: RaidRoleService,
    private readonly logger: Logger,
    private readonly options: SlotSyncOptions,
    private readonly time: GuildTime,
  ) {
    this.publisher = new MessagePublisher(client.rest, (error) => this.logger.warn(`participant lists: channel ${error.channelId} is unavailable (${error.reason})`), options.editLimits);
    this.coalescer = new KeyedCoalescer({
      onError: (key, error) => this.logger.error(`participant list sync of ${key} failed`, error),
    });
    // Failures of the sync it starts are logged by the coalescer.
    this.afterVotes = new KeyedDebouncer({ delayMs: options.voteQuietMs ?? 150, maxWaitMs: options.voteMaxWaitMs ?? 3000 });
  }

  /** Brings the raid's participant lists and role up to date; resolves when a sync that started after this call is done. */
  public sync(raidId: number, options: SlotSyncRunOptions = {}): Promise<void> {
    return this.coalescer.run(String(raidId), async () => {
      await this.syncRaid(raidId, options);
      this.events.emit('synced', raidId);
    });
  }

  /** Fire and forget, after a quiet moment (after a vote); failures are logged by the coalescer. */
  public schedule(raidId: number): void {
    void this.afterVotes.schedule(String(raidId), () => this.sync(raidId)).catch(() => undefined);
  }

  /**
   * A vote of the raid is on its way (read from the gateway, not yet committed): a sync
   * after votes waits for it (KeyedDebouncer.hold), so a bot behind on a burst does not
   * spend the channel's writes while the lists still change. Call the release once.
   */
  public holdForVote(raidId: number): () => void {
    return this.afterVotes.hold(String(raidId));
  }

  /** Resolves when no sync of the raid is running or queued (the close flow waits for this). */
  public whenIdle(raidId: number): Promise<void> {
    return this.coalescer.whenIdle(String(raidId));
  }

  public whenAllIdle(): Promise<void> {
    return this.coalescer.whenAllIdle();
  }

  /** Shutdown: drops syncs waiting for a quiet moment (start-up restoration repeats them) and waits for those running. */
  public async dispose(): Promise<void> {
    await this.afterVotes.dispose();
    await this.coalescer.whenAllIdle();
  }

  /**
   * Deletes participant-list messages; failures are logged, not thrown. Returns how many
   * failed in a way worth trying again (a channel gone or closed to the bot is not).
   */
  public async deleteSlotMessages(slots: readonly PostedSlot[], fallbackChannelId: string | null): Promise<number> {
    let retryable = 0;
    for (const slot of slots) {
      const channelId = slot.channelId ?? fallbackChannelId;
      if (slot.messageId === null || channelId === null) continue;
      try {
        await this.publisher.delete(channelId, slot.messageId);
      } catch (error) {
        this.reportFailure(channelId, `deleting participant list ${slot.messageId}`, error);
        if (!(error instanceof ChannelUnavailableError)) retryable += 1;
      }
    }
    return retryable;
  }

  private async syncRaid(raidId: number, options: SlotSyncRunOptions): Promise<void> {
    const state = await this.repos.raids.loadRaidState(raidId);
    if (state === null) return;
    const { raid } = state;
    const settings = await this.repos.settings.get(raid.guildId);
    const guild = cachedGuild(this.client, raid.guildId);
    const locale = guildLocale(guild);
    const zone = await this.time.zoneOf(raid.guildId);

    const roleId = guild === null ? null : await this.roles.ensureRole(guild, raid);
    const posted = new Map((await this.repos.postedSlots.slotsOfRaid(raidId)).map((slot) => [slotKey(slot.day, slot.time), slot]));
    const slots = qualifiedSlots(state).filter((slot) => !isOverviewSlot(slot));
    const plan = planLists(slots, this.options.listsPerRaid, (slot) => posted.has(slotKey(slot.day, slot.time)));
    const shown: ShownMessage[] = plan.own.map((slot) => ({
      ...slot,
      render: (pingUserIds) => renderSlotMessage(raid, slot, { roleId, locale, pingUserIds, zone, calendar: slotOptionIds(state, slot) }),
    }));
    if (plan.folded.length > 0) {
      const overview = renderSlotOverview(raid, plan.folded, plan.own.length, locale, zone);
      shown.push({ ...OVERVIEW_SLOT, userIds: [], render: () => overview });
    }

    const target: SyncTarget = { raidId, participantsChannelId: settings?.participantsChannelId ?? null, channelUsable: true, options };
    for (const message of shown) {
      if (!(await this.show(target, message, posted.get(slotKey(message.day, message.time))))) return;
    }
    const keep = new Set(shown.map((message) => slotKey(message.day, message.time)));
    for (const [key, slot] of posted) {
      if (keep.has(key)) continue;
      await this.deleteSlotMessages([slot], target.participantsChannelId);
      await this.repos.postedSlots.remove(slot.id);
    }

    if (guild !== null && roleId !== null && options.memberSync !== false) this.roles.scheduleMemberSync(guild, roleId);
  }

  /**
   * Makes one list (or the overview) show what it should: posted, edited, or left alone.
   * False when the raid was closed meanwhile (the sync stops).
   */
  private async show(target: SyncTarget, message: ShownMessage, existing: PostedSlot | undefined): Promise<boolean> {
    const { raidId } = target;
    // Lists follow the participants channel of the settings: after /settings moved it (the
    // old one deleted or closed to the bot, say), a list still in the old channel is posted
    // anew here and the old message taken down.
    const channelId = target.participantsChannelId ?? existing?.channelId ?? null;
    if (channelId === null || !target.channelUsable) return true;
    const moved = existing?.channelId != null && existing.channelId !== channelId ? existing : null;
    const messageId = moved === null ? (existing?.messageId ?? null) : null;
    // Only a new post notifies (edits never do), and only members not yet pinged for this slot;
    // a message already showing the list is left alone by the publisher.
    const pingUserIds = messageId === null && this.options.pings !== null ? await this.options.pings.claim(raidId, message.day, message.time, message.userIds) : [];

    let result;
    try {
      // A list too old to edit (30046) is synced again later, then posted anew (the publisher decides).
      result = await this.publisher.publish(channelId, messageId, message.render(pingUserIds), { ...target.options, retry: () => this.schedule(raidId) });
    } catch (error) {
      this.reportFailure(channelId, `participant list of raid ${raidId}`, error);
      // The other slots would fail the same way; the role is still kept in step.
      if (error instanceof ChannelUnavailableError) target.channelUsable = false;
      return true;
    }
    if (result.posted || existing?.channelId !== channelId) {
      const stored = await this.repos.postedSlots.upsert(raidId, message.day, message.time, channelId, result.messageId);
      if (stored === null) {
        // The raid was closed meanwhile; its cleanup cannot know this message, so take it down here.
        await this.deleteSlotMessages([{ id: '0', raidId, day: message.day, time: message.time, channelId, messageId: result.messageId }], null);
        return false;
      }
    }
    if (moved !== null) await this.deleteSlotMessages([moved], null);
    return true;
  }

  /** A channel the bot cannot use was reported once by the publisher; anything else is an error of its own. */
  private reportFailure(channelId: string, what: string, error: unknown): void {
    if (!(error instanceof ChannelUnavailableError)) this.logger.error(`${what} in channel ${channelId} failed`, error);
  }
}
