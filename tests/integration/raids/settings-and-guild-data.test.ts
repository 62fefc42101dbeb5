import { removeGuildData } from '../../../src/lib/db/repositories';
import { useRepositoryBed } from '../../support/repository-bed';

const GUILD = '820000000000000001';
const OTHER_GUILD = '820000000000000002';
const CHANNELS = {
  plannerChannelId: '620000000000000001',
  participantsChannelId: '620000000000000002',
  raidListChannelId: '620000000000000003',
};

const bed = useRepositoryBed();

beforeEach(async () => {
  await bed.db.query('TRUNCATE raids, raid_attendance, raid_templates, guild_settings, user_levels, debug_mirror_cache, dungeons RESTART IDENTITY CASCADE');
});

describe('SettingsRepository', () => {
  it('creates a guild with the schema defaults and keeps its name current', async () => {
    expect(await bed.repos.settings.get(GUILD)).toBeNull();
    expect(await bed.repos.settings.ensureGuild(GUILD, '  Digital World  ')).toEqual({
      guildId: GUILD,
      guildName: 'Digital World',
      plannerChannelId: null,
      participantsChannelId: null,
      raidListChannelId: null,
      raidListMessageId: null,
      defaultMinPlayers: 0,
      templatesEnabled: true,
    });
    expect((await bed.repos.settings.ensureGuild(GUILD, 'Renamed')).guildName).toBe('Renamed');
    // A blank name means "unknown" and does not erase the known one.
    expect((await bed.repos.settings.ensureGuild(GUILD, '   ')).guildName).toBe('Renamed');
    expect((await bed.repos.settings.ensureGuild(OTHER_GUILD, '')).guildName).toBeNull();
    expect(await bed.repos.settings.allGuildIds()).toEqual([GUILD, OTHER_GUILD]);
  });

  it('saves channels and clears the raid-list message only when the raid-list channel changed', async () => {
    const first = await bed.repos.settings.saveChannels(GUILD, CHANNELS, 'Digital World');
    expect(first.raidListChannelChanged).toBe(true);
    expect(first.settings).toMatchObject({ ...CHANNELS, guildName: 'Digital World', raidListMessageId: null });

    expect(await bed.repos.settings.setRaidListMessage(GUILD, '720000000000000001')).toBe(true);
    const unchanged = await bed.repos.settings.saveChannels(GUILD, { ...CHANNELS, plannerChannelId: '620000000000000009' }, 'Digital World');
    expect(unchanged.raidListChannelChanged).toBe(false);
    expect(unchanged.settings).toMatchObject({ plannerChannelId: '620000000000000009', raidListMessageId: '720000000000000001' });

    const moved = await bed.repos.settings.saveChannels(GUILD, { ...CHANNELS, raidListChannelId: '620000000000000004' }, null);
    expect(moved.raidListChannelChanged).toBe(true);
    expect(moved.settings).toMatchObject({ raidListChannelId: '620000000000000004', raidListMessageId: null, guildName: 'Digital World' });

    const cleared = await bed.repos.settings.saveChannels(GUILD, { plannerChannelId: null, participantsChannelId: null, raidListChannelId: null });
    expect(cleared.raidListChannelChanged).toBe(true);
    expect(cleared.settings).toMatchObject({ plannerChannelId: null, participantsChannelId: null, raidListChannelId: null });
    expect(await bed.repos.settings.get(GUILD)).toEqual(cleared.settings);
  });

  it('does not remember a raid-list message for a channel the raid list has left', async () => {
    await bed.repos.settings.saveChannels(GUILD, CHANNELS);
    expect(await bed.repos.settings.setRaidListMessage(GUILD, '720000000000000001', '620000000000000099')).toBe(false);
    expect((await bed.repos.settings.get(GUILD))?.raidListMessageId).toBeNull();
    expect(await bed.repos.settings.setRaidListMessage(GUILD, '720000000000000002', CHANNELS.raidListChannelId)).toBe(true);
    expect((await bed.repos.settings.get(GUILD))?.raidListMessageId).toBe('720000000000000002');
    expect(await bed.repos.settings.setRaidListMessage(GUILD, null)).toBe(true);
    expect((await bed.repos.settings.get(GUILD))?.raidListMessageId).toBeNull();
    expect(await bed.repos.settings.setRaidListMessage(OTHER_GUILD, '1')).toBe(false);
  });

  it('toggles templates, creating the guild row when needed', async () => {
    expect((await bed.repos.settings.setTemplatesEnabled(GUILD, false)).templatesEnabled).toBe(false);
    expect((await bed.repos.settings.get(GUILD))?.templatesEnabled).toBe(false);
    expect((await bed.repos.settings.setTemplatesEnabled(GUILD, true)).templatesEnabled).toBe(true);
  });

  it('records the guild name with the template switch, and a blank one keeps the known name', async () => {
    expect(await bed.repos.settings.setTemplatesEnabled(GUILD, false, ' Digital World ')).toMatchObject({ guildName: 'Digital World', templatesEnabled: false });
    expect(await bed.repos.settings.setTemplatesEnabled(GUILD, true, '')).toMatchObject({ guildName: 'Digital World', templatesEnabled: true });
    expect(await bed.repos.settings.setTemplatesEnabled(GUILD, true, 'Renamed')).toMatchObject({ guildName: 'Renamed' });
  });
});

describe('removeGuildData', () => {
  async function seedGuild(guildId: string): Promise<number> {
    await bed.repos.settings.ensureGuild(guildId, `Guild ${guildId}`);
    const [dungeon] = await bed.db.query<{ id: number }>(
      `INSERT INTO dungeons (name, short_code) VALUES ($1, $1) ON CONFLICT (short_code) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      ['Royal Base'],
    );
    const state = await bed.repos.raids.createRaid({
      guildId,
      channelId: '1',
      creatorId: '2',
      dungeon: 'Royal Base',
      days: ['Sat'],
      times: ['20:00'],
      minPlayers: 1,
    });
    await bed.repos.raids.toggleVotes(state.raid.id, '3', 'day', ['Sat']);
    await bed.repos.raids.toggleVotes(state.raid.id, '3', 'time', ['20:00']);
    await bed.repos.postedSlots.upsert(state.raid.id, 'Sat', '20:00', '4', '5');
    await bed.repos.raids.attachPlannerMessage(state.raid.id, '6', {
      guildId,
      dungeonId: dungeon!.id,
      defaults: { days: ['Sat'], times: ['20:00'], minPlayers: 1 },
    });
    await bed.db.query(`INSERT INTO user_levels (guild_id, user_id, xp, level) VALUES ($1, 3, 100, 1)`, [guildId]);
    await bed.db.query(
      `INSERT INTO debug_mirror_cache (cache_key, kind, guild_id, message_id, payload_hash) VALUES ($1, 'raidlist', $2, 7, $3)`,
      [`raidlist:${guildId}:0`, guildId, 'a'.repeat(64)],
    );
    await bed.db.query(
      `INSERT INTO raid_attendance (guild_id, raid_display_id, dungeon, user_id, status) VALUES ($1, 1, 'Royal Base', 3, 'present')`,
      [guildId],
    );
    return state.raid.id;
  }

  async function rowsOf(table: string, guildId: string): Promise<number> {
    const [row] = await bed.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE guild_id = $1`, [guildId]);
    return Number(row?.n);
  }

  it("deletes the guild's raids, levels, templates, settings and debug rows in one go and keeps attendance", async () => {
    const raidId = await seedGuild(GUILD);
    await seedGuild(OTHER_GUILD);

    expect(await removeGuildData(bed.dataSource, GUILD)).toEqual({ raids: 1, userLevels: 1, templates: 1, settings: 1, preferences: 0, debugMirrorCache: 1 });

    for (const table of ['raids', 'user_levels', 'raid_templates', 'guild_settings', 'debug_mirror_cache']) {
      expect([table, await rowsOf(table, GUILD)]).toEqual([table, 0]);
      expect([table, await rowsOf(table, OTHER_GUILD)]).toEqual([table, 1]);
    }
    for (const table of ['raid_options', 'raid_votes', 'raid_posted_slots']) {
      const [row] = await bed.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE raid_id = $1`, [raidId]);
      expect([table, Number(row?.n)]).toEqual([table, 0]);
    }
    expect(await rowsOf('raid_attendance', GUILD)).toBe(1);
    expect(await bed.repos.attendance.participationCount(GUILD, '3')).toBe(1);
    // Should the bot come back, numbering continues after the kept history.
    expect(await bed.repos.raids.highestDisplayId(GUILD)).toBe(1);
  });

  it('reports zeros for a guild it does not know', async () => {
    expect(await removeGuildData(bed.dataSource, GUILD)).toEqual({ raids: 0, userLevels: 0, templates: 0, settings: 0, preferences: 0, debugMirrorCache: 0 });
  });
});
