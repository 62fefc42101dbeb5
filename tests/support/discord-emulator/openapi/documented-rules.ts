import { InteractionResponseType } from 'discord-api-types/v10';
import { DiscordHttpError, type FormErrorTree } from '../errors';
import { validateCommandBody, validateCommandList } from '../validation/commands';
import { FormErrors, isRecord, type FieldPath } from '../validation/form-errors';
import { validateAutocompleteChoices, validateModal, validateMessageBody } from '../validation/message';

/** One broken documented rule: where (a path into the body) and Discord's error code and message. */
export interface RuleError {
  path: FieldPath;
  code: string;
  message: string;
}

/** Discord's answer (the `errors` tree of a 50035) and the same errors as paths into the body. */
export interface RuleVerdict {
  tree: FormErrorTree;
  errors: RuleError[];
}

/** Message operations and whether they may set the ephemeral flag. */
const MESSAGE_OPERATIONS: Record<string, boolean> = {
  create_message: false,
  update_message: false,
  execute_webhook: true,
  update_original_webhook_message: false,
  update_webhook_message: false,
};

const COMMAND_CREATE = ['create_application_command', 'create_guild_application_command'];
const COMMAND_UPDATE = ['update_application_command', 'update_guild_application_command'];
const COMMAND_LISTS = ['bulk_set_application_commands', 'bulk_set_guild_application_commands'];

/**
 * The rules Discord documents but its OpenAPI file does not express (content ≤
 * 2,000 characters, ≤ 5 classic action rows, ≤ 6,000 embed characters, unique
 * custom ids, command naming and option order, …). They are the emulator's own
 * validators — the ones its routes answer with — run on the body alone, so no rule
 * is written twice. Null when the body keeps them all.
 */
export function checkDocumentedRules(operationId: string, body: unknown): RuleVerdict | null {
  const callback = operationId === 'create_interaction_response' && isRecord(body) ? body : null;
  // The emulator answers a callback's message fields without the `data.` prefix; the pointers into the body have it.
  const prefix: FieldPath = callback && MESSAGE_CALLBACKS.includes(callback.type) ? ['data'] : [];
  try {
    if (operationId in MESSAGE_OPERATIONS) {
      validateMessageBody(body, { requireSomething: false, allowEphemeral: MESSAGE_OPERATIONS[operationId]! });
    } else if (callback) {
      checkCallback(callback);
    } else if (COMMAND_CREATE.includes(operationId) || COMMAND_UPDATE.includes(operationId)) {
      const form = new FormErrors();
      validateCommandBody(form, [], body, COMMAND_UPDATE.includes(operationId));
      form.throwIfAny();
    } else if (COMMAND_LISTS.includes(operationId)) {
      validateCommandList(body);
    }
  } catch (error) {
    if (error instanceof DiscordHttpError && error.body.errors) {
      return { tree: error.body.errors, errors: leaves(error.body.errors, []).map((leaf) => ({ ...leaf, path: [...prefix, ...leaf.path] })) };
    }
    // Anything else (an empty message's 50006) depends on more than the body: the route answers it.
    if (!(error instanceof DiscordHttpError)) throw error;
  }
  return null;
}

const MESSAGE_CALLBACKS: readonly unknown[] = [
  InteractionResponseType.ChannelMessageWithSource,
  InteractionResponseType.DeferredChannelMessageWithSource,
  InteractionResponseType.UpdateMessage,
];

/** Checks an interaction callback's `data` by its type. */
function checkCallback(body: Record<string, unknown>): void {
  if (MESSAGE_CALLBACKS.includes(body.type)) {
    validateMessageBody(body.data ?? {}, { requireSomething: false, allowEphemeral: true });
  } else if (body.type === InteractionResponseType.ApplicationCommandAutocompleteResult) {
    validateAutocompleteChoices(body.data);
  } else if (body.type === InteractionResponseType.Modal) {
    validateModal(body.data);
  }
}

function leaves(tree: FormErrorTree, path: FieldPath): RuleError[] {
  const found: RuleError[] = [];
  for (const [key, child] of Object.entries(tree)) {
    if (key === '_errors') {
      for (const leaf of child as Array<{ code: string; message: string }>) found.push({ path, code: leaf.code, message: leaf.message });
    } else if (child) {
      found.push(...leaves(child as FormErrorTree, [...path, /^\d+$/.test(key) ? Number(key) : key]));
    }
  }
  return found;
}
