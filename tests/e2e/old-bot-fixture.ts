/**
 * A server the way the old Python bot leaves it in production (reference
 * upstream-behaviour.md §1, §6, §11): rows written with explicit ids and sequences never
 * moved, its two seeded dungeons, open raids with and without a display id, planner and
 * participant-list ids that point to messages members deleted or to messages the old
 * bot posted in its own format (old custom ids `raid:<id>:<action>`, option value =
 * label), slot rows without a channel id, auto templates in its JSON, debug-mirror rows
 * of every kind it wrote, attendance whose display ids repeat (it reused them), levels
 * with and without a username, and an untracked duplicate planner of one raid.
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow } from 'discord-api-types/v10';
import { PRIMARY_KEYS } from '../support/database';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { type World } from '../support/world';

export interface OldBotData {
  readonly server: RaidGuild;
  /** Raid 3 (#1, Nanos): planner and Mon 20:00 list still exist in the old format. */
  readonly adopted: { readonly raidId: 3; readonly plannerId: string; readonly listId: string };
  /** Raid 4 (#2, Skull): planner deleted; Fri 21:00 list exists (row without channel id), Fri 22:00 list deleted. */
  readonly reposted: { readonly raidId: 4; readonly deletedPlannerId: string; readonly listWithoutChannelId: string; readonly deletedListId: string; readonly duplicatePlannerId: string };
  /** Raid 7 (Nanos): no display id, never posted. */
  readonly unnumbered: { readonly raidId: 7 };
  /** The raid list message the settings row points at (old format). */
  readonly raidListId: string;
}

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

/** A planner as the old bot posted it: embed, day and time selects, a finish button, custom ids with the internal raid id first. */
function oldPlannerComponents(raidId: number, days: string[], times: string[]): Row[] {
  const select = (kind: 'day' | 'time', labels: string[], placeholder: string): Row => ({
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.StringSelect, custom_id: `raid:${raidId}:${kind}`, placeholder, min_values: 1, max_values: labels.length, options: labels.map((label) => ({ label, value: label })) }],
  });
  return [
    select('day', days, 'Tage waehlen/abwaehlen...'),
    select('time', times, 'Uhrzeiten waehlen/abwaehlen...'),
    { type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Danger, label: 'Raid beenden', custom_id: `raid:${raidId}:finish` }] },
  ];
}

export async function plantOldBotData(world: World): Promise<OldBotData> {
  const server = await createRaidGuild(world, 'Old Guild', 6, { configure: false });
  const [, m1, m2, m3, m4, m5] = server.members.map((member) => member.id) as [string, string, string, string, string, string];
  const guildId = server.guild.id;
  const bot = world.emulator.bot.userId;
  const post = (channelId: string, content: string, extra: { embeds?: { title: string; description?: string }[]; components?: Row[] } = {}) =>
    world.emulator.world.createMessage({ channelId, authorId: bot, content, ...extra });
  const deleted = (channelId: string, content: string): string => {
    const message = post(channelId, content);
    world.emulator.world.deleteMessage(message); // a member tidied the channel while the old bot was down
    return message.id;
  };

  const planner3 = post(server.plannerChannelId, '', { embeds: [{ title: 'Raid 1: Nanos', description: 'Tage: Mon, Tue\nUhrzeiten: 20:00' }], components: oldPlannerComponents(3, ['Mon', 'Tue'], ['20:00']) });
  const list3 = post(server.participantsChannelId, `Participants for Nanos\nRaid 1\nDay Mon Time 20:00\nCount 2 / 2\n<@${m1}>\n<@${m2}>`);
  const duplicate4 = post(server.plannerChannelId, '', { embeds: [{ title: 'Raid 2: Skull' }], components: oldPlannerComponents(4, ['Fri'], ['21:00', '22:00']) });
  const deletedPlanner4 = deleted(server.plannerChannelId, '');
  const list4 = post(server.participantsChannelId, `Participants for Skull\nRaid 2\nDay Fri Time 21:00\nCount 1 / 1\n<@${m1}>`);
  const deletedList4 = deleted(server.participantsChannelId, `Participants for Skull\nRaid 2\nDay Fri Time 22:00\nCount 1 / 1\n<@${m1}>`);
  const raidList = post(server.raidListChannelId, '', { embeds: [{ title: 'Offene Raids', description: 'Nanos ID 1\nSkull ID 2' }] });

  const q = (sql: string, params: unknown[] = []) => world.db.query(sql, params);
  await q(`INSERT INTO dungeons (id, name, short_code, is_active, sort_order) VALUES (1, 'Nanos', 'NAN', true, 1), (2, 'Skull', 'SKL', true, 2)`);
  await q(
    `INSERT INTO guild_settings (guild_id, participants_channel_id, raidlist_channel_id, raidlist_message_id, planner_channel_id, guild_name, default_min_players, templates_enabled)
     VALUES ($1, $2, $3, $4, $5, 'Old Guild', 0, true)`,
    [guildId, server.participantsChannelId, server.raidListChannelId, raidList.id, server.plannerChannelId],
  );
  // Raid ids 1, 2, 5 and 6 were finished (the old bot deletes them); display ids restarted after each restart.
  const utcAgo = (hours: number) => `(now() AT TIME ZONE 'UTC') - interval '${hours} hours'`;
  await q(
    `INSERT INTO raids (id, guild_id, channel_id, creator_id, dungeon, status, created_at, message_id, min_players, participants_posted, temp_role_id, temp_role_created, display_id) VALUES
       (3, $1, $2, $3, 'Nanos', 'open', ${utcAgo(30)}, $4, 2, false, NULL, false, 1),
       (4, $1, $2, $3, 'Skull', 'open', ${utcAgo(20)}, $5, 1, false, NULL, false, 2),
       (7, $1, $2, $6, 'Nanos', 'open', ${utcAgo(10)}, NULL, 2, false, NULL, false, NULL)`,
    [guildId, server.plannerChannelId, m1, planner3.id, deletedPlanner4, m4],
  );
  await q(`INSERT INTO raid_options (id, raid_id, kind, label) VALUES
             (5, 3, 'day', 'Mon'), (6, 3, 'day', 'Tue'), (7, 3, 'time', '20:00'),
             (8, 4, 'day', 'Fri'), (9, 4, 'time', '21:00'), (10, 4, 'time', '22:00'),
             (11, 7, 'day', 'Sat'), (12, 7, 'time', '19:00')`);
  await q(
    `INSERT INTO raid_votes (id, raid_id, kind, option_label, user_id) VALUES
       (20, 3, 'day', 'Mon', $1), (21, 3, 'time', '20:00', $1), (22, 3, 'day', 'Mon', $2), (23, 3, 'time', '20:00', $2), (24, 3, 'day', 'Tue', $3),
       (25, 4, 'day', 'Fri', $1), (26, 4, 'time', '21:00', $1), (27, 4, 'time', '22:00', $1),
       (28, 7, 'day', 'Sat', $4), (29, 7, 'time', '19:00', $4), (30, 7, 'day', 'Sat', $5), (31, 7, 'time', '19:00', $5)`,
    [m1, m2, m3, m4, m5],
  );
  await q(
    `INSERT INTO raid_posted_slots (id, raid_id, day_label, time_label, channel_id, message_id) VALUES
       (40, 3, 'Mon', '20:00', $1, $2), (41, 4, 'Fri', '21:00', NULL, $3), (42, 4, 'Fri', '22:00', $1, $4)`,
    [server.participantsChannelId, list3.id, list4.id, deletedList4],
  );
  await q(
    `INSERT INTO raid_templates (id, guild_id, dungeon_id, template_name, template_data) VALUES
       (1, $1, 1, '_auto_dungeon_default', '{"days": ["Mon", "Tue"], "times": ["20:00"], "min_players": 3}'),
       (2, $1, 2, '_auto_dungeon_default', '{"days": ["Fr 13.02.2026", "Sa 14.02.2026"], "times": ["21:00", "22:00"], "min_players": 1, "note": "Grüße"}')`,
    [guildId],
  );
  // Display id 1 twice (two raids numbered 1 after restarts), then 2 and 5; statuses as the old mark service left them.
  await q(
    `INSERT INTO raid_attendance (id, guild_id, raid_display_id, dungeon, user_id, status, marked_by_user_id) VALUES
       (1, $1, 1, 'Nanos', $2, 'present', NULL), (2, $1, 1, 'Skull', $3, 'present', NULL), (3, $1, 2, 'Nanos', $2, 'absent', $4),
       (4, $1, 5, 'Skull', $5, 'pending', NULL), (5, $1, 1, 'Nanos', $6, 'present', NULL)`,
    [guildId, m1, m2, m3, m4, m5],
  );
  await q(
    `INSERT INTO user_levels (guild_id, user_id, xp, level, username) VALUES
       ($1, $2, 240, 1, 'Raider One'), ($1, $3, 95, 0, NULL), ($1, 424242424242424242, 3300, 10, 'left the server')`,
    [guildId, m1, m2],
  );
  await q(
    `INSERT INTO debug_mirror_cache (cache_key, kind, guild_id, raid_id, message_id, payload_hash) VALUES
       ($2, 'raidlist', $1, NULL, 900001, repeat('a', 64)),
       ($3, 'memberlist', $1, 3, 900002, repeat('b', 64)),
       ($4, 'memberlist', $1, 2, 900003, repeat('c', 64)),
       ($5, 'feature_settings', $1, NULL, 19, repeat('0', 64)),
       ($6, 'bot_message', $1, NULL, $7, repeat('d', 64)),
       ($8, 'plannermsg', $1, 3, $9, repeat('e', 64))`,
    [
      guildId,
      `raidlist:${guildId}:0`,
      `memberlist:${guildId}:3`,
      `memberlist:${guildId}:2`,
      `feature_settings:${guildId}`,
      `bot_message:${server.participantsChannelId}:${list3.id}`,
      list3.id,
      `plannermsg:${guildId}:${server.plannerChannelId}:3`,
      planner3.id,
    ],
  );

  return {
    server,
    adopted: { raidId: 3, plannerId: planner3.id, listId: list3.id },
    reposted: { raidId: 4, deletedPlannerId: deletedPlanner4, listWithoutChannelId: list4.id, deletedListId: deletedList4, duplicatePlannerId: duplicate4.id },
    unnumbered: { raidId: 7 },
    raidListId: raidList.id,
  };
}

export type TableRows = Record<string, Map<string, Record<string, unknown>>>;

/** Every row of every table, keyed by primary key, values as JSON would show them. */
export async function snapshotRows(world: World): Promise<TableRows> {
  const snapshot: TableRows = {};
  for (const [table, key] of Object.entries(PRIMARY_KEYS)) {
    const rows = await world.db.query<Record<string, unknown>>(`SELECT * FROM ${table} ORDER BY ${key}`);
    const columns = key.split(', ');
    snapshot[table] = new Map(rows.map((row) => [columns.map((column) => String(row[column])).join('/'), JSON.parse(JSON.stringify(row)) as Record<string, unknown>]));
  }
  return snapshot;
}
