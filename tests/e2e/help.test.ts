/**
 * /help end to end: each member sees the commands they may use — administrators also
 * the admin commands, nobody the bot owner's — with descriptions in their language.
 */
import { MessageFlags } from 'discord-api-types/v10';
import { t } from '../../src/lib/i18n';
import type { MemberFixture } from '../support/discord-emulator';
import { createRaidGuild, type RaidGuild } from '../support/raid-guild';
import { createWorld, type World } from '../support/world';

jest.setTimeout(90_000);

const EVERYONE = ['dungeonlist', 'help', 'help2', 'raid_finish', 'raidlist', 'raidplan', 'raidstats', 'status'];
const ADMINS_ALSO = ['cancel_all_raids', 'purge', 'purgebot', 'settings', 'template_config'];
const OWNER_ONLY = ['backup_db', 'remote_cancel_all_raids', 'remote_guilds', 'remote_raidlist', 'restart'];

let world: World;
let guild: RaidGuild;
let admin: MemberFixture;
let operator: MemberFixture;

beforeAll(async () => {
  world = await createWorld();
  guild = await createRaidGuild(world, 'Helpers', 1);
  admin = world.emulator.driver.createMember(guild.guild.id, { username: 'helper-admin', admin: true });
  operator = world.emulator.driver.createMember(guild.guild.id, { username: 'operator' });
  await world.startBot({ env: { PRIVILEGED_USER_ID: operator.id } });
});

afterAll(async () => {
  await world?.stop();
});

async function help(userId: string, locale?: string): Promise<{ names: string[]; content: string; ephemeral: boolean }> {
  const handle = await world.emulator.driver.slash({ channelId: guild.generalChannelId, userId, command: 'help', ...(locale ? { locale } : {}) });
  const reply = await handle.reply();
  const names = [...reply.content.matchAll(/^- `\/([a-z0-9_]+)`/gm)].map((match) => match[1]!);
  return { names, content: reply.content, ephemeral: ((reply.flags ?? 0) & MessageFlags.Ephemeral) !== 0 };
}

describe('/help', () => {
  it('shows a member the commands everyone may use, sorted, privately', async () => {
    const { names, ephemeral } = await help(guild.members[0]!.id);
    expect(names).toEqual(EVERYONE);
    expect(ephemeral).toBe(true);
  });

  it('shows administrators the admin commands too, but never the bot owner’s', async () => {
    const { names } = await help(admin.id);
    expect(names).toEqual([...EVERYONE, ...ADMINS_ALSO].sort());
    for (const hidden of OWNER_ONLY) expect(names).not.toContain(hidden);
  });

  it('hides the bot owner’s commands from the bot owner as well', async () => {
    const { names } = await help(operator.id);
    for (const hidden of OWNER_ONLY) expect(names).not.toContain(hidden);
    expect(names).toContain('settings');
  });

  it('describes every command, in German for a German member', async () => {
    const english = await help(guild.members[0]!.id);
    expect(english.content).toContain(`- \`/raidplan\` — ${t('en-US', 'commands.raidplan.description')}`);
    const german = await help(guild.members[0]!.id, 'de');
    expect(german.content.split('\n')[0]).toBe(t('de', 'help.header'));
    expect(german.content).toContain(`- \`/raidplan\` — ${t('de', 'commands.raidplan.description')}`);
    expect(t('de', 'commands.raidplan.description')).not.toBe(t('en-US', 'commands.raidplan.description'));
  });
});
