/**
 * Time-aware raids (issue 11): days and times typed in German or English become
 * instants in the server's IANA zone (Luxon does all zone and calendar work), stored
 * as canonical labels (`Sat 2026-12-26`, `20:00`) that parse back to the same instant.
 * Labels that do not parse (raids of the old bot) simply have no instant.
 */
export { clockFor, clockStartingAt, fixedClock, systemClock, type Clock } from './clock';
export { dateOfDayLabel, formatDayLabel, readDay, resolveDay, templateDayInput, type DayContext, type DayResolution, type DaySpec } from './day';
export { discordTimestamp, slotTimestamp, type TimestampStyle } from './discord-timestamp';
export { timeInputErrorText } from './errors';
export { localInstant, todayIn, type CalendarDate } from './instant';
export { slotInstant, validateSlotInput, type SlotContext, type SlotLabels, type SlotValidation, type TimeInputError, type TimeInputErrorCode } from './slots';
export { formatTimeLabel, parseTime, type TimeOfDay } from './time-of-day';
export { FALLBACK_TIME_ZONE, isValidTimeZone, normaliseTimeZone } from './zone';
