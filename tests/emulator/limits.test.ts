import { DiscordAPIError, Routes } from 'discord.js';
import { LIMITS, startDiscordEmulator, type DiscordEmulator, type InteractionHandle } from '../support/discord-emulator';
import { loginClient } from './client';

type Json = Record<string, unknown>;

const text = (length: number) => 'x'.repeat(length);
const button = (customId: string, label = 'Go') => ({ type: 2, style: 1, custom_id: customId, label });
const row = (...components: Json[]) => ({ type: 1, components });
const select = (overrides: Json = {}) => ({
  type: 3,
  custom_id: 'pick',
  options: [{ label: 'A', value: 'a' }],
  ...overrides,
});
const options = (count: number) => Array.from({ length: count }, (_, i) => ({ label: `o${i}`, value: `v${i}` }));
const textInput = (overrides: Json = {}) => row({ type: 4, custom_id: 'field', style: 1, label: 'Field', ...overrides });
const modal = (overrides: Json = {}) => ({ title: 'Raid', custom_id: 'modal', components: [textInput()], ...overrides });
const command = (overrides: Json = {}) => ({ name: 'raid', description: 'Plan', ...overrides });
const stringOption = (overrides: Json = {}) => ({ type: 3, name: 'name', description: 'Name', ...overrides });

/** [what, payload just at the limit (accepted), payload one over (refused), path Discord names] */
type LimitCase = [string, Json, Json, string];

const MESSAGE_CASES: LimitCase[] = [
  ['content 2000', { content: text(2000) }, { content: text(2001) }, 'content'],
  ['10 embeds', { embeds: Array.from({ length: 10 }, () => ({ title: 't' })) }, { embeds: Array.from({ length: 11 }, () => ({ title: 't' })) }, 'embeds'],
  ['embed title 256', { embeds: [{ title: text(256) }] }, { embeds: [{ title: text(257) }] }, 'embeds.0.title'],
  ['embed description 4096', { embeds: [{ description: text(4096) }] }, { embeds: [{ description: text(4097) }] }, 'embeds.0.description'],
  ['25 embed fields', { embeds: [{ fields: Array.from({ length: 25 }, () => ({ name: 'n', value: 'v' })) }] }, { embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] }, 'embeds.0.fields'],
  ['field name 256', { embeds: [{ fields: [{ name: text(256), value: 'v' }] }] }, { embeds: [{ fields: [{ name: text(257), value: 'v' }] }] }, 'embeds.0.fields.0.name'],
  ['field value 1024', { embeds: [{ fields: [{ name: 'n', value: text(1024) }] }] }, { embeds: [{ fields: [{ name: 'n', value: text(1025) }] }] }, 'embeds.0.fields.0.value'],
  ['footer 2048', { embeds: [{ footer: { text: text(2048) } }] }, { embeds: [{ footer: { text: text(2049) } }] }, 'embeds.0.footer.text'],
  ['author 256', { embeds: [{ author: { name: text(256) } }] }, { embeds: [{ author: { name: text(257) } }] }, 'embeds.0.author.name'],
  ['embeds total 6000', { embeds: [{ description: text(3000) }, { description: text(3000) }] }, { embeds: [{ description: text(3000) }, { description: text(3001) }] }, 'embeds'],
  ['5 action rows', { components: Array.from({ length: 5 }, (_, i) => row(button(`b${i}`))) }, { components: Array.from({ length: 6 }, (_, i) => row(button(`b${i}`))) }, 'components'],
  ['5 buttons per row', { components: [row(...Array.from({ length: 5 }, (_, i) => button(`b${i}`)))] }, { components: [row(...Array.from({ length: 6 }, (_, i) => button(`b${i}`)))] }, 'components.0.components'],
  ['25 select options', { components: [row(select({ options: options(25) }))] }, { components: [row(select({ options: options(26) }))] }, 'components.0.components.0.options'],
  ['at least 1 select option', { components: [row(select({ options: options(1) }))] }, { components: [row(select({ options: [] }))] }, 'components.0.components.0.options'],
  ['option label 100', { components: [row(select({ options: [{ label: text(100), value: 'a' }] }))] }, { components: [row(select({ options: [{ label: text(101), value: 'a' }] }))] }, 'components.0.components.0.options.0.label'],
  ['option value 100', { components: [row(select({ options: [{ label: 'a', value: text(100) }] }))] }, { components: [row(select({ options: [{ label: 'a', value: text(101) }] }))] }, 'components.0.components.0.options.0.value'],
  ['option description 100', { components: [row(select({ options: [{ label: 'a', value: 'a', description: text(100) }] }))] }, { components: [row(select({ options: [{ label: 'a', value: 'a', description: text(101) }] }))] }, 'components.0.components.0.options.0.description'],
  ['placeholder 150', { components: [row(select({ placeholder: text(150) }))] }, { components: [row(select({ placeholder: text(151) }))] }, 'components.0.components.0.placeholder'],
  ['custom_id 100', { components: [row(button(text(100)))] }, { components: [row(button(text(101)))] }, 'components.0.components.0.custom_id'],
  ['custom_id at least 1', { components: [row(button('a'))] }, { components: [row(button(''))] }, 'components.0.components.0.custom_id'],
  ['button label 80', { components: [row(button('b', text(80)))] }, { components: [row(button('b', text(81)))] }, 'components.0.components.0.label'],
  ['select alone in its row', { components: [row(select()), row(button('b'))] }, { components: [row(select(), button('b'))] }, 'components.0.components'],
  ['unique custom ids', { components: [row(button('a'), button('b'))] }, { components: [row(button('a'), button('a'))] }, 'components.0.components.1.custom_id'],
];

const MODAL_CASES: LimitCase[] = [
  ['modal title 45', modal({ title: text(45) }), modal({ title: text(46) }), 'data.title'],
  ['5 modal components', modal({ components: Array.from({ length: 5 }, (_, i) => textInput({ custom_id: `f${i}` })) }), modal({ components: Array.from({ length: 6 }, (_, i) => textInput({ custom_id: `f${i}` })) }), 'data.components'],
  ['text input label 45', modal({ components: [textInput({ label: text(45) })] }), modal({ components: [textInput({ label: text(46) })] }), 'data.components.0.components.0.label'],
  ['text input max_length 4000', modal({ components: [textInput({ max_length: 4000 })] }), modal({ components: [textInput({ max_length: 4001 })] }), 'data.components.0.components.0.max_length'],
  ['text input min_length 0..4000', modal({ components: [textInput({ min_length: 4000 })] }), modal({ components: [textInput({ min_length: 4001 })] }), 'data.components.0.components.0.min_length'],
  ['text input value 4000', modal({ components: [textInput({ value: text(4000) })] }), modal({ components: [textInput({ value: text(4001) })] }), 'data.components.0.components.0.value'],
  ['text input placeholder 100', modal({ components: [textInput({ placeholder: text(100) })] }), modal({ components: [textInput({ placeholder: text(101) })] }), 'data.components.0.components.0.placeholder'],
  ['label component 45', modal({ components: [{ type: 18, label: text(45), component: { type: 4, custom_id: 'f', style: 1 } }] }), modal({ components: [{ type: 18, label: text(46), component: { type: 4, custom_id: 'f', style: 1 } }] }), 'data.components.0.label'],
];

const CHOICE_CASES: LimitCase[] = [
  ['25 choices', { choices: Array.from({ length: 25 }, (_, i) => ({ name: `c${i}`, value: `c${i}` })) }, { choices: Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `c${i}` })) }, 'data.choices'],
  ['choice name 100', { choices: [{ name: text(100), value: 'v' }] }, { choices: [{ name: text(101), value: 'v' }] }, 'data.choices.0.name'],
  ['choice value 100', { choices: [{ name: 'n', value: text(100) }] }, { choices: [{ name: 'n', value: text(101) }] }, 'data.choices.0.value'],
];

const COMMAND_CASES: LimitCase[] = [
  ['name 32', command({ name: text(32) }), command({ name: text(33) }), 'name'],
  ['lower-case name', command({ name: 'raid_plan' }), command({ name: 'Raid' }), 'name'],
  ['name without spaces', command({ name: 'raid-plan' }), command({ name: 'raid plan' }), 'name'],
  ['description 100', command({ description: text(100) }), command({ description: text(101) }), 'description'],
  ['description required', command({ description: 'd' }), command({ description: '' }), 'description'],
  ['25 options', command({ options: Array.from({ length: 25 }, (_, i) => stringOption({ name: `o${i}` })) }), command({ options: Array.from({ length: 26 }, (_, i) => stringOption({ name: `o${i}` })) }), 'options'],
  ['required before optional', command({ options: [stringOption({ name: 'a', required: true }), stringOption({ name: 'b' })] }), command({ options: [stringOption({ name: 'a' }), stringOption({ name: 'b', required: true })] }), 'options.1.required'],
  ['25 choices', command({ options: [stringOption({ choices: Array.from({ length: 25 }, (_, i) => ({ name: `c${i}`, value: `c${i}` })) })] }), command({ options: [stringOption({ choices: Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `c${i}` })) })] }), 'options.0.choices'],
  ['option description 100', command({ options: [stringOption({ description: text(100) })] }), command({ options: [stringOption({ description: text(101) })] }), 'options.0.description'],
  ['unique option names', command({ options: [stringOption({ name: 'a' }), stringOption({ name: 'b' })] }), command({ options: [stringOption({ name: 'a' }), stringOption({ name: 'a' })] }), 'options.1.name'],
];

/** The `_errors` Discord reports at a dotted path of its error tree. */
function errorsAt(error: unknown, path: string): Array<{ code: string }> | undefined {
  let tree: Json | undefined = ((error as DiscordAPIError).rawError as unknown as { errors?: Json }).errors;
  for (const key of path.split('.')) tree = tree?.[key] as Json | undefined;
  return tree?._errors as Array<{ code: string }> | undefined;
}

describe('Discord\'s limits, answered as 400 / 50035 with the field\'s path and recorded as contract violations', () => {
  let emulator: DiscordEmulator;
  let client: Awaited<ReturnType<typeof loginClient>>;
  let channelId: string;
  let guildId: string;
  let memberId: string;

  beforeAll(async () => {
    emulator = await startDiscordEmulator({ rateLimits: { disabled: true }, interactionAckWindowMs: 60_000 });
    const guild = emulator.driver.createGuild();
    guildId = guild.id;
    channelId = emulator.driver.createChannel(guild.id, { name: 'limits' }).id;
    memberId = emulator.driver.createMember(guild.id).id;
    client = await loginClient(emulator);
    await client.application.commands.set([{ name: 'raid', description: 'Plan', options: [{ type: 3, name: 'dungeon', description: 'Dungeon', autocomplete: true }] }]);
  });

  afterAll(async () => {
    await client.destroy();
    await emulator.close();
  });

  const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);
  /** Where the requests since the last look broke the API contract (claimed here, so the after-each check passes). */
  const violations = () => emulator.requestContract.takeViolations().map((violation) => violation.pointer);
  const pointer = (path: string) => `/${path.replace(/\./g, '/')}`;

  it.each(MESSAGE_CASES)('message %s', async (_what, atLimit, overLimit, path) => {
    expect(await refusal(client.rest.post(Routes.channelMessages(channelId), { body: atLimit }))).toBeNull();
    expect(violations()).toEqual([]);
    const error = await refusal(client.rest.post(Routes.channelMessages(channelId), { body: overLimit }));
    expect(error).toMatchObject({ status: 400, code: 50035, rawError: { message: 'Invalid Form Body' } });
    expect(errorsAt(error, path)?.length).toBeGreaterThan(0);
    expect(violations()).toContain(pointer(path));
  });

  it('message edits obey the same limits', async () => {
    const message = (await client.rest.post(Routes.channelMessages(channelId), { body: { content: 'x' } })) as { id: string };
    const error = await refusal(client.rest.patch(Routes.channelMessage(channelId, message.id), { body: { embeds: [{ title: text(257) }] } }));
    expect(errorsAt(error, 'embeds.0.title')?.[0]?.code).toBe('BASE_TYPE_MAX_LENGTH');
    expect(violations()).toContain('/embeds/0/title');
  });

  it('an empty message (no content, embeds, components or files) answers 50006', async () => {
    for (const body of [{}, { content: '' }, { content: '   ', embeds: [], components: [] }]) {
      expect(await refusal(client.rest.post(Routes.channelMessages(channelId), { body }))).toMatchObject({ status: 400, code: 50006 });
    }
    // Nothing to show depends on more than the body's shape: Discord refuses it, the contract has no rule for it.
    expect(violations()).toEqual([]);
  });

  describe('interaction responses', () => {
    let invocation: InteractionHandle;
    let autocomplete: InteractionHandle;

    beforeAll(async () => {
      // Nobody answers these: refused callbacks leave them unacknowledged, so each case can try again.
      invocation = await emulator.driver.slash({ channelId, userId: memberId, command: 'raid' });
      autocomplete = await emulator.driver.autocomplete({ channelId, userId: memberId, command: 'raid', focused: 'dungeon', value: '' });
    });

    const callback = (target: InteractionHandle, body: Json) =>
      refusal(client.rest.post(Routes.interactionCallback(target.id, target.token), { body, auth: false }));

    it.each(MODAL_CASES)('modal %s', async (_what, atLimit, overLimit, path) => {
      const error = await callback(invocation, { type: 9, data: overLimit });
      expect(error).toMatchObject({ status: 400, code: 50035 });
      expect(errorsAt(error, path)?.length).toBeGreaterThan(0);
      expect(violations()).toContain(pointer(path));
      expect(invocation.status).toBe('pending');
      void atLimit;
    });

    it.each(CHOICE_CASES)('autocomplete %s', async (_what, atLimit, overLimit, path) => {
      const error = await callback(autocomplete, { type: 8, data: overLimit });
      expect(error).toMatchObject({ status: 400, code: 50035 });
      expect(errorsAt(error, path)?.length).toBeGreaterThan(0);
      expect(violations()).toContain(pointer(path));
      void atLimit;
    });

    it('reply content follows the message limits', async () => {
      const error = await callback(invocation, { type: 4, data: { content: text(LIMITS.content + 1) } });
      expect(errorsAt(error, 'content')?.[0]?.code).toBe('BASE_TYPE_MAX_LENGTH');
      expect(violations()).toContain('/data/content');
      expect(await callback(invocation, { type: 4, data: {} })).toMatchObject({ code: 50006 });
      expect(violations()).toEqual([]);
    });

    // Last: an accepted response acknowledges the interaction for good.
    it('the modal and choices exactly at every limit are accepted', async () => {
      const atLimit = modal({
        title: text(45),
        components: [
          textInput({ custom_id: 'a', label: text(45), max_length: 4000, value: text(4000), placeholder: text(100) }),
          textInput({ custom_id: 'b', min_length: 4000 }),
          textInput({ custom_id: 'c' }),
          textInput({ custom_id: 'd' }),
          { type: 18, label: text(45), description: text(100), component: { type: 4, custom_id: 'e', style: 2 } },
        ],
      });
      expect(await callback(invocation, { type: 9, data: atLimit })).toBeNull();
      expect((await invocation.modal()).title).toBe(text(45));
      expect(await callback(autocomplete, { type: 8, data: { choices: Array.from({ length: 25 }, (_, i) => ({ name: text(100).slice(i), value: text(100) })) } })).toBeNull();
      expect(await autocomplete.choices()).toHaveLength(25);
    });
  });

  it.each(COMMAND_CASES)('command %s', async (_what, atLimit, overLimit, path) => {
    const route = Routes.applicationGuildCommands(emulator.bot.applicationId, guildId);
    expect(await refusal(client.rest.post(route, { body: atLimit }))).toBeNull();
    expect(violations()).toEqual([]);
    const error = await refusal(client.rest.post(route, { body: overLimit }));
    expect(error).toMatchObject({ status: 400, code: 50035 });
    expect(errorsAt(error, path)?.length).toBeGreaterThan(0);
    expect(violations()).toContain(pointer(path));
  });

  it('a bulk overwrite with two commands of one name is refused whole', async () => {
    const route = Routes.applicationCommands(emulator.bot.applicationId);
    const error = await refusal(client.rest.put(route, { body: [command(), command()] }));
    expect(errorsAt(error, '1.name')?.[0]?.code).toBe('APPLICATION_COMMANDS_DUPLICATE_NAME');
    expect(violations()).toEqual(['/1/name']);
    expect(emulator.driver.commands().map((c) => c.name)).toEqual(['raid']);
  });
});
