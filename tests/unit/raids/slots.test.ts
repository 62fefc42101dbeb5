import {
  compareSnowflakes,
  fullyVotedUserIds,
  memberChoices,
  planLists,
  qualifiedSlots,
  slotParticipants,
  slotThreshold,
  voteCounts,
} from '../../../src/lib/raids/slots';
import type { OptionKind, RaidState, RaidVote } from '../../../src/lib/raids/types';

/** A raid offering the given labels; votes as [kind, label, userId]. */
function raidState(options: {
  minPlayers: number;
  days: string[];
  times: string[];
  votes?: Array<[OptionKind, string, string]>;
}): RaidState {
  let optionId = 0;
  const toOptions = (kind: OptionKind, labels: string[]) => labels.map((label) => ({ id: ++optionId, kind, label }));
  return {
    raid: {
      id: 1,
      guildId: '100',
      channelId: '200',
      creatorId: '300',
      dungeon: 'Royal Base',
      displayId: 1,
      minPlayers: options.minPlayers,
      createdAt: new Date('2026-01-01T00:00:00Z'),
      messageId: null,
      tempRoleId: null,
      tempRoleCreated: false,
    },
    days: toOptions('day', options.days),
    times: toOptions('time', options.times),
    votes: (options.votes ?? []).map(([kind, label, userId]): RaidVote => ({ kind, label, userId })),
  };
}

describe('slotThreshold', () => {
  it('is the minimum, or 1 when the minimum is 0', () => {
    expect(slotThreshold(0)).toBe(1);
    expect(slotThreshold(1)).toBe(1);
    expect(slotThreshold(4)).toBe(4);
  });
});

describe('compareSnowflakes', () => {
  it('orders ids numerically, beyond the safe integer range', () => {
    const ids = ['1000', '999', '900719925474099300', '900719925474099299', '10'];
    expect([...ids].sort(compareSnowflakes)).toEqual(['10', '999', '1000', '900719925474099299', '900719925474099300']);
  });
});

describe('qualifiedSlots', () => {
  it('lists every day × time pair whose common voters reach the minimum, days then times in option order', () => {
    const state = raidState({
      minPlayers: 2,
      days: ['Sat', 'Fri'],
      times: ['21:00', '20:00'],
      votes: [
        ['day', 'Sat', '1'],
        ['day', 'Sat', '2'],
        ['day', 'Fri', '1'],
        ['day', 'Fri', '2'],
        ['day', 'Fri', '3'],
        ['time', '20:00', '1'],
        ['time', '20:00', '2'],
        ['time', '21:00', '3'],
        ['time', '21:00', '1'],
      ],
    });
    expect(qualifiedSlots(state)).toEqual([
      { day: 'Sat', time: '20:00', userIds: ['1', '2'] },
      { day: 'Fri', time: '21:00', userIds: ['1', '3'] },
      { day: 'Fri', time: '20:00', userIds: ['1', '2'] },
    ]);
  });

  it('needs only one voter when the minimum is 0', () => {
    const state = raidState({ minPlayers: 0, days: ['Mon'], times: ['20:00'], votes: [['day', 'Mon', '5'], ['time', '20:00', '5']] });
    expect(qualifiedSlots(state)).toEqual([{ day: 'Mon', time: '20:00', userIds: ['5'] }]);
  });

  it('does not count a day voter and a different time voter as a pair', () => {
    const state = raidState({ minPlayers: 1, days: ['Mon'], times: ['20:00'], votes: [['day', 'Mon', '5'], ['time', '20:00', '6']] });
    expect(qualifiedSlots(state)).toEqual([]);
  });

  it('sorts slot members numerically, not as text', () => {
    const users = ['900000000000000010', '12', '99', '100'];
    const state = raidState({
      minPlayers: 4,
      days: ['Mon'],
      times: ['20:00'],
      votes: users.flatMap((userId): Array<[OptionKind, string, string]> => [['day', 'Mon', userId], ['time', '20:00', userId]]),
    });
    expect(qualifiedSlots(state)[0]?.userIds).toEqual(['12', '99', '100', '900000000000000010']);
  });

  it('ignores votes on labels the raid does not offer', () => {
    const state = raidState({ minPlayers: 1, days: ['Mon'], times: ['20:00'], votes: [['day', 'Tue', '5'], ['time', '20:00', '5']] });
    expect(qualifiedSlots(state)).toEqual([]);
    expect(voteCounts(state, 'day')).toEqual(new Map([['Mon', 0]]));
  });
});

describe('slotParticipants', () => {
  it('is the union of all qualified slots, ascending, without non-qualified voters', () => {
    const state = raidState({
      minPlayers: 2,
      days: ['Mon', 'Tue'],
      times: ['20:00'],
      votes: [
        ['day', 'Mon', '30'],
        ['day', 'Mon', '4'],
        ['day', 'Tue', '4'],
        ['day', 'Tue', '200'],
        ['day', 'Tue', '7'],
        ['time', '20:00', '30'],
        ['time', '20:00', '4'],
        ['time', '20:00', '200'],
      ],
    });
    // 7 voted a day but no time: not a participant.
    expect(slotParticipants(state)).toEqual(['4', '30', '200']);
  });

  it('is empty when no slot qualifies', () => {
    const state = raidState({ minPlayers: 3, days: ['Mon'], times: ['20:00'], votes: [['day', 'Mon', '1'], ['time', '20:00', '1']] });
    expect(slotParticipants(state)).toEqual([]);
  });
});

describe('fullyVotedUserIds', () => {
  it('lists members with at least one day and one time vote, even if they form no slot', () => {
    const state = raidState({
      minPlayers: 5,
      days: ['Mon', 'Tue'],
      times: ['20:00', '21:00'],
      votes: [
        ['day', 'Mon', '11'],
        ['time', '21:00', '11'],
        ['day', 'Tue', '2'],
        ['day', 'Mon', '2'],
        ['time', '20:00', '3'],
        ['day', 'Tue', '10'],
        ['time', '20:00', '10'],
      ],
    });
    expect(fullyVotedUserIds(state)).toEqual(['10', '11']);
  });
});

describe('voteCounts', () => {
  it('counts voters per label for every label of the kind, in option order', () => {
    const state = raidState({
      minPlayers: 1,
      days: ['Sat', 'Fri', 'Sun'],
      times: ['20:00'],
      votes: [
        ['day', 'Fri', '1'],
        ['day', 'Fri', '2'],
        ['day', 'Sat', '2'],
        ['time', '20:00', '1'],
      ],
    });
    expect([...voteCounts(state, 'day')]).toEqual([
      ['Sat', 1],
      ['Fri', 2],
      ['Sun', 0],
    ]);
    expect([...voteCounts(state, 'time')]).toEqual([['20:00', 1]]);
  });
});

describe('memberChoices', () => {
  it("lists one member's days and times in option order", () => {
    const state = raidState({
      minPlayers: 1,
      days: ['Sat', 'Fri'],
      times: ['20:00', '21:00'],
      votes: [
        ['day', 'Fri', '1'],
        ['day', 'Sat', '1'],
        ['time', '21:00', '2'],
      ],
    });
    expect(memberChoices(state, '1')).toEqual({ days: ['Sat', 'Fri'], times: [] });
    expect(memberChoices(state, '2')).toEqual({ days: [], times: ['21:00'] });
  });
});

describe('planLists', () => {
  const slot = (day: string, time: string, voters: number) => ({ day, time, userIds: Array.from({ length: voters }, (_, index) => String(index + 1)) });
  const slots = [slot('Sat', '19:00', 1), slot('Sat', '20:00', 3), slot('Sun', '19:00', 1), slot('Sun', '20:00', 2), slot('Mon', '19:00', 1)];
  const names = (list: ReadonlyArray<{ day: string; time: string }>) => list.map((entry) => `${entry.day} ${entry.time}`);

  it('gives every slot its own list while they fit', () => {
    expect(planLists(slots, 5, () => false)).toEqual({ own: slots, folded: [] });
  });

  it('beyond the bound: the fullest slots keep a list (one message is the overview), both in slot order', () => {
    const plan = planLists(slots, 3, () => false);
    expect(names(plan.own)).toEqual(['Sat 20:00', 'Sun 20:00']);
    expect(names(plan.folded)).toEqual(['Sat 19:00', 'Sun 19:00', 'Mon 19:00']);
  });

  it('among equally full slots, one already posted keeps its list', () => {
    const plan = planLists(slots, 4, (candidate) => candidate.day === 'Mon');
    expect(names(plan.own)).toEqual(['Sat 20:00', 'Sun 20:00', 'Mon 19:00']);
    expect(names(plan.folded)).toEqual(['Sat 19:00', 'Sun 19:00']);
  });
});
