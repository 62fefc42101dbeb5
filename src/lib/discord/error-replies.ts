/**
 * What a member sees when their command or component failed, and how it reaches
 * them. Used by the framework error listeners (src/listeners/error-*.ts) so
 * nothing ends in Discord's "This interaction failed".
 */
import { UserError } from '@sapphire/framework';
import type { Interaction } from 'discord.js';
import { t } from '../i18n';
import { isDatabaseUnavailable } from '../restore/database-availability';
import { answerQuietly } from './safe-interaction';

/** The one place the generic failure text comes from. */
export function genericErrorText(locale: string | null | undefined): string {
  return t(locale, 'common.genericError');
}

/**
 * A UserError's own (already localized) message; "the database is not reachable, try
 * again" when it is not; the generic text for anything else unexpected.
 */
export function errorTextFor(error: unknown, locale: string | null | undefined): string {
  if (error instanceof UserError && error.message !== '') return error.message;
  if (isDatabaseUnavailable(error)) return t(locale, 'common.databaseUnavailable');
  return genericErrorText(locale);
}

/**
 * Tells the member privately, whether or not the interaction was acknowledged
 * already (reply, or follow-up after a defer/reply). Never throws: a dead token or a
 * Discord error while reporting an error is only logged.
 */
export async function answerWithError(interaction: Interaction, text: string): Promise<void> {
  if (!interaction.isRepliable()) return; // autocomplete cannot show a message
  await answerQuietly(interaction, { content: text });
}
