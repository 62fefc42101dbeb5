/**
 * `npm run demo`: the real bot (`node dist/index.js`) against the local Discord
 * emulator, on a fresh PostgreSQL database and a leased Redis database, playing one
 * scripted raid — an administrator sets up /settings, Alice plans a raid, Alice, Bob
 * and Chloe vote until one slot fills, Alice finishes it — and printing after every
 * step what each member would see. Ends with the attendance read from the database.
 *
 * Exit code 0 when everything happened as scripted, 1 (with the reason and the end
 * of the bot's log) otherwise. `--keep` keeps the database for a look afterwards.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { DateTime } from 'luxon';
import {
  ComponentType,
  InteractionResponseType,
  MessageFlags,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIMessage,
  type APIStringSelectComponent,
} from 'discord-api-types/v10';
import { Client } from 'pg';
import { createDataSource } from '../src/lib/db/data-source';
import { createRepositories } from '../src/lib/db/repositories';
import { REPO_ROOT, botEntry } from '../tests/support/bot-process';
import { FIXTURE_SCHEMA_PATH, TEST_PG_ADMIN_URL, dropDatabase, urlForDatabase, type TestDatabase } from '../tests/support/database';
import type { DiscordEmulator, GuildFixture, MemberFixture } from '../tests/support/discord-emulator';
import { createWorld, type World } from '../tests/support/world';

// ---------------------------------------------------------------------------------
// The script: who does what. The expected outcome is derived from it below.

const GUILD_NAME = 'Raiders';
const DUNGEON_TYPED = 'royal base';
const RAID_INPUT = { days: 'Mon, Tue', times: '20:00, 21:00', minPlayers: 2 };

interface Vote {
  readonly member: 'Alice' | 'Bob' | 'Chloe';
  readonly days: readonly string[];
  readonly times: readonly string[];
}

/** Alice and Bob share Mon 20:00 (two players: the slot fills); Chloe's Tue 21:00 stays alone. */
const VOTES: readonly Vote[] = [
  { member: 'Alice', days: ['Mon', 'Tue'], times: ['20:00'] },
  { member: 'Bob', days: ['Mon'], times: ['20:00', '21:00'] },
  { member: 'Chloe', days: ['Tue'], times: ['21:00'] },
];

/** Day × time slots the votes fill, with their members: the demo's own arithmetic, checked against the bot's posts. */
function expectedSlots(votes: readonly Vote[], days: readonly string[], times: readonly string[], minPlayers: number) {
  const slots: Array<{ day: string; time: string; members: string[] }> = [];
  for (const day of days) {
    for (const time of times) {
      const members = votes.filter((vote) => vote.days.includes(day) && vote.times.includes(time)).map((vote) => vote.member);
      if (members.length >= Math.max(1, minPlayers)) slots.push({ day, time, members });
    }
  }
  return slots;
}

const splitList = (text: string) => text.split(',').map((part) => part.trim());
const DAYS = splitList(RAID_INPUT.days);
const TIMES = splitList(RAID_INPUT.times);
const FILLED = expectedSlots(VOTES, DAYS, TIMES, RAID_INPUT.minPlayers);
const PARTICIPANTS = [...new Set(FILLED.flatMap((slot) => slot.members))];

// ---------------------------------------------------------------------------------
// Output

const styled = process.stdout.isTTY === true && !process.env.NO_COLOR;
const bold = (text: string) => (styled ? `\u001b[1m${text}\u001b[22m` : text);
const dim = (text: string) => (styled ? `\u001b[2m${text}\u001b[22m` : text);
const out = (line = '') => process.stdout.write(`${line}\n`);

function heading(text: string): void {
  out();
  out(bold(`━━ ${text} ${'━'.repeat(Math.max(3, 72 - text.length))}`));
}

function box(title: string, lines: readonly string[], indent = '    '): void {
  out(`${indent}┌─ ${title}`);
  for (const line of lines) out(`${indent}│ ${line}`);
  out(`${indent}└─`);
}

/** Names for ids, so the text reads as the Discord client shows it. */
interface Directory {
  user(id: string): string;
  channel(id: string): string;
  role(id: string): string;
}

/** Discord markup → plain text: mentions, channel links, timestamps, jump links. Markdown emphasis stays. */
function plain(text: string, names: Directory): string {
  return text
    .replace(/\[([^\]]+)\]\(https:\/\/discord\.com\/channels\/\d+\/(\d+)\/\d+\)/g, (_all, label: string, channelId: string) => `${label} (→ #${names.channel(channelId)})`)
    .replace(/https:\/\/discord\.com\/channels\/\d+\/(\d+)\/\d+/g, (_all, channelId: string) => `(link to the message in #${names.channel(channelId)})`)
    .replace(/<@!?(\d+)>/g, (_all, id: string) => `@${names.user(id)}`)
    .replace(/<@&(\d+)>/g, (_all, id: string) => `@${names.role(id)}`)
    .replace(/<#(\d+)>/g, (_all, id: string) => `#${names.channel(id)}`)
    .replace(/<t:(\d+)(?::([tTdDfFR]))?>/g, (_all, seconds: string, style?: string) => {
      const at = new Date(Number(seconds) * 1000);
      if (style !== 'R') return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
      return DateTime.fromJSDate(at).toRelative({ locale: 'en' }) ?? ''; // as Discord's client shows it: "in 15 hours", "2 minutes ago"
    });
}

function embedLines(embed: APIEmbed, names: Directory): string[] {
  const lines: string[] = [];
  if (embed.title) lines.push(plain(embed.title, names));
  if (embed.description) lines.push(...plain(embed.description, names).split('\n'));
  for (const field of embed.fields ?? []) {
    const value = plain(field.value, names).split('\n');
    const name = plain(field.name, names);
    if (value.length === 1) lines.push(`  ${name}: ${value[0]}`);
    else lines.push(`  ${name}:`, ...value.map((line) => `    ${line}`));
  }
  if (embed.footer?.text) lines.push(dim(`  ─ ${plain(embed.footer.text, names)}`));
  return lines;
}

/** A message as text: content, embeds, then one line per component (selects with their options). */
function messageLines(message: APIMessage, names: Directory): string[] {
  const lines = message.content ? plain(message.content, names).split('\n') : [];
  for (const embed of message.embeds) lines.push(...embedLines(embed, names));
  for (const component of componentsOf(message)) {
    if (component.type === ComponentType.Button) lines.push(`[ ${'label' in component ? component.label : 'button'} ]`);
    else if (component.type === ComponentType.StringSelect) {
      lines.push(`[▾ ${component.placeholder ?? 'select'}]  options: ${component.options.map((option) => option.label).join(' | ')}`);
    } else if (component.type === ComponentType.ChannelSelect) lines.push(`[▾ ${component.placeholder ?? 'channel'}]  (pick a channel)`);
    else lines.push(`[component type ${component.type}]`);
  }
  return lines.length > 0 ? lines : ['(empty)'];
}

function isEphemeral(message: APIMessage): boolean {
  return ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}

// ---------------------------------------------------------------------------------
// The demo's world

/**
 * A fresh database from the production schema fixture, like `createTestDatabase()`,
 * but named `dmw_demo_…` so a kept one is not swept away with stale test databases.
 */
async function createDemoDatabase(): Promise<TestDatabase> {
  const name = `dmw_demo_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const url = urlForDatabase(name);
  const run = async <T>(target: string, sql: string, params?: unknown[]): Promise<T[]> => {
    const client = new Client({ connectionString: target });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  };
  await run(TEST_PG_ADMIN_URL, `CREATE DATABASE "${name}"`);
  try {
    await run(url, readFileSync(FIXTURE_SCHEMA_PATH, 'utf8'));
  } catch (error) {
    await dropDatabase(name);
    throw error;
  }
  return { name, url, query: <T>(sql: string, params?: unknown[]) => run<T>(url, sql, params), drop: () => dropDatabase(name) };
}

interface Server {
  readonly guild: GuildFixture;
  readonly channels: { general: string; planner: string; participants: string; raidList: string };
  readonly admin: MemberFixture;
  readonly members: Record<Vote['member'], MemberFixture>;
}

/** Public bot messages already printed (by id → what they showed), so each step prints only what changed. */
class PublicBoard {
  private readonly shown = new Map<string, { channelId: string; text: string }>();
  private readonly roles = new Map<string, string>();

  public constructor(
    private readonly world: World,
    private readonly server: Server,
    private readonly names: Directory,
  ) {}

  public printChanges(): void {
    const { driver } = this.world;
    const botId = this.world.emulator.bot.userId;
    const seen = new Set<string>();
    for (const channelId of Object.values(this.server.channels)) {
      for (const message of driver.messages(channelId).filter((candidate) => candidate.author.id === botId)) {
        seen.add(message.id);
        const lines = messageLines(message, this.names);
        const before = this.shown.get(message.id)?.text;
        if (before === lines.join('\n')) continue;
        this.shown.set(message.id, { channelId, text: lines.join('\n') });
        out(`  Everyone sees in #${this.names.channel(channelId)} (${before === undefined ? 'new message' : 'message edited'}):`);
        box(`${this.world.emulator.bot.username}`, lines);
      }
    }
    for (const [id, { channelId, text }] of [...this.shown].filter(([id]) => !seen.has(id))) {
      out(`  Gone from #${this.names.channel(channelId)}: the message "${text.split('\n', 1)[0]}"`);
      this.shown.delete(id);
    }
    for (const member of Object.values(this.server.members)) {
      const roles = driver
        .memberRoles(this.server.guild.id, member.id)
        .map((roleId) => driver.role(this.server.guild.id, roleId)?.name)
        .filter((name): name is string => name !== undefined);
      const now = roles.length === 0 ? '(no roles)' : roles.map((name) => `@${name}`).join(', ');
      if ((this.roles.get(member.id) ?? '(no roles)') !== now) out(`  Roles of ${this.names.user(member.id)}: ${now}`);
      this.roles.set(member.id, now);
    }
  }
}

class DemoFailure extends Error {}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new DemoFailure(message);
}

async function until(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new DemoFailure(`timed out after ${timeoutMs / 1000} s waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function componentsOf(message: APIMessage): APIComponentInMessageActionRow[] {
  return (message.components ?? []).flatMap((row) => (row.type === ComponentType.ActionRow ? row.components : []));
}

/** The custom id of the message's first component that `matches`, as a member's client would click it. */
function customIdOf(message: APIMessage, what: string, matches: (component: APIComponentInMessageActionRow) => boolean): string {
  const component = componentsOf(message).find(matches);
  check(component !== undefined && 'custom_id' in component, `${what} is missing`);
  return component.custom_id;
}

// ---------------------------------------------------------------------------------
// Steps

/** What every step works with. */
interface Demo {
  readonly world: World;
  readonly server: Server;
  readonly names: Directory;
  readonly board: PublicBoard;
}

/** Waits until the bot is idle (no REST in flight, nothing pending, quiet for `quietMs`). */
function settle({ world }: Demo, quietMs = 300): Promise<void> {
  return world.driver.settle({ quietMs, timeoutMs: 30_000 });
}

function showPrivate({ world, names }: Demo, who: MemberFixture, message: APIMessage): void {
  check(isEphemeral(message), `the answer to ${names.user(who.id)} was public, not only for them`);
  out(`  ${names.user(who.id)} sees (only ${names.user(who.id)}):`);
  box(`${world.emulator.bot.username} · only you can see this`, messageLines(message, names));
}

function botMessages({ world }: Demo, channelId: string): APIMessage[] {
  return world.driver.messages(channelId).filter((message) => message.author.id === world.emulator.bot.userId);
}

/** Channels and members exist before the bot logs in, as on a server it joins. */
function buildServer(emulator: DiscordEmulator, guild: GuildFixture): Server {
  const { driver } = emulator;
  const channel = (name: string) => driver.createChannel(guild.id, { name }).id;
  const member = (username: string, globalName: string, locale = 'en-US') => driver.createMember(guild.id, { username, globalName, locale });
  return {
    guild,
    channels: { general: channel('general'), planner: channel('planner'), participants: channel('participants'), raidList: channel('raid-list') },
    admin: driver.createMember(guild.id, { username: 'admin', globalName: 'Admin', admin: true }),
    members: { Alice: member('alice', 'Alice'), Bob: member('bob', 'Bob'), Chloe: member('chloe', 'Chloe', 'de') },
  };
}

async function configureSettings(demo: Demo): Promise<void> {
  const { driver } = demo.world;
  const { admin, channels } = demo.server;
  out(`▸ Admin runs /settings in #general`);
  const command = await driver.slash({ channelId: channels.general, userId: admin.id, command: 'settings' });
  let view = await command.reply();
  showPrivate(demo, admin, view);

  out(`▸ Admin picks #planner, #participants and #raid-list in the three selects`);
  for (const [target, channelId] of [['planner', channels.planner], ['participants', channels.participants], ['raidlist', channels.raidList]] as const) {
    const customId = customIdOf(view, `the ${target} channel select of /settings`, (c) => c.type === ComponentType.ChannelSelect && c.custom_id.startsWith(`settings:${target}:`));
    await (await driver.selectMenu({ channelId: view.channel_id, messageId: view.id, userId: admin.id, customId, values: [channelId] })).acknowledged();
    view = driver.message(view.channel_id, view.id, { visibleTo: admin.id })!;
  }
  showPrivate(demo, admin, view);

  out(`▸ Admin presses Save`);
  const customId = customIdOf(view, 'the Save button of /settings', (c) => c.type === ComponentType.Button);
  const save = await driver.clickButton({ channelId: view.channel_id, messageId: view.id, userId: admin.id, customId });
  const [summary] = await save.waitForFollowUps(1, 20_000);
  showPrivate(demo, admin, summary!);
  await settle(demo);
  demo.board.printChanges();
  check(botMessages(demo, channels.raidList).length === 1, 'no raid list was posted in #raid-list after Save');
}

/** Alice's /raidplan from the autocomplete to the planner post; resolves with the planner message id. */
async function planRaid(demo: Demo): Promise<string> {
  const { driver } = demo.world;
  const { channels, members } = demo.server;
  const alice = members.Alice;
  out(`▸ Alice types "${DUNGEON_TYPED}" into the dungeon option; the bot suggests:`);
  const typed = await driver.autocomplete({ channelId: channels.general, userId: alice.id, command: 'raidplan', focused: 'dungeon', value: DUNGEON_TYPED });
  const suggestions = await typed.choices();
  check(suggestions.length > 0, `the dungeon autocomplete offered nothing for "${DUNGEON_TYPED}"`);
  for (const choice of suggestions) out(`    · ${choice.name}`);

  const dungeon = String(suggestions[0]!.value);
  out(`▸ Alice picks "${dungeon}" and sends /raidplan; a form opens:`);
  const command = await driver.slash({ channelId: channels.general, userId: alice.id, command: 'raidplan', options: { dungeon } });
  const modal = await command.modal();
  const inputs = (modal.components as Array<{ type: number; label?: string; component?: { custom_id: string; value?: string; placeholder?: string } }>).flatMap(
    (component) => (component.type === ComponentType.Label && component.component ? [{ label: component.label ?? '', ...component.component }] : []),
  );
  box(modal.title, inputs.map((input) => `${input.label}: ${input.value === undefined ? dim(`[${input.placeholder ?? ''}]`) : `[${input.value}]`}`));

  out(`▸ Alice fills it in: days "${RAID_INPUT.days}", times "${RAID_INPUT.times}", min players ${RAID_INPUT.minPlayers}, and submits`);
  const entered: Record<string, string> = { days: RAID_INPUT.days, times: RAID_INPUT.times, minPlayers: String(RAID_INPUT.minPlayers) };
  const fields = Object.fromEntries(inputs.map((input) => [input.custom_id, entered[input.custom_id] ?? input.value ?? '']));
  const submit = await driver.submitModal(command, { fields });
  showPrivate(demo, alice, await submit.reply(20_000));
  await settle(demo);
  demo.board.printChanges();
  const [planner] = botMessages(demo, channels.planner);
  check(planner !== undefined, 'no planner message was posted in #planner');
  return planner.id;
}

/** Everyone votes as scripted; resolves with the raid role the participant list names, once it is handed out. */
async function voteAll(demo: Demo, plannerId: string): Promise<string> {
  const { driver } = demo.world;
  const { channels, members, guild } = demo.server;
  for (const plan of VOTES) {
    const member = members[plan.member];
    for (const [kind, labels] of [['day', plan.days], ['time', plan.times]] as const) {
      out(`▸ ${plan.member} chooses ${labels.join(' and ')} in the ${kind} select`);
      const select = componentsOf(driver.message(channels.planner, plannerId)!).find(
        (c): c is APIStringSelectComponent => c.type === ComponentType.StringSelect && c.custom_id.split(':').includes(kind),
      );
      check(select !== undefined, `the planner has no ${kind} select`);
      const values = labels.map((label) => {
        // The form stores days with their date (`Mon` → `Mon 2026-12-14`): a weekday picks its dated option.
        const option = select.options.find((candidate) => candidate.label === label || candidate.label.startsWith(`${label} `));
        check(option !== undefined, `the ${kind} select offers no "${label}"`);
        return option.value;
      });
      const handle = await driver.selectMenu({ channelId: channels.planner, messageId: plannerId, userId: member.id, customId: select.custom_id, values });
      const ack = await handle.acknowledged();
      check(ack.type === InteractionResponseType.UpdateMessage || ack.type === InteractionResponseType.DeferredMessageUpdate, `the vote was answered with type ${ack.type}`);
      const [summary] = await handle.waitForFollowUps(1, 20_000);
      showPrivate(demo, member, summary!);
    }
    await settle(demo);
    demo.board.printChanges();
  }

  const lists = () => botMessages(demo, channels.participants);
  await until(`${FILLED.length} participant list(s) are posted in #participants`, () => lists().length === FILLED.length);
  const roleId = /<@&(\d+)>/.exec(lists()[0]!.content)?.[1];
  check(roleId !== undefined, 'the participant list names no raid role');
  const holders = () => Object.values(members).filter((member) => driver.memberRoles(guild.id, member.id).includes(roleId));
  await until(`the raid role is handed to ${PARTICIPANTS.join(' and ')}`, () => holders().length === PARTICIPANTS.length);
  await settle(demo, 2_000); // past the raid list's 1.5 s refresh debounce after votes
  demo.board.printChanges();

  // A list shows its slot as a Discord timestamp; which slot it stands for is in the database.
  const posted = await demo.world.db.query<{ day_label: string; time_label: string; message_id: string }>(
    'SELECT s.day_label, s.time_label, s.message_id::text AS message_id FROM raid_posted_slots s JOIN raids r ON r.id = s.raid_id WHERE r.message_id = $1',
    [plannerId],
  );
  for (const slot of FILLED) {
    const row = posted.find((candidate) => candidate.day_label.startsWith(`${slot.day} `) && candidate.time_label === slot.time);
    const list = row === undefined ? undefined : lists().find((message) => message.id === row.message_id);
    check(list !== undefined, `no participant list for ${slot.day} ${slot.time}`);
    const listed = [...list.content.matchAll(/<@(\d+)>/g)].map((match) => demo.names.user(match[1]!)).sort();
    check(JSON.stringify(listed) === JSON.stringify([...slot.members].sort()), `the list of ${slot.day} ${slot.time} names ${listed.join(', ')}, the votes say ${slot.members.join(', ')}`);
    out(bold(`  ✔ Slot filled: ${slot.day} ${slot.time} with ${slot.members.join(', ')} (min players ${RAID_INPUT.minPlayers}); raid role @${demo.names.role(roleId)} handed out`));
  }
  return roleId;
}

async function finishRaid(demo: Demo, plannerId: string, roleId: string): Promise<void> {
  const { driver } = demo.world;
  const { channels, members, guild } = demo.server;
  const roleName = demo.names.role(roleId);
  out(`▸ Alice presses "Finish raid" on the planner`);
  const finish = await driver.clickButton({ channelId: channels.planner, messageId: plannerId, userId: members.Alice.id, label: 'Finish raid' });
  showPrivate(demo, members.Alice, await finish.reply(30_000));
  await settle(demo, 500);
  demo.board.printChanges();
  await until('the participant lists are taken down', () => botMessages(demo, channels.participants).length === 0);
  await until(`the raid role @${roleName} is gone`, () => driver.role(guild.id, roleId) === null);
  check(componentsOf(driver.message(channels.planner, plannerId)!).length === 0, 'the closed planner still offers components');
  out(bold(`  ✔ Raid finished: planner closed, participant list removed, raid role @${roleName} deleted`));
}

/** Prints the attendance rows and participation counts; resolves with the number of rows. */
async function reportAttendance(demo: Demo, db: TestDatabase): Promise<number> {
  const { guild, members } = demo.server;
  const rows = await db.query<{ raid_display_id: number; dungeon: string; user_id: string; status: string }>(
    'SELECT raid_display_id, dungeon, user_id::text, status FROM raid_attendance WHERE guild_id = $1 ORDER BY user_id',
    [guild.id],
  );
  out(`  raid_attendance: ${rows.length} row(s)`);
  for (const row of rows) out(`    raid ${row.raid_display_id} · ${row.dungeon} · ${demo.names.user(row.user_id).padEnd(6)} · ${row.status}`);

  out(`  Participation count (finished raids a member was in a filled slot of):`);
  const dataSource = createDataSource(db.url, { logging: false });
  await dataSource.initialize();
  try {
    const { attendance } = createRepositories(dataSource);
    for (const [name, member] of Object.entries(members)) out(`    ${name.padEnd(6)} ${await attendance.participationCount(guild.id, member.id)}`);
  } finally {
    await dataSource.destroy();
  }

  const present = rows.filter((row) => row.status === 'present').map((row) => demo.names.user(row.user_id)).sort();
  check(
    rows.length === PARTICIPANTS.length && JSON.stringify(present) === JSON.stringify([...PARTICIPANTS].sort()),
    `expected attendance for ${PARTICIPANTS.join(', ')}, the database has ${rows.map((row) => `${demo.names.user(row.user_id)} (${row.status})`).join(', ') || 'nothing'}`,
  );
  return rows.length;
}

async function main(keep: boolean): Promise<void> {
  const started = Date.now();
  let step = 'start-up';
  let db: TestDatabase | undefined;
  let world: World | undefined;
  let tornDown: Promise<void> | undefined;
  const teardown = () =>
    (tornDown ??= (async () => {
      await world?.stop(); // bot, emulator, Redis lease
      if (db && !keep) await db.drop();
    })());

  // Ctrl-C tears down too: nothing stays behind.
  const onSignal = () => {
    process.stderr.write('\nInterrupted: stopping the bot and the emulator…\n');
    void teardown().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    out(bold('DMW Raid Bot — demo on the local Discord emulator'));
    db = await createDemoDatabase();
    world = await createWorld({ db, commands: ['settings', 'raidplan'] });
    const server = buildServer(world.emulator, world.driver.createGuild({ name: GUILD_NAME, preferredLocale: 'en-US' }));
    await world.startBot();
    const { driver, emulator } = world;
    const { guild, channels } = server;
    const names: Directory = {
      user: (id) => {
        if (id === emulator.bot.userId) return emulator.bot.username;
        const user = driver.member(guild.id, id)?.user;
        return user?.global_name ?? user?.username ?? `user ${id}`;
      },
      channel: (id) => driver.channel(id)?.name ?? `channel ${id}`,
      role: (id) => driver.role(guild.id, id)?.name ?? 'deleted role',
    };
    const demo: Demo = { world, server, names, board: new PublicBoard(world, server, names) };

    out(`  database   ${db.name} on ${new URL(db.url).host} (${keep ? 'kept afterwards' : 'dropped at the end; --keep keeps it'})`);
    out(`  redis      ${world.redisUrl} (leased for this run)`);
    out(`  bot        node ${relative(REPO_ROOT, botEntry())}, pid ${world.bot.child.pid}, ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    out(`  server     "${GUILD_NAME}": ${Object.values(channels).map((id) => `#${names.channel(id)}`).join(', ')}`);
    out(`  members    Admin (administrator), Alice, Bob, Chloe (German client)`);
    demo.board.printChanges();

    const section = <T>(title: string, run: () => Promise<T>): Promise<T> => {
      step = title;
      heading(title);
      return run();
    };
    await section('1. the administrator configures /settings', () => configureSettings(demo));
    const plannerId = await section('2. Alice plans a raid with /raidplan', () => planRaid(demo));
    const roleId = await section('3. Alice, Bob and Chloe vote in the planner', () => voteAll(demo, plannerId));
    await section('4. Alice finishes the raid', () => finishRaid(demo, plannerId, roleId));
    const rows = await section('5. attendance in the database', () => reportAttendance(demo, db!));

    step = 'tear-down';
    await teardown();
    out();
    out(bold(`Demo complete in ${((Date.now() - started) / 1000).toFixed(1)} s: ${FILLED.length} slot filled, raid finished, ${rows} attendance rows.`));
    out(keep ? `Database kept: ${db.url}  (drop it with: dropdb -h 127.0.0.1 -U postgres ${db.name})` : 'Bot stopped, emulator closed, database dropped, Redis lease freed.');
  } catch (error) {
    reportFailure(step, error, world);
    await teardown().catch((cleanupError: unknown) => process.stderr.write(`tear-down failed too: ${String(cleanupError)}\n`));
    process.exitCode = 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function reportFailure(step: string, error: unknown, world: World | undefined): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`\nDemo failed during ${step}: ${message}\n`);
  if (/ECONNREFUSED|no free Redis database/.test(message)) {
    process.stderr.write('PostgreSQL (127.0.0.1:5432, user postgres) and Redis (127.0.0.1:6379) must be running; see "Running from source" in README.md.\n');
  }
  if (!(error instanceof DemoFailure) && error instanceof Error) {
    process.stderr.write(process.env.DEMO_DEBUG ? `${error.stack}\n` : '(DEMO_DEBUG=1 shows where it happened)\n');
  }
  let transcript = '';
  try {
    transcript = world?.bot.transcript() ?? '';
  } catch {
    // The bot is not running (a failed start's own error already carries its output).
  }
  if (transcript) process.stderr.write(`--- last lines of the bot's log ---\n${transcript.split('\n').slice(-40).join('\n')}\n`);
}

const args = process.argv.slice(2);
const unknown = args.filter((arg) => arg !== '--keep');
if (unknown.length > 0) {
  process.stderr.write(`Unknown argument(s): ${unknown.join(' ')}\nUsage: npm run demo [-- --keep]   (--keep: do not drop the demo database)\n`);
  process.exit(1);
}
void main(args.includes('--keep')).finally(() => {
  // Everything is closed; if some handle still held the process, do not hang the terminal.
  setTimeout(() => process.exit(process.exitCode ?? 0), 5_000).unref();
});
