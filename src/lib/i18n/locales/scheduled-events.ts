/**
 * Texts of the Discord scheduled events (issue 13.3): the /settings field and the
 * events' own name and description, kept in a file of their own and spread into both
 * locale trees.
 */
export const scheduledEventsEnUS = {
  scheduledEvents: {
    title: 'Discord events',
    on: 'On: a Discord event per qualified slot, lasting {{hours}} h',
    off: 'Off',
    hint: 'Change with `/settings scheduled_events:` `event_hours:` (the bot needs Manage Events)',
    name: '{{dungeon}} · Raid {{displayId}}',
    description: 'Raid {{dungeon}} (ID {{displayId}}), {{day}} {{time}}: {{count}} players signed up. Vote and see who comes in the planner: {{url}}',
    descriptionNoLink: 'Raid {{dungeon}} (ID {{displayId}}), {{day}} {{time}}: {{count}} players signed up.',
  },
} as const;

export const scheduledEventsDe = {
  scheduledEvents: {
    title: 'Discord-Events',
    on: 'An: ein Discord-Event je zustande gekommenem Slot, Dauer {{hours}} Std.',
    off: 'Aus',
    hint: 'Ändern mit `/settings scheduled_events:` `event_hours:` (der Bot braucht „Events verwalten“)',
    name: '{{dungeon}} · Raid {{displayId}}',
    description: 'Raid {{dungeon}} (ID {{displayId}}), {{day}} {{time}}: {{count}} Spieler angemeldet. Abstimmen und sehen, wer kommt, im Planer: {{url}}',
    descriptionNoLink: 'Raid {{dungeon}} (ID {{displayId}}), {{day}} {{time}}: {{count}} Spieler angemeldet.',
  },
} as const;
