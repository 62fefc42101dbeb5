/**
 * No default operator: a bot started without PRIVILEGED_USER_ID gives nobody the
 * operator's rights. Every operator command answers privately that none is configured
 * and how to set one, nothing happens, and the bot keeps running.
 */
import { MessageFlags } from 'discord-api-types/v10';
import { t } from '../../src/lib/i18n';
import type { MemberFixture } from '../support/discord-emulator';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { createWorld, type World } from '../support/world';

jest.setTimeout(90_000);

/** The account that was the built-in default operator before this change. */
const FORMER_DEFAULT_OPERATOR = '403988960638009347';

let world: World;
let guild: RaidGuild;
let admin: MemberFixture;
let formerDefault: MemberFixture;

beforeAll(async () => {
  world = await createWorld();
  guild = await createRaidGuild(world, 'Unowned', 1);
  admin = world.emulator.driver.createMember(guild.guild.id, { username: 'server-admin', admin: true });
  formerDefault = world.emulator.driver.createMember(guild.guild.id, { id: FORMER_DEFAULT_OPERATOR, username: 'stranger', admin: true });
  await world.startBot({ env: { PRIVILEGED_USER_ID: '' } });
});

afterAll(async () => {
  await world?.stop();
});

it.each([
  ['restart', {}],
  ['backup_db', {}],
  ['remote_guilds', {}],
  ['remote_raidlist', { guild_name: 'Unowned' }],
  ['remote_cancel_all_raids', { guild_name: 'Unowned' }],
])('/%s is refused to everyone, the former default operator included, with how to set one', async (command, options) => {
  for (const [member, locale] of [[admin, 'en-US'], [formerDefault, 'de']] as const) {
    const handle = await world.emulator.driver.slash({ channelId: guild.generalChannelId, userId: member.id, command, options, locale });
    const reply = await handle.reply();
    expect(reply.content).toBe(t(locale, 'common.noOperator'));
    expect(reply.content).toContain('PRIVILEGED_USER_ID');
    expect((reply.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  }
  // Nothing happened: the same bot process is still running and no backup was written.
  expect(world.bot.exited).toBe(false);
  expect(world.bot.stdout.join('\n')).not.toMatch(/backup_db requested|Restart requested/);
});
