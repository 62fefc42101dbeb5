/**
 * Reading back what the bot did, for e2e and integration tests: its messages, what the
 * database says a raid's messages are, whether Discord shows what the database says,
 * and the REST calls it made.
 */
import { ComponentType, MessageFlags, type APIComponentInMessageActionRow, type APIMessage } from 'discord-api-types/v10';
import { renderPlannerMessage } from '../../src/lib/raids/render/planner';
import { qualifiedSlots } from '../../src/lib/raids/slots';
import type { DiscordEmulator, RestCall } from './discord-emulator';
import type { RaidGuild } from './raid-guild';
import type { WorldBase } from './world-base';

/** The bot's own messages in a channel, oldest first. */
export function botMessages(world: { readonly emulator: DiscordEmulator }, channelId: string): APIMessage[] {
  return world.emulator.driver.messages(channelId).filter((message) => message.author.id === world.emulator.bot.userId);
}

export function isEphemeral(message: APIMessage): boolean {
  return ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}

/** A raid's planner message as Discord shows it now (throws when it is gone). */
export function plannerOf(world: { readonly emulator: DiscordEmulator }, raidGuild: RaidGuild, raid: { plannerMessageId: string }): APIMessage {
  const message = world.emulator.driver.message(raidGuild.plannerChannelId, raid.plannerMessageId);
  if (message === null) throw new Error(`the planner ${raid.plannerMessageId} is gone`);
  return message;
}

/** The first component in a message's action rows that `match` accepts. */
export function componentOf<T extends APIComponentInMessageActionRow>(message: APIMessage, match: (component: APIComponentInMessageActionRow) => component is T): T | undefined;
export function componentOf(message: APIMessage, match: (component: APIComponentInMessageActionRow) => boolean): APIComponentInMessageActionRow | undefined;
export function componentOf(message: APIMessage, match: (component: APIComponentInMessageActionRow) => boolean): APIComponentInMessageActionRow | undefined {
  for (const row of message.components ?? []) {
    if (row.type !== ComponentType.ActionRow) continue;
    const found = row.components.find(match);
    if (found) return found;
  }
  return undefined;
}

/** The custom id of the first component whose custom id starts with `prefix` (throws when there is none). */
export function customIdOf(message: APIMessage, prefix: string): string {
  const component = componentOf(message, (candidate) => 'custom_id' in candidate && candidate.custom_id.startsWith(prefix));
  if (component === undefined) throw new Error(`no component ${prefix}… in ${JSON.stringify(message.components)}`);
  return (component as { custom_id: string }).custom_id;
}

/** Waits until the bot is idle (300 ms without REST or gateway traffic, nothing pending), at most 60 s. */
export function settle(world: { readonly emulator: DiscordEmulator }): Promise<void> {
  return world.emulator.driver.settle({ quietMs: 300, timeoutMs: 60_000 });
}

/** Calls by method and route template, e.g. `POST /channels/:channel_id/messages`. */
export function countCalls(calls: readonly RestCall[], method: string, route: string): number {
  return calls.filter((call) => call.method === method && call.route === route).length;
}

export const MESSAGES_ROUTE = '/channels/:channel_id/messages';
export const MESSAGE_ROUTE = '/channels/:channel_id/messages/:message_id';

/** Largest number of REST calls in flight at one moment, from the emulator's timings. */
export function peakConcurrency(calls: readonly RestCall[]): number {
  const edges = calls.flatMap((call) => [
    { at: call.startedAt, delta: 1 },
    { at: call.finishedAt ?? call.startedAt, delta: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let peak = 0;
  for (const edge of edges) {
    current += edge.delta;
    peak = Math.max(peak, current);
  }
  return peak;
}

/** What the database says a raid's Discord messages should be: planner id, slot message ids by "day time". */
export async function trackedMessagesOf(world: Pick<WorldBase, 'db'>, raidId: number): Promise<{ planner: string | null; slots: Map<string, string | null> }> {
  const [raid] = await world.db.query<{ message_id: string | null }>('SELECT message_id FROM raids WHERE id = $1', [raidId]);
  const slots = await world.db.query<{ day_label: string; time_label: string; message_id: string | null }>(
    'SELECT day_label, time_label, message_id FROM raid_posted_slots WHERE raid_id = $1',
    [raidId],
  );
  return { planner: raid?.message_id ?? null, slots: new Map(slots.map((slot) => [`${slot.day_label} ${slot.time_label}`, slot.message_id])) };
}

/**
 * Checks that Discord shows what the database says for one open raid: the planner's
 * vote tallies, one participant list per qualified slot (tracked, existing, naming
 * exactly its members) and no other participant list of the raid in the channel.
 * Returns a list of disagreements (empty when they agree).
 */
export async function disagreements(world: Pick<WorldBase, 'emulator' | 'db' | 'repos'>, raidGuild: RaidGuild, raidId: number): Promise<string[]> {
  const problems: string[] = [];
  const state = await world.repos.raids.loadRaidState(raidId);
  if (state === null) return [`raid ${raidId} is not open`];
  const expected = renderPlannerMessage(state, { names: new Map(), locale: 'en-US', zone: 'Europe/Berlin' }).embeds![0]!;
  const planner = state.raid.messageId === null ? null : world.emulator.driver.message(raidGuild.plannerChannelId, state.raid.messageId);
  if (planner === null) {
    problems.push('the planner message does not exist');
  } else {
    const shown = planner.embeds[0]?.fields ?? [];
    for (const index of [1, 2]) {
      if (shown[index]?.value !== expected.fields![index]!.value) problems.push(`planner field ${expected.fields![index]!.name}: shows ${JSON.stringify(shown[index]?.value)}, database says ${JSON.stringify(expected.fields![index]!.value)}`);
    }
    if (shown[3]?.name !== expected.fields![3]!.name) problems.push(`planner shows "${shown[3]?.name}", database says "${expected.fields![3]!.name}"`);
  }
  const slots = qualifiedSlots(state);
  const tracked = await trackedMessagesOf(world, raidId);
  const wanted = new Set(slots.map((slot) => `${slot.day} ${slot.time}`));
  for (const key of tracked.slots.keys()) if (!wanted.has(key)) problems.push(`slot ${key} is tracked but does not qualify`);
  for (const slot of slots) {
    const key = `${slot.day} ${slot.time}`;
    const messageId = tracked.slots.get(key);
    const message = messageId == null ? null : world.emulator.driver.message(raidGuild.participantsChannelId, messageId);
    if (message === null) {
      problems.push(`slot ${key} qualifies but has no participant list`);
      continue;
    }
    const mentioned = [...message.content.matchAll(/<@(\d+)>/g)].map((match) => match[1]!).sort();
    if (JSON.stringify(mentioned) !== JSON.stringify([...slot.userIds].sort())) problems.push(`slot ${key} lists ${mentioned.join(',')}, database says ${[...slot.userIds].sort().join(',')}`);
  }
  const listsOfRaid = botMessages(world, raidGuild.participantsChannelId).filter((message) => message.content.split('\n', 1)[0]!.endsWith(`Raid \`${state.raid.displayId}\``));
  if (listsOfRaid.length !== slots.length) problems.push(`${listsOfRaid.length} participant lists of the raid in the channel, ${slots.length} slots qualify`);
  return problems;
}
