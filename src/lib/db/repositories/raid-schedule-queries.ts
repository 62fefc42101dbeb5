/**
 * Reading many open raids at once for what their labels say about time: the states of
 * a server's open raids (raid list, `/status`) and the day and time options of every
 * open raid (the stale-raids task decides from them which raids are over). Three
 * queries however many raids there are; callers run them in one snapshot (REPEATABLE
 * READ), so a raid created or closed meanwhile cannot be half seen.
 */
import type { EntityManager } from 'typeorm';
import { Raid as RaidEntity, RaidOption as RaidOptionEntity, RaidVote as RaidVoteEntity } from '../entities';
import type { RaidState, RaidVote } from '../../raids/types';
import { toOption, toRaid } from './raid-rows';

/** An open raid with its day and time options (by id), without votes. */
export type RaidOptions = Omit<RaidState, 'votes'>;

/**
 * Open raids, oldest first, with their options; of one guild or (guildId null) of all.
 * With `withVotes` their votes too (in id order), else every `votes` list is empty.
 */
export async function loadOpenRaidStates(manager: EntityManager, guildId: string | null, withVotes: boolean): Promise<RaidState[]> {
  const raids = await manager.find(RaidEntity, {
    where: guildId === null ? { status: 'open' } : { guildId, status: 'open' },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  if (raids.length === 0) return [];
  // Rows of the same open raids by a join rather than a list of ids, which would outgrow a query's parameters.
  const ofOpenRaids = <T extends RaidOptionEntity | RaidVoteEntity>(entity: new () => T) => {
    const query = manager
      .createQueryBuilder(entity, 'row')
      .innerJoin(RaidEntity, 'raid', 'raid.id = row.raidId')
      .where(`raid.status = 'open'`)
      .orderBy('row.id', 'ASC');
    return (guildId === null ? query : query.andWhere('raid.guildId = :guildId', { guildId })).getMany();
  };
  const options = await ofOpenRaids(RaidOptionEntity);
  const votes = withVotes ? await ofOpenRaids(RaidVoteEntity) : [];
  const optionsOf = groupBy(options, (option) => option.raidId);
  const votesOf = groupBy(votes, (vote) => vote.raidId);
  return raids.map((raid) => {
    const own = optionsOf.get(raid.id) ?? [];
    return {
      raid: toRaid(raid),
      days: own.filter((option) => option.kind === 'day').map(toOption),
      times: own.filter((option) => option.kind === 'time').map(toOption),
      votes: (votesOf.get(raid.id) ?? []).map((vote): RaidVote => ({ kind: vote.kind, label: vote.optionLabel, userId: vote.userId })),
    };
  });
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const group = groups.get(keyOf(item));
    if (group === undefined) groups.set(keyOf(item), [item]);
    else group.push(item);
  }
  return groups;
}
