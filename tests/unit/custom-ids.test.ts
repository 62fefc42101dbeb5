import {
  MAX_CUSTOM_ID_LENGTH,
  RAID_MODAL_FIELD,
  parseCustomId,
  raidCreateModalId,
  raidFinishButtonId,
  raidVoteSelectId,
  settingsChannelSelectId,
  settingsSaveButtonId,
} from '../../src/lib/discord/custom-ids';
import { SETTINGS_CHANNEL_TARGETS, applySettingsSelection, type SettingsDraft } from '../../src/lib/settings/draft';

/** The largest 64-bit snowflake: the longest id Discord can hand out. */
const MAX_SNOWFLAKE = '18446744073709551615';
const MAX_SERIAL = 2_147_483_647;
const FULL_DRAFT: SettingsDraft = { planner: MAX_SNOWFLAKE, participants: '18446744073709551614', raidList: '18446744073709551613' };

describe('raid planner ids', () => {
  it.each(['day', 'time'] as const)('a %s vote select id round-trips to its raid and option kind', (kind) => {
    expect(parseCustomId(raidVoteSelectId(42, kind))).toEqual({ kind: 'raidVote', raidId: 42, optionKind: kind });
  });

  it('a finish button id round-trips to its raid', () => {
    expect(parseCustomId(raidFinishButtonId(7))).toEqual({ kind: 'raidFinish', raidId: 7 });
  });

  it('accepts the old bot format raid:<id>:<action> so its planner messages keep working', () => {
    expect(parseCustomId('raid:12:day')).toEqual({ kind: 'raidVote', raidId: 12, optionKind: 'day' });
    expect(parseCustomId('raid:12:time')).toEqual({ kind: 'raidVote', raidId: 12, optionKind: 'time' });
    expect(parseCustomId('raid:12:finish')).toEqual({ kind: 'raidFinish', raidId: 12 });
  });

  it('keeps the different raids apart', () => {
    const first = parseCustomId(raidVoteSelectId(1, 'day'));
    const second = parseCustomId(raidVoteSelectId(2, 'day'));
    expect(first).not.toEqual(second);
  });

  it('rejects ids beyond the INTEGER range of raids.id', () => {
    expect(parseCustomId(`raid:day:${MAX_SERIAL}`)).toEqual({ kind: 'raidVote', raidId: MAX_SERIAL, optionKind: 'day' });
    expect(parseCustomId(`raid:day:${MAX_SERIAL + 1}`)).toBeNull();
  });
});

describe('raid create modal id', () => {
  it('round-trips the dungeon id', () => {
    expect(parseCustomId(raidCreateModalId(31))).toEqual({ kind: 'raidCreateModal', dungeonId: 31 });
  });

  it('has distinct field ids', () => {
    const fields = Object.values(RAID_MODAL_FIELD);
    expect(new Set(fields).size).toBe(fields.length);
  });
});

describe('settings ids', () => {
  it.each(SETTINGS_CHANNEL_TARGETS)('the %s select carries the two other pending channels', (target) => {
    const parsed = parseCustomId(settingsChannelSelectId(MAX_SNOWFLAKE, target, FULL_DRAFT));
    expect(parsed).not.toBeNull();
    if (parsed?.kind !== 'settingsChannelSelect') throw new Error(`unexpected ${parsed?.kind}`);
    expect(parsed.guildId).toBe(MAX_SNOWFLAKE);
    expect(parsed.target).toBe(target);
    const expectedOthers = Object.fromEntries(SETTINGS_CHANNEL_TARGETS.filter((t) => t !== target).map((t) => [t, FULL_DRAFT[t]]));
    expect(parsed.otherChannels).toEqual(expectedOthers);
    // Picking a channel replaces only the select's own target.
    expect(applySettingsSelection(parsed, '555')).toEqual({ ...FULL_DRAFT, [target]: '555' });
    expect(applySettingsSelection(parsed, null)).toEqual({ ...FULL_DRAFT, [target]: null });
  });

  it('the save button carries the whole draft, unset channels as null', () => {
    const draft: SettingsDraft = { planner: '111', participants: null, raidList: MAX_SNOWFLAKE };
    expect(parseCustomId(settingsSaveButtonId('999', draft))).toEqual({ kind: 'settingsSave', guildId: '999', draft });
    const empty: SettingsDraft = { planner: null, participants: null, raidList: null };
    expect(parseCustomId(settingsSaveButtonId('999', empty))).toEqual({ kind: 'settingsSave', guildId: '999', draft: empty });
  });

  it('the three selects and the save button of one view have different ids', () => {
    const ids = [...SETTINGS_CHANNEL_TARGETS.map((t) => settingsChannelSelectId('1', t, FULL_DRAFT)), settingsSaveButtonId('1', FULL_DRAFT)];
    expect(new Set(ids).size).toBe(4);
  });

  it('rejects malformed settings ids', () => {
    expect(parseCustomId('settings:save:1:2:3')).toBeNull();
    expect(parseCustomId('settings:save:1:2:3:4:5')).toBeNull();
    expect(parseCustomId('settings:save:abc:0:0:0')).toBeNull();
    expect(parseCustomId('settings:save:1:x:0:0')).toBeNull();
    expect(parseCustomId('settings:planner:1:0')).toBeNull();
    expect(parseCustomId('settings:colour:1:0:0')).toBeNull();
    // The old bot's non-persistent settings view ids are not ours any more.
    expect(parseCustomId('settings:123:planner')).toBeNull();
  });
});

describe('foreign and malformed ids', () => {
  it.each([
    '',
    'raid',
    'raid:day',
    'raid:day:abc',
    'raid:day:0',
    'raid:day:-1',
    'raid:day:1.5',
    'raid:vote:1',
    'raid:day:1:extra',
    'raidplan:create',
    'raidplan:create:x',
    'raidplan:edit:1',
    'pagination:next:1',
    'RAID:day:1',
    'x'.repeat(101),
  ])('%j is not ours', (customId) => {
    expect(parseCustomId(customId)).toBeNull();
  });
});

describe('length', () => {
  it('every id stays within 100 characters with maximal snowflakes and serial ids', () => {
    const ids = [
      raidVoteSelectId(MAX_SERIAL, 'day'),
      raidVoteSelectId(MAX_SERIAL, 'time'),
      raidFinishButtonId(MAX_SERIAL),
      raidCreateModalId(MAX_SERIAL),
      settingsSaveButtonId(MAX_SNOWFLAKE, FULL_DRAFT),
      ...SETTINGS_CHANNEL_TARGETS.map((target) => settingsChannelSelectId(MAX_SNOWFLAKE, target, FULL_DRAFT)),
    ];
    for (const id of ids) {
      expect(id.length).toBeLessThanOrEqual(MAX_CUSTOM_ID_LENGTH);
      expect(parseCustomId(id)).not.toBeNull();
    }
  });
});
