/**
 * The first step of a shutdown: no new work from members. Interactions that arrive
 * from now on are answered privately that the bot is restarting (so nobody waits on a
 * click that would be cut off half-way) and nothing else happens; work already
 * running drains in the steps after this one.
 */
import { Events, MessageFlags, type Client, type Interaction } from 'discord.js';
import { t } from '../i18n';

export function stopTakingInteractions(client: Client): void {
  client.removeAllListeners(Events.InteractionCreate);
  client.on(Events.InteractionCreate, (interaction) => void answerRestarting(interaction));
}

async function answerRestarting(interaction: Interaction): Promise<void> {
  try {
    if (interaction.isAutocomplete()) await interaction.respond([]);
    else if (interaction.isRepliable()) await interaction.reply({ content: t(interaction.locale, 'common.restarting'), flags: MessageFlags.Ephemeral });
  } catch {
    // The gateway is about to close; Discord shows its own "did not respond" then.
  }
}
