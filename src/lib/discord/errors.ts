/**
 * Discord API failures the raid flow reacts to, by error code rather than by message
 * text, and the typed error that turns "the bot cannot use this channel" into one log
 * line plus a member-facing answer.
 */
import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';

/** Why a channel cannot be used: gone, not visible to the bot, or missing a permission. */
export type ChannelUnavailableReason = 'unknownChannel' | 'missingAccess' | 'missingPermissions';

const REASON_BY_CODE: ReadonlyMap<number, ChannelUnavailableReason> = new Map([
  [RESTJSONErrorCodes.UnknownChannel, 'unknownChannel'],
  [RESTJSONErrorCodes.MissingAccess, 'missingAccess'],
  [RESTJSONErrorCodes.MissingPermissions, 'missingPermissions'],
]);

/**
 * The bot cannot post to or edit in a channel. Raised by the tracked-message layer;
 * callers log it once and answer the member with a localized text naming the channel.
 */
export class ChannelUnavailableError extends Error {
  public constructor(
    public readonly channelId: string,
    public readonly reason: ChannelUnavailableReason,
    options?: { cause?: unknown },
  ) {
    super(`Channel ${channelId} is unavailable to the bot (${reason})`, options);
    this.name = 'ChannelUnavailableError';
  }
}

export function discordErrorCode(error: unknown): number | null {
  if (error instanceof DiscordAPIError && typeof error.code === 'number') return error.code;
  return null;
}

export function isDiscordError(error: unknown, ...codes: readonly number[]): boolean {
  const code = discordErrorCode(error);
  return code !== null && codes.includes(code);
}

export function isUnknownMessage(error: unknown): boolean {
  return isDiscordError(error, RESTJSONErrorCodes.UnknownMessage);
}

/** The interaction token is dead or was answered already: nothing more can be sent through it as a response. */
export function isStaleInteraction(error: unknown): boolean {
  return isDiscordError(error, RESTJSONErrorCodes.UnknownInteraction, RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged);
}

/** Missing permission, or a role/member the bot may not touch (role above its own). */
export function isForbidden(error: unknown): boolean {
  return (
    isDiscordError(error, RESTJSONErrorCodes.MissingPermissions, RESTJSONErrorCodes.MissingAccess) ||
    (error instanceof DiscordAPIError && error.status === 403)
  );
}

/** Converts a channel-level failure into ChannelUnavailableError; null for anything else. */
export function channelUnavailableFrom(error: unknown, channelId: string): ChannelUnavailableError | null {
  if (error instanceof ChannelUnavailableError) return error;
  const code = discordErrorCode(error);
  const reason = code === null ? undefined : REASON_BY_CODE.get(code);
  return reason === undefined ? null : new ChannelUnavailableError(channelId, reason, { cause: error });
}
