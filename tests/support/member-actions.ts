/**
 * What members do in e2e tests, as in Discord: plan a raid through /raidplan and its
 * modal, vote in the planner's selects, finish a raid by its button.
 */
import { ComponentType, type APIMessage, type APISelectMenuOption, type APIStringSelectComponent } from 'discord-api-types/v10';
import type { InteractionHandle } from './discord-emulator';
import type { RaidGuild } from './raid-guild';
import { componentOf } from './read-backs';
import type { WorldBase } from './world-base';

type Stage = Pick<WorldBase, 'emulator' | 'repos'>;

export interface CreatedRaid {
  readonly raidId: number;
  readonly displayId: number;
  readonly plannerMessageId: string;
}

/** A member plans a raid through /raidplan and its modal (in the general channel). */
export async function createRaidThroughBot(
  world: Stage,
  raidGuild: RaidGuild,
  creatorId: string,
  input: { dungeon?: string; days: string; times: string; minPlayers: string },
): Promise<CreatedRaid> {
  const { driver } = world.emulator;
  const command = await driver.slash({ channelId: raidGuild.generalChannelId, userId: creatorId, command: 'raidplan', options: { dungeon: input.dungeon ?? 'Berserk Arena' } });
  const submit = await driver.submitModal(command, { fields: { days: input.days, times: input.times, minPlayers: input.minPlayers } });
  const reply = await submit.reply(20_000);
  // The newest raid by id: created_at orders raids the tests back-dated (or dated ahead) differently.
  const raids = await world.repos.raids.openRaidsOfGuild(raidGuild.guild.id);
  const raid = raids.reduce<(typeof raids)[number] | undefined>((newest, candidate) => (newest === undefined || candidate.id > newest.id ? candidate : newest), undefined);
  if (raid === undefined || raid.messageId === null) throw new Error(`no raid was created: ${reply.content}`);
  return { raidId: raid.id, displayId: raid.displayId, plannerMessageId: raid.messageId };
}

/** A member picks options (by label, or a day by its weekday) in a planner's day or time select; resolves with the interaction handle. */
export async function vote(world: Pick<Stage, 'emulator'>, channelId: string, messageId: string, userId: string, kind: 'day' | 'time', labels: string[], locale?: string): Promise<InteractionHandle> {
  const { select, options } = plannerOptions(world, channelId, messageId, kind, labels);
  const values = options.map((option) => option.value);
  return world.emulator.driver.selectMenu({ channelId, messageId, userId, customId: select.custom_id, values, ...(locale ? { locale } : {}) });
}

/**
 * The options of a planner's day or time select that `labels` name: by label, or a
 * weekday by the dated option it became (`Sat` → `Sat 2026-03-28`, the label stored).
 */
export function plannerOptions(
  world: Pick<Stage, 'emulator'>,
  channelId: string,
  messageId: string,
  kind: 'day' | 'time',
  labels: readonly string[],
): { select: APIStringSelectComponent; options: APISelectMenuOption[] } {
  const message = world.emulator.driver.message(channelId, messageId);
  if (message === null) throw new Error(`planner ${messageId} is gone`);
  const select = componentOf(message, (component): component is APIStringSelectComponent => component.type === ComponentType.StringSelect && component.custom_id.split(':').includes(kind));
  if (select === undefined) throw new Error(`message ${message.id} has no ${kind} select`);
  const options = labels.map((label) => {
    const option = select.options.find((candidate) => candidate.label === label) ?? select.options.find((candidate) => candidate.label.startsWith(`${label} `));
    if (option === undefined) throw new Error(`no option ${label} in ${select.custom_id}`);
    return option;
  });
  return { select, options };
}

/**
 * A member votes days, then times, on a raid's planner; each vote is answered (the
 * planner updated, the member's choices told privately) before the next.
 */
export async function voteSlot(world: Pick<Stage, 'emulator'>, raidGuild: RaidGuild, raid: { plannerMessageId: string }, userId: string, days: string[], times: string[]): Promise<void> {
  for (const [kind, labels] of [['day', days], ['time', times]] as const) {
    const handle = await vote(world, raidGuild.plannerChannelId, raid.plannerMessageId, userId, kind, labels);
    await handle.reply();
    await handle.waitForFollowUps(1);
  }
}

/** A member clicks the planner's "Finish raid"; resolves with the bot's visible answer. */
export async function clickFinish(world: Pick<Stage, 'emulator'>, raidGuild: RaidGuild, raid: { plannerMessageId: string }, userId: string, locale?: string): Promise<APIMessage> {
  const handle = await world.emulator.driver.clickButton({
    channelId: raidGuild.plannerChannelId,
    messageId: raid.plannerMessageId,
    userId,
    label: 'Finish raid',
    ...(locale ? { locale } : {}),
  });
  return handle.reply(30_000);
}
