/** Pure renderers: raid data in, Discord API JSON out. */
export { renderPlannerMessage, renderClosedPlanner, type ClosedRaidReason, type ClosedPlannerOptions, type PlannerRenderOptions } from './planner';
export { renderSlotMessage, type SlotRenderOptions } from './slot';
export { renderRaidList, messageText, messageUrl, type RaidListRenderOptions } from './raid-list';
export { renderRaidModal, prefillList, MAX_LIST_INPUT_LENGTH, type RaidModalDungeon } from './modal';
export { renderVoteSummary, raidInputErrorText } from './replies';
export { renderDungeonList } from './dungeon-list';
