/** `/status`: what the bot knows about this server, rendered as plain text (pure). */
import { escapeMarkdown, messageLink } from 'discord.js';
import { t } from '../i18n';
import type { GuildSettings } from '../settings/types';
import { shortMarkdownSafe } from '../discord/text';
import { slotTimestamp } from '../time';

export interface SelfTestSummary {
  readonly lastSuccessAt: Date | null;
  readonly lastError: string | null;
}

export interface GuildStatus {
  readonly guildId: string;
  readonly guildName: string;
  /** Null when the guild has no settings row yet. */
  readonly settings: GuildSettings | null;
  readonly openRaids: number;
  /**
   * The server's next qualified slot still ahead (see `nextQualifiedSlot`), shown with
   * Discord timestamps; null when none of its open raids has one (or none has dates).
   */
  readonly nextSlot: { readonly dungeon: string; readonly displayId: number; readonly instant: Date } | null;
  /** Null when the status could not be read (Redis unreachable). */
  readonly selfTest: SelfTestSummary | null;
  /**
   * Whether the reader sees the self-test's error text (administrators and the
   * operator). It names hosts and ports of the database and Redis, which are none of
   * a member's business, so members read only that a check failed.
   */
  readonly showsErrorDetail: boolean;
}

/** Long errors (stack traces) would drown the rest of the status. */
const MAX_ERROR_LENGTH = 300;
const MAX_DUNGEON_SHOWN = 100;

export function renderStatus(locale: string, status: GuildStatus): string {
  const { settings } = status;
  const channel = (id: string | null | undefined): string => (id ? `<#${id}>` : t(locale, 'common.notSet'));
  const raidListMessage =
    settings?.raidListChannelId && settings.raidListMessageId
      ? messageLink(settings.raidListChannelId, settings.raidListMessageId, status.guildId)
      : t(locale, 'common.notSet');
  return [
    t(locale, 'status.title', { guild: escapeMarkdown(status.guildName) }),
    t(locale, 'status.plannerChannel', { value: channel(settings?.plannerChannelId) }),
    t(locale, 'status.participantsChannel', { value: channel(settings?.participantsChannelId) }),
    t(locale, 'status.raidListChannel', { value: channel(settings?.raidListChannelId) }),
    t(locale, 'status.raidListMessage', { value: raidListMessage }),
    t(locale, 'status.openRaids', { count: status.openRaids }),
    t(locale, 'status.selfTestLastSuccess', { value: selfTestTime(locale, status.selfTest) }),
    t(locale, 'status.selfTestLastError', { value: selfTestError(locale, status.selfTest, status.showsErrorDetail) }),
    t(locale, 'schedule.statusNextSlot', { value: nextSlotText(locale, status.nextSlot) }),
  ].join('\n');
}

function nextSlotText(locale: string, next: GuildStatus['nextSlot']): string {
  if (next === null) return t(locale, 'schedule.statusNoNextSlot');
  return t(locale, 'schedule.statusNextSlotValue', { dungeon: shortMarkdownSafe(next.dungeon, MAX_DUNGEON_SHOWN), displayId: next.displayId, when: slotTimestamp(next.instant) });
}

function selfTestTime(locale: string, selfTest: SelfTestSummary | null): string {
  if (selfTest === null) return t(locale, 'status.unknown');
  if (selfTest.lastSuccessAt === null) return t(locale, 'status.never');
  // Discord shows timestamps in each reader's own time zone and language.
  const seconds = Math.floor(selfTest.lastSuccessAt.getTime() / 1000);
  return `<t:${seconds}:f> (<t:${seconds}:R>)`;
}

function selfTestError(locale: string, selfTest: SelfTestSummary | null, showsDetail: boolean): string {
  if (selfTest === null) return t(locale, 'status.unknown');
  if (selfTest.lastError === null || selfTest.lastError.trim() === '') return t(locale, 'common.none');
  if (!showsDetail) return t(locale, 'status.errorHidden');
  const oneLine = selfTest.lastError.replace(/\s+/g, ' ').trim();
  const short = oneLine.length > MAX_ERROR_LENGTH ? `${oneLine.slice(0, MAX_ERROR_LENGTH - 1)}…` : oneLine;
  return escapeMarkdown(short);
}
