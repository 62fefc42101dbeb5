import { ButtonStyle, ComponentType, MessageFlags, TextInputStyle } from 'discord-api-types/v10';
import { errors as apiErrors } from '../errors';
import { LIMITS } from '../limits';
import { FormErrors, isRecord, type FieldPath } from './form-errors';

/** Message fields as the bot sent them, after validation (absent = not sent). */
export interface MessageBody {
  content?: string;
  embeds?: Record<string, unknown>[];
  components?: Record<string, unknown>[];
  allowed_mentions?: Record<string, unknown> | null;
  flags?: number;
  message_reference?: Record<string, unknown> | null;
  tts?: boolean;
  nonce?: string | number;
  /** With a nonce: a message of the same author with this nonce in the past few minutes is returned instead of a new one. */
  enforce_nonce?: boolean;
  attachments?: Record<string, unknown>[];
  sticker_ids?: string[];
  poll?: unknown;
}

export interface MessageBodyRules {
  /** Creating a message (or an interaction reply) needs something to show. */
  requireSomething: boolean;
  /** Only interaction responses and follow-ups may set the ephemeral flag. */
  allowEphemeral: boolean;
  /** Number of files uploaded with the request (multipart), counts as content. */
  fileCount?: number;
}

const SETTABLE_FLAGS =
  MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2 | MessageFlags.Ephemeral;

/**
 * Validates a message payload the way Discord does for create/edit/interaction
 * responses: every limit breach is reported with its path in one 50035 answer;
 * a message with nothing to show answers 50006.
 */
export function validateMessageBody(raw: unknown, rules: MessageBodyRules): MessageBody {
  const errors = new FormErrors();
  const body: MessageBody = {};
  if (!isRecord(raw)) {
    if (rules.requireSomething) throw apiErrors.emptyMessage();
    return body;
  }
  if ('content' in raw && raw.content !== null) {
    const content = errors.string(['content'], raw.content, { max: LIMITS.content });
    if (content !== undefined) body.content = content;
  } else if ('content' in raw) {
    body.content = '';
  }
  if ('flags' in raw && raw.flags !== null && raw.flags !== undefined) {
    // Discord takes the bitfield as an integer or its decimal string.
    const given = typeof raw.flags === 'string' && /^\d+$/.test(raw.flags) ? Number(raw.flags) : raw.flags;
    const flags = errors.integer(['flags'], given, { min: 0 });
    if (flags !== undefined) {
      const forbidden = flags & ~SETTABLE_FLAGS;
      if (forbidden !== 0 || (!rules.allowEphemeral && flags & MessageFlags.Ephemeral)) {
        errors.add(['flags'], 'MESSAGE_FLAGS_INVALID', 'Invalid message flags');
      }
      body.flags = flags;
    }
  }
  const componentsV2 = ((body.flags ?? 0) & MessageFlags.IsComponentsV2) !== 0;
  if ('embeds' in raw && raw.embeds !== null) {
    const embeds = errors.array(['embeds'], raw.embeds, { max: LIMITS.embeds });
    if (embeds) {
      body.embeds = embeds as Record<string, unknown>[];
      validateEmbeds(errors, embeds);
    }
  } else if ('embeds' in raw) {
    body.embeds = [];
  }
  if ('components' in raw && raw.components !== null) {
    const components = errors.array(['components'], raw.components, {
      max: componentsV2 ? LIMITS.v2Components : LIMITS.actionRows,
    });
    if (components) {
      body.components = components as Record<string, unknown>[];
      validateMessageComponents(errors, components, componentsV2);
    }
  } else if ('components' in raw) {
    body.components = [];
  }
  if (componentsV2) {
    if (body.content) errors.add(['content'], 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', 'The \'content\' field cannot be used when using MessageFlags.IS_COMPONENTS_V2');
    if (body.embeds?.length) errors.add(['embeds'], 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', 'The \'embeds\' field cannot be used when using MessageFlags.IS_COMPONENTS_V2');
  }
  if ('allowed_mentions' in raw) {
    body.allowed_mentions = validateAllowedMentions(errors, raw.allowed_mentions);
  }
  if ('message_reference' in raw) {
    if (raw.message_reference !== null && !isRecord(raw.message_reference)) {
      errors.add(['message_reference'], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    } else {
      body.message_reference = raw.message_reference as Record<string, unknown> | null;
    }
  }
  if ('tts' in raw && raw.tts !== undefined && raw.tts !== null) body.tts = Boolean(raw.tts);
  if ('nonce' in raw && raw.nonce !== undefined && raw.nonce !== null) {
    if (typeof raw.nonce === 'string') errors.string(['nonce'], raw.nonce, { max: LIMITS.nonce });
    body.nonce = raw.nonce as string | number;
  }
  if ('enforce_nonce' in raw && raw.enforce_nonce !== undefined && raw.enforce_nonce !== null) body.enforce_nonce = Boolean(raw.enforce_nonce);
  if ('attachments' in raw && raw.attachments !== null) {
    const attachments = errors.array(['attachments'], raw.attachments, { max: 10 });
    if (attachments) body.attachments = attachments as Record<string, unknown>[];
  }
  if ('sticker_ids' in raw && raw.sticker_ids !== null) {
    const stickers = errors.array(['sticker_ids'], raw.sticker_ids, { max: 3 });
    if (stickers) body.sticker_ids = stickers as string[];
  }
  if ('poll' in raw && raw.poll !== null) body.poll = raw.poll;
  errors.throwIfAny();
  if (rules.requireSomething && isEmptyMessage(body, rules.fileCount ?? 0)) throw apiErrors.emptyMessage();
  return body;
}

/** True when a message would show nothing at all (Discord's 50006). */
export function isEmptyMessage(
  body: { content?: string; embeds?: unknown[]; components?: unknown[]; attachments?: unknown[]; sticker_ids?: unknown[]; poll?: unknown },
  fileCount = 0,
): boolean {
  return (
    (body.content ?? '').trim() === '' &&
    (body.embeds?.length ?? 0) === 0 &&
    (body.components?.length ?? 0) === 0 &&
    (body.attachments?.length ?? 0) === 0 &&
    fileCount === 0 &&
    (body.sticker_ids?.length ?? 0) === 0 &&
    !body.poll
  );
}

function validateAllowedMentions(errors: FormErrors, raw: unknown): Record<string, unknown> | null {
  if (raw === null || raw === undefined) return null;
  if (!isRecord(raw)) {
    errors.add(['allowed_mentions'], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return null;
  }
  const parse = errors.array(['allowed_mentions', 'parse'], raw.parse, {});
  parse?.forEach((kind, index) => errors.oneOf(['allowed_mentions', 'parse', index], kind, ['users', 'roles', 'everyone']));
  const users = errors.array(['allowed_mentions', 'users'], raw.users, { max: LIMITS.allowedMentionIds });
  const roles = errors.array(['allowed_mentions', 'roles'], raw.roles, { max: LIMITS.allowedMentionIds });
  if (parse?.includes('users') && users?.length) {
    errors.add(['allowed_mentions'], 'ALLOWED_MENTIONS_PARSE_EXCLUSIVE', 'parse:["users"] and users: [ids] are mutually exclusive.');
  }
  if (parse?.includes('roles') && roles?.length) {
    errors.add(['allowed_mentions'], 'ALLOWED_MENTIONS_PARSE_EXCLUSIVE', 'parse:["roles"] and roles: [ids] are mutually exclusive.');
  }
  return raw;
}

function validateEmbeds(errors: FormErrors, embeds: unknown[]): void {
  let total = 0;
  embeds.forEach((embed, index) => {
    const path = ['embeds', index];
    if (!isRecord(embed)) {
      errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    total += validateEmbed(errors, path, embed);
  });
  if (total > LIMITS.embedTotal) {
    errors.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${LIMITS.embedTotal}`);
  }
}

/** Validates one embed and returns the characters it counts toward the 6000 total. */
function validateEmbed(errors: FormErrors, path: FieldPath, embed: Record<string, unknown>): number {
  const count = (value: string | undefined) => (value === undefined ? 0 : FormErrors.length(value));
  let total = 0;
  total += count(errors.string([...path, 'title'], embed.title, { max: LIMITS.embedTitle }));
  total += count(errors.string([...path, 'description'], embed.description, { max: LIMITS.embedDescription }));
  errors.string([...path, 'url'], embed.url, {});
  if (embed.url !== undefined && embed.url !== null) checkUrl(errors, [...path, 'url'], embed.url);
  if (embed.color !== undefined && embed.color !== null) errors.integer([...path, 'color'], embed.color, { min: 0, max: 0xffffff });
  if (embed.timestamp !== undefined && embed.timestamp !== null) {
    if (typeof embed.timestamp !== 'string' || Number.isNaN(Date.parse(embed.timestamp))) {
      errors.add([...path, 'timestamp'], 'DATE_TYPE_PARSE', `Could not parse ${String(embed.timestamp)}. Should be ISO8601.`);
    }
  }
  if (embed.footer !== undefined && embed.footer !== null) {
    if (isRecord(embed.footer)) {
      total += count(errors.string([...path, 'footer', 'text'], embed.footer.text, { required: true, min: 1, max: LIMITS.embedFooterText }));
    } else errors.add([...path, 'footer'], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
  }
  if (embed.author !== undefined && embed.author !== null) {
    if (isRecord(embed.author)) {
      total += count(errors.string([...path, 'author', 'name'], embed.author.name, { required: true, min: 1, max: LIMITS.embedAuthorName }));
      if (embed.author.url !== undefined && embed.author.url !== null) checkUrl(errors, [...path, 'author', 'url'], embed.author.url);
    } else errors.add([...path, 'author'], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
  }
  for (const media of ['image', 'thumbnail'] as const) {
    const value = embed[media];
    if (value === undefined || value === null) continue;
    if (isRecord(value)) errors.string([...path, media, 'url'], value.url, { required: true });
    else errors.add([...path, media], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
  }
  const fields = errors.array([...path, 'fields'], embed.fields, { max: LIMITS.embedFields });
  fields?.forEach((field, index) => {
    const fieldPath = [...path, 'fields', index];
    if (!isRecord(field)) {
      errors.add(fieldPath, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    total += count(requiredText(errors, [...fieldPath, 'name'], field.name, LIMITS.embedFieldName));
    total += count(requiredText(errors, [...fieldPath, 'value'], field.value, LIMITS.embedFieldValue));
  });
  return total;
}

/** A required text: empty counts as missing, as Discord reports it. */
function requiredText(errors: FormErrors, path: FieldPath, value: unknown, max: number): string | undefined {
  if (value === '' || value === undefined || value === null) {
    errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return undefined;
  }
  return errors.string(path, value, { max });
}

function checkUrl(errors: FormErrors, path: FieldPath, value: unknown): void {
  if (typeof value !== 'string') return;
  try {
    const url = new URL(value);
    if (!['http:', 'https:', 'attachment:'].includes(url.protocol)) throw new Error('scheme');
  } catch {
    errors.add(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
  }
}

const SELECT_TYPES: readonly number[] = [
  ComponentType.StringSelect,
  ComponentType.UserSelect,
  ComponentType.RoleSelect,
  ComponentType.MentionableSelect,
  ComponentType.ChannelSelect,
];

const V2_TOP_LEVEL: readonly number[] = [
  ComponentType.ActionRow,
  ComponentType.Section,
  ComponentType.TextDisplay,
  ComponentType.MediaGallery,
  ComponentType.File,
  ComponentType.Separator,
  ComponentType.Container,
];

/** State shared while walking one message's component tree. */
interface ComponentWalk {
  customIds: Set<string>;
  total: number;
  textLength: number;
}

function validateMessageComponents(errors: FormErrors, components: unknown[], componentsV2: boolean): void {
  const walk: ComponentWalk = { customIds: new Set(), total: 0, textLength: 0 };
  components.forEach((component, index) => {
    const path = ['components', index];
    if (!isRecord(component)) {
      errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    if (!componentsV2) {
      if (component.type !== ComponentType.ActionRow) {
        errors.add([...path, 'type'], 'BASE_TYPE_CHOICES', `Value must be one of {${ComponentType.ActionRow}}.`);
        return;
      }
      validateActionRow(errors, path, component, walk);
      return;
    }
    if (!errors.oneOf([...path, 'type'], component.type, V2_TOP_LEVEL)) return;
    validateV2Component(errors, path, component, walk);
  });
  if (componentsV2) {
    if (walk.total > LIMITS.v2Components) {
      errors.add(['components'], 'MESSAGE_COMPONENTS_TOO_MANY', `Must be ${LIMITS.v2Components} or fewer in total.`);
    }
    if (walk.textLength > LIMITS.textDisplayTotal) {
      errors.add(['components'], 'MESSAGE_TEXT_DISPLAY_TOO_LONG', `Text displays must be ${LIMITS.textDisplayTotal} or fewer characters in total.`);
    }
  }
}

function validateActionRow(errors: FormErrors, path: FieldPath, row: Record<string, unknown>, walk: ComponentWalk): void {
  walk.total += 1;
  const children = errors.array([...path, 'components'], row.components, { required: true, min: 1, max: LIMITS.buttonsPerRow });
  if (!children) return;
  const hasSelect = children.some((child) => isRecord(child) && SELECT_TYPES.includes(child.type as number));
  if (hasSelect && children.length > 1) {
    errors.add([...path, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width');
  }
  children.forEach((child, index) => {
    const childPath = [...path, 'components', index];
    if (!isRecord(child)) {
      errors.add(childPath, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    walk.total += 1;
    if (child.type === ComponentType.Button) validateButton(errors, childPath, child, walk);
    else if (SELECT_TYPES.includes(child.type as number)) validateSelect(errors, childPath, child, walk);
    else errors.add([...childPath, 'type'], 'COMPONENT_TYPE_INVALID', 'The specified component type is invalid in this context');
  });
}

function validateCustomId(errors: FormErrors, path: FieldPath, value: unknown, walk: { customIds: Set<string> }): void {
  const customId = errors.string([...path, 'custom_id'], value, { required: true, min: 1, max: LIMITS.customId });
  if (customId === undefined) return;
  if (walk.customIds.has(customId)) {
    errors.add([...path, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
  }
  walk.customIds.add(customId);
}

function validateButton(errors: FormErrors, path: FieldPath, button: Record<string, unknown>, walk: ComponentWalk): void {
  const styles = [ButtonStyle.Primary, ButtonStyle.Secondary, ButtonStyle.Success, ButtonStyle.Danger, ButtonStyle.Link, ButtonStyle.Premium];
  if (!errors.oneOf([...path, 'style'], button.style, styles)) return;
  errors.string([...path, 'label'], button.label, { max: LIMITS.buttonLabel });
  if (button.style === ButtonStyle.Link) {
    errors.string([...path, 'url'], button.url, { required: true, max: 512 });
    if (button.custom_id !== undefined) {
      errors.add([...path, 'custom_id'], 'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED', 'A link button cannot have a custom id');
    }
  } else if (button.style === ButtonStyle.Premium) {
    errors.string([...path, 'sku_id'], button.sku_id, { required: true });
  } else {
    validateCustomId(errors, path, button.custom_id, walk);
    if (button.url !== undefined) errors.add([...path, 'url'], 'BUTTON_COMPONENT_URL_NOT_ALLOWED', 'Only link buttons can have a url');
  }
  if (button.style !== ButtonStyle.Premium && (button.label === undefined || button.label === '') && !button.emoji) {
    errors.add([...path, 'label'], 'BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED', 'A button needs a label or an emoji');
  }
}

function validateSelect(errors: FormErrors, path: FieldPath, select: Record<string, unknown>, walk: { customIds: Set<string> }): void {
  validateCustomId(errors, path, select.custom_id, walk);
  errors.string([...path, 'placeholder'], select.placeholder, { max: LIMITS.selectPlaceholder });
  const min = errors.integer([...path, 'min_values'], select.min_values, { min: 0, max: LIMITS.selectValues });
  const max = errors.integer([...path, 'max_values'], select.max_values, { min: 1, max: LIMITS.selectValues });
  if ((min ?? 1) > (max ?? 1)) {
    errors.add([...path, 'min_values'], 'SELECT_COMPONENT_MIN_VALUES_TOO_HIGH', 'min_values must be less than or equal to max_values');
  }
  if (select.type !== ComponentType.StringSelect) return;
  const options = errors.array([...path, 'options'], select.options, { required: true, min: 1, max: LIMITS.selectOptions });
  if (!options) return;
  if ((max ?? 1) > options.length) {
    errors.add([...path, 'max_values'], 'SELECT_COMPONENT_MAX_VALUES_TOO_HIGH', `max_values must be less than or equal to the number of options (${options.length})`);
  }
  if ((min ?? 1) > options.length) {
    errors.add([...path, 'min_values'], 'SELECT_COMPONENT_MIN_VALUES_TOO_HIGH', `min_values must be less than or equal to the number of options (${options.length})`);
  }
  const values = new Set<string>();
  options.forEach((option, index) => {
    const optionPath = [...path, 'options', index];
    if (!isRecord(option)) {
      errors.add(optionPath, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    errors.string([...optionPath, 'label'], option.label, { required: true, min: 1, max: LIMITS.selectOptionLabel });
    const value = errors.string([...optionPath, 'value'], option.value, { required: true, min: 1, max: LIMITS.selectOptionValue });
    errors.string([...optionPath, 'description'], option.description, { max: LIMITS.selectOptionDescription });
    if (value !== undefined) {
      if (values.has(value)) {
        errors.add([...optionPath, 'value'], 'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED', 'Select option values must be unique');
      }
      values.add(value);
    }
  });
}

function validateV2Component(errors: FormErrors, path: FieldPath, component: Record<string, unknown>, walk: ComponentWalk): void {
  switch (component.type) {
    case ComponentType.ActionRow:
      validateActionRow(errors, path, component, walk);
      return;
    case ComponentType.TextDisplay: {
      walk.total += 1;
      const content = errors.string([...path, 'content'], component.content, { required: true, min: 1, max: LIMITS.textDisplayTotal });
      walk.textLength += content === undefined ? 0 : FormErrors.length(content);
      return;
    }
    case ComponentType.Section: {
      walk.total += 1;
      const texts = errors.array([...path, 'components'], component.components, { required: true, min: 1, max: 3 });
      texts?.forEach((text, index) => {
        if (isRecord(text) && errors.oneOf([...path, 'components', index, 'type'], text.type, [ComponentType.TextDisplay])) {
          validateV2Component(errors, [...path, 'components', index], text, walk);
        }
      });
      const accessory = component.accessory;
      if (!isRecord(accessory)) {
        errors.add([...path, 'accessory'], 'BASE_TYPE_REQUIRED', 'This field is required');
      } else if (errors.oneOf([...path, 'accessory', 'type'], accessory.type, [ComponentType.Button, ComponentType.Thumbnail])) {
        walk.total += 1;
        if (accessory.type === ComponentType.Button) validateButton(errors, [...path, 'accessory'], accessory, walk);
      }
      return;
    }
    case ComponentType.Container: {
      walk.total += 1;
      const children = errors.array([...path, 'components'], component.components, { required: true, min: 1 });
      children?.forEach((child, index) => {
        const childPath = [...path, 'components', index];
        if (isRecord(child) && errors.oneOf([...childPath, 'type'], child.type, V2_TOP_LEVEL.filter((t) => t !== ComponentType.Container))) {
          validateV2Component(errors, childPath, child, walk);
        }
      });
      return;
    }
    case ComponentType.MediaGallery: {
      walk.total += 1;
      errors.array([...path, 'items'], component.items, { required: true, min: 1, max: 10 });
      return;
    }
    default:
      walk.total += 1;
  }
}

/**
 * Validates the data of a MODAL interaction response (type 9): title, custom id,
 * 1–5 rows of one text input each, or label components wrapping an input.
 */
export function validateModal(raw: unknown): void {
  const errors = new FormErrors();
  if (!isRecord(raw)) {
    errors.add([], 'BASE_TYPE_REQUIRED', 'This field is required');
    errors.throwIfAny();
    return;
  }
  errors.string(['data', 'title'], raw.title, { required: true, min: 1, max: LIMITS.modalTitle });
  errors.string(['data', 'custom_id'], raw.custom_id, { required: true, min: 1, max: LIMITS.customId });
  const components = errors.array(['data', 'components'], raw.components, { required: true, min: 1, max: LIMITS.modalComponents });
  const walk = { customIds: new Set<string>() };
  components?.forEach((component, index) => {
    const path = ['data', 'components', index];
    if (!isRecord(component)) {
      errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    if (!errors.oneOf([...path, 'type'], component.type, [ComponentType.ActionRow, ComponentType.Label, ComponentType.TextDisplay])) return;
    if (component.type === ComponentType.TextDisplay) {
      errors.string([...path, 'content'], component.content, { required: true, min: 1, max: LIMITS.textDisplayTotal });
      return;
    }
    if (component.type === ComponentType.Label) {
      errors.string([...path, 'label'], component.label, { required: true, min: 1, max: LIMITS.textInputLabel });
      errors.string([...path, 'description'], component.description, { max: LIMITS.labelDescription });
      const inner = component.component;
      if (!isRecord(inner)) {
        errors.add([...path, 'component'], 'BASE_TYPE_REQUIRED', 'This field is required');
        return;
      }
      if (inner.type === ComponentType.TextInput) {
        validateTextInput(errors, [...path, 'component'], inner, walk, false);
      } else if (SELECT_TYPES.includes(inner.type as number)) {
        validateSelect(errors, [...path, 'component'], inner, walk);
      } else {
        errors.add([...path, 'component', 'type'], 'COMPONENT_TYPE_INVALID', 'The specified component type is invalid in this context');
      }
      return;
    }
    const children = errors.array([...path, 'components'], component.components, { required: true, min: 1, max: 1 });
    const input = children?.[0];
    if (!isRecord(input)) return;
    if (input.type !== ComponentType.TextInput) {
      errors.add([...path, 'components', 0, 'type'], 'COMPONENT_TYPE_INVALID', 'The specified component type is invalid in this context');
      return;
    }
    validateTextInput(errors, [...path, 'components', 0], input, walk, true);
  });
  errors.throwIfAny();
}

function validateTextInput(
  errors: FormErrors,
  path: FieldPath,
  input: Record<string, unknown>,
  walk: { customIds: Set<string> },
  labelOnInput: boolean,
): void {
  validateCustomId(errors, path, input.custom_id, walk);
  errors.oneOf([...path, 'style'], input.style, [TextInputStyle.Short, TextInputStyle.Paragraph]);
  if (labelOnInput) errors.string([...path, 'label'], input.label, { required: true, min: 1, max: LIMITS.textInputLabel });
  else if (input.label !== undefined) errors.add([...path, 'label'], 'TEXT_INPUT_LABEL_NOT_ALLOWED', 'A text input inside a label cannot have its own label');
  const min = errors.integer([...path, 'min_length'], input.min_length, { min: 0, max: LIMITS.textInputLength });
  const max = errors.integer([...path, 'max_length'], input.max_length, { min: 1, max: LIMITS.textInputLength });
  if (min !== undefined && max !== undefined && min > max) {
    errors.add([...path, 'min_length'], 'TEXT_INPUT_MIN_GREATER_THAN_MAX', 'min_length must be less than or equal to max_length');
  }
  errors.string([...path, 'placeholder'], input.placeholder, { max: LIMITS.textInputPlaceholder });
  const value = errors.string([...path, 'value'], input.value, { max: max ?? LIMITS.textInputValue });
  if (value !== undefined && min !== undefined && FormErrors.length(value) < min && value !== '') {
    errors.add([...path, 'value'], 'BASE_TYPE_MIN_LENGTH', `Must be ${min} or more in length.`);
  }
}

/** Validates an APPLICATION_COMMAND_AUTOCOMPLETE_RESULT (type 8) answer. */
export function validateAutocompleteChoices(raw: unknown): Array<{ name: string; value: string | number }> {
  const errors = new FormErrors();
  const data = isRecord(raw) ? raw : {};
  const choices = errors.array(['data', 'choices'], data.choices, { required: true, max: LIMITS.autocompleteChoices }) ?? [];
  choices.forEach((choice, index) => {
    const path = ['data', 'choices', index];
    if (!isRecord(choice)) {
      errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    errors.string([...path, 'name'], choice.name, { required: true, min: 1, max: LIMITS.choiceName });
    if (typeof choice.value === 'string') errors.string([...path, 'value'], choice.value, { max: LIMITS.choiceValue });
    else if (typeof choice.value !== 'number') errors.add([...path, 'value'], 'BASE_TYPE_REQUIRED', 'This field is required');
  });
  errors.throwIfAny();
  return choices as Array<{ name: string; value: string | number }>;
}
