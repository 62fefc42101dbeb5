/**
 * Planning a raid end to end: /raidplan's dungeon autocomplete, the refusals before
 * the modal, the modal (prefilled from the auto template), every kind of bad input,
 * the planner post (all or nothing) and the raid list, in English and German.
 */
import { ComponentType, type APIMessage, type APIStringSelectComponent } from 'discord-api-types/v10';
import { t } from '../../src/lib/i18n';
import { lockRow } from '../support/database';
import type { InteractionHandle } from '../support/discord-emulator';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { botMessages, isEphemeral } from '../support/read-backs';
import { createWorld, type World } from '../support/world';

jest.setTimeout(90_000);

let world: World;
let alpha: RaidGuild;
let unconfigured: RaidGuild;

beforeAll(async () => {
  // Thursday 2026-03-26, 13:00 in Berlin: `Mon` is 2026-03-30, `Tue` 2026-03-31 (the labels are dated).
  world = await createWorld({ env: { TEST_CLOCK_START: '2026-03-26T12:00:00Z' } });
  alpha = await createRaidGuild(world, 'Alpha', 4);
  unconfigured = await createRaidGuild(world, 'Bare', 1, { configure: false });
  await world.startBot();
});

afterAll(async () => {
  await world?.stop();
});

async function openRaidCount(guildId: string): Promise<number> {
  const [row] = await world.db.query<{ count: string }>('SELECT count(*) FROM raids WHERE guild_id = $1', [guildId]);
  return Number(row!.count);
}

function raidplan(raidGuild: RaidGuild, userId: string, dungeon: string, locale?: string): Promise<InteractionHandle> {
  return world.emulator.driver.slash({
    channelId: raidGuild.generalChannelId,
    userId,
    command: 'raidplan',
    options: { dungeon },
    ...(locale ? { locale } : {}),
  });
}

/** Opens the modal and submits it; resolves with the bot's visible answer to the submit. */
async function submitRaid(raidGuild: RaidGuild, userId: string, fields: { days: string; times: string; minPlayers: string }, dungeon = 'Berserk Arena', locale?: string) {
  const command = await raidplan(raidGuild, userId, dungeon, locale);
  const submit = await world.emulator.driver.submitModal(command, { fields, ...(locale ? { locale } : {}) });
  return submit.reply(20_000);
}

function textInputs(modal: { components: unknown[] }): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const component of modal.components as Array<{ type: number; component?: { custom_id: string; value?: string } }>) {
    if (component.type === ComponentType.Label && component.component) values[component.component.custom_id] = component.component.value;
  }
  return values;
}

function selects(message: APIMessage): APIStringSelectComponent[] {
  return (message.components ?? []).flatMap((row) =>
    row.type === ComponentType.ActionRow ? row.components.filter((c): c is APIStringSelectComponent => c.type === ComponentType.StringSelect) : [],
  );
}

describe('dungeon autocomplete', () => {
  async function choicesFor(typed: string): Promise<string[]> {
    const handle = await world.emulator.driver.autocomplete({
      channelId: alpha.generalChannelId,
      userId: alpha.members[0]!.id,
      command: 'raidplan',
      focused: 'dungeon',
      value: typed,
    });
    return (await handle.choices()).map((choice) => String(choice.value));
  }

  it('offers active dungeons containing the typed text, case-insensitively, in catalogue order', async () => {
    const expected = await world.db.query<{ name: string }>(
      `SELECT name FROM dungeons WHERE is_active AND strpos(lower(name), 'royal') > 0 ORDER BY sort_order, lower(name), id`,
    );
    expect(expected.length).toBeGreaterThan(1);
    expect(await choicesFor('ROYAL')).toEqual(expected.map((row) => row.name));
  });

  it('offers at most 25, and nothing for text no dungeon contains', async () => {
    const all = await choicesFor('');
    const [{ count }] = (await world.db.query<{ count: string }>('SELECT count(*) FROM dungeons WHERE is_active')) as [{ count: string }];
    expect(Number(count)).toBeGreaterThan(25);
    expect(all).toHaveLength(25);
    expect(await choicesFor('no such dungeon')).toEqual([]);
  });

  it('leaves out inactive dungeons', async () => {
    await world.db.query(`UPDATE dungeons SET is_active = false WHERE name = 'Royal Base Hard'`);
    try {
      const choices = await choicesFor('royal base');
      expect(choices).not.toContain('Royal Base Hard');
      expect(choices).toContain('Royal Base');
    } finally {
      await world.db.query(`UPDATE dungeons SET is_active = true WHERE name = 'Royal Base Hard'`);
    }
  });
});

describe('/raidplan refusals before the modal', () => {
  it('without planner and participants channels the member is told to run /settings', async () => {
    const handle = await raidplan(unconfigured, unconfigured.members[0]!.id, 'Berserk Arena');
    const reply = await handle.reply();
    expect(reply.content).toBe(t('en-US', 'raidplan.channelsNotConfigured'));
    expect(isEphemeral(reply)).toBe(true);
    expect(handle.record.modal).toBeNull();
  });

  it('a German member gets the refusal in German', async () => {
    const handle = await raidplan(unconfigured, unconfigured.members[0]!.id, 'Berserk Arena', 'de');
    expect((await handle.reply()).content).toBe('Bitte zuerst mit /settings den Planner- und den Participants-Channel festlegen.');
  });

  it('is refused outside a text channel', async () => {
    const voice = world.emulator.driver.createChannel(alpha.guild.id, { name: 'voice', type: 'voice' }).id;
    const handle = await world.emulator.driver.slash({ channelId: voice, userId: alpha.members[0]!.id, command: 'raidplan', options: { dungeon: 'Berserk Arena' } });
    const reply = await handle.reply();
    expect(reply.content).toBe(t('en-US', 'raidplan.notTextChannel'));
    expect(handle.record.modal).toBeNull();
  });

  it('an unknown or inactive dungeon is refused by name', async () => {
    const reply = await (await raidplan(alpha, alpha.members[0]!.id, 'Nanos')).reply();
    expect(reply.content).toBe(t('en-US', 'raidplan.unknownDungeon', { dungeon: 'Nanos' }));
    expect(isEphemeral(reply)).toBe(true);
  });

  it('a planner channel the bot cannot write to is named before the modal opens', async () => {
    world.emulator.removeChannelPermission(alpha.plannerChannelId, alpha.guild.botRoleId!, ['SendMessages']);
    try {
      const handle = await raidplan(alpha, alpha.members[0]!.id, 'Berserk Arena');
      const reply = await handle.reply();
      expect(reply.content).toContain(`<#${alpha.plannerChannelId}>`);
      expect(reply.content).toContain('Send Messages');
      expect(handle.record.modal).toBeNull();
    } finally {
      world.emulator.grantChannelPermission(alpha.plannerChannelId, alpha.guild.botRoleId!, ['SendMessages']);
    }
  });
});

describe('the first response of /raidplan', () => {
  it('only reads the settings: a settings row locked by another transaction does not hold the modal past 3 s', async () => {
    const lock = await lockRow(world.db, 'guild_settings', 'guild_id', alpha.guild.id);
    try {
      const handle = await raidplan(alpha, alpha.members[0]!.id, 'Berserk Arena');
      const modal = await handle.modal();
      expect(textInputs(modal)).toHaveProperty('days');
    } finally {
      await lock.release();
    }
  });
});

describe('creating a raid', () => {
  it('the modal starts empty with the guild default min players when there is no template', async () => {
    const handle = await raidplan(alpha, alpha.members[0]!.id, 'shadow labyrinth');
    const modal = await handle.modal();
    expect(textInputs(modal)).toEqual({ days: undefined, times: undefined, minPlayers: '0' });
  });

  it('posts the planner, stores it, answers with the raid id and a link, and publishes the raid list', async () => {
    const creator = alpha.members[0]!;
    const reply = await submitRaid(alpha, creator.id, { days: 'Mon, Tue;; Mon', times: '20:00\n21:00', minPlayers: '3' }, 'berserk arena');

    const [raid] = await world.repos.raids.openRaidsOfGuild(alpha.guild.id);
    expect(raid).toMatchObject({ displayId: 1, dungeon: 'Berserk Arena', creatorId: creator.id, channelId: alpha.plannerChannelId, minPlayers: 3 });
    expect(raid!.messageId).not.toBeNull();
    const state = (await world.repos.raids.loadRaidState(raid!.id))!;
    expect(state.days.map((option) => option.label)).toEqual(['Mon 2026-03-30', 'Tue 2026-03-31']);
    expect(state.times.map((option) => option.label)).toEqual(['20:00', '21:00']);

    expect(isEphemeral(reply)).toBe(true);
    expect(reply.content).toBe(
      t('en-US', 'raidplan.created', {
        displayId: 1,
        dungeon: 'Berserk Arena',
        link: `https://discord.com/channels/${alpha.guild.id}/${alpha.plannerChannelId}/${raid!.messageId}`,
      }),
    );

    const planner = world.emulator.driver.message(alpha.plannerChannelId, raid!.messageId!)!;
    expect(planner.embeds[0]!.title).toBe('Raid planner: Berserk Arena');
    expect(selects(planner).map((select) => select.options.map((option) => option.label))).toEqual([
      ['Mon 2026-03-30', 'Tue 2026-03-31'],
      ['20:00', '21:00'],
    ]);
    const finish = (planner.components ?? []).flatMap((row) => (row.type === ComponentType.ActionRow ? row.components : [])).find((c) => c.type === ComponentType.Button);
    expect(finish).toMatchObject({ label: 'Finish raid' });

    const list = await world.emulator.driver.waitForMessage(alpha.raidListChannelId, (message) => message.author.id === world.emulator.bot.userId);
    expect(list.embeds[0]!.description).toContain('Berserk Arena');
    expect(list.embeds[0]!.description).toContain('ID `1`');
    const settings = await world.repos.settings.get(alpha.guild.id);
    expect(settings!.raidListMessageId).toBe(list.id);
  });

  it('a second raid of the guild gets display id 2 and the raid list is edited, not posted again', async () => {
    await submitRaid(alpha, alpha.members[1]!.id, { days: 'Sat', times: '18:00', minPlayers: '0' }, 'Shopping Mall');
    const raids = await world.repos.raids.openRaidsOfGuild(alpha.guild.id);
    expect(raids.map((raid) => raid.displayId)).toEqual([1, 2]);
    const lists = botMessages(world, alpha.raidListChannelId);
    expect(lists).toHaveLength(1);
    expect(lists[0]!.embeds[0]!.description).toContain('Shopping Mall');
  });

  it('the next /raidplan of a dungeon is prefilled from the last raid of it (auto template), with weekdays so it plans ahead', async () => {
    const modal = await (await raidplan(alpha, alpha.members[2]!.id, 'Berserk Arena')).modal();
    expect(textInputs(modal)).toEqual({ days: 'Mon, Tue', times: '20:00, 21:00', minPlayers: '3' });
  });

  it('with templates switched off the modal is empty again and no template is written', async () => {
    const admin = world.emulator.driver.createMember(alpha.guild.id, { username: 'alpha-admin', admin: true });
    const toggle = await world.emulator.driver.slash({ channelId: alpha.generalChannelId, userId: admin.id, command: 'template_config', options: { enabled: false } });
    expect((await toggle.reply()).content).toBe(t('en-US', 'templateConfig.disabled'));
    expect((await world.repos.settings.get(alpha.guild.id))!.templatesEnabled).toBe(false);

    const modal = await (await raidplan(alpha, alpha.members[2]!.id, 'Berserk Arena')).modal();
    expect(textInputs(modal)).toEqual({ days: undefined, times: undefined, minPlayers: '0' });
    await submitRaid(alpha, alpha.members[2]!.id, { days: 'Wed', times: '19:00', minPlayers: '5' }, 'Berserk Arena');
    const templates = await world.db.query<{ template_data: string }>(
      `SELECT template_data FROM raid_templates t JOIN dungeons d ON d.id = t.dungeon_id WHERE t.guild_id = $1 AND d.name = 'Berserk Arena'`,
      [alpha.guild.id],
    );
    expect(templates.map((row) => JSON.parse(row.template_data))).toEqual([{ days: ['Mon 2026-03-30', 'Tue 2026-03-31'], times: ['20:00', '21:00'], min_players: 3 }]);

    const back = await world.emulator.driver.slash({ channelId: alpha.generalChannelId, userId: admin.id, command: 'template_config', options: { enabled: true } });
    expect((await back.reply()).content).toBe(t('en-US', 'templateConfig.enabled'));
  });

  it('/template_config is refused to members who are not administrators', async () => {
    const member = alpha.members[3]!;
    await expect(
      world.emulator.driver.slash({ channelId: alpha.generalChannelId, userId: member.id, command: 'template_config', options: { enabled: false } }),
    ).rejects.toMatchObject({ reason: 'not_allowed' });
  });
});

describe('bad input in the modal creates nothing and says what is wrong', () => {
  const longLabel = 'x'.repeat(101);
  const cases: Array<[string, { days: string; times: string; minPlayers: string }, string]> = [
    ['days missing', { days: ' , ;', times: '20:00', minPlayers: '1' }, t('en-US', 'raidInput.noDays')],
    ['times missing', { days: 'Mon', times: ';;', minPlayers: '1' }, t('en-US', 'raidInput.noTimes')],
    [
      'more than 25 days',
      { days: Array.from({ length: 26 }, (_, i) => `D${i}`).join(','), times: '20:00', minPlayers: '1' },
      t('en-US', 'raidInput.tooManyDays', { count: 26, max: 25 }),
    ],
    [
      'more than 25 times',
      { days: 'Mon', times: Array.from({ length: 26 }, (_, i) => `${i}h`).join(','), minPlayers: '1' },
      t('en-US', 'raidInput.tooManyTimes', { count: 26, max: 25 }),
    ],
    ['a label over 100 characters', { days: `Mon, ${longLabel}`, times: '20:00', minPlayers: '1' }, 'is too long: at most 100 characters'],
    ['min players negative', { days: 'Mon', times: '20:00', minPlayers: '-1' }, t('en-US', 'raidInput.minPlayersInvalid', { max: 999 })],
    ['min players not a number', { days: 'Mon', times: '20:00', minPlayers: 'abc' }, t('en-US', 'raidInput.minPlayersInvalid', { max: 999 })],
    ['min players not whole', { days: 'Mon', times: '20:00', minPlayers: '1.5' }, t('en-US', 'raidInput.minPlayersInvalid', { max: 999 })],
  ];

  it.each(cases)('%s', async (_name, fields, expected) => {
    const before = await openRaidCount(alpha.guild.id);
    const reply = await submitRaid(alpha, alpha.members[0]!.id, fields);
    expect(reply.content).toContain(expected);
    expect(isEphemeral(reply)).toBe(true);
    expect(await openRaidCount(alpha.guild.id)).toBe(before);
  });

  it('German members get the refusal in German', async () => {
    const reply = await submitRaid(alpha, alpha.members[0]!.id, { days: 'Mo', times: '20:00', minPlayers: '-1' }, 'Berserk Arena', 'de');
    expect(reply.content).toBe('Min. Spieler muss eine ganze Zahl von 0 bis 999 sein.');
  });
});

describe('all or nothing when the planner cannot be posted', () => {
  it('a refused planner post leaves no raid behind and the member learns why', async () => {
    const before = await openRaidCount(alpha.guild.id);
    const highest = await world.repos.raids.highestDisplayId(alpha.guild.id);
    const command = await raidplan(alpha, alpha.members[0]!.id, 'Final Battle');
    await command.modal();
    world.emulator.faults.failNext({ method: 'POST', route: `/channels/${alpha.plannerChannelId}/messages`, status: 403 });
    const submit = await world.emulator.driver.submitModal(command, { fields: { days: 'Fri', times: '21:00', minPlayers: '2' } });
    const reply = await submit.reply(20_000);
    expect(reply.content).toContain(t('en-US', 'raidplan.plannerPostFailed'));
    expect(reply.content).toContain(`<#${alpha.plannerChannelId}>`);
    expect(await openRaidCount(alpha.guild.id)).toBe(before);
    const orphans = await world.db.query('SELECT 1 FROM raid_options o LEFT JOIN raids r ON r.id = o.raid_id WHERE r.id IS NULL');
    expect(orphans).toEqual([]);
    // The number was never shown to anyone, so it is free again.
    expect(await world.repos.raids.highestDisplayId(alpha.guild.id)).toBe(highest);
  });
});

describe('languages', () => {
  it('a German member gets German replies while public posts follow the guild language', async () => {
    const deutsch = await createRaidGuild(world, 'Deutsch', 1);
    world.emulator.driver.setGuildLocale(deutsch.guild.id, 'de');
    const member = deutsch.members[0]!;
    const reply = await submitRaid(deutsch, member.id, { days: 'Sa', times: '20:00', minPlayers: '1' }, 'Berserk Arena', 'de');
    expect(reply.content).toMatch(/^Raid `1` erstellt: \*\*Berserk Arena\*\*\nPlanner-Post: https:\/\/discord\.com\/channels\//);
    const [raid] = await world.repos.raids.openRaidsOfGuild(deutsch.guild.id);
    const planner = world.emulator.driver.message(deutsch.plannerChannelId, raid!.messageId!)!;
    expect(planner.embeds[0]!.title).toBe('Raid-Planer: Berserk Arena');

    const english = await submitRaid(deutsch, member.id, { days: 'So', times: '20:00', minPlayers: '1' }, 'Berserk Arena', 'en-GB');
    expect(english.content.startsWith('Raid `2` created')).toBe(true);
    const second = (await world.repos.raids.openRaidsOfGuild(deutsch.guild.id))[1]!;
    expect(world.emulator.driver.message(deutsch.plannerChannelId, second.messageId!)!.embeds[0]!.title).toBe('Raid-Planer: Berserk Arena');
  });
});
