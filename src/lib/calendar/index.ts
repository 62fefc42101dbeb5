/** Raids in every member's calendar (issue 13): an .ics file per slot of a participant list. */
export { plannerUrl, renderSlotCalendar, slotCalendarFileName, slotEventUid, SLOT_ALARM_MINUTES, SLOT_EVENT_DURATION_MINUTES, type SlotCalendarEntry } from './ics';
export { slotCalendarFile, slotOptionIds, type SlotCalendarDeps, type SlotCalendarOutcome, type SlotCalendarRequest } from './service';
export { CALENDAR_REFUSALS, calendarButtonRow, calendarFileText } from './replies';
