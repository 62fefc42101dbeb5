import { RESTJSONErrorCodes } from 'discord-api-types/v10';

/** One leaf of Discord's `errors` tree: `{ _errors: [{ code, message }] }`. */
export interface FormErrorLeaf {
  code: string;
  message: string;
}
export interface FormErrorTree {
  _errors?: FormErrorLeaf[];
  [key: string]: FormErrorTree | FormErrorLeaf[] | undefined;
}

/** Body of every non-2xx JSON answer, exactly as Discord words it. */
export interface DiscordErrorBody {
  message: string;
  code: number;
  errors?: FormErrorTree;
}

/** Thrown anywhere in a request; the REST server turns it into the HTTP answer. */
export class DiscordHttpError extends Error {
  public constructor(
    public readonly status: number,
    public readonly body: DiscordErrorBody,
  ) {
    super(`${status} ${body.code}: ${body.message}`);
    this.name = 'DiscordHttpError';
  }
}

function error(status: number, code: number, message: string): DiscordHttpError {
  return new DiscordHttpError(status, { message, code });
}

export const errors = {
  notFound: () => error(404, 0, '404: Not Found'),
  methodNotAllowed: () => error(405, 0, '405: Method Not Allowed'),
  unauthorized: () => error(401, 0, '401: Unauthorized'),
  unknownApplication: () => error(404, RESTJSONErrorCodes.UnknownApplication, 'Unknown Application'),
  unknownChannel: () => error(404, RESTJSONErrorCodes.UnknownChannel, 'Unknown Channel'),
  unknownGuild: () => error(404, RESTJSONErrorCodes.UnknownGuild, 'Unknown Guild'),
  unknownMember: () => error(404, RESTJSONErrorCodes.UnknownMember, 'Unknown Member'),
  unknownMessage: () => error(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message'),
  unknownRole: () => error(404, RESTJSONErrorCodes.UnknownRole, 'Unknown Role'),
  unknownUser: () => error(404, RESTJSONErrorCodes.UnknownUser, 'Unknown User'),
  unknownWebhook: () => error(404, RESTJSONErrorCodes.UnknownWebhook, 'Unknown Webhook'),
  unknownInteraction: () => error(404, RESTJSONErrorCodes.UnknownInteraction, 'Unknown interaction'),
  unknownCommand: () => error(404, RESTJSONErrorCodes.UnknownApplicationCommand, 'Unknown application command'),
  alreadyAcknowledged: () =>
    error(400, RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged, 'Interaction has already been acknowledged.'),
  missingAccess: () => error(403, RESTJSONErrorCodes.MissingAccess, 'Missing Access'),
  missingPermissions: () => error(403, RESTJSONErrorCodes.MissingPermissions, 'Missing Permissions'),
  cannotEditOthersMessage: () =>
    error(403, RESTJSONErrorCodes.CannotEditMessageAuthoredByAnotherUser, 'Cannot edit a message authored by another user'),
  emptyMessage: () => error(400, RESTJSONErrorCodes.CannotSendAnEmptyMessage, 'Cannot send an empty message'),
  nonTextChannel: () =>
    error(400, RESTJSONErrorCodes.CannotSendMessagesInNonTextChannel, 'Cannot send messages in a non-text channel'),
  wrongChannelType: () =>
    error(400, RESTJSONErrorCodes.CannotExecuteActionOnThisChannelType, 'Cannot execute action on this channel type'),
  bulkDeleteTooOld: () =>
    error(
      400,
      RESTJSONErrorCodes.OneOfTheMessagesProvidedWasTooOldForBulkDelete,
      'You can only bulk delete messages that are under 14 days old.',
    ),
  cannotExecuteOnDm: () => error(400, RESTJSONErrorCodes.CannotExecuteActionOnDMChannel, 'Cannot execute action on a DM channel'),
  invalidToken: () => error(401, 0, '401: Unauthorized'),
  cannotExecuteOnSystemMessage: () => error(403, 50021, 'Cannot execute action on a system message'),
  invalidRecipient: () => error(400, RESTJSONErrorCodes.InvalidRecipients, 'Invalid Recipient(s)'),
} as const;
