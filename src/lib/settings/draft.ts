/**
 * The channel choices of a /settings view before Save. The view is ephemeral and
 * Discord sends only the value of the component that was used, so the pending choices
 * travel in the components' custom ids (see discord/custom-ids.ts) and nothing is
 * written before Save.
 */
import type { GuildSettings } from './types';

export const SETTINGS_CHANNEL_TARGETS = ['planner', 'participants', 'raidList'] as const;
export type SettingsChannelTarget = (typeof SETTINGS_CHANNEL_TARGETS)[number];

/** The channel choices of a settings view, saved or pending. */
export interface SettingsDraft {
  readonly planner: string | null;
  readonly participants: string | null;
  readonly raidList: string | null;
}

/** A choice in one channel select, with the pending choices of the two others. */
export interface SettingsSelection {
  readonly target: SettingsChannelTarget;
  readonly otherChannels: Partial<SettingsDraft>;
}

/** The channels as saved, i.e. the draft of a freshly opened view. */
export function savedSettingsDraft(settings: GuildSettings): SettingsDraft {
  return {
    planner: settings.plannerChannelId,
    participants: settings.participantsChannelId,
    raidList: settings.raidListChannelId,
  };
}

/** The draft after the member picked `channelId` (null = cleared) in a settings select. */
export function applySettingsSelection(selection: SettingsSelection, channelId: string | null): SettingsDraft {
  return { ...selection.otherChannels, [selection.target]: channelId } as SettingsDraft;
}
