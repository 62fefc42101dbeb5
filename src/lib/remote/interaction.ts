/**
 * The Discord side of the remote commands: the guilds the bot is connected to, the
 * `guild_name` autocomplete (privileged user only) and the refusal texts of a target
 * that does not resolve. The rules themselves live in `target.ts`.
 */
import type { AutocompleteInteraction, ChatInputCommandInteraction, Client } from 'discord.js';
import type { Config } from '../../config';
import { t } from '../i18n';
import { isPrivilegedUser } from '../ops/privileged';
import { remoteGuildChoices, resolveRemoteTarget, type ConnectedGuild, type RemoteTargetResolution } from './target';

export const GUILD_NAME_OPTION = 'guild_name';

export function connectedGuilds(client: Client): ConnectedGuild[] {
  return client.guilds.cache.map((guild) => ({ id: guild.id, name: guild.name ?? '' }));
}

/** Suggestions for `guild_name`; nobody but the privileged user learns which servers the bot is on. */
export async function answerGuildNameAutocomplete(interaction: AutocompleteInteraction, config: Pick<Config, 'privilegedUserId'>): Promise<void> {
  if (!isPrivilegedUser(config, interaction.user.id)) {
    await interaction.respond([]);
    return;
  }
  const typed = interaction.options.getFocused();
  await interaction.respond(remoteGuildChoices(typed, connectedGuilds(interaction.client)).map((choice) => ({ ...choice })));
}

export type RemoteTarget = { readonly guild: ConnectedGuild; readonly refusal?: undefined } | { readonly guild?: undefined; readonly refusal: string };

/** The guild named by the command's `guild_name`, or the text telling the operator why not. */
export function remoteTargetOf(interaction: ChatInputCommandInteraction): RemoteTarget {
  const typed = interaction.options.getString(GUILD_NAME_OPTION) ?? '';
  const resolution = resolveRemoteTarget(typed, connectedGuilds(interaction.client));
  if (resolution.kind === 'found') return { guild: resolution.guild };
  return { refusal: refusalText(interaction.locale, resolution) };
}

function refusalText(locale: string, resolution: Exclude<RemoteTargetResolution, { kind: 'found' }>): string {
  switch (resolution.kind) {
    case 'empty':
      return t(locale, 'remote.askForName');
    case 'not-connected':
      return t(locale, 'remote.notConnected', { id: resolution.guildId });
    case 'ambiguous-name':
      return t(locale, 'remote.ambiguousName');
    case 'ambiguous-substring':
      return t(locale, 'remote.ambiguousSubstring');
    case 'unknown':
      return t(locale, 'remote.unknown');
  }
}
