import { DataSource, type EntityManager } from 'typeorm';
import { Raid as RaidEntity, RaidOption as RaidOptionEntity } from '../entities';
import type {
  ClosedRaid,
  ClosedRaidReason,
  NewRaid,
  OptionKind,
  Raid,
  RaidState,
  RaidTemplateDefaults,
  VoteToggleResult,
} from '../../raids/types';
import { matchSubmittedOptions } from '../../raids/vote-values';
import { qualifiedSlots } from '../../raids/slots';
import { upsertAutoTemplate } from './template-repository';
import { exceededOpenRaidLimit, OpenRaidLimitError, type OpenRaidCounts, type OpenRaidLimits } from '../../flood/open-raids';
import { closeRaidRow, closingRaidRows, deleteClosedRaidRow, type AttendanceJudge } from './raid-close-queries';
import { loadOpenRaidStates, type RaidOptions } from './raid-schedule-queries';
import { countOpenRaids, HIGHEST_DISPLAY_ID_SQL, loadOptions, loadState, lockDisplayIds, lockRaid, numberRaid, stateOf, toRaid } from './raid-rows';
import { toggleInOneRoundTrip, type BatchToggleResult, type SubmittedToggle } from './vote-toggle';

export { DISPLAY_ID_LOCK_SPACE, displayIdLockKey, toRaid } from './raid-rows';

export interface AutoTemplateUpdate {
  readonly guildId: string;
  readonly dungeonId: number;
  readonly defaults: RaidTemplateDefaults;
}

/**
 * Open raids and everything hanging off them (options, votes). Every method is one
 * transaction; changes to one raid serialise on `SELECT … FOR UPDATE` of its row.
 */
/** A raid's row and options, read before a vote takes the raid's lock. */
export interface ToggleBasis {
  readonly raid: RaidEntity;
  readonly options: readonly RaidOptionEntity[];
}

export class RaidRepository {
  private readonly manager: EntityManager;

  /** Bound to the data source, or to a transaction's manager to join that transaction (nested calls use savepoints). */
  public constructor(source: DataSource | EntityManager) {
    this.manager = source instanceof DataSource ? source.manager : source;
  }

  /**
   * Creates an open raid with its day and time options. The display id is taken under
   * a per-guild transaction lock so concurrent creations get consecutive ids, and it
   * continues after attendance history so a finished raid's number is never reused.
   * With `limits`, a creation beyond a cap throws OpenRaidLimitError and writes nothing.
   */
  public async createRaid(input: NewRaid, limits?: OpenRaidLimits): Promise<RaidState> {
    return this.manager.transaction(async (manager) => {
      const highest = await lockDisplayIds(manager, input.guildId);
      // Under the guild's lock: concurrent creations see each other's raids.
      const hit = limits === undefined ? null : exceededOpenRaidLimit(await countOpenRaids(manager, input.guildId, input.creatorId), limits);
      if (hit !== null) throw new OpenRaidLimitError(hit);
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(RaidEntity)
        .values({
          guildId: input.guildId,
          channelId: input.channelId,
          creatorId: input.creatorId,
          dungeon: input.dungeon,
          status: 'open',
          messageId: null,
          minPlayers: input.minPlayers,
          displayId: highest + 1,
        })
        .returning(['id'])
        .execute();
      const raidId = (inserted.raw as Array<{ id: number }>)[0]!.id;
      const options = [
        ...input.days.map((label) => ({ raidId, kind: 'day' as const, label })),
        ...input.times.map((label) => ({ raidId, kind: 'time' as const, label })),
      ];
      // One multi-row INSERT: serial ids follow the VALUES order, which is the option order.
      if (options.length > 0) await manager.createQueryBuilder().insert().into(RaidOptionEntity).values(options).execute();
      return (await loadState(manager, raidId))!;
    });
  }

  /**
   * Gives every open raid without a display id (the old bot could leave them so) the
   * next free number of its guild, oldest first, under the same per-guild lock as new
   * raids: 1 + the highest the guild has ever used, so attendance written when it is
   * finished collides with no earlier raid. Returns what was assigned.
   */
  public async assignMissingDisplayIds(): Promise<Array<{ raidId: number; guildId: string; displayId: number }>> {
    const guilds: { guild_id: string }[] = await this.manager.query(
      `SELECT DISTINCT guild_id::text AS guild_id FROM raids WHERE status = 'open' AND display_id IS NULL ORDER BY 1`,
    );
    const assigned: Array<{ raidId: number; guildId: string; displayId: number }> = [];
    for (const { guild_id: guildId } of guilds) {
      await this.manager.transaction(async (manager) => {
        // Row locks first, then the guild's lock: the order a vote or finish takes them in.
        const raids = await manager
          .createQueryBuilder(RaidEntity, 'raid')
          .setLock('pessimistic_write')
          .where(`raid.guildId = :guildId AND raid.status = 'open' AND raid.displayId IS NULL`, { guildId })
          .orderBy('raid.createdAt', 'ASC')
          .addOrderBy('raid.id', 'ASC')
          .getMany();
        for (const raid of raids) assigned.push({ raidId: raid.id, guildId, displayId: await numberRaid(manager, raid) });
      });
    }
    return assigned;
  }

  /**
   * Records the posted planner message and, when given, the guild's auto template for
   * the dungeon — together, so a raid whose planner post failed (and is deleted) never
   * changed the template. False when the raid no longer exists (then nothing is written).
   */
  public async attachPlannerMessage(raidId: number, messageId: string, template?: AutoTemplateUpdate | null): Promise<boolean> {
    return this.manager.transaction(async (manager) => {
      const updated = await manager.update(RaidEntity, { id: raidId }, { messageId });
      if (!updated.affected) return false;
      if (template) await upsertAutoTemplate(manager, template.guildId, template.dungeonId, template.defaults);
      return true;
    });
  }

  /** Stores a re-posted planner message. False when the raid no longer exists. */
  public async setPlannerMessage(raidId: number, messageId: string | null): Promise<boolean> {
    const updated = await this.manager.update(RaidEntity, { id: raidId }, { messageId });
    return (updated.affected ?? 0) > 0;
  }

  /** Stores a planner re-posted in another channel (the raid's channel was gone or closed to the bot). False when the raid no longer exists. */
  public async movePlanner(raidId: number, channelId: string, messageId: string): Promise<boolean> {
    const updated = await this.manager.update(RaidEntity, { id: raidId }, { channelId, messageId });
    return (updated.affected ?? 0) > 0;
  }

  /** Remembers the raid role and whether the bot created it (only then may it delete it). */
  public async setRaidRole(raidId: number, roleId: string | null, created: boolean): Promise<boolean> {
    const updated = await this.manager.update(
      RaidEntity,
      { id: raidId },
      { tempRoleId: roleId, tempRoleCreated: roleId !== null && created },
    );
    return (updated.affected ?? 0) > 0;
  }

  /** Deletes a raid with its options, votes and slot rows (cascade). False when it was already gone. */
  public async deleteRaid(raidId: number): Promise<boolean> {
    const deleted = await this.manager.delete(RaidEntity, { id: raidId });
    return (deleted.affected ?? 0) > 0;
  }

  /**
   * One consistent snapshot (REPEATABLE READ), so a vote landing mid-load cannot tear the
   * state. Null unless the raid is open: a closed raid awaiting its clean-up is never shown.
   */
  public async loadRaidState(raidId: number): Promise<RaidState | null> {
    return this.manager.transaction('REPEATABLE READ', (manager) => loadState(manager, raidId, true));
  }

  /**
   * Toggles one member's choices on one select: each submitted value that names an
   * option of that kind (by id, or by label for the old bot's planners) is added if the
   * member had not chosen it, removed otherwise.
   * Null when the raid no longer exists or is not open.
   */
  public async toggleVotes(raidId: number, userId: string, kind: OptionKind, values: readonly string[]): Promise<VoteToggleResult | null> {
    const before = await this.readForToggle(raidId);
    const toggled = before === null ? null : await this.togglePrepared(before, [{ userId, kind, values }]);
    return toggled === null ? null : { ...toggled.changes[0]!, state: toggled.state };
  }

  /**
   * What a toggle reads before it takes the raid's lock: the raid's row and options
   * (options never change once a raid is created; of the row, the planner shows only what
   * the lock holder never changes while votes come in). Null when the raid is gone.
   */
  public async readForToggle(raidId: number): Promise<ToggleBasis | null> {
    const [raid, options] = await Promise.all([this.manager.findOne(RaidEntity, { where: { id: raidId } }), loadOptions(this.manager, raidId)]);
    return raid === null ? null : { raid, options };
  }

  /** Toggles, in order, on what `readForToggle` read: one round trip and one transaction for all of them (vote-toggle.ts). */
  public async togglePrepared(basis: ToggleBasis, toggles: readonly SubmittedToggle[]): Promise<BatchToggleResult | null> {
    let { raid } = basis;
    const resolved = toggles.map(({ userId, kind, values }) => ({ userId, kind, labels: matchSubmittedOptions(basis.options.filter((option) => option.kind === kind), values) }));
    let toggled = await toggleInOneRoundTrip(this.manager, raid.id, resolved);
    if (toggled === null) {
      // Not open — or a raid of the old bot that gets its display id with its first vote.
      if (!(await this.numberIfOpen(raid.id))) return null;
      toggled = await toggleInOneRoundTrip(this.manager, raid.id, resolved);
      const numbered = await this.manager.findOne(RaidEntity, { where: { id: raid.id } });
      if (toggled === null || numbered === null) return null;
      raid = numbered;
    }
    return { changes: toggled.changes, state: stateOf(raid, basis.options, toggled.votes) };
  }

  /** Gives an open raid without a display id its number; false when the raid is not open. */
  private numberIfOpen(raidId: number): Promise<boolean> {
    return this.manager.transaction(async (manager) => {
      const raid = await lockRaid(manager, raidId);
      if (!raid || raid.status !== 'open') return false;
      if (raid.displayId === null) await numberRaid(manager, raid);
      return true;
    });
  }

  /**
   * Finishes a raid: every member of a qualified slot gets an attendance row, 'present'
   * or 'absent' as `judge` decides (voice attendance; without it all 'present')
   * (existing rows for this guild and display id are kept) and the raid is closed (see
   * raid-close-queries.ts). Null when it is not open, so a concurrent second finish writes nothing.
   */
  public async finishRaid(raidId: number, judge?: AttendanceJudge): Promise<ClosedRaid | null> {
    return this.manager.transaction((manager) => closeRaidRow(manager, raidId, 'finished', judge));
  }

  /** Closes a raid without attendance (cancel, stale cleanup). Null when it is not open. */
  public async cancelRaid(raidId: number, reason: Exclude<ClosedRaidReason, 'finished' | 'auto-finished'> = 'cancelled'): Promise<ClosedRaid | null> {
    return this.manager.transaction((manager) => closeRaidRow(manager, raidId, reason));
  }

  /**
   * Closes a raid whose last slot is over (stale-raids task): finished with attendance
   * exactly as `finishRaid` when a slot qualified, cancelled otherwise — decided on the
   * locked row, so a vote or a member's finish at the same moment is either before or
   * after it. Null when it is not open.
   */
  public async closePastRaid(raidId: number, judge?: AttendanceJudge): Promise<ClosedRaid | null> {
    return this.manager.transaction((manager) =>
      closeRaidRow(manager, raidId, (state) => (qualifiedSlots(state).length > 0 ? 'auto-finished' : 'auto-cancelled'), judge),
    );
  }

  /** Closed raids whose clean-up on Discord is still owed, oldest first. */
  public async closingRaids(): Promise<ClosedRaid[]> {
    return closingRaidRows(this.manager);
  }

  /** Deletes a closed raid once Discord is cleaned up; false when it is gone or still open. */
  public async deleteClosedRaid(raidId: number): Promise<boolean> {
    return deleteClosedRaidRow(this.manager, raidId);
  }

  /** The guild's open raids, oldest first. */
  public async openRaidsOfGuild(guildId: string): Promise<Raid[]> {
    const raids = await this.manager.find(RaidEntity, {
      where: { guildId, status: 'open' },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return raids.map(toRaid);
  }

  /** The guild's open raids with options and votes, oldest first, in one snapshot (raid list, /status). */
  public async openRaidStatesOfGuild(guildId: string): Promise<RaidState[]> {
    return this.manager.transaction('REPEATABLE READ', (manager) => loadOpenRaidStates(manager, guildId, true));
  }

  /** Every open raid with its day and time options, oldest first, in one snapshot (the stale-raids task). */
  public async openRaidOptions(): Promise<RaidOptions[]> {
    return this.manager.transaction('REPEATABLE READ', (manager) => loadOpenRaidStates(manager, null, false));
  }

  /** Every open raid of every guild, oldest first (start-up restoration). */
  public async openRaids(): Promise<Raid[]> {
    const raids = await this.manager.find(RaidEntity, { where: { status: 'open' }, order: { createdAt: 'ASC', id: 'ASC' } });
    return raids.map(toRaid);
  }

  /** The guild a raid belongs to; null when there is no such raid. */
  public async guildOfRaid(raidId: number): Promise<string | null> {
    const raid = await this.manager.findOne(RaidEntity, { select: { id: true, guildId: true }, where: { id: raidId } });
    return raid?.guildId ?? null;
  }

  public async findOpenByDisplayId(guildId: string, displayId: number): Promise<Raid | null> {
    const raid = await this.manager.findOne(RaidEntity, { where: { guildId, displayId, status: 'open' } });
    return raid ? toRaid(raid) : null;
  }

  /** Open raids of the guild, and of them those the member created. */
  public async openRaidCounts(guildId: string, creatorId: string): Promise<OpenRaidCounts> {
    return countOpenRaids(this.manager, guildId, creatorId);
  }

  public async countOpenRaids(guildId: string): Promise<number> {
    return this.manager.count(RaidEntity, { where: { guildId, status: 'open' } });
  }

  /** The highest display id the guild has used so far (0 for none); the next raid gets one more. */
  public async highestDisplayId(guildId: string): Promise<number> {
    const [{ highest }] = (await this.manager.query(HIGHEST_DISPLAY_ID_SQL, [guildId])) as [{ highest: number }];
    return highest;
  }
}

