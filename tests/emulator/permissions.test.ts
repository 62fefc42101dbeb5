import { DiscordAPIError, GatewayIntentBits, PermissionFlagsBits, Routes, type GuildMember } from 'discord.js';
import { startDiscordEmulator, type DiscordEmulator, type GuildFixture } from '../support/discord-emulator';
import { loginClient, nextEvent } from './client';

describe('Discord emulator permissions (Discord\'s algorithm, answered as 50013 / 50001)', () => {
  let emulator: DiscordEmulator;
  let client: Awaited<ReturnType<typeof loginClient>>;

  afterEach(async () => {
    await client?.destroy();
    await emulator?.close();
  });

  async function start(
    botPermissions?: bigint[],
    options: Parameters<typeof startDiscordEmulator>[0] = {},
    intents?: GatewayIntentBits[],
  ): Promise<GuildFixture> {
    emulator = await startDiscordEmulator(options);
    const guild = emulator.driver.createGuild({ name: 'Perms', ...(botPermissions ? { bot: { permissions: botPermissions } } : {}) });
    client = await loginClient(emulator, intents ? { intents } : {});
    return guild;
  }

  const send = (channelId: string) => client.rest.post(Routes.channelMessages(channelId), { body: { content: 'hi' } });
  const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as DiscordAPIError);

  it('applies channel overwrites in Discord\'s order: @everyone, then roles, then the member', async () => {
    const guild = await start();
    const channel = emulator.driver.createChannel(guild.id, {
      name: 'announcements',
      overwrites: [{ id: guild.everyoneRoleId, type: 'role', deny: ['SendMessages'] }],
    });
    expect(await failure(send(channel.id))).toMatchObject({ code: 50013, status: 403 });

    emulator.driver.setChannelOverwrite(channel.id, { id: guild.botRoleId!, type: 'role', allow: ['SendMessages'] });
    expect(await failure(send(channel.id))).toBeNull();

    emulator.driver.setChannelOverwrite(channel.id, { id: guild.botUserId, type: 'member', deny: ['SendMessages'] });
    expect(await failure(send(channel.id))).toMatchObject({ code: 50013 });
  });

  it('answers 50001 Missing Access when the bot cannot view the channel', async () => {
    const guild = await start();
    const hidden = emulator.driver.createChannel(guild.id, { name: 'staff', overwrites: [{ id: guild.everyoneRoleId, type: 'role', deny: ['ViewChannel'] }] });
    expect(await failure(send(hidden.id))).toMatchObject({ code: 50001, status: 403 });
    expect(await failure(client.rest.get(Routes.channel(hidden.id)))).toMatchObject({ code: 50001 });
  });

  it('sees a permission removed behind its back (CHANNEL_UPDATE) and is refused from then on', async () => {
    const guild = await start();
    const channel = emulator.driver.createChannel(guild.id, { name: 'planning' });
    expect(await failure(send(channel.id))).toBeNull();
    const updated = nextEvent(client, 'channelUpdate');
    emulator.removeChannelPermission(channel.id, guild.botRoleId!, ['SendMessages']);
    await updated;
    const cached = client.channels.cache.get(channel.id);
    expect(cached && 'permissionsFor' in cached ? cached.permissionsFor(guild.botUserId)?.has(PermissionFlagsBits.SendMessages) : undefined).toBe(false);
    expect(await failure(send(channel.id))).toMatchObject({ code: 50013 });
  });

  it('lets Administrator bypass channel overwrites', async () => {
    const guild = await start([PermissionFlagsBits.Administrator]);
    const channel = emulator.driver.createChannel(guild.id, {
      name: 'locked',
      overwrites: [
        { id: guild.everyoneRoleId, type: 'role', deny: ['ViewChannel', 'SendMessages'] },
        { id: guild.botUserId, type: 'member', deny: ['SendMessages'] },
      ],
    });
    expect(await failure(send(channel.id))).toBeNull();
  });

  it('enforces the role hierarchy: the bot cannot assign, edit or delete a role above its highest role', async () => {
    const guild = await start();
    const member = emulator.driver.createMember(guild.id, { username: 'alice' });
    const below = emulator.driver.createRole(guild.id, { name: 'Raider' });
    const botRolePosition = emulator.driver.role(guild.id, guild.botRoleId!)!.position;
    const above = emulator.driver.createRole(guild.id, { name: 'Officer', position: botRolePosition + 1 });
    const guildMember = await client.guilds.cache.get(guild.id)!.members.fetch(member.id);

    const updated = nextEvent<[GuildMember, GuildMember]>(client, 'guildMemberUpdate');
    await guildMember.roles.add(below.id);
    expect((await updated)[1].roles.cache.has(below.id)).toBe(true);
    expect(emulator.driver.memberRoles(guild.id, member.id)).toEqual([below.id]);

    expect(await failure(guildMember.roles.add(above.id))).toMatchObject({ code: 50013 });
    expect(await failure(client.rest.patch(Routes.guildRole(guild.id, above.id), { body: { name: 'renamed' } }))).toMatchObject({ code: 50013 });
    expect(await failure(client.rest.delete(Routes.guildRole(guild.id, above.id)))).toMatchObject({ code: 50013 });
    expect(await failure(client.rest.put(Routes.guildMemberRole(guild.id, member.id, guild.botRoleId!)))).toMatchObject({ code: 50013 });
    expect(emulator.driver.role(guild.id, above.id)?.name).toBe('Officer');
  });

  it('creates, edits and deletes roles below itself with GUILD_ROLE_* events, but never grants permissions it lacks', async () => {
    const guild = await start();
    const cachedGuild = client.guilds.cache.get(guild.id)!;
    const created = nextEvent(client, 'roleCreate');
    const role = await cachedGuild.roles.create({ name: 'Raid 12' });
    await created;
    expect(emulator.driver.role(guild.id, role.id)?.position).toBe(1);
    await role.edit({ name: 'Raid 12 (Mon)' });
    expect(emulator.driver.role(guild.id, role.id)?.name).toBe('Raid 12 (Mon)');
    expect(await failure(cachedGuild.roles.create({ name: 'Boss', permissions: [PermissionFlagsBits.BanMembers] }))).toMatchObject({ code: 50013 });
    const deleted = nextEvent(client, 'roleDelete');
    await role.delete();
    await deleted;
    expect(emulator.driver.role(guild.id, role.id)).toBeNull();
  });

  it('needs Manage Roles for roles and Manage Channels for channels', async () => {
    const guild = await start([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages]);
    const cachedGuild = client.guilds.cache.get(guild.id)!;
    expect(await failure(cachedGuild.roles.create({ name: 'x' }))).toMatchObject({ code: 50013 });
    expect(await failure(cachedGuild.channels.create({ name: 'x' }))).toMatchObject({ code: 50013 });
  });

  it('treats the guild owner as having every permission (the driver\'s owner may run anything)', async () => {
    const guild = await start();
    const channel = emulator.driver.createChannel(guild.id, { name: 'c', overwrites: [{ id: guild.everyoneRoleId, type: 'role', deny: ['SendMessages'] }] });
    expect(() => emulator.driver.postMessage({ channelId: channel.id, userId: guild.ownerId, content: 'owner speaks' })).not.toThrow();
    const member = emulator.driver.createMember(guild.id, { username: 'muted' });
    expect(() => emulator.driver.postMessage({ channelId: channel.id, userId: member.id, content: 'no' })).toThrow(/cannot send/);
  });

  it('lists members only for an application with the Server Members intent enabled', async () => {
    const guild = await start(undefined, { bot: { privilegedIntents: GatewayIntentBits.MessageContent } }, [GatewayIntentBits.Guilds]);
    expect(await failure(client.rest.get(Routes.guildMembers(guild.id)))).toMatchObject({ code: 50001 });
  });
});
