/**
 * Files in interaction answers as Discord takes them from discord.js: multipart with
 * `payload_json` and `files[n]`, the message's `attachments` describing them — in a
 * reply, a deferred reply filled in by an edit, and a follow-up; private answers keep
 * their files private (the message and each attachment marked ephemeral).
 */
import { ButtonStyle, ComponentType, DiscordAPIError, MessageFlags, type Interaction } from 'discord.js';
import { ATTACHMENT_SIZE_LIMIT, startDiscordEmulator, type DiscordEmulator, type GuildFixture, type MemberFixture } from '../support/discord-emulator';
import { loginClient } from './client';

const ICS = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n';

describe('Discord emulator: files in interaction answers', () => {
  let emulator: DiscordEmulator;
  let guild: GuildFixture;
  let member: MemberFixture;
  let other: MemberFixture;
  let channelId: string;
  let buttonMessageId: string;
  let client: Awaited<ReturnType<typeof loginClient>>;
  let handle: (interaction: Interaction) => Promise<unknown>;
  let handlerError: unknown;

  beforeEach(async () => {
    emulator = await startDiscordEmulator();
    guild = emulator.driver.createGuild({ name: 'Raiders' });
    channelId = emulator.driver.createChannel(guild.id, { name: 'lists' }).id;
    member = emulator.driver.createMember(guild.id, { username: 'alice' });
    other = emulator.driver.createMember(guild.id, { username: 'bob' });
    client = await loginClient(emulator);
    const channel = await client.channels.fetch(channelId);
    if (!channel?.isSendable()) throw new Error('channel not sendable');
    const sent = await channel.send({ content: 'list', components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: 'cal', label: 'Add to calendar' }] }] });
    buttonMessageId = sent.id;
    handlerError = undefined;
    handle = async () => undefined;
    client.on('interactionCreate', (interaction) => {
      handle(interaction).catch((error: unknown) => {
        handlerError = error;
      });
    });
  });

  afterEach(async () => {
    await client?.destroy();
    await emulator?.close();
  });

  const click = () => emulator.driver.clickButton({ channelId, messageId: buttonMessageId, userId: member.id, customId: 'cal' });
  const file = (name = 'raid.ics', data: Buffer | string = ICS) => ({ attachment: Buffer.from(data), name, description: 'Your slot' });

  it('fills a deferred private reply with a file only its member sees, served as uploaded', async () => {
    handle = async (interaction) => {
      if (!interaction.isButton()) return;
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.editReply({ content: 'here', files: [file()] });
    };
    const reply = await (await click()).reply();
    expect(reply.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(reply.attachments).toEqual([
      expect.objectContaining({ filename: 'raid.ics', description: 'Your slot', size: ICS.length, content_type: 'text/calendar; charset=utf-8', ephemeral: true }),
    ]);
    const stored = emulator.driver.attachment(reply.attachments[0]!);
    expect(stored?.data.toString('utf8')).toBe(ICS);
    expect(await (await fetch(reply.attachments[0]!.url)).text()).toBe(ICS);
    // The upload went as Discord wants it: multipart, payload_json plus files[0].
    const edit = emulator.driver.restCalls({ method: 'PATCH', route: /webhooks/ }).at(-1)!;
    expect(edit.files).toEqual([{ filename: 'raid.ics', size: ICS.length, contentType: expect.any(String) }]);
    expect(emulator.driver.messages(channelId, { visibleTo: other.id }).map((m) => m.id)).not.toContain(reply.id);
    expect(emulator.driver.messages(channelId, { visibleTo: member.id }).map((m) => m.id)).toContain(reply.id);
    expect(handlerError).toBeUndefined();
  });

  it('takes files in a direct reply and in a follow-up; public ones are not ephemeral', async () => {
    handle = async (interaction) => {
      if (!interaction.isButton()) return;
      await interaction.reply({ content: 'public', files: [file('a.txt', 'first')] });
      await interaction.followUp({ content: 'private', files: [file('b.ics')], flags: MessageFlags.Ephemeral });
    };
    const handleOfClick = await click();
    const reply = await handleOfClick.reply();
    expect(reply.attachments).toEqual([expect.objectContaining({ filename: 'a.txt', content_type: 'text/plain; charset=utf-8' })]);
    expect(reply.attachments[0]).not.toHaveProperty('ephemeral');
    const [followUp] = await handleOfClick.waitForFollowUps(1);
    expect(followUp!.attachments).toEqual([expect.objectContaining({ filename: 'b.ics', ephemeral: true })]);
    expect(emulator.driver.attachment(followUp!.attachments[0]!.url)?.data.toString()).toBe(ICS);
  });

  it('refuses a file over the upload limit (413, 40005) and changes nothing', async () => {
    handle = async (interaction) => {
      if (!interaction.isButton()) return;
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.editReply({ files: [file('big.bin', Buffer.alloc(ATTACHMENT_SIZE_LIMIT + 1))] });
    };
    const invocation = await click();
    await invocation.acknowledged();
    await emulator.driver.settle();
    expect(handlerError).toBeInstanceOf(DiscordAPIError);
    expect(handlerError).toMatchObject({ status: 413, code: 40005 });
    const loading = emulator.driver.messages(channelId, { visibleTo: member.id }).at(-1)!;
    expect(loading.attachments).toEqual([]);
    expect(loading.flags! & MessageFlags.Loading).toBe(MessageFlags.Loading);
  });
});
