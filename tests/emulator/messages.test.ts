import { ActionRowBuilder, ButtonBuilder, ButtonStyle, DiscordAPIError, EmbedBuilder, Routes, type Message, type TextChannel } from 'discord.js';
import { startDiscordEmulator, type DiscordEmulator, type GuildFixture } from '../support/discord-emulator';
import { loginClient, nextEvent } from './client';

describe('Discord emulator messages through discord.js', () => {
  let emulator: DiscordEmulator;
  let guild: GuildFixture;
  let channelId: string;
  let client: Awaited<ReturnType<typeof loginClient>>;

  beforeEach(async () => {
    emulator = await startDiscordEmulator();
    guild = emulator.driver.createGuild({ name: 'Raiders' });
    channelId = emulator.driver.createChannel(guild.id, { name: 'planning' }).id;
    client = await loginClient(emulator);
  });

  afterEach(async () => {
    await client.destroy();
    await emulator.close();
  });

  const channel = () => client.channels.cache.get(channelId) as TextChannel;

  it('creates a message with embeds and components; the bot receives its own MESSAGE_CREATE', async () => {
    const created = nextEvent<[Message]>(client, 'messageCreate');
    const sent = await channel().send({
      content: 'Raid tonight',
      embeds: [new EmbedBuilder().setTitle('Planner').setDescription('Vote below').addFields({ name: 'Day', value: 'Friday' })],
      components: [new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('raid:vote:1').setLabel('Vote').setStyle(ButtonStyle.Primary))],
    });
    const [event] = await created;
    expect(event.id).toBe(sent.id);
    expect(event.author.id).toBe(emulator.bot.userId);
    expect(event.member?.id).toBe(emulator.bot.userId);
    const stored = emulator.driver.message(channelId, sent.id)!;
    expect(stored.content).toBe('Raid tonight');
    expect(stored.embeds[0]).toMatchObject({ type: 'rich', title: 'Planner', fields: [{ name: 'Day', value: 'Friday' }] });
    expect(stored.components?.[0]).toMatchObject({ type: 1, components: [{ type: 2, custom_id: 'raid:vote:1', label: 'Vote' }] });
    const call = emulator.driver.restCalls({ method: 'POST', route: '/channels/:channel_id/messages' })[0]!;
    expect(call).toMatchObject({ status: 200, path: `/channels/${channelId}/messages`, body: { content: 'Raid tonight' } });
  });

  it('edits a message (MESSAGE_UPDATE) and fetches it back', async () => {
    const sent = await channel().send('first');
    const updated = nextEvent<[Message, Message]>(client, 'messageUpdate');
    await sent.edit({ content: 'second', embeds: [{ description: 'added' }] });
    const [, after] = await updated;
    expect(after.content).toBe('second');
    expect(after.editedTimestamp).not.toBeNull();
    const fetched = await channel().messages.fetch({ message: sent.id, force: true });
    expect(fetched.content).toBe('second');
    expect(fetched.embeds[0]?.description).toBe('added');
  });

  it('lists messages newest first with limit, before, after and around', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i += 1) ids.push(emulator.driver.postMessage({ channelId, userId: guild.ownerId, content: `m${i}` }).id);
    const contents = (list: Iterable<Message>) => [...list].map((m) => m.content);
    expect(contents((await channel().messages.fetch({ limit: 3 })).values())).toEqual(['m6', 'm5', 'm4']);
    expect(contents((await channel().messages.fetch({ before: ids[3]!, limit: 2 })).values())).toEqual(['m2', 'm1']);
    expect(contents((await channel().messages.fetch({ after: ids[4]!, limit: 10 })).values())).toEqual(['m6', 'm5']);
    expect(contents((await channel().messages.fetch({ around: ids[3]!, limit: 3 })).values()).sort()).toEqual(['m2', 'm3', 'm4']);
  });

  it('deletes a message (MESSAGE_DELETE); fetching it then fails with 10008', async () => {
    const sent = await channel().send('to be deleted');
    const deleted = nextEvent<[Message]>(client, 'messageDelete');
    await sent.delete();
    expect((await deleted)[0].id).toBe(sent.id);
    expect(emulator.driver.message(channelId, sent.id)).toBeNull();
    await expect(channel().messages.fetch({ message: sent.id, force: true })).rejects.toMatchObject({ code: 10008, status: 404 });
  });

  it('bulk-deletes 2–100 messages younger than 14 days (MESSAGE_DELETE_BULK)', async () => {
    const a = await channel().send('a');
    const b = await channel().send('b');
    const bulk = nextEvent<[Map<string, Message>]>(client, 'messageDeleteBulk');
    await channel().bulkDelete([a.id, b.id]);
    expect([...(await bulk)[0].keys()].sort()).toEqual([a.id, b.id].sort());
    expect(emulator.driver.messages(channelId)).toHaveLength(0);

    const one = await channel().send('one');
    await expect(client.rest.post(Routes.channelBulkDelete(channelId), { body: { messages: [one.id] } })).rejects.toMatchObject({
      code: 50035,
      rawError: { errors: { messages: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH' }] } } },
    });
    expect(emulator.requestContract.takeViolations()).toMatchObject([{ operationId: 'bulk_delete_messages', pointer: '/messages', value: [one.id] }]);
    const old = emulator.driver.postMessage({ channelId, userId: guild.ownerId, content: 'old', timestamp: Date.now() - 15 * 24 * 3600 * 1000 });
    await expect(client.rest.post(Routes.channelBulkDelete(channelId), { body: { messages: [one.id, old.id] } })).rejects.toMatchObject({ code: 50034 });
  });

  it('delivers members\' messages and deletions behind the bot\'s back as gateway events', async () => {
    const member = emulator.driver.createMember(guild.id, { username: 'alice' });
    const created = nextEvent<[Message]>(client, 'messageCreate');
    const posted = emulator.driver.postMessage({ channelId, userId: member.id, content: 'hello bot' });
    const [message] = await created;
    expect(message.content).toBe('hello bot');
    expect(message.member?.id).toBe(member.id);
    const deleted = nextEvent<[Message]>(client, 'messageDelete');
    emulator.deleteMessageBehindBotsBack(channelId, posted.id);
    expect((await deleted)[0].id).toBe(posted.id);
  });

  it('deletes a channel behind the bot\'s back (CHANNEL_DELETE); sending there then fails with 10003', async () => {
    const deleted = nextEvent(client, 'channelDelete');
    emulator.deleteChannel(channelId);
    await deleted;
    await expect(client.rest.post(Routes.channelMessages(channelId), { body: { content: 'x' } })).rejects.toMatchObject({ code: 10003, status: 404 });
  });

  it('replies with message_reference and rejects a reference to an unknown message', async () => {
    const member = emulator.driver.createMember(guild.id, { username: 'bob' });
    const question = emulator.driver.postMessage({ channelId, userId: member.id, content: 'when?' });
    const answer = await channel().send({ content: 'tonight', reply: { messageReference: question.id } });
    const stored = emulator.driver.message(channelId, answer.id)!;
    expect(stored.message_reference?.message_id).toBe(question.id);
    expect(stored.referenced_message?.id).toBe(question.id);
    expect(stored.mentions.map((u) => u.id)).toEqual([member.id]);
    await expect(
      client.rest.post(Routes.channelMessages(channelId), { body: { content: 'x', message_reference: { message_id: '123456789012345678' } } }),
    ).rejects.toMatchObject({ code: 50035, rawError: { errors: { message_reference: { _errors: [{ code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE' }] } } } });
  });

  it('resolves mentions through allowed_mentions: parse [] pings nobody', async () => {
    const member = emulator.driver.createMember(guild.id, { username: 'carol' });
    const pinging = await channel().send(`<@${member.id}> ready`);
    const silent = await channel().send({ content: `<@${member.id}> ready`, allowedMentions: { parse: [] } });
    expect(emulator.driver.message(channelId, pinging.id)!.mentions.map((u) => u.id)).toEqual([member.id]);
    expect(emulator.driver.message(channelId, silent.id)!.mentions).toEqual([]);
  });

  it('with enforce_nonce returns the earlier message of the same nonce instead of a second one; without it, posts again', async () => {
    const post = (body: object) => client.rest.post(Routes.channelMessages(channelId), { body }) as Promise<{ id: string; nonce?: string }>;
    const first = await post({ content: 'Raid in 15 minutes', nonce: 'reminder-1', enforce_nonce: true });
    const retried = await post({ content: 'Raid in 15 minutes', nonce: 'reminder-1', enforce_nonce: true });
    expect(retried.id).toBe(first.id);
    expect(first.nonce).toBe('reminder-1');
    const other = await post({ content: 'Raid starts', nonce: 'reminder-2', enforce_nonce: true });
    const unenforced = await post({ content: 'Raid in 15 minutes', nonce: 'reminder-1' });
    expect(new Set([first.id, other.id, unenforced.id]).size).toBe(3);
    expect(emulator.driver.messages(channelId).map((message) => message.content)).toEqual(['Raid in 15 minutes', 'Raid starts', 'Raid in 15 minutes']);
  });

  it('stores uploaded files as attachments served by the emulator', async () => {
    const sent = await channel().send({ files: [{ attachment: Buffer.from('SELECT 1;'), name: 'backup.sql' }] });
    const attachment = sent.attachments.first()!;
    expect(attachment.name).toBe('backup.sql');
    expect(attachment.size).toBe(9);
    expect(await (await fetch(attachment.url)).text()).toBe('SELECT 1;');
  });

  it('refuses to edit another user\'s message (50005) and answers unknown routes with 404 / 0', async () => {
    const member = emulator.driver.createMember(guild.id, { username: 'dave' });
    const theirs = emulator.driver.postMessage({ channelId, userId: member.id, content: 'mine' });
    const error = await client.rest.patch(Routes.channelMessage(channelId, theirs.id), { body: { content: 'hacked' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ code: 50005, status: 403 });
    await expect(client.rest.get('/nothing/here' as `/${string}`)).rejects.toMatchObject({ status: 404, code: 0 });
    // A route Discord does not have is outside its API contract too (claimed here, so the after-each check passes).
    expect(emulator.requestContract.takeViolations()).toMatchObject([{ method: 'GET', path: '/nothing/here', operationId: null, pointer: '' }]);
  });
});
