/**
 * Discord does not count interaction endpoints against a bot's global requests per
 * second; @discordjs/rest exempts only the callback, so the bot routes follow-ups and
 * response edits through a REST manager of their own (src/lib/discord/interaction-rest.ts).
 * A real discord.js client on the emulator, with its global limit lowered to 2 per
 * second so that a handful of requests shows the difference. New follow-ups also let the
 * acknowledgements still pending go first (src/lib/discord/pending-acks.ts).
 */
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, RESTEvents, Routes, type ChatInputCommandInteraction, type ClientOptions, type RateLimitData } from 'discord.js';
import { exemptInteractionWebhooks, isInteractionWebhookRoute } from '../../../src/lib/discord/interaction-rest';
import { PendingAcknowledgements } from '../../../src/lib/discord/pending-acks';
import { waitUntil } from '../../support/wait';
import { startDiscordEmulator, type DiscordEmulator } from '../../support/discord-emulator';

const GLOBAL_PER_SECOND = 2;
const FOLLOW_UPS = 6;
const FOLLOW_UP_MAX_WAIT_MS = 1500;

let emulator: DiscordEmulator;
let client: Client;
let channelIds: string[];
let userId: string;
const rateLimits: RateLimitData[] = [];
const responses: string[] = [];
let onCommand: (interaction: ChatInputCommandInteraction) => Promise<void> = async () => undefined;

beforeAll(async () => {
  emulator = await startDiscordEmulator();
  const guild = emulator.driver.createGuild({ name: 'Budget' });
  channelIds = Array.from({ length: FOLLOW_UPS }, (_, index) => emulator.driver.createChannel(guild.id, { name: `channel-${index}` }).id);
  userId = emulator.driver.createMember(guild.id, { username: 'member' }).id;
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emulator.apiUrl, globalRequestsPerSecond: GLOBAL_PER_SECOND } } as unknown as ClientOptions);
  const acks = new PendingAcknowledgements();
  client.on(Events.InteractionCreate, (interaction) => acks.received(interaction.id));
  exemptInteractionWebhooks(client.rest, { applicationId: () => client.application?.id ?? null, token: () => client.token }, { acks, maxWaitMs: FOLLOW_UP_MAX_WAIT_MS });
  client.rest.on(RESTEvents.RateLimited, (info) => rateLimits.push(info));
  client.rest.on(RESTEvents.Response, (request) => responses.push(request.route));
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isChatInputCommand()) void onCommand(interaction);
  });
  const ready = once(client, Events.ClientReady);
  await client.login(emulator.bot.token);
  await ready;
  await client.application!.commands.set([
    { name: 'burst', description: 'Many follow-ups' },
    { name: 'later', description: 'Answered when the test says so' },
  ]);
});

afterAll(async () => {
  await client.destroy();
  await emulator.close();
});

beforeEach(async () => {
  // A fresh second of the global budget.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  rateLimits.length = 0;
  responses.length = 0;
});

it('recognises only the application’s own webhooks as interaction webhooks', () => {
  expect(isInteractionWebhookRoute('/webhooks/111/token-abc', '111')).toBe(true);
  expect(isInteractionWebhookRoute('/webhooks/111/token-abc/messages/@original', '111')).toBe(true);
  expect(isInteractionWebhookRoute('/webhooks/222/token-abc', '111')).toBe(false);
  expect(isInteractionWebhookRoute('/channels/111/messages', '111')).toBe(false);
  expect(isInteractionWebhookRoute('/webhooks/111/token-abc', null)).toBe(false);
});

it('follow-ups and response edits never wait for the global limit, and the client’s listeners still see them', async () => {
  const done = new Promise<void>((resolve, reject) => {
    onCommand = async (interaction) => {
      try {
        await interaction.deferReply();
        await Promise.all(Array.from({ length: FOLLOW_UPS }, (_, index) => interaction.followUp({ content: `follow-up ${index}` })));
        await interaction.editReply({ content: 'all sent' });
        resolve();
      } catch (error) {
        reject(error as Error);
      }
    };
  });
  const handle = await emulator.driver.slash({ channelId: channelIds[0]!, userId, command: 'burst' });
  await done;

  expect(handle.events.filter((event) => event.kind === 'followup')).toHaveLength(FOLLOW_UPS);
  expect(rateLimits.filter((info) => info.global)).toEqual([]);
  // 1 callback (exempt in discord.js itself) + the follow-ups and the edit through the separate manager.
  expect(responses.filter((route) => route.startsWith('/webhooks/'))).toHaveLength(FOLLOW_UPS + 1);
});

it('other requests keep the global limit (the same number of channel messages is held back)', async () => {
  await Promise.all(channelIds.map((channelId, index) => client.rest.post(Routes.channelMessages(channelId), { body: { content: `message ${index}` } })));

  expect(rateLimits.filter((info) => info.global).length).toBeGreaterThan(0);
  channelIds.forEach((channelId, index) => expect(emulator.driver.messages(channelId).filter((message) => message.content === `message ${index}`)).toHaveLength(1));
});

describe('a new follow-up lets the acknowledgements still pending go first', () => {
  /** Runs /burst's handler as one follow-up after a deferral; /later is held until `answerLater`. */
  async function scenario(): Promise<{ first: Awaited<ReturnType<typeof emulator.driver.slash>>; answerLater: () => Promise<void> }> {
    let held: ChatInputCommandInteraction | null = null;
    onCommand = async (interaction) => {
      if (interaction.commandName === 'later') {
        held = interaction;
        return;
      }
      await interaction.deferReply();
      await interaction.followUp({ content: 'summary' });
    };
    await emulator.driver.slash({ channelId: channelIds[0]!, userId, command: 'later' });
    await waitUntil('the second interaction reached the bot', () => held !== null);
    const first = await emulator.driver.slash({ channelId: channelIds[0]!, userId, command: 'burst' });
    await waitUntil('the first interaction was acknowledged', () => first.events.some((event) => event.kind === 'callback'));
    return { first, answerLater: async () => void (await held!.deferReply()) };
  }

  it('waits while another interaction awaits its acknowledgement, and goes once it is acknowledged', async () => {
    const { first, answerLater } = await scenario();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(first.events.filter((event) => event.kind === 'followup')).toEqual([]);
    const answeredAt = Date.now();
    await answerLater();
    await waitUntil('the follow-up arrived', () => first.events.some((event) => event.kind === 'followup'));
    expect(first.events.find((event) => event.kind === 'followup')!.at).toBeGreaterThanOrEqual(answeredAt);
  });

  it('waits no longer than its bound for an acknowledgement that does not come', async () => {
    const { first, answerLater } = await scenario();
    // Without the bound it would wait for ever: only an acknowledgement wakes it.
    await waitUntil('the follow-up arrived without the other acknowledgement', () => first.events.some((event) => event.kind === 'followup'), 5000);
    await answerLater();
  });
});
