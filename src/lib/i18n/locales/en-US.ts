/**
 * English texts, the fallback language. `de.ts` must have exactly this key tree
 * (enforced by its type and a unit test). Keys ending in `_one` / `_other` are
 * i18next plural forms, chosen by the `count` variable. Texts are Discord markdown.
 */
export const enUS = {
  common: {
    serverOnly: 'This only works in a server.',
    privilegedOnly: 'Only the bot owner can use this.',
    adminOnly: 'Only server administrators can use this.',
    genericError: 'Something went wrong. Please try again.',
    databaseUnavailable: 'The database is not reachable right now. Please try again in a moment.',
    missingPermission: 'I am missing the **{{permission}}** permission in {{channel}}. Please ask a server admin to grant it.',
    notSet: 'not set',
    yes: 'yes',
    no: 'no',
    none: 'none',
    more: '… +{{count}} more',
  },
  permissions: {
    ViewChannel: 'View Channel',
    SendMessages: 'Send Messages',
    EmbedLinks: 'Embed Links',
    ReadMessageHistory: 'Read Message History',
    ManageMessages: 'Manage Messages',
    ManageRoles: 'Manage Roles',
  },
  commands: {
    settings: { description: 'Choose the planner, participants and raid list channels' },
    status: { description: 'Show the bot status for this server' },
    help: { description: 'List the available commands' },
    help2: { description: 'Post a step-by-step guide to raid planning in this channel' },
    restart: { description: 'Restart the bot (bot owner only)' },
    dungeonlist: { description: 'List the active dungeons' },
    raidplan: {
      description: 'Plan a new raid',
      options: { dungeon: 'The dungeon to raid' },
    },
    raid_finish: {
      description: 'Finish a raid and record attendance',
      options: { raid_id: 'The raid ID shown on the planner message' },
    },
    raidlist: { description: 'Refresh the raid list message' },
    cancel_all_raids: { description: 'Cancel every open raid on this server' },
    template_config: {
      description: 'Turn raid templates on or off',
      options: { enabled: 'Prefill /raidplan with the last values used for the dungeon' },
    },
    purge: {
      description: 'Delete the newest messages in this channel',
      options: { amount: 'Number of messages to delete (1-100, default 10)' },
    },
    purgebot: {
      description: "Delete this bot's messages",
      options: {
        scope: 'Where to delete',
        limit: 'Messages to scan per channel (1-5000, default 500)',
      },
      choices: { channel: 'This channel', server: 'Whole server' },
    },
    remote_guilds: { description: 'List the servers the bot is in (bot owner only)' },
    remote_cancel_all_raids: {
      description: 'Cancel every open raid on another server (bot owner only)',
      options: { guild_name: 'Server name' },
    },
    remote_raidlist: {
      description: "Refresh another server's raid list (bot owner only)",
      options: { guild_name: 'Server name' },
    },
    backup_db: { description: 'Write a database backup now (bot owner only)' },
  },
  settings: {
    title: 'Settings: {{guild}}',
    plannerChannel: 'Planner channel',
    participantsChannel: 'Participants channel',
    raidListChannel: 'Raid list channel',
    defaultMinPlayers: 'Default min players',
    templatesEnabled: 'Templates enabled',
    unsaved: '{{value}} (not saved yet)',
    pendingNotice: 'You have changes that are not saved yet. Press **Save** to keep them.',
    footer: 'Choose the channels below, then press Save.',
    plannerPlaceholder: 'Choose the planner channel',
    participantsPlaceholder: 'Choose the participants channel',
    raidListPlaceholder: 'Choose the raid list channel',
    save: 'Save',
    saved: 'Settings saved.\nPlanner: {{planner}}\nParticipants: {{participants}}\nRaid list: {{raidList}}',
    saveFailed: 'The settings could not be saved. Please try again.',
    openFailed: 'The settings view could not be opened.',
    wrongGuild: 'This settings view belongs to another server.',
  },
  templateConfig: {
    enabled: 'Raid templates are on: /raidplan prefills the days, times and min players last used for the dungeon.',
    disabled: 'Raid templates are off: /raidplan starts with empty days and times.',
    saveFailed: 'The template setting could not be saved. Please try again.',
  },
  raidplan: {
    notTextChannel: 'Please use /raidplan in a text channel of the server.',
    channelsNotConfigured: 'Please set the planner and participants channels with /settings first.',
    unknownDungeon: 'Unknown or inactive dungeon: **{{dungeon}}**. Please pick one from the list.',
    modalFailed: 'The raid form could not be opened. Please try again.',
    modal: {
      title: 'Create raid: {{dungeon}}',
      days: 'Days (separated by commas or lines)',
      times: 'Times (separated by commas or lines)',
      minPlayers: 'Min players per slot (0 = from 1)',
      daysPlaceholder: 'e.g. Saturday, Sunday',
      timesPlaceholder: 'e.g. 19:00, 20:30',
    },
    created: 'Raid `{{displayId}}` created: **{{dungeon}}**\nPlanner post: {{link}}',
    plannerPostFailed:
      'The planner message could not be posted, so the raid was not created. Please check that I can view, send messages and embed links in the planner channel.',
  },
  raidInput: {
    noDays: 'Please enter at least one day.',
    noTimes: 'Please enter at least one time.',
    tooManyDays: 'Too many days: you entered {{count}}, at most {{max}} are possible.',
    tooManyTimes: 'Too many times: you entered {{count}}, at most {{max}} are possible.',
    labelTooLongDay: 'The day "{{label}}" is too long: at most {{max}} characters are possible.',
    labelTooLongTime: 'The time "{{label}}" is too long: at most {{max}} characters are possible.',
    minPlayersInvalid: 'Min players must be a whole number from 0 to {{max}}.',
  },
  planner: {
    title: 'Raid planner: {{dungeon}}',
    description: 'Raid ID `{{displayId}}`',
    minPlayers: 'Min players per slot',
    minPlayersFromOne: '0 (a slot counts from 1 player)',
    dayVotes: 'Day votes',
    timeVotes: 'Time votes',
    voteLine: '{{label}}: **{{count}}**',
    fullyVoted: 'Voted day + time ({{count}})',
    footer: 'Names are listed without mentions. As soon as enough players share a day and a time, a participant list is posted.',
    daySelect: 'Choose or unchoose days…',
    timeSelect: 'Choose or unchoose times…',
    finishButton: 'Finish raid',
    userFallback: 'User {{id}}',
  },
  vote: {
    summary: 'Your choices for raid `{{displayId}}` ({{dungeon}}):\n**Days:** {{days}}\n**Times:** {{times}}',
    noValuesSelected: 'Nothing was selected.',
    noValidOption: 'None of the chosen options exists on this raid.',
    raidNotActive: 'This raid is no longer active.',
  },
  finish: {
    notAllowed: 'Only the raid creator or a server administrator can finish this raid.',
    notFound: 'No open raid with ID `{{displayId}}` found.',
    finished_one: 'Raid `{{displayId}}` finished. Attendance recorded for {{count}} member.',
    finished_other: 'Raid `{{displayId}}` finished. Attendance recorded for {{count}} members.',
  },
  closed: {
    title: 'Raid closed: {{reason}}',
    description: '**{{dungeon}}** · Raid ID `{{displayId}}`',
    attendance: 'Attendance rows: `{{count}}`',
    reasons: {
      finished: 'finished',
      cancelled: 'cancelled',
      staleCleanup: 'expired after 7 days',
      remoteCancelled: 'cancelled by the bot owner',
    },
  },
  slot: {
    title: '**Participants for {{dungeon}}** · Raid `{{displayId}}`',
    when: 'Day: **{{day}}** · Time: **{{time}}**',
    count: 'Players: **{{count}} / {{target}}**',
    anyTarget: '1+',
    role: 'Role: {{role}}',
  },
  raidList: {
    title: 'Open raids on {{guild}}',
    empty: 'No open raids.',
    line: '**{{dungeon}}** · ID `{{displayId}}` · Min {{minPlayers}} · {{link}} · created {{created}}',
    link: '[Go to planner]({{url}})',
    notPosted: 'planner not posted',
    refreshed: 'Raid list updated.',
    refreshFailed: 'The raid list could not be updated. Please try again.',
    remoteRefreshed: 'Raid list of **{{guild}}** updated.',
  },
  cancelAll: {
    done_one: '{{count}} open raid cancelled.',
    done_other: '{{count}} open raids cancelled.',
    remoteDone_one: '{{count}} open raid on **{{guild}}** cancelled.',
    remoteDone_other: '{{count}} open raids on **{{guild}}** cancelled.',
  },
  dungeonList: {
    title: '**Active dungeons**',
    line: '- {{name}}',
    none: 'No active dungeons.',
  },
  help: {
    header: '**Available commands**',
    line: '- `/{{name}}` — {{description}}',
    lineWithoutDescription: '- `/{{name}}`',
  },
} as const;

/** The key tree every locale must have: the English tree with each text widened to string. */
export type LocaleTexts = WidenTexts<typeof enUS>;

type WidenTexts<T> = { readonly [K in keyof T]: T[K] extends string ? string : WidenTexts<T[K]> };
