/**
 * The range of every integer option of every slash command, declared once: the
 * registration sends it to Discord as min_value / max_value (its client then offers
 * nothing else), and the IntegerOptionsInRange precondition refuses whatever arrives
 * outside it anyway (an outdated or modified client), so no handler and no SQL
 * parameter ever sees such a value. Bounds follow what the value is stored in or
 * means: a PostgreSQL INTEGER holds at most 2147483647.
 */
import { ApplicationCommandOptionType, type CommandInteractionOption } from 'discord.js';
import { MAX_INTEGER_COLUMN, MIN_INTEGER_COLUMN } from '../db/integer-ids';
import { GUILD_PREFERENCE_LIMITS } from '../db/repositories/guild-preferences-repository';
import type { CommandName } from './command-names';
import { DISCORD_LIMITS } from './limits';


export interface IntegerBounds {
  readonly min: number;
  readonly max: number;
}

export const INTEGER_OPTIONS = {
  /** A raid's display id (raids.display_id, INTEGER), numbered from 1. */
  raid_finish: { raid_id: { min: 1, max: MAX_INTEGER_COLUMN } },
  /** Messages to delete: one bulk-delete request takes at most 100. */
  purge: { amount: { min: 1, max: DISCORD_LIMITS.bulkDelete } },
  /** Own messages to look through. */
  purgebot: { limit: { min: 1, max: 5000 } },
  /** A server's time preferences (the repository's ranges); 0 minutes switches reminders off. */
  settings: {
    reminder_minutes: { min: 0, max: GUILD_PREFERENCE_LIMITS.reminderMinutesBefore.max },
    autoclose_hours: GUILD_PREFERENCE_LIMITS.autoCloseGraceHours,
    event_hours: GUILD_PREFERENCE_LIMITS.scheduledEventHours,
    attendance_window: GUILD_PREFERENCE_LIMITS.attendanceWindowMinutes,
    attendance_minutes: GUILD_PREFERENCE_LIMITS.attendanceMinimumMinutes,
  },
} as const satisfies { readonly [Command in CommandName]?: Readonly<Record<string, IntegerBounds>> };

export type CommandWithIntegerOptions = keyof typeof INTEGER_OPTIONS;
export type IntegerOptionName<Command extends CommandWithIntegerOptions> = keyof (typeof INTEGER_OPTIONS)[Command] & string;

export function integerBounds<Command extends CommandWithIntegerOptions>(command: Command, option: IntegerOptionName<Command>): IntegerBounds {
  return INTEGER_OPTIONS[command][option] as IntegerBounds;
}

/** Declared bounds, or for an option nobody declared (the registration test forbids that) what an INTEGER column holds. */
function boundsOf(command: string, option: string): IntegerBounds {
  const declared: Readonly<Record<string, IntegerBounds>> | undefined = Reflect.get(INTEGER_OPTIONS, command);
  return declared?.[option] ?? { min: MIN_INTEGER_COLUMN, max: MAX_INTEGER_COLUMN };
}

export interface IntegerOutOfRange {
  readonly option: string;
  readonly bounds: IntegerBounds;
}

/** The first integer option (subcommands included) whose value is not a whole number within its bounds, or null. */
export function integerOptionOutOfRange(command: string, options: readonly CommandInteractionOption[]): IntegerOutOfRange | null {
  for (const option of options) {
    if (option.options) {
      const nested = integerOptionOutOfRange(command, option.options);
      if (nested !== null) return nested;
    }
    if (option.type !== ApplicationCommandOptionType.Integer) continue;
    const bounds = boundsOf(command, option.name);
    const { value } = option;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < bounds.min || value > bounds.max) return { option: option.name, bounds };
  }
  return null;
}
