/**
 * The planner message of a raid (embed with vote tallies, two vote selects and the
 * finish button) in the guild's planner channel. Votes update it through the
 * interaction response; this service posts it, repairs it (start-up, deleted
 * message) and closes it when the raid ends — the last two only with the raid's lock.
 */
import type { AttendanceOutcome } from '../../attendance/render';
import type { Client, Guild } from 'discord.js';
import type { Logger } from '../../logging';
import { KeyedCoalescer } from '../../concurrency/coalescer';
import { ChannelUnavailableError } from '../../discord/errors';
import { MessagePublisher } from '../../discord/message-publisher';
import { deleteMessage, editMessage, postMessage, type MessagePayload, type UpsertOptions } from '../../discord/tracked-message';
import { renderClosedPlanner, renderPlannerMessage, type ClosedRaidReason } from '../render/planner';
import { fullyVotedUserIds } from '../slots';
import type { Raid, RaidState } from '../types';
import { cachedGuild, guildLocale, type RaidServiceRepositories } from './context';
import type { GuildTime } from './guild-time';
import type { HeldRaidLock } from './raid-lock';

/** Members fetched per refresh at most, to name voters the cache does not know (start-up). */
const MAX_NAME_FETCHES = 30;

export class PlannerService {
  private readonly coalescer: KeyedCoalescer;
  private readonly publisher: MessagePublisher;

  public constructor(
    private readonly client: Client,
    private readonly repos: RaidServiceRepositories,
    private readonly logger: Logger,
    private readonly time: GuildTime,
  ) {
    this.publisher = new MessagePublisher(client.rest, (error) =>
      this.logger.warn(`planner channel ${error.channelId} is unavailable (${error.reason}): its planners move to the planner channel of /settings when one is set`),
    );
    this.coalescer = new KeyedCoalescer({
      // A channel that cannot be used was reported once by the publisher.
      onError: (key, error) => {
        if (!(error instanceof ChannelUnavailableError)) this.logger.error(`planner refresh of raid ${key} failed`, error);
      },
    });
  }

  /**
   * The planner as it should look now, voters named from the member cache (no REST call:
   * votes wait on this) and slots placed in the server's zone (one database read).
   */
  public async render(state: RaidState): Promise<MessagePayload> {
    const guild = cachedGuild(this.client, state.raid.guildId);
    const zone = await this.time.zoneOf(state.raid.guildId);
    return renderPlannerMessage(state, { names: this.cachedNames(guild, fullyVotedUserIds(state)), locale: guildLocale(guild), zone });
  }

  /** Posts a new planner message for a just-created raid; ChannelUnavailableError when the channel cannot be used. */
  public async post(state: RaidState): Promise<string> {
    return (await this.publisher.publish(state.raid.channelId, null, await this.render(state))).messageId;
  }

  /**
   * Edits the planner message in place, or posts it again (and stores the new id) when
   * it was deleted. Used at start-up and whenever the message must be repaired. Takes
   * the raid's held lock, so a vote answered meanwhile is never overwritten by an
   * older state.
   */
  public refresh(lock: HeldRaidLock, options: UpsertOptions = {}): Promise<void> {
    const { raidId } = lock;
    lock.assertHolds(raidId);
    return this.coalescer.run(String(raidId), async () => {
      const state = await this.repos.raids.loadRaidState(raidId);
      if (state === null || state.days.length === 0 || state.times.length === 0) return;
      await this.fetchMissingNames(cachedGuild(this.client, state.raid.guildId), fullyVotedUserIds(state));
      const payload = await this.render(state);
      let result;
      try {
        // Always written (or read back): votes change the planner through interaction
        // responses, so this process's memory of it is never the whole story.
        result = await this.publisher.publish(state.raid.channelId, state.raid.messageId, payload, { ...options, force: true });
      } catch (error) {
        if (!(error instanceof ChannelUnavailableError)) throw error;
        await this.moveToSettingsChannel(state.raid, payload, error);
        return;
      }
      if (result.posted) {
        this.logger.info(`raid ${raidId}: planner message posted again as ${result.messageId}`);
        await this.repos.raids.setPlannerMessage(raidId, result.messageId);
      }
    });
  }

  /**
   * The raid's planner channel is gone or closed to the bot: when /settings names another
   * planner channel, the planner is posted there and the raid follows it; otherwise the
   * error stands (reported once per channel).
   */
  private async moveToSettingsChannel(raid: Raid, payload: MessagePayload, unavailable: ChannelUnavailableError): Promise<void> {
    const plannerChannelId = (await this.repos.settings.get(raid.guildId))?.plannerChannelId ?? null;
    if (plannerChannelId === null || plannerChannelId === raid.channelId) throw unavailable;
    const messageId = await postMessage(this.client.rest, plannerChannelId, payload);
    this.logger.info(`raid ${raid.id}: planner channel ${raid.channelId} is unavailable (${unavailable.reason}); planner moved to ${plannerChannelId} as ${messageId}`);
    if (!(await this.repos.raids.movePlanner(raid.id, plannerChannelId, messageId))) {
      await deleteMessage(this.client.rest, plannerChannelId, messageId).catch(() => undefined); // the raid ended meanwhile
    }
  }

  /**
   * Turns the planner into the red "closed" notice without components. Failures are
   * logged, not thrown; false when it is worth trying again (not when the message or
   * the channel is gone or closed to the bot). Takes the raid's held lock, so no vote's
   * update response can show the raid open again afterwards.
   */
  public async close(lock: HeldRaidLock, raid: Raid, reason: ClosedRaidReason, attendanceRows?: number, attendance?: AttendanceOutcome): Promise<boolean> {
    lock.assertHolds(raid.id);
    if (raid.messageId === null) return true;
    const guild = cachedGuild(this.client, raid.guildId);
    const payload = renderClosedPlanner(raid, { reason, attendanceRows, locale: guildLocale(guild), ...(attendance === undefined ? {} : { attendance }) });
    try {
      await editMessage(this.client.rest, raid.channelId, raid.messageId, payload);
      return true;
    } catch (error) {
      if (error instanceof ChannelUnavailableError) {
        this.logger.warn(`raid ${raid.id}: planner not closed, ${error.message}`);
        return true;
      }
      this.logger.error(`raid ${raid.id}: closing the planner message failed`, error);
      return false;
    }
  }

  public whenAllIdle(): Promise<void> {
    return this.coalescer.whenAllIdle();
  }

  private cachedNames(guild: Guild | null, userIds: readonly string[]): Map<string, string> {
    const names = new Map<string, string>();
    for (const userId of userIds) {
      const member = guild?.members.cache.get(userId);
      const user = member?.user ?? this.client.users.cache.get(userId);
      const name = member?.displayName ?? user?.globalName ?? user?.username;
      if (name !== undefined && name.trim() !== '') names.set(userId, name);
    }
    return names;
  }

  private async fetchMissingNames(guild: Guild | null, userIds: readonly string[]): Promise<void> {
    if (guild === null) return;
    const missing = userIds.filter((userId) => !guild.members.cache.has(userId)).slice(0, MAX_NAME_FETCHES);
    for (const userId of missing) {
      // Caches the member; a member who left simply stays unnamed ("User <id>").
      await guild.members.fetch(userId).catch(() => undefined);
    }
  }
}
