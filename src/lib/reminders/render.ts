/**
 * The reminder and the "starting now" post of a slot, in the participants channel.
 * Pure: data in, Discord JSON out.
 *
 * The reminder names the slot's members in its content (mentions ping only there) and
 * `allowed_mentions` lists exactly them: no role, no @everyone, nobody a label happens
 * to spell. "Starting now" pings nobody (`parse: []`, no ids). Both carry Discord
 * timestamps (each member sees their own zone and a countdown) and a link to the
 * planner. The nonce is the same for every attempt at one post, so Discord returns the
 * first message instead of creating a second when a retry follows an unclear failure.
 */
import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { t } from '../i18n';
import { DISCORD_LIMITS } from '../discord/limits';
import { fitItems, shortMarkdownSafe } from '../discord/text';
import { messageUrl } from '../raids/render/raid-list';
import type { Raid } from '../raids/types';
import { discordTimestamp } from '../time';
import type { ReminderKind } from './plan';

const MAX_DUNGEON_SHOWN = 100;

export interface ReminderRenderInput {
  readonly raid: Raid;
  readonly kind: ReminderKind;
  readonly slotAt: Date;
  /** The slot's members, ascending; pinged by the reminder, not by the start post. */
  readonly userIds: readonly string[];
  /** The guild's preferred locale (a public post). */
  readonly locale: string;
  /** Discord's nonce for this post (`reminderNonce`). */
  readonly nonce: string;
}

export type ReminderPayload = RESTPostAPIChannelMessageJSONBody & { readonly content: string; readonly nonce: string; readonly enforce_nonce: true };

export function renderReminder({ raid, kind, slotAt, userIds, locale, nonce }: ReminderRenderInput): ReminderPayload {
  const dungeon = shortMarkdownSafe(raid.dungeon, MAX_DUNGEON_SHOWN);
  const when = discordTimestamp(slotAt, 'F');
  const head =
    kind === 'reminder'
      ? t(locale, 'reminders.reminder', { dungeon, displayId: raid.displayId, when, relative: discordTimestamp(slotAt, 'R') })
      : t(locale, 'reminders.start', { dungeon, displayId: raid.displayId, when });
  const plannerLine = raid.messageId === null ? null : t(locale, 'reminders.planner', { link: messageUrl(raid.guildId, raid.channelId, raid.messageId) });

  let pinged: readonly string[] = [];
  let members: string | null = null;
  if (kind === 'reminder' && userIds.length > 0) {
    // Discord takes at most 100 ids in allowed_mentions and 2000 characters; beyond, "… +N more".
    const budget = DISCORD_LIMITS.content - head.length - 1 - (plannerLine === null ? 0 : plannerLine.length + 1);
    const fitted = fitItems(
      userIds.map((id) => `<@${id}>`),
      ' ',
      budget,
      (hidden) => t(locale, 'common.more', { count: hidden }),
      DISCORD_LIMITS.allowedMentionIds,
    );
    members = fitted.text;
    pinged = userIds.slice(0, fitted.shown);
  }

  return {
    content: [head, members, plannerLine].filter((part): part is string => part !== null).join('\n'),
    embeds: [],
    components: [],
    allowed_mentions: { parse: [], users: [...pinged], roles: [] },
    nonce,
    enforce_nonce: true,
  };
}
