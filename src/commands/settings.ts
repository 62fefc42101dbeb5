import { ApplyOptions } from '@sapphire/decorators';
import { ChannelType } from 'discord.js';
import { readAttendanceOptions } from '../lib/attendance/settings';
import { Command } from '@sapphire/framework';
import { describeCommand, describeIntegerOption, describeOption } from '../lib/discord/command-registration';
import { answer, deferEphemeral } from '../lib/discord/safe-interaction';
import { refusal } from '../lib/discord/error-replies';
import { t } from '../lib/i18n';
import { renderSettingsView } from '../lib/settings/render';
import { readTimeSettingOptions, saveTimeSettings, settingsTimeView } from '../lib/settings/time-settings';
import { assertCachedGuild, commandOptions } from '../lib/discord/command-access';
import { readScheduledEventOptions } from '../lib/scheduled-events/settings';

/**
 * Admins: the ephemeral settings view (channel selects + save, see
 * interaction-handlers/settings.ts). The options change the server's time preferences
 * first: `timezone` (autocomplete, interaction-handlers/timezone-autocomplete.ts),
 * `reminder_minutes` (0 = off) and `autoclose_hours`, the scheduled events'
 * `scheduled_events` (on/off) and `event_hours` (src/lib/scheduled-events/settings.ts), and voice attendance's
 * `attendance_window`, `attendance_minutes`, `raid_voice_channel` and `raid_voice_any` (src/lib/attendance/settings.ts).
 */
@ApplyOptions<Command.Options>(commandOptions('settings', 'admin'))
export class SettingsCommand extends Command {
  public override registerApplicationCommands(registry: Command.Registry): void {
    registry.registerChatInputCommand((builder) =>
      describeCommand(builder, this)
        .addStringOption((option) => describeOption(option, 'settings', 'timezone').setAutocomplete(true))
        .addIntegerOption((option) => describeIntegerOption(option, 'settings', 'reminder_minutes'))
        .addIntegerOption((option) => describeIntegerOption(option, 'settings', 'autoclose_hours'))
        .addBooleanOption((option) => describeOption(option, 'settings', 'scheduled_events'))
        .addIntegerOption((option) => describeIntegerOption(option, 'settings', 'event_hours'))
        .addIntegerOption((option) => describeIntegerOption(option, 'settings', 'attendance_window'))
        .addIntegerOption((option) => describeIntegerOption(option, 'settings', 'attendance_minutes'))
        .addChannelOption((option) => describeOption(option, 'settings', 'raid_voice_channel').addChannelTypes(ChannelType.GuildVoice, ChannelType.GuildStageVoice))
        .addBooleanOption((option) => describeOption(option, 'settings', 'raid_voice_any')),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
    assertCachedGuild(interaction);
    const { locale, guildId } = interaction;
    const { repos, raids } = this.container;
    const read = readTimeSettingOptions({
      timezone: interaction.options.getString('timezone'),
      // In range: the IntegerOptionsInRange precondition refused anything else.
      reminderMinutes: interaction.options.getInteger('reminder_minutes'),
      autoCloseHours: interaction.options.getInteger('autoclose_hours'),
    });
    if (!read.ok) throw refusal(locale, 'timeSettings.zoneUnknown', { zone: read.unknownZone });
    Object.assign(read.changes, readScheduledEventOptions({ enabled: interaction.options.getBoolean('scheduled_events'), hours: interaction.options.getInteger('event_hours') }));
    Object.assign(
      read.changes,
      readAttendanceOptions({
        windowMinutes: interaction.options.getInteger('attendance_window'),
        minimumMinutes: interaction.options.getInteger('attendance_minutes'),
        channelId: interaction.options.getChannel('raid_voice_channel')?.id ?? null,
        anyChannel: interaction.options.getBoolean('raid_voice_any'),
      }),
    );

    const notes: string[] = [];
    if (Object.keys(read.changes).length > 0) {
      await deferEphemeral(interaction);
      const changed = await saveTimeSettings(repos.guildPreferences, guildId, await raids.time.of(guildId), read.changes);
      this.container.logger.info(`guild ${guildId}: time settings ${changed.join(', ') || 'unchanged'} by ${interaction.user.id}`);
      notes.push(t(locale, changed.length > 0 ? 'timeSettings.saved' : 'timeSettings.unchanged'));
      if (changed.includes('timeZone')) notes.push(t(locale, 'timeSettings.zoneChanged', { zone: read.changes.timeZone! }));
      // Open raids follow in the background: many planners take a while at Discord's edit rate.
      if (changed.length > 0) void raids.onTimePreferencesChanged(guildId, changed);
    }
    const settings = await repos.settings.ensureGuild(guildId, interaction.guild.name);
    const view = renderSettingsView(settings, { locale, guildName: interaction.guild.name, time: await settingsTimeView(raids.time, guildId) });
    await answer(interaction, { ...(notes.length > 0 ? { content: notes.join(' ') } : {}), embeds: view.embeds, components: view.components });
  }
}
