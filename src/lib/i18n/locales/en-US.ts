/**
 * English texts, the fallback language. `de.ts` must have exactly this key tree
 * (enforced by its type and a unit test). Keys ending in `_one` / `_other` are
 * i18next plural forms, chosen by the `count` variable. Texts are Discord markdown.
 */
import { attendanceEnUS } from './attendance';
import { scheduledEventsEnUS } from './scheduled-events';
import { attendanceVoiceEnUS } from './attendance-voice';
import { enUSTime } from './en-US-time';
import { remindersEnUS } from './reminders';
import { settingsCommandEnUS } from './settings-command';

export const enUS = {
  reminders: remindersEnUS,
  leveling: {
    levelUp: '🎉 {{mention}} reached **level {{level}}**! (XP: {{xp}})',
  },
  common: {
    serverOnly: 'This only works in a server.',
    restarting: 'The bot is restarting right now, so nothing was done. Please try again in a few seconds.',
    privilegedOnly: 'Only the bot owner can use this.',
    noOperator: 'No bot operator is configured, so nobody can use this. The host sets one with PRIVILEGED_USER_ID (a Discord user id) and restarts the bot.',
    adminOnly: 'Only server administrators can use this.',
    genericError: 'Something went wrong. Please try again.',
    integerOutOfRange: '`{{option}}` must be a whole number from {{min}} to {{max}}.',
    raidOfOtherServer: 'This raid belongs to another server; nothing was changed.',
    databaseUnavailable: 'The database is not reachable right now. Please try again in a moment.',
    missingPermission_one: 'I am missing the **{{permissions}}** permission in {{channel}}. Please ask a server admin to grant it.',
    missingPermission_other: 'I am missing these permissions in {{channel}}: **{{permissions}}**. Please ask a server admin to grant them.',
    channelNotFound: 'The channel {{channel}} no longer exists. Please choose another one with /settings.',
    channelNotText: '{{channel}} is not a text channel. Please choose another one with /settings.',
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
    SendMessagesInThreads: 'Send Messages in Threads',
    ManageRoles: 'Manage Roles',
  },
  commands: {
    settings: settingsCommandEnUS,
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
    raidstats: {
      description: 'Raid attendance: a member or the top attendees of this server',
      options: { member: 'The member to show (default: the top attendees)' },
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
      daysPlaceholder: 'e.g. Sat, Sunday, 24.12., tomorrow',
      timesPlaceholder: 'e.g. 19:00, 20.30, 8pm',
    },
    created: 'Raid `{{displayId}}` created: **{{dungeon}}**\nPlanner post: {{link}}',
    memberCap: 'You already have {{max}} open raids on this server, the most one member can have. Please finish or cancel one of them first.',
    guildCap: 'This server already has {{max}} open raids, the most it can have. Please finish or cancel a raid first.',
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
    voteLine: '- {{label}}: **{{count}}**',
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
    tooFast: 'You are changing your votes too fast, so this change was not made. Please wait {{seconds}} seconds and try again.',
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
    overviewTitle: '**More qualified slots for {{dungeon}}** · Raid `{{displayId}}`',
    overviewNote: 'These {{count}} slots have enough players as well. Only {{lists}} slots get a participant list of their own; who voted for what is in the planner.',
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
  status: {
    title: '**Bot status for {{guild}}**',
    plannerChannel: 'Planner channel: {{value}}',
    participantsChannel: 'Participants channel: {{value}}',
    raidListChannel: 'Raid list channel: {{value}}',
    raidListMessage: 'Raid list message: {{value}}',
    openRaids: 'Open raids: **{{count}}**',
    selfTestLastSuccess: 'Last successful self-test: {{value}}',
    selfTestLastError: 'Last self-test error: {{value}}',
    errorHidden: 'a check failed (details are shown to administrators)',
    never: 'never',
    unknown: 'unknown (Redis not reachable)',
  },
  help2: {
    guide:
      '**How raid planning works**\n' +
      '1. An admin runs `/settings` once and picks the planner, participants and raid list channels (and, if needed, the server\'s time zone).\n' +
      '2. Anyone starts a raid with `/raidplan dungeon:<name>` and enters the candidate days (`Sat`, `tomorrow`, `24.12.`), times (`20`, `20:30`, `8pm`) and the minimum players per slot. Everyone sees the slots in their own local time.\n' +
      '3. The planner message appears in the planner channel. Choose every day and every time you can make in its two menus; choosing one again removes it.\n' +
      '4. As soon as enough players share a day and a time, the bot posts a participant list for that slot in the participants channel (with **Add to calendar**), gives its members the raid role and reminds them before the start.\n' +
      '5. After the raid, its creator (or an admin) presses **Finish raid** or runs `/raid_finish raid_id:<ID>`; attendance is recorded. A raid nobody finishes closes itself a few hours after its last slot.\n' +
      '6. `/raidlist` refreshes the list of open raids, `/raidstats` shows who took part; admins clean up the bot\'s messages with `/purgebot scope:channel` or `scope:server`.',
    posted: 'Guide posted.',
    notTextChannel: 'Please use /help2 in a text channel of the server.',
    postFailed: 'I could not post the guide here. Please check that I can view this channel and send messages in it.',
  },
  purge: {
    notTextChannel: 'Please use this command in a text channel of the server.',
    missingPermissions: 'I cannot delete messages here. I need these permissions in this channel: **{{permissions}}**.',
    nothing: 'There are no messages to delete.',
    done_one: '{{count}} message deleted.',
    done_other: '{{count}} messages deleted.',
    olderDeletedSingly_one: '{{count}} of them was older than 14 days and was deleted on its own (Discord deletes only newer messages in bulk).',
    olderDeletedSingly_other: '{{count}} of them were older than 14 days and were deleted one by one (Discord deletes only newer messages in bulk).',
    failed_one: '{{count}} message could not be deleted.',
    failed_other: '{{count}} messages could not be deleted.',
  },
  purgebot: {
    doneChannel_one: 'Deleted {{count}} of my messages in this channel (checked the newest {{limit}}).',
    doneChannel_other: 'Deleted {{count}} of my messages in this channel (checked the newest {{limit}}).',
    doneServer_one: 'Deleted {{count}} of my messages in {{channels}} channel(s) (checked the newest {{limit}} per channel).',
    doneServer_other: 'Deleted {{count}} of my messages in {{channels}} channel(s) (checked the newest {{limit}} per channel).',
    skipped_one: '{{count}} channel was skipped: I need View Channel, Read Message History and Manage Messages there.',
    skipped_other: '{{count}} channels were skipped: I need View Channel, Read Message History and Manage Messages there.',
    botMemberMissing: 'I could not find my own member on this server. Please try again in a moment.',
  },
  remote: {
    askForName: 'Please enter a server name.',
    notConnected: 'The bot is not on a server with the ID `{{id}}`.',
    ambiguousName: 'Several servers have this name. Please pick one from the list (the entry with the server ID).',
    ambiguousSubstring: 'Several servers match. Please type more of the name or pick one from the list.',
    unknown: 'No server the bot is on matches. Please pick one from the list.',
    guildsHeader: '**Servers the bot is on ({{count}})**',
    guildLine: '• **{{name}}**',
    noGuilds: 'The bot is not on any server.',
    cancelFailed: 'Cancelling the raids on **{{guild}}** failed. Please check the logs.',
    raidListNotConfigured: '**{{guild}}** has no raid list channel configured.',
    raidListFailed: 'The raid list of **{{guild}}** could not be updated. Please check the logs.',
  },
  backup: {
    done: 'Backup written: `{{file}}` ({{size}}).',
    busy: 'A backup is already running. Please try again when it has finished.',
    failed: 'The backup failed. Please check the logs.',
  },
  debugMirror: {
    raidListHeader: 'Raid list debug · guild `{{guildId}}` ({{guild}})',
    memberListHeader: 'Member list debug · guild `{{guildId}}` · raid `{{displayId}}`',
    slotLine: '- {{day}} {{time}}: {{members}}',
    noQualifiedSlots: 'No qualified slots.',
  },
  ...enUSTime,
  ...attendanceEnUS,
  ...scheduledEventsEnUS,
  ...attendanceVoiceEnUS,
  restart: {
    started: 'Restart initiated.',
    console: '♻️ Restart initiated …',
  },
} as const;

/** The key tree every locale must have: the English tree with each text widened to string. */
export type LocaleTexts = WidenTexts<typeof enUS>;

type WidenTexts<T> = { readonly [K in keyof T]: T[K] extends string ? string : WidenTexts<T[K]> };
