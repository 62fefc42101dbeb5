import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ButtonBuilder,
  ButtonStyle,
  DiscordAPIError,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  Routes,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  type Interaction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type TextChannel,
} from 'discord.js';
import {
  InteractionFailedError,
  InteractionRefusedError,
  startDiscordEmulator,
  type DiscordEmulator,
  type GuildFixture,
  type MemberFixture,
} from '../support/discord-emulator';
import { loginClient } from './client';

const COMMANDS: RESTPostAPIChatInputApplicationCommandsJSONBody[] = [
  {
    name: 'raidplan',
    description: 'Plan a raid',
    options: [
      { name: 'dungeon', description: 'Dungeon', type: ApplicationCommandOptionType.String, required: true, autocomplete: true },
      { name: 'min_players', description: 'Minimum', type: ApplicationCommandOptionType.Integer, min_value: 1, max_value: 40 },
      { name: 'difficulty', description: 'Difficulty', type: ApplicationCommandOptionType.String, choices: [{ name: 'Normal', value: 'normal' }, { name: 'Hard', value: 'hard' }] },
      { name: 'leader', description: 'Leader', type: ApplicationCommandOptionType.User },
    ],
  },
  { name: 'purge', description: 'Delete messages', default_member_permissions: PermissionFlagsBits.ManageMessages.toString() },
  {
    name: 'settings',
    description: 'Settings',
    options: [{ name: 'language', description: 'Language', type: ApplicationCommandOptionType.Subcommand, options: [{ name: 'locale', description: 'Locale', type: ApplicationCommandOptionType.String, required: true }] }],
  },
];

describe('Discord emulator interactions and the driver', () => {
  let emulator: DiscordEmulator;
  let guild: GuildFixture;
  let member: MemberFixture;
  let channelId: string;
  let client: Awaited<ReturnType<typeof loginClient>>;
  let handle: (interaction: Interaction) => Promise<unknown>;

  async function setup(options: Parameters<typeof startDiscordEmulator>[0] = {}) {
    emulator = await startDiscordEmulator(options);
    guild = emulator.driver.createGuild({ name: 'Raiders', preferredLocale: 'de' });
    channelId = emulator.driver.createChannel(guild.id, { name: 'planning' }).id;
    member = emulator.driver.createMember(guild.id, { username: 'alice', locale: 'en-GB' });
    client = await loginClient(emulator);
    await client.application.commands.set(COMMANDS);
    handle = async () => undefined;
    client.on('interactionCreate', (interaction) => {
      handle(interaction).catch((error: unknown) => {
        lastHandlerError = error;
      });
    });
  }
  let lastHandlerError: unknown;

  afterEach(async () => {
    await client?.destroy();
    await emulator?.close();
    lastHandlerError = undefined;
  });

  describe('with the default 3 s window', () => {
    beforeEach(() => setup());

    it('dispatches a slash command with every field Discord sends; discord.js reads the typed options', async () => {
      let seen: { dungeon: string | null; min: number | null; leader: string | undefined; locale: string } | undefined;
      handle = async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        seen = {
          dungeon: interaction.options.getString('dungeon'),
          min: interaction.options.getInteger('min_players'),
          leader: interaction.options.getUser('leader')?.username,
          locale: interaction.locale,
        };
        await interaction.reply({ content: `planned ${seen.dungeon}` });
      };
      const invocation = await emulator.driver.slash({
        channelId,
        userId: member.id,
        command: 'raidplan',
        options: { dungeon: 'Molten Core', min_players: 10, leader: member.id },
      });
      const reply = await invocation.reply();
      expect(reply.content).toBe('planned Molten Core');
      expect(seen).toEqual({ dungeon: 'Molten Core', min: 10, leader: 'alice', locale: 'en-GB' });
      const payload = invocation.record.payload as unknown as Record<string, any>;
      expect(payload).toMatchObject({
        application_id: emulator.bot.applicationId,
        type: 2,
        guild_id: guild.id,
        guild: { id: guild.id, locale: 'de', features: [] },
        channel: { id: channelId, type: 0 },
        channel_id: channelId,
        version: 1,
        locale: 'en-GB',
        guild_locale: 'de',
        entitlements: [],
        authorizing_integration_owners: { '0': guild.id },
        context: 0,
        data: { name: 'raidplan', type: 1, resolved: { users: { [member.id]: { username: 'alice' } } } },
      });
      expect(payload.member).toMatchObject({ user: { id: member.id }, roles: [], joined_at: expect.any(String) });
      expect(typeof payload.member.permissions).toBe('string');
      expect(typeof payload.app_permissions).toBe('string');
      expect(payload.token).toEqual(expect.any(String));
      expect(reply.interaction_metadata).toMatchObject({ id: invocation.id, type: 2, user: { id: member.id } });
      expect(reply.webhook_id).toBe(emulator.bot.applicationId);
    });

    it('keeps an ephemeral reply visible only to the member who ran the command', async () => {
      handle = async (interaction) => {
        if (interaction.isChatInputCommand()) await interaction.reply({ content: 'only you', flags: MessageFlags.Ephemeral });
      };
      const invocation = await emulator.driver.slash({ channelId, userId: member.id, command: 'raidplan', options: { dungeon: 'x' } });
      const reply = await invocation.reply();
      expect(reply.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      expect(emulator.driver.messages(channelId)).toEqual([]);
      expect(emulator.driver.messages(channelId, { visibleTo: member.id }).map((m) => m.content)).toEqual(['only you']);
    });

    it('answers with_response=true with the callback object and the message', async () => {
      let seen: { id: string | undefined; content: string | undefined; messageId: string | null | undefined } | undefined;
      handle = async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        const response = await interaction.reply({ content: 'with response', withResponse: true });
        seen = { id: response.interaction.id, content: response.resource?.message?.content, messageId: response.interaction.responseMessageId };
      };
      const invocation = await emulator.driver.slash({ channelId, userId: member.id, command: 'raidplan', options: { dungeon: 'x' } });
      const reply = await invocation.reply();
      await emulator.driver.settle();
      expect(seen).toEqual({ id: invocation.id, content: 'with response', messageId: reply.id });
    });

    it('defer + followUp: the first follow-up fills the "thinking…" message, later ones are new messages', async () => {
      handle = async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await interaction.deferReply();
        await interaction.followUp('first');
        await interaction.followUp('second');
      };
      const invocation = await emulator.driver.slash({ channelId, userId: member.id, command: 'raidplan', options: { dungeon: 'x' } });
      expect((await invocation.acknowledged()).type).toBe(5);
      expect((await invocation.reply()).content).toBe('first');
      const followUps = await invocation.waitForFollowUps(1);
      expect(followUps.map((m) => m.content)).toEqual(['second']);
      expect(invocation.deferred).toBe(false);
      expect(emulator.driver.messages(channelId).map((m) => m.content)).toEqual(['first', 'second']);
    });

    it('defer + editReply fills the deferred reply; @original can be fetched and deleted', async () => {
      handle = async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        await interaction.editReply('done');
        const original = await interaction.fetchReply();
        await interaction.followUp({ content: `fetched ${original.content}`, flags: MessageFlags.Ephemeral });
        await interaction.deleteReply();
      };
      const invocation = await emulator.driver.slash({ channelId, userId: member.id, command: 'raidplan', options: { dungeon: 'x' } });
      expect((await invocation.reply()).content).toBe('done');
      expect((await invocation.waitForFollowUps(1))[0]!.content).toBe('fetched done');
      await emulator.driver.settle();
      expect(invocation.events.map((e) => e.kind)).toEqual(['callback', 'edit', 'followup', 'delete']);
      expect(invocation.original()).toBeNull();
    });

    it('a button click is answered by updating the message it sits on (type 7); selects carry the chosen values', async () => {
      const channel = client.channels.cache.get(channelId) as TextChannel;
      const planner = await channel.send({
        content: 'vote',
        components: [
          new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('raid:finish:1').setLabel('Finish').setStyle(ButtonStyle.Danger)),
          new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
            new StringSelectMenuBuilder().setCustomId('raid:days:1').setMinValues(1).setMaxValues(2).addOptions({ label: 'Mon', value: 'mon' }, { label: 'Tue', value: 'tue' }),
          ),
        ],
      });
      handle = async (interaction) => {
        if (interaction.isButton()) await interaction.update({ content: `finished by ${interaction.user.username}`, components: [] });
        if (interaction.isStringSelectMenu()) {
          await interaction.update({ content: `days ${interaction.values.join(',')}` });
          await interaction.followUp({ content: 'your votes', flags: MessageFlags.Ephemeral });
        }
      };
      const select = await emulator.driver.selectMenu({ channelId, messageId: planner.id, userId: member.id, customId: 'raid:days:1', values: ['mon', 'tue'] });
      expect((await select.reply()).content).toBe('days mon,tue');
      expect((await select.waitForFollowUps(1))[0]).toMatchObject({ content: 'your votes', flags: MessageFlags.Ephemeral });
      const payload = select.record.payload as unknown as Record<string, any>;
      expect(payload.message).toMatchObject({ id: planner.id, content: 'vote' });
      expect(payload.data).toEqual({ custom_id: 'raid:days:1', component_type: 3, values: ['mon', 'tue'] });

      const click = await emulator.driver.clickButton({ channelId, messageId: planner.id, userId: member.id, label: 'Finish' });
      const updated = await click.reply();
      expect(updated.id).toBe(planner.id);
      expect(updated.content).toBe('finished by alice');
      expect(emulator.driver.message(channelId, planner.id)?.components).toEqual([]);
    });

    it('deferUpdate + editReply edits the component\'s message; follow-ups can be edited by id', async () => {
      const channel = client.channels.cache.get(channelId) as TextChannel;
      const planner = await channel.send({
        content: 'planner',
        components: [new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('raid:refresh:1').setLabel('Refresh').setStyle(ButtonStyle.Secondary))],
      });
      handle = async (interaction) => {
        if (!interaction.isButton()) return;
        await interaction.deferUpdate();
        await interaction.editReply({ content: 'planner (refreshed)' });
        const followUp = await interaction.followUp({ content: 'draft', flags: MessageFlags.Ephemeral });
        await interaction.editReply({ message: followUp.id, content: 'final' });
      };
      const click = await emulator.driver.clickButton({ channelId, messageId: planner.id, userId: member.id, customId: 'raid:refresh:1' });
      const edited = await click.reply();
      expect(edited).toMatchObject({ id: planner.id, content: 'planner (refreshed)' });
      await emulator.driver.settle();
      expect(click.followUps().map((m) => m.content)).toEqual(['final']);
      expect(click.events.map((e) => `${e.kind}${e.callbackType ?? ''}`)).toEqual(['callback6', 'edit', 'followup', 'edit']);
    });

    it('a second acknowledgement answers 400 / 40060 as a DiscordAPIError', async () => {
      let second: unknown;
      handle = async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await interaction.reply('first');
        second = await client.rest
          .post(Routes.interactionCallback(interaction.id, interaction.token), { body: { type: 4, data: { content: 'again' } }, auth: false })
          .catch((error: unknown) => error);
      };
      const invocation = await emulator.driver.slash({ channelId, userId: member.id, command: 'raidplan', options: { dungeon: 'x' } });
      await invocation.reply();
      await emulator.driver.settle();
      expect(second).toBeInstanceOf(DiscordAPIError);
      expect(second).toMatchObject({ code: 40060, status: 400 });
    });

    it('shows a modal and receives its submission; fields are found by custom id or label', async () => {
      handle = async (interaction) => {
        if (interaction.isChatInputCommand()) {
          await interaction.showModal(
            new ModalBuilder()
              .setCustomId('raid:create')
              .setTitle('New raid')
              .addComponents(
                new ActionRowBuilder<TextInputBuilder>().addComponents(new TextInputBuilder().setCustomId('days').setLabel('Days').setStyle(TextInputStyle.Short).setMaxLength(50)),
                new ActionRowBuilder<TextInputBuilder>().addComponents(new TextInputBuilder().setCustomId('note').setLabel('Note').setStyle(TextInputStyle.Paragraph).setRequired(false)),
              ),
          );
        }
        if (interaction.isModalSubmit()) {
          await interaction.reply(`days=${interaction.fields.getTextInputValue('days')} note=${interaction.fields.getTextInputValue('note')}`);
        }
      };
      const invocation = await emulator.driver.slash({ channelId, userId: member.id, command: 'raidplan', options: { dungeon: 'x' } });
      expect((await invocation.modal()).title).toBe('New raid');
      const submit = await emulator.driver.submitModal(invocation, { fields: { Days: 'Mon,Tue' } });
      expect((await submit.reply()).content).toBe('days=Mon,Tue note=');
      await expect(emulator.driver.submitModal(invocation, { fields: { days: 'x'.repeat(51) } })).rejects.toMatchObject({ reason: 'invalid_field' });
      await expect(emulator.driver.submitModal(invocation, { fields: { note: 'only the note' } })).rejects.toMatchObject({ reason: 'invalid_field' });
      await expect(emulator.driver.submitModal(invocation, { fields: { days: 'a', colour: 'red' } })).rejects.toMatchObject({ reason: 'unknown_field' });
    });

    it('returns the choices the bot answered to autocomplete', async () => {
      handle = async (interaction) => {
        if (!interaction.isAutocomplete()) return;
        const typed = interaction.options.getFocused();
        await interaction.respond(['Molten Core', 'Naxxramas'].filter((d) => d.toLowerCase().startsWith(typed.toLowerCase())).map((d) => ({ name: d, value: d })));
      };
      const invocation = await emulator.driver.autocomplete({ channelId, userId: member.id, command: 'raidplan', focused: 'dungeon', value: 'mol' });
      expect(await invocation.choices()).toEqual([{ name: 'Molten Core', value: 'Molten Core' }]);
      expect((invocation.record.payload as unknown as Record<string, any>).data.options).toEqual([{ name: 'dungeon', type: 3, value: 'mol', focused: true }]);
    });

    it('nests subcommand options as Discord does', async () => {
      let locale: string | null = null;
      handle = async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        locale = `${interaction.options.getSubcommand()}:${interaction.options.getString('locale')}`;
        await interaction.reply('ok');
      };
      const invocation = await emulator.driver.slash({ channelId, userId: member.id, command: 'settings language', options: { locale: 'de' } });
      await invocation.reply();
      expect(locale).toBe('language:de');
      await expect(emulator.driver.slash({ channelId, userId: member.id, command: 'settings', options: {} })).rejects.toMatchObject({ reason: 'missing_subcommand' });
    });
  });

  describe('driver refusals (what the Discord client would never send)', () => {
    beforeEach(() => setup());

    it('refuses unknown commands, unknown options, missing required options and invalid values', async () => {
      const slash = (command: string, options: Record<string, string | number | boolean>) => emulator.driver.slash({ channelId, userId: member.id, command, options });
      await expect(slash('nope', {})).rejects.toMatchObject({ reason: 'unknown_command' });
      await expect(slash('raidplan', { dungeon: 'x', colour: 'red' })).rejects.toMatchObject({ reason: 'unknown_option' });
      await expect(slash('raidplan', { min_players: 5 })).rejects.toMatchObject({ reason: 'missing_option' });
      await expect(slash('raidplan', { dungeon: 'x', min_players: 41 })).rejects.toMatchObject({ reason: 'invalid_option' });
      await expect(slash('raidplan', { dungeon: 'x', min_players: 2.5 })).rejects.toMatchObject({ reason: 'invalid_option' });
      await expect(slash('raidplan', { dungeon: 'x', difficulty: 'nightmare' })).rejects.toBeInstanceOf(InteractionRefusedError);
      expect(emulator.interactions.records.size).toBe(0);
    });

    it('hides commands with default_member_permissions from members lacking them; admins and holders may run them', async () => {
      handle = async (interaction) => {
        if (interaction.isChatInputCommand()) await interaction.reply('purged');
      };
      await expect(emulator.driver.slash({ channelId, userId: member.id, command: 'purge' })).rejects.toMatchObject({ reason: 'not_allowed' });
      const admin = emulator.driver.createMember(guild.id, { username: 'admin', admin: true });
      const moderator = emulator.driver.createMember(guild.id, { username: 'mod', permissions: ['ManageMessages'] });
      for (const userId of [admin.id, moderator.id, guild.ownerId]) {
        expect((await (await emulator.driver.slash({ channelId, userId, command: 'purge' })).reply()).content).toBe('purged');
      }
    });

    it('refuses components that are not on the message, ephemeral messages of others, and values that are not options', async () => {
      const channel = client.channels.cache.get(channelId) as TextChannel;
      const message = await channel.send({
        content: 'x',
        components: [
          new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
            new StringSelectMenuBuilder().setCustomId('pick').addOptions({ label: 'A', value: 'a' }, { label: 'B', value: 'b' }),
          ),
        ],
      });
      await expect(emulator.driver.clickButton({ channelId, messageId: message.id, userId: member.id, customId: 'raid:finish:9' })).rejects.toMatchObject({ reason: 'unknown_component' });
      await expect(emulator.driver.selectMenu({ channelId, messageId: message.id, userId: member.id, customId: 'pick', values: ['c'] })).rejects.toMatchObject({ reason: 'invalid_values' });
      await expect(emulator.driver.selectMenu({ channelId, messageId: message.id, userId: member.id, customId: 'pick', values: ['a', 'b'] })).rejects.toMatchObject({ reason: 'invalid_values' });

      handle = async (interaction) => {
        if (interaction.isChatInputCommand()) {
          await interaction.reply({
            content: 'private',
            flags: MessageFlags.Ephemeral,
            components: [new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('mine').setLabel('Mine').setStyle(ButtonStyle.Primary))],
          });
        }
        if (interaction.isButton()) await interaction.update({ content: 'clicked' });
      };
      const invocation = await emulator.driver.slash({ channelId, userId: member.id, command: 'raidplan', options: { dungeon: 'x' } });
      const ephemeral = await invocation.reply();
      const other = emulator.driver.createMember(guild.id, { username: 'other' });
      await expect(emulator.driver.clickButton({ channelId, messageId: ephemeral.id, userId: other.id, customId: 'mine' })).rejects.toMatchObject({ reason: 'cannot_see_message' });
      const own = await emulator.driver.clickButton({ channelId, messageId: ephemeral.id, userId: member.id, customId: 'mine' });
      expect((await own.reply()).content).toBe('clicked');
    });
  });

  describe('with a short webhook token lifetime', () => {
    beforeEach(() => setup({ interactionTokenLifetimeMs: 400 }));

    it('the interaction webhook does not exist before the acknowledgement (10015) and dies with its token (50027)', async () => {
      const outcomes: unknown[] = [];
      handle = async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        const followUp = () =>
          client.rest.post(Routes.webhook(interaction.applicationId, interaction.token), { body: { content: 'follow' }, auth: false }).then(() => 'ok', (error: unknown) => error);
        outcomes.push(await followUp());
        await interaction.reply('ack');
        outcomes.push(await followUp());
        await new Promise((resolve) => setTimeout(resolve, 450));
        outcomes.push(await followUp());
      };
      const invocation = await emulator.driver.slash({ channelId, userId: member.id, command: 'raidplan', options: { dungeon: 'x' } });
      await invocation.reply();
      await invocation.waitForFollowUps(1);
      // The handler's third attempt comes after its own sleep: wait for it, not for a quiet moment (slow machines).
      for (const deadline = Date.now() + 10_000; outcomes.length < 3 && Date.now() < deadline; ) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(outcomes[0]).toMatchObject({ code: 10015, status: 404 });
      expect(outcomes[1]).toBe('ok');
      expect(outcomes[2]).toMatchObject({ code: 50027, status: 401 });
    });
  });

  describe('with a short acknowledgement window', () => {
    beforeEach(() => setup({ interactionAckWindowMs: 300 }));

    it('an interaction not acknowledged in time expires: the late reply gets 10062 and the member sees a failure', async () => {
      let late: unknown;
      handle = async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await new Promise((resolve) => setTimeout(resolve, 500));
        late = await interaction.reply('too late').catch((error: unknown) => error);
      };
      const invocation = await emulator.driver.slash({ channelId, userId: member.id, command: 'raidplan', options: { dungeon: 'x' } });
      await expect(invocation.reply()).rejects.toBeInstanceOf(InteractionFailedError);
      await emulator.driver.waitForRestCall({ route: '/interactions/:interaction_id/:interaction_token/callback' });
      await emulator.driver.settle();
      expect(late).toBeInstanceOf(DiscordAPIError);
      expect(late).toMatchObject({ code: 10062, status: 404 });
      expect(lastHandlerError).toBeUndefined();
    });
  });
});
