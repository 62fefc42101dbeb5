/**
 * The API contract check itself: Discord's OpenAPI request schemas (vendored) plus
 * the documented limits the file omits, with the JSON pointer and value of every
 * violation; multipart `payload_json`; the allow-list; and that a violation fails
 * the test even when the client swallowed the emulator's 400.
 */
import { readFileSync } from 'node:fs';
import { DiscordAPIError, REST, Routes } from 'discord.js';
import { CONTRACT_LOG, RequestContract, RequestContractError, type ContractRequest } from '../support/discord-emulator/openapi/contract';
import { throwUnreportedViolations } from '../support/discord-emulator/openapi/live';
import { startDiscordEmulator, type DiscordEmulator } from '../support/discord-emulator';

type Json = Record<string, unknown>;

const text = (length: number) => 'x'.repeat(length);
const button = (customId: string) => ({ type: 2, style: 1, custom_id: customId, label: 'Go' });
const row = (...components: Json[]) => ({ type: 1, components });
const createMessage = (body: unknown, mediaType: string | null = 'application/json'): ContractRequest => ({
  callId: 1,
  method: 'POST',
  path: '/channels/123456789012345678/messages',
  mediaType,
  body,
});

describe('RequestContract.check: a request against the operation\'s schema and the documented rules', () => {
  it('passes a valid message create (and counts it)', () => {
    const contract = new RequestContract();
    const verdict = contract.check(
      createMessage({ content: text(2000), embeds: [{ title: 'Raid', fields: [{ name: 'Day', value: 'Mo', inline: true }] }], components: [row(button('a'), button('b'))] }),
    );
    expect(verdict).toEqual({ violations: [], allowed: [], error: null });
    expect(contract.validated).toBe(1);
    expect(contract.byOperation).toEqual(new Map([['create_message', 1]]));
    expect(contract.violations).toEqual([]);
  });

  /** [what, body, pointer, value there, source, Discord's code] */
  const CASES: Array<[string, Json, string, unknown, 'openapi' | 'documented', string]> = [
    ['content of 2,001 characters (the spec allows 4,000)', { content: text(2001) }, '/content', text(2001), 'documented', 'BASE_TYPE_MAX_LENGTH'],
    ['six classic action rows (the spec allows 40 components)', { components: Array.from({ length: 6 }, (_, i) => row(button(`b${i}`))) }, '/components', Array.from({ length: 6 }, (_, i) => row(button(`b${i}`))), 'documented', 'BASE_TYPE_MAX_LENGTH'],
    ['6,001 embed characters in total', { embeds: [{ description: text(4000) }, { title: 'x', description: text(2000) }] }, '/embeds', [{ description: text(4000) }, { title: 'x', description: text(2000) }], 'documented', 'MAX_EMBED_SIZE_EXCEEDED'],
    ['a duplicate custom id', { components: [row(button('same')), row(button('same'))] }, '/components/1/components/0/custom_id', 'same', 'documented', 'COMPONENT_CUSTOM_ID_DUPLICATED'],
    ['a wrong type in a nested field', { embeds: [{ title: 'Raid', fields: [{ name: 'Day', value: 'Mo', inline: 'yes' }] }] }, '/embeds/0/fields/0/inline', 'yes', 'openapi', 'BASE_TYPE_BOOLEAN'],
    ['a button style that does not exist', { components: [row({ ...button('a'), style: 9 })] }, '/components/0/components/0/style', 9, 'openapi', 'BASE_TYPE_CHOICES'],
  ];

  it.each(CASES)('fails %s with its pointer and value', (_what, body, pointer, value, source, code) => {
    const contract = new RequestContract();
    const verdict = contract.check(createMessage(body));
    expect(verdict.violations).toEqual([
      { callId: 1, method: 'POST', path: '/channels/123456789012345678/messages', operationId: 'create_message', source, pointer, value, rule: expect.any(String), code },
    ]);
    // Discord's answer: 400 / 50035 with the error at the field's path.
    expect(verdict.error).toMatchObject({ status: 400, body: { code: 50035, message: 'Invalid Form Body' } });
    let node = verdict.error!.body.errors as Json | undefined;
    for (const key of pointer.split('/').slice(1)) node = node?.[key] as Json | undefined;
    expect(node?._errors).toEqual([expect.objectContaining({ code })]);
    expect(contract.violations).toEqual(verdict.violations);
  });

  it('checks interaction callbacks by their type: the message data, the modal', () => {
    const contract = new RequestContract();
    const callback = (body: Json) => contract.check({ callId: 2, method: 'POST', path: '/interactions/123456789012345678/tok/callback', mediaType: 'application/json', body });
    expect(callback({ type: 4, data: { content: 'ok', flags: 64 } }).violations).toEqual([]);
    expect(callback({ type: 4, data: { content: 7 } }).violations).toMatchObject([{ source: 'openapi', pointer: '/data/content', value: 7 }]);
    expect(callback({ type: 4, data: { components: [row(button('a'), button('a'))] } }).violations).toMatchObject([
      { source: 'documented', pointer: '/data/components/0/components/1/custom_id', value: 'a' },
    ]);
    expect(callback({ type: 9, data: { custom_id: 'm', components: [] } }).violations).toContainEqual(
      expect.objectContaining({ source: 'openapi', pointer: '/data/title', value: undefined, code: 'BASE_TYPE_REQUIRED' }),
    );
  });

  it('lets an allow-listed spec defect pass, with its reason', () => {
    const contract = new RequestContract();
    const flags = contract.check(createMessage({ content: 'quiet', flags: '4096' }));
    expect(flags.violations).toEqual([]);
    expect(flags.error).toBeNull();
    expect(flags.allowed).toEqual([expect.objectContaining({ pointer: '/flags', value: '4096', reason: expect.stringContaining('numeric string') })]);
    const command = contract.check({
      callId: 3,
      method: 'POST',
      path: '/applications/123456789012345678/commands',
      mediaType: 'application/json',
      body: { name: 'raid', description: 'Plan', default_member_permissions: '8' },
    });
    expect(command.violations).toEqual([]);
    expect(command.allowed).toEqual([expect.objectContaining({ pointer: '/default_member_permissions', value: '8', reason: expect.stringContaining('serialized into a string') })]);
    expect(contract.allowed).toHaveLength(2);
    // The entry is as narrow as its reason: flags that are no number at all still fail.
    expect(contract.check(createMessage({ content: 'x', flags: 'loud' })).violations).toMatchObject([{ pointer: '/flags', value: 'loud' }]);
  });

  it('fails a route Discord does not have, a missing required body and a media type the operation does not take', () => {
    const contract = new RequestContract();
    expect(contract.check({ callId: 4, method: 'POST', path: '/raids/1', mediaType: null, body: undefined }).violations).toMatchObject([
      { operationId: null, pointer: '', rule: 'no operation POST /raids/1 in the spec' },
    ]);
    expect(contract.check(createMessage(undefined, null)).violations).toMatchObject([{ operationId: 'create_message', rule: 'the operation requires a request body' }]);
    expect(contract.check(createMessage({ content: 'x' }, 'text/plain')).violations).toMatchObject([{ pointer: '', value: 'text/plain' }]);
    expect(contract.validated).toBe(3);
  });
});

describe('the emulator checks every request and a violation fails the test', () => {
  let emulator: DiscordEmulator;
  let rest: REST;
  let channelId: string;
  const clients: REST[] = [];

  beforeAll(async () => {
    emulator = await startDiscordEmulator({ rateLimits: { disabled: true } });
    const guild = emulator.driver.createGuild();
    channelId = emulator.driver.createChannel(guild.id, { name: 'contract' }).id;
    rest = new REST({ api: emulator.apiUrl, retries: 0 }).setToken(emulator.bot.token);
  });

  afterAll(async () => {
    for (const client of [rest, ...clients]) {
      client.clearHashSweeper();
      client.clearHandlerSweeper();
    }
    await emulator.close();
  });

  const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);
  const file = { name: 'plan.txt', data: Buffer.from('raid plan') };

  it('validates payload_json of a multipart body', async () => {
    const before = emulator.requestContract.validated;
    expect(await refusal(rest.post(Routes.channelMessages(channelId), { body: { content: 'with a file' }, files: [file] }))).toBeNull();
    expect(emulator.driver.lastMessage(channelId)?.attachments).toHaveLength(1);

    const tooLong = await refusal(rest.post(Routes.channelMessages(channelId), { body: { content: text(2001) }, files: [file] }));
    expect(tooLong).toBeInstanceOf(DiscordAPIError);
    expect(tooLong).toMatchObject({ status: 400, code: 50035 });
    const wrongType = await refusal(rest.post(Routes.channelMessages(channelId), { body: { content: 'x', tts: 'yes' }, files: [file] }));
    expect(wrongType).toMatchObject({ status: 400, code: 50035 });

    expect(emulator.requestContract.takeViolations()).toMatchObject([
      { operationId: 'create_message', source: 'documented', pointer: '/content', value: text(2001) },
      { operationId: 'create_message', source: 'openapi', pointer: '/tts', value: 'yes' },
    ]);
    expect(emulator.requestContract.validated - before).toBe(3);
    expect(emulator.driver.messages(channelId)).toHaveLength(1);
  });

  it('a swallowed 400 still fails the test: the after-each check throws the pointer and value once', async () => {
    // As a bot that catches every REST error would.
    await rest.post(Routes.channelMessages(channelId), { body: { content: text(2001) } }).catch(() => undefined);
    let thrown: unknown;
    try {
      throwUnreportedViolations();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RequestContractError);
    expect((thrown as Error).message).toContain(`POST /channels/${channelId}/messages [create_message, documented] /content = "xxx`);
    expect((thrown as Error).message).toContain('(2003 chars): BASE_TYPE_MAX_LENGTH');
    expect(() => throwUnreportedViolations()).not.toThrow();
  });

  it('close() throws the violations no test reported', async () => {
    const other = await startDiscordEmulator();
    const otherChannel = other.driver.createChannel(other.driver.createGuild().id, { name: 'late' }).id;
    const client = new REST({ api: other.apiUrl, retries: 0 }).setToken(other.bot.token);
    clients.push(client);
    await client.post(Routes.channelMessages(otherChannel), { body: { components: [row(button('a'), button('a'))] } }).catch(() => undefined);
    await expect(other.close()).rejects.toThrow(/\/components\/0\/components\/1\/custom_id = "a": COMPONENT_CUSTOM_ID_DUPLICATED/);
    // …and left its counts for the run's report.
    const lines = readFileSync(CONTRACT_LOG, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Json);
    expect(lines).toContainEqual(
      expect.objectContaining({ testPath: expect.getState().testPath, pid: process.pid, validated: 1, violations: 1, operations: { create_message: 1 } }),
    );
  });
});
