/**
 * /settings end to end: the ephemeral view, channel choices that are only pending
 * until Save, Save writing all three channels and (re)posting the raid list where it
 * now belongs, warnings about channels the bot cannot use, and who may use it.
 */
import { ComponentType, InteractionResponseType, type APIMessage } from 'discord-api-types/v10';
import { t } from '../../src/lib/i18n';
import { lockRow } from '../support/database';
import type { InteractionHandle, MemberFixture } from '../support/discord-emulator';
import { createRaidThroughBot } from '../support/member-actions';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { botMessages, customIdOf, isEphemeral } from '../support/read-backs';
import { createWorld, type World } from '../support/world';

jest.setTimeout(90_000);

let world: World;
let guild: RaidGuild;
let admin: MemberFixture;

beforeAll(async () => {
  world = await createWorld();
  guild = await createRaidGuild(world, 'Settlers', 2, { configure: false });
  admin = world.emulator.driver.createMember(guild.guild.id, { username: 'settler-admin', admin: true });
  await world.startBot();
});

afterAll(async () => {
  await world?.stop();
});

function customIds(message: APIMessage): Array<{ type: number; customId: string }> {
  return (message.components ?? []).flatMap((row) =>
    row.type === ComponentType.ActionRow ? row.components.map((c) => ({ type: c.type, customId: 'custom_id' in c ? c.custom_id : '' })) : [],
  );
}

async function openSettings(userId = admin.id, locale?: string): Promise<{ handle: InteractionHandle; view: APIMessage }> {
  const handle = await world.emulator.driver.slash({ channelId: guild.generalChannelId, userId, command: 'settings', ...(locale ? { locale } : {}) });
  return { handle, view: await handle.reply() };
}

/** Picks a channel in the view's select; resolves with the re-rendered view. */
async function choose(view: APIMessage, target: 'planner' | 'participants' | 'raidlist', channelId: string | null): Promise<APIMessage> {
  const handle = await world.emulator.driver.selectMenu({
    channelId: view.channel_id,
    messageId: view.id,
    userId: admin.id,
    customId: customIdOf(view, `settings:${target}:`),
    values: channelId === null ? [] : [channelId],
  });
  const ack = await handle.acknowledged();
  expect(ack.type).toBe(InteractionResponseType.UpdateMessage);
  return world.emulator.driver.message(view.channel_id, view.id, { visibleTo: admin.id })!;
}

async function save(view: APIMessage): Promise<{ summary: APIMessage; view: APIMessage }> {
  const handle = await world.emulator.driver.clickButton({ channelId: view.channel_id, messageId: view.id, userId: admin.id, customId: customIdOf(view, 'settings:save:') });
  const [summary] = await handle.waitForFollowUps(1, 20_000);
  return { summary: summary!, view: world.emulator.driver.message(view.channel_id, view.id, { visibleTo: admin.id })! };
}

function fieldValue(view: APIMessage, name: string): string | undefined {
  return view.embeds[0]?.fields?.find((field) => field.name === name)?.value;
}

describe('/settings', () => {
  it('opens a private view with the current settings, three channel selects and a save button', async () => {
    const { view } = await openSettings();
    expect(isEphemeral(view)).toBe(true);
    expect(view.embeds[0]!.title).toBe('Settings: Settlers');
    expect(fieldValue(view, 'Planner channel')).toBe(t('en-US', 'common.notSet'));
    expect(customIds(view).map((c) => c.type)).toEqual([ComponentType.ChannelSelect, ComponentType.ChannelSelect, ComponentType.ChannelSelect, ComponentType.Button]);
    expect((await world.repos.settings.get(guild.guild.id))!.guildName).toBe('Settlers');
  });

  it('choices stay pending until Save, then all three are written and the raid list is posted', async () => {
    let { view } = await openSettings();
    view = await choose(view, 'planner', guild.plannerChannelId);
    view = await choose(view, 'participants', guild.participantsChannelId);
    view = await choose(view, 'raidlist', guild.raidListChannelId);
    expect(fieldValue(view, 'Planner channel')).toBe(t('en-US', 'settings.unsaved', { value: `<#${guild.plannerChannelId}>` }));
    const pending = (await world.repos.settings.get(guild.guild.id))!;
    expect([pending.plannerChannelId, pending.participantsChannelId, pending.raidListChannelId]).toEqual([null, null, null]);

    const saved = await save(view);
    expect(isEphemeral(saved.summary)).toBe(true);
    expect(saved.summary.content).toBe(
      t('en-US', 'settings.saved', {
        planner: `<#${guild.plannerChannelId}>`,
        participants: `<#${guild.participantsChannelId}>`,
        raidList: `<#${guild.raidListChannelId}>`,
      }),
    );
    expect(fieldValue(saved.view, 'Planner channel')).toBe(`<#${guild.plannerChannelId}>`);
    const settings = (await world.repos.settings.get(guild.guild.id))!;
    expect([settings.plannerChannelId, settings.participantsChannelId, settings.raidListChannelId]).toEqual([
      guild.plannerChannelId,
      guild.participantsChannelId,
      guild.raidListChannelId,
    ]);
    const [list] = botMessages(world, guild.raidListChannelId);
    expect(list!.embeds[0]!.title).toBe('Open raids on Settlers');
    expect(settings.raidListMessageId).toBe(list!.id);
  });

  it('moving the raid list clears the old message id and posts the list in the new channel', async () => {
    await createRaidThroughBot(world, guild, guild.members[0]!.id, { dungeon: 'Berserk Arena', days: 'Mon', times: '20:00', minPlayers: '0' });
    const oldMessage = (await world.repos.settings.get(guild.guild.id))!.raidListMessageId;
    const newChannel = world.emulator.driver.createChannel(guild.guild.id, { name: 'raids-board' }).id;

    let { view } = await openSettings();
    view = await choose(view, 'raidlist', newChannel);
    await save(view);

    const settings = (await world.repos.settings.get(guild.guild.id))!;
    expect(settings.raidListChannelId).toBe(newChannel);
    const [list] = botMessages(world, newChannel);
    expect(list!.embeds[0]!.description).toContain('Berserk Arena');
    expect(settings.raidListMessageId).toBe(list!.id);
    expect(settings.raidListMessageId).not.toBe(oldMessage);
    // Planner and participants kept what the view carried.
    expect(settings.plannerChannelId).toBe(guild.plannerChannelId);
    expect(settings.participantsChannelId).toBe(guild.participantsChannelId);
  });

  it('Save publishes the raid list once, not a second time through the repair of the guild’s messages', async () => {
    const { raidListChannelId } = (await world.repos.settings.get(guild.guild.id))!;
    const { view } = await openSettings();
    const callsBefore = world.emulator.rest.calls.length;
    await save(view);
    await world.emulator.driver.settle({ quietMs: 300, timeoutMs: 30_000 });
    const listCalls = world.emulator.rest.calls.slice(callsBefore).filter((call) => call.path.startsWith(`/channels/${raidListChannelId}/`));
    expect(listCalls.map((call) => call.method)).toEqual(['PATCH']);
  });

  it('a channel choice only reads the settings: a settings row locked by another transaction does not hold the view back', async () => {
    const { view } = await openSettings();
    const lock = await lockRow(world.db, 'guild_settings', 'guild_id', guild.guild.id);
    try {
      const chosen = await choose(view, 'planner', guild.generalChannelId);
      expect(fieldValue(chosen, 'Planner channel')).toBe(t('en-US', 'settings.unsaved', { value: `<#${guild.generalChannelId}>` }));
    } finally {
      await lock.release();
    }
  });

  it('clearing a select leaves that channel unset after Save', async () => {
    let { view } = await openSettings();
    view = await choose(view, 'raidlist', null);
    await save(view);
    expect((await world.repos.settings.get(guild.guild.id))!.raidListChannelId).toBeNull();
  });

  it('saving a channel the bot cannot post in warns about it by name', async () => {
    const locked = world.emulator.driver.createChannel(guild.guild.id, {
      name: 'locked',
      overwrites: [{ id: guild.guild.botRoleId!, type: 'role', deny: ['SendMessages'] }],
    }).id;
    let { view } = await openSettings();
    view = await choose(view, 'raidlist', locked);
    const { summary } = await save(view);
    expect(summary.content).toContain(`<#${locked}>`);
    expect(summary.content).toContain('Send Messages');
    expect((await world.repos.settings.get(guild.guild.id))!.raidListChannelId).toBe(locked);
  });

  it('speaks German to a German administrator', async () => {
    const { view } = await openSettings(admin.id, 'de');
    expect(view.embeds[0]!.fields!.map((field) => field.name)).toContain(t('de', 'settings.plannerChannel'));
    expect(t('de', 'settings.plannerChannel')).not.toBe(t('en-US', 'settings.plannerChannel'));
  });

  it('is registered for administrators only and not offered to other members', async () => {
    const registered = world.emulator.driver.commands().find((command) => command.name === 'settings')!;
    expect(registered.default_member_permissions).toBe('8');
    await expect(world.emulator.driver.slash({ channelId: guild.generalChannelId, userId: guild.members[1]!.id, command: 'settings' })).rejects.toMatchObject({
      reason: 'not_allowed',
    });
  });
});
