/**
 * The planner message of a raid (embed + vote selects + finish button) and its
 * closed form. Pure: data in, Discord JSON out.
 */
import { attendanceNote, type AttendanceOutcome } from '../../attendance/render';
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import { raidFinishButtonId, raidVoteSelectId } from '../../discord/custom-ids';
import { raidOptionValue } from '../vote-values';
import { t } from '../../i18n';
import { fullyVotedUserIds, voteCounts } from '../slots';
import { inSlotOrder, slotGrid } from '../slot-grid';
import { renderPlannerSlots } from './planner-slots';
import type { ClosedRaidReason } from '../types';
import type { OptionKind, Raid, RaidOption, RaidState } from '../types';
import { DISCORD_LIMITS } from '../../discord/limits';
import { EMBED_COLOUR, compareNames, joinWithinLimit, listWithShortenedLabels, shortMarkdownSafe, truncate } from '../../discord/text';

export interface PlannerRenderOptions {
  /** Display names of members by user id; members without an entry show as "User <id>". */
  readonly names: ReadonlyMap<string, string>;
  /** The guild's preferred locale (the planner is a public post). */
  readonly locale: string;
  /** The server's IANA zone: the day and time labels are wall-clock times there. */
  readonly zone: string;
}

/** Longest dungeon name shown in a title or line; catalogue names are far shorter. */
const MAX_DUNGEON_SHOWN = 100;
/** Discord display names are at most 32 characters. */
const MAX_NAME_SHOWN = 32;
/** What shows for an empty list: a dash, as members know it from the old bot. */
const EMPTY_LIST = '-';

export function renderPlannerMessage(unordered: RaidState, options: PlannerRenderOptions): RESTPostAPIChannelMessageJSONBody {
  // Days in date order and times in clock order everywhere on the planner, selects included.
  const state = inSlotOrder(unordered);
  const { raid } = state;
  const { locale } = options;
  const raidIdLine = t(locale, 'planner.description', { displayId: raid.displayId });
  const embed: APIEmbed = {
    color: EMBED_COLOUR.info,
    title: truncate(t(locale, 'planner.title', { dungeon: shortMarkdownSafe(raid.dungeon, MAX_DUNGEON_SHOWN) }), DISCORD_LIMITS.embedTitle),
    description: raidIdLine,
    fields: [
      {
        name: t(locale, 'planner.minPlayers'),
        value: raid.minPlayers > 0 ? String(raid.minPlayers) : t(locale, 'planner.minPlayersFromOne'),
        inline: true,
      },
      voteCountField(state, 'day', locale),
      voteCountField(state, 'time', locale),
      fullyVotedField(state, options),
    ],
    footer: { text: t(locale, 'planner.footer') },
  };
  // The slots take the room the rest of the embed leaves (description and whole-embed limits).
  const separator = '\n\n';
  const room = Math.min(DISCORD_LIMITS.embedDescription - raidIdLine.length, DISCORD_LIMITS.embedTotal - embedLength(embed)) - separator.length;
  const slots = renderPlannerSlots(slotGrid(state, options.zone), { locale, zone: options.zone, limit: room });
  if (slots !== '') embed.description = `${raidIdLine}${separator}${slots}`;

  const components: APIActionRowComponent<APIComponentInMessageActionRow>[] = [];
  for (const [kind, optionsOfKind] of [['day', state.days], ['time', state.times]] as const) {
    // Discord refuses a select without options; a raid always has both, this is only a guard.
    if (optionsOfKind.length > 0) components.push(voteSelectRow(raid, kind, optionsOfKind, locale));
  }
  components.push({
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Danger,
        custom_id: raidFinishButtonId(raid.id),
        label: t(locale, 'planner.finishButton'),
      },
    ],
  });

  return { embeds: [embed], components, allowed_mentions: { parse: [] } };
}

/** Characters Discord counts towards an embed's 6,000: title, description, field names and values, footer, author. */
function embedLength(embed: APIEmbed): number {
  const fields = (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + fields + (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
}

/** "label: count" per option that has votes, in option order; "-" when nobody voted. */
function voteCountField(state: RaidState, kind: OptionKind, locale: string): APIEmbedField {
  const voted = [...voteCounts(state, kind)].filter(([, count]) => count > 0);
  const value =
    voted.length === 0
      ? EMPTY_LIST
      : listWithShortenedLabels(voted, ([label, count], shown) => t(locale, 'planner.voteLine', { label: shown(label), count }), {
          separator: '\n',
          limit: DISCORD_LIMITS.embedFieldValue,
          more: (hidden) => t(locale, 'common.more', { count: hidden }),
          longestLabel: DISCORD_LIMITS.selectOptionLabel,
        });
  return { name: t(locale, kind === 'day' ? 'planner.dayVotes' : 'planner.timeVotes'), value };
}

/** Members with a day and a time vote, by display name and without mentions (an embed never pings anyway). */
function fullyVotedField(state: RaidState, { names, locale }: PlannerRenderOptions): APIEmbedField {
  const userIds = fullyVotedUserIds(state);
  const shownNames = userIds
    .map((id) => names.get(id)?.trim() || t(locale, 'planner.userFallback', { id }))
    .sort(compareNames(locale))
    .map((name) => shortMarkdownSafe(name, MAX_NAME_SHOWN));
  const value =
    shownNames.length === 0
      ? EMPTY_LIST
      : joinWithinLimit(shownNames, ', ', DISCORD_LIMITS.embedFieldValue, (hidden) => t(locale, 'common.more', { count: hidden }));
  return { name: t(locale, 'planner.fullyVoted', { count: userIds.length }), value };
}

function voteSelectRow(
  raid: Raid,
  kind: OptionKind,
  options: readonly RaidOption[],
  locale: string,
): APIActionRowComponent<APIComponentInMessageActionRow> {
  const offered = options.slice(0, DISCORD_LIMITS.selectOptions);
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: raidVoteSelectId(raid.id, kind),
        placeholder: truncate(t(locale, kind === 'day' ? 'planner.daySelect' : 'planner.timeSelect'), DISCORD_LIMITS.selectPlaceholder),
        // Selecting toggles: a chosen option is added, an already voted one removed.
        min_values: 1,
        max_values: offered.length,
        options: offered.map((option) => ({
          label: truncate(option.label, DISCORD_LIMITS.selectOptionLabel),
          value: raidOptionValue(option.id),
        })),
      },
    ],
  };
}

export type { ClosedRaidReason } from '../types';

const REASON_KEY = {
  finished: 'closed.reasons.finished',
  cancelled: 'closed.reasons.cancelled',
  'stale-cleanup': 'closed.reasons.staleCleanup',
  'remote-cancelled': 'closed.reasons.remoteCancelled',
  'auto-finished': 'schedule.closedReasons.autoFinished',
  'auto-cancelled': 'schedule.closedReasons.autoCancelled',
} as const satisfies Record<ClosedRaidReason, string>;

export interface ClosedPlannerOptions {
  readonly reason: ClosedRaidReason;
  /** Attendance rows written; shown only when given (finish). */
  readonly attendanceRows?: number;
  /** How present / absent was decided (voice attendance), said under the attendance line. */
  readonly attendance?: AttendanceOutcome;
  readonly locale: string;
}

/** The planner after the raid ended: a red embed and no components, so nobody can vote any more. */
export function renderClosedPlanner(raid: Raid, { reason, attendanceRows, attendance, locale }: ClosedPlannerOptions): RESTPostAPIChannelMessageJSONBody {
  const lines = [t(locale, 'closed.description', { dungeon: shortMarkdownSafe(raid.dungeon, MAX_DUNGEON_SHOWN), displayId: raid.displayId })];
  if (attendanceRows !== undefined) lines.push(t(locale, 'closed.attendance', { count: attendanceRows }));
  const note = attendanceRows === undefined || attendance === undefined ? null : attendanceNote(locale, attendance, attendanceRows);
  if (note !== null) lines.push(note);
  return {
    embeds: [
      {
        color: EMBED_COLOUR.closed,
        title: truncate(t(locale, 'closed.title', { reason: t(locale, REASON_KEY[reason]) }), DISCORD_LIMITS.embedTitle),
        description: lines.join('\n'),
      },
    ],
    components: [],
    allowed_mentions: { parse: [] },
  };
}
