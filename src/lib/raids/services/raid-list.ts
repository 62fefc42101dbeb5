/**
 * One raid list message per guild in its raid-list channel, edited in place and
 * posted again when deleted. Refreshes are forced after create, finish, cancel,
 * settings and /raidlist (always written, which also repairs a deleted message), and
 * debounced after votes (skipped when the content did not change). A raid whose labels
 * carry dates shows its next slot with Discord timestamps in the server's zone.
 */
import { EventEmitter } from 'node:events';
import type { Client } from 'discord.js';
import type { Logger } from '../../logging';
import { KeyedDebouncer } from '../../concurrency/coalescer';
import type { EditLimits } from '../../discord/edit-limits';
import { ChannelUnavailableError } from '../../discord/errors';
import { MessagePublisher } from '../../discord/message-publisher';
import type { UpsertOptions } from '../../discord/tracked-message';
import { renderRaidList } from '../render/raid-list';
import { raidWhen } from '../schedule';
import { cachedGuild, guildLocale, type RaidServiceRepositories } from './context';
import type { GuildTime } from './guild-time';

export interface RaidListOptions {
  /** Quiet time after the last vote before the list is refreshed. */
  readonly debounceMs?: number;
  /** Longest a stream of votes can postpone the refresh. */
  readonly maxWaitMs?: number;
  /** Refused edits of old messages (shared by the raid services). */
  readonly editLimits?: EditLimits;
}

/** `refreshing`: the guild's list is being brought up to date (observers such as the debug mirror follow). */
export interface RaidListEvents {
  refreshing: [guildId: string];
}

export class RaidListService {
  public readonly events = new EventEmitter<RaidListEvents>();
  private readonly debouncer: KeyedDebouncer;
  private readonly publisher: MessagePublisher;

  public constructor(
    private readonly client: Client,
    private readonly repos: RaidServiceRepositories,
    private readonly logger: Logger,
    private readonly time: GuildTime,
    options: RaidListOptions = {},
  ) {
    this.publisher = new MessagePublisher(client.rest, (error) => this.logger.warn(`raid list not published, ${error.message}`), options.editLimits);
    this.debouncer = new KeyedDebouncer({
      delayMs: options.debounceMs ?? 1500,
      maxWaitMs: options.maxWaitMs ?? 10_000,
      onError: (guildId, error) => {
        // An unusable channel was reported once by the publisher; every later refresh would fail the same way.
        if (!(error instanceof ChannelUnavailableError)) this.logger.error(`raid list refresh of guild ${guildId} failed`, error);
      },
    });
  }

  /** Publishes the list now (after a refresh in progress). Rejects on failure so commands can say so. */
  public refresh(guildId: string, options: UpsertOptions = {}): Promise<void> {
    return this.debouncer.flush(guildId, () => this.publish(guildId, true, options));
  }

  /** Refreshes after a quiet moment; used after votes. Failures are logged. */
  public scheduleRefresh(guildId: string): void {
    void this.debouncer.schedule(guildId, () => this.publish(guildId, false)).catch(() => undefined);
  }

  /** Cancels scheduled refreshes and waits for one in progress (shutdown). */
  public dispose(): Promise<void> {
    return this.debouncer.dispose();
  }

  private async publish(guildId: string, force: boolean, options: UpsertOptions = {}): Promise<void> {
    this.events.emit('refreshing', guildId);
    const settings = await this.repos.settings.get(guildId);
    const channelId = settings?.raidListChannelId ?? null;
    if (settings === null || channelId === null) return;
    const states = await this.repos.raids.openRaidStatesOfGuild(guildId);
    const zone = await this.time.zoneOf(guildId);
    const now = this.time.now();
    const when = new Map(states.map((state) => [state.raid.id, raidWhen(state, zone, now)]));
    const guild = cachedGuild(this.client, guildId);
    const guildName = guild?.name ?? settings.guildName ?? guildId;
    const payload = renderRaidList(
      guildName,
      states.map((state) => state.raid),
      { locale: guildLocale(guild), when },
    );
    // A list too old to edit (30046) is refreshed again later, then posted anew (the publisher decides).
    const result = await this.publisher.publish(channelId, settings.raidListMessageId, payload, { ...options, force, retry: () => this.scheduleRefresh(guildId) });
    if (result.posted) {
      // Only while the list still lives in that channel: settings may have moved it meanwhile.
      const stored = await this.repos.settings.setRaidListMessage(guildId, result.messageId, channelId);
      if (!stored) this.publisher.forget(result.messageId);
    }
  }
}
