/**
 * Texts of reminders and "starting now" posts (issue 11), kept in a file of their own
 * and hung into both locale trees as `reminders`. Public posts: the guild's locale.
 * `{{when}}` is a Discord timestamp (`<t:…:F>`), `{{relative}}` one in `R` style, which
 * each member's client shows in their own zone and language ("in 15 minutes").
 */
export const remindersEnUS = {
  reminder: '⏰ **{{dungeon}}** · Raid `{{displayId}}` starts {{relative}}: {{when}}',
  start: '▶️ **{{dungeon}}** · Raid `{{displayId}}` is starting now: {{when}}',
  planner: 'Planner: {{link}}',
} as const;

export const remindersDe: { readonly [K in keyof typeof remindersEnUS]: string } = {
  reminder: '⏰ **{{dungeon}}** · Raid `{{displayId}}` beginnt {{relative}}: {{when}}',
  start: '▶️ **{{dungeon}}** · Raid `{{displayId}}` beginnt jetzt: {{when}}',
  planner: 'Planer: {{link}}',
};
