/**
 * What a member sees when their command or component failed, and how it reaches
 * them. Used by the framework error listeners (src/listeners/errors/) so
 * nothing ends in Discord's "This interaction failed".
 */
import { Identifiers, UserError, container } from '@sapphire/framework';
import type { Interaction } from 'discord.js';
import { t, type TranslationKey, type VarsArgument } from '../i18n';
import { isDatabaseUnavailable } from '../db/availability';
import { answerQuietly } from './safe-interaction';

/**
 * A refusal: the member is told its text privately (by the command error listener,
 * through `errorTextFor`) and nothing else happens. The text's key names it.
 */
export function refusal<K extends TranslationKey>(locale: string | null | undefined, key: K, ...vars: VarsArgument<K>): UserError {
  return new UserError({ identifier: key, message: t(locale, key, ...vars) });
}

/** A refusal whose text is put together from several (a channel problem, an open-raid limit). */
export function composedRefusal(identifier: string, text: string): UserError {
  return new UserError({ identifier, message: text });
}

/** Sapphire's own refusals, shown in the member's language instead of their English message. */
const FRAMEWORK_REFUSALS: ReadonlyMap<string, (locale: string | null | undefined) => string> = new Map([
  [Identifiers.PreconditionGuildOnly, (locale) => t(locale, 'common.serverOnly')],
]);

/** The one place the generic failure text comes from. */
export function genericErrorText(locale: string | null | undefined): string {
  return t(locale, 'common.genericError');
}

/**
 * A UserError's own (already localized) message; "the database is not reachable, try
 * again" when it is not; the generic text for anything else unexpected.
 */
export function errorTextFor(error: unknown, locale: string | null | undefined): string {
  if (error instanceof UserError) {
    const frameworkText = FRAMEWORK_REFUSALS.get(error.identifier);
    if (frameworkText !== undefined) return frameworkText(locale);
    if (error.message !== '') return error.message;
  }
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

/**
 * A command or component failed: log it once at the right weight — a UserError is the
 * member's mistake (debug), a database outage is expected and already reported by the
 * lock keeper (one warning line, no stack per click), anything else is ours (error with
 * stack) — and tell the member.
 */
export async function reportInteractionFailure(what: string, error: unknown, interaction: Interaction): Promise<void> {
  const { logger } = container;
  if (error instanceof UserError) {
    logger.debug(`${what} refused (${error.identifier}): ${error.message}`);
  } else if (isDatabaseUnavailable(error)) {
    logger.warn(`${what} for user ${interaction.user.id} answered "try again": the database is not reachable`);
  } else {
    logger.error(`${what} failed for user ${interaction.user.id} in guild ${interaction.guildId ?? 'DM'}:`, error);
  }
  await answerWithError(interaction, errorTextFor(error, interaction.locale));
}
