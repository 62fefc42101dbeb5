/**
 * Which messages restoration will compare, by channel: each raid's planner, its
 * participant lists and each guild's raid list, as the database names them. The
 * channel scan reads exactly these channels (plus, for the leftover sweep, the
 * channels of the settings, whose newest page is all the sweep needs).
 */
import type { RaidServiceRepositories } from '../raids/services/context';
import type { Raid } from '../raids/types';

export interface TrackedSetOptions {
  /** The guilds' raid lists are compared too. */
  readonly raidLists: boolean;
  /** The leftover sweep follows: every channel it looks at is read (its newest page). */
  readonly sweep: boolean;
}

export async function trackedMessagesByChannel(
  repos: Pick<RaidServiceRepositories, 'settings' | 'postedSlots'>,
  raids: readonly Raid[],
  guildIds: readonly string[],
  options: TrackedSetOptions,
): Promise<Map<string, Set<string>>> {
  const byChannel = new Map<string, Set<string>>();
  const channel = (channelId: string): Set<string> => {
    let ids = byChannel.get(channelId);
    if (ids === undefined) byChannel.set(channelId, (ids = new Set()));
    return ids;
  };
  const settingsOf = new Map(await Promise.all(guildIds.map(async (guildId) => [guildId, await repos.settings.get(guildId)] as const)));
  const slotsOf = await repos.postedSlots.slotsOfRaids(raids.map((raid) => raid.id));
  for (const raid of raids) {
    if (raid.messageId !== null) channel(raid.channelId).add(raid.messageId);
    else if (options.sweep) channel(raid.channelId);
    const participantsChannelId = settingsOf.get(raid.guildId)?.participantsChannelId ?? null;
    for (const slot of slotsOf.get(raid.id) ?? []) {
      // Slot sync edits a list where the settings say (a list elsewhere is moved, not read).
      const channelId = participantsChannelId ?? slot.channelId;
      if (channelId === null) continue;
      if (slot.messageId !== null && (slot.channelId === null || slot.channelId === channelId)) channel(channelId).add(slot.messageId);
      if (options.sweep && slot.channelId !== null) channel(slot.channelId);
    }
  }
  for (const settings of settingsOf.values()) {
    if (settings === null) continue;
    if (options.raidLists && settings.raidListChannelId !== null && settings.raidListMessageId !== null) channel(settings.raidListChannelId).add(settings.raidListMessageId);
    if (!options.sweep) continue;
    for (const channelId of [settings.plannerChannelId, settings.participantsChannelId, settings.raidListChannelId]) if (channelId) channel(channelId);
  }
  return byChannel;
}
