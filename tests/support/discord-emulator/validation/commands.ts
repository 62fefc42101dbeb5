import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';
import { LIMITS } from '../limits';
import { FormErrors, isRecord, type FieldPath } from './form-errors';

const CHAT_INPUT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

const VALUE_TYPES_WITH_CHOICES: readonly number[] = [
  ApplicationCommandOptionType.String,
  ApplicationCommandOptionType.Integer,
  ApplicationCommandOptionType.Number,
];
const SUBCOMMAND_TYPES: readonly number[] = [ApplicationCommandOptionType.Subcommand, ApplicationCommandOptionType.SubcommandGroup];
const ALL_OPTION_TYPES = Object.values(ApplicationCommandOptionType).filter((v): v is number => typeof v === 'number');

/**
 * Validates one application command body (POST/PATCH/bulk PUT) by Discord's
 * rules: name pattern and case, description lengths, option nesting and order,
 * choices. `partial` is PATCH, where absent fields keep their value.
 */
export function validateCommandBody(errors: FormErrors, path: FieldPath, raw: unknown, partial = false): void {
  if (!isRecord(raw)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  const type = raw.type ?? ApplicationCommandType.ChatInput;
  if (!errors.oneOf([...path, 'type'], type, [ApplicationCommandType.ChatInput, ApplicationCommandType.User, ApplicationCommandType.Message, ApplicationCommandType.PrimaryEntryPoint])) return;
  if (!partial || raw.name !== undefined) validateName(errors, [...path, 'name'], raw.name, type === ApplicationCommandType.ChatInput);
  if (type === ApplicationCommandType.ChatInput) {
    if (!partial || raw.description !== undefined) {
      errors.string([...path, 'description'], raw.description, { required: true, min: 1, max: LIMITS.commandDescription });
    }
  } else if (raw.description !== undefined && raw.description !== '') {
    errors.add([...path, 'description'], 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION_INVALID', 'Context menu commands cannot have description');
  }
  validateLocalizations(errors, [...path, 'description_localizations'], raw.description_localizations, LIMITS.commandDescription);
  if (raw.default_member_permissions !== undefined && raw.default_member_permissions !== null) {
    if (typeof raw.default_member_permissions !== 'string' || !/^\d+$/.test(raw.default_member_permissions)) {
      errors.add([...path, 'default_member_permissions'], 'BASE_TYPE_STRING', 'Must be a permission bitfield string.');
    }
  }
  if (raw.options !== undefined && raw.options !== null) {
    if (type !== ApplicationCommandType.ChatInput) {
      errors.add([...path, 'options'], 'APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS_INVALID', 'Context menu commands cannot have options');
      return;
    }
    validateOptions(errors, [...path, 'options'], raw.options, 0);
  }
}

/** Validates a whole bulk-overwrite list: each command, then unique names per type. */
export function validateCommandList(raw: unknown): Record<string, unknown>[] {
  const errors = new FormErrors();
  const list = errors.array([], raw, { required: true });
  if (!list) errors.throwIfAny();
  const seen = new Map<string, number>();
  const counts = new Map<unknown, number>();
  (list ?? []).forEach((command, index) => {
    validateCommandBody(errors, [index], command);
    if (!isRecord(command)) return;
    const type = command.type ?? ApplicationCommandType.ChatInput;
    counts.set(type, (counts.get(type) ?? 0) + 1);
    const key = `${String(type)}:${String(command.name)}`;
    if (seen.has(key)) errors.add([index, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Application command names must be unique`);
    seen.set(key, index);
  });
  if ((counts.get(ApplicationCommandType.ChatInput) ?? 0) > LIMITS.chatInputCommands) {
    errors.add([], 'BASE_TYPE_MAX_LENGTH', `Must be ${LIMITS.chatInputCommands} or fewer in length.`);
  }
  errors.throwIfAny();
  return list as Record<string, unknown>[];
}

function validateName(errors: FormErrors, path: FieldPath, value: unknown, chatInput: boolean): void {
  const name = errors.string(path, value, { required: true, min: 1, max: LIMITS.commandName });
  if (name === undefined || !chatInput) return;
  if (!CHAT_INPUT_NAME.test(name) || name !== name.toLowerCase()) {
    errors.add(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
}

function validateLocalizations(errors: FormErrors, path: FieldPath, value: unknown, max: number): void {
  if (value === undefined || value === null) return;
  if (!isRecord(value)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  for (const [locale, text] of Object.entries(value)) errors.string([...path, locale], text, { required: true, min: 1, max });
}

function validateOptions(errors: FormErrors, path: FieldPath, raw: unknown, depth: number): void {
  const options = errors.array(path, raw, { max: LIMITS.commandOptions });
  if (!options) return;
  const names = new Set<string>();
  let sawOptional = false;
  const hasSubcommands = options.some((option) => isRecord(option) && SUBCOMMAND_TYPES.includes(option.type as number));
  options.forEach((option, index) => {
    const optionPath = [...path, index];
    if (!isRecord(option)) {
      errors.add(optionPath, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    if (!errors.oneOf([...optionPath, 'type'], option.type, ALL_OPTION_TYPES)) return;
    const type = option.type as ApplicationCommandOptionType;
    validateName(errors, [...optionPath, 'name'], option.name, true);
    if (typeof option.name === 'string') {
      if (names.has(option.name)) errors.add([...optionPath, 'name'], 'APPLICATION_COMMAND_OPTIONS_DUPLICATE_NAME', 'Command option names must be unique');
      names.add(option.name);
    }
    errors.string([...optionPath, 'description'], option.description, { required: true, min: 1, max: LIMITS.commandDescription });
    validateLocalizations(errors, [...optionPath, 'description_localizations'], option.description_localizations, LIMITS.commandDescription);
    const isSubcommand = SUBCOMMAND_TYPES.includes(type);
    if (hasSubcommands && !isSubcommand) {
      errors.add([...optionPath, 'type'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-command and sub-command group option types are mutually exclusive to all other types');
    }
    if (type === ApplicationCommandOptionType.SubcommandGroup && depth > 0) {
      errors.add([...optionPath, 'type'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-command groups can only be top-level options');
    }
    if (type === ApplicationCommandOptionType.Subcommand && depth > 1) {
      errors.add([...optionPath, 'type'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-commands cannot be nested this deep');
    }
    if (isSubcommand) {
      if (option.options !== undefined) validateOptions(errors, [...optionPath, 'options'], option.options, depth + 1);
      if (type === ApplicationCommandOptionType.SubcommandGroup && Array.isArray(option.options)) {
        option.options.forEach((child, childIndex) => {
          if (isRecord(child) && child.type !== ApplicationCommandOptionType.Subcommand) {
            errors.add([...optionPath, 'options', childIndex, 'type'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-command groups may only contain sub-commands');
          }
        });
      }
      return;
    }
    if (option.required === true) {
      if (sawOptional) errors.add([...optionPath, 'required'], 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
    } else {
      sawOptional = true;
    }
    validateValueOption(errors, optionPath, option, type);
  });
}

function validateValueOption(errors: FormErrors, path: FieldPath, option: Record<string, unknown>, type: ApplicationCommandOptionType): void {
  if (option.choices !== undefined && option.choices !== null) {
    if (!VALUE_TYPES_WITH_CHOICES.includes(type)) {
      errors.add([...path, 'choices'], 'APPLICATION_COMMAND_OPTION_CHOICES_INVALID', 'Only string, integer and number options can have choices');
    }
    if (option.autocomplete === true) {
      errors.add([...path, 'autocomplete'], 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_WITH_CHOICES', 'Autocomplete cannot be enabled on an option with choices');
    }
    const choices = errors.array([...path, 'choices'], option.choices, { max: LIMITS.commandChoices });
    choices?.forEach((choice, index) => {
      const choicePath = [...path, 'choices', index];
      if (!isRecord(choice)) {
        errors.add(choicePath, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
        return;
      }
      errors.string([...choicePath, 'name'], choice.name, { required: true, min: 1, max: LIMITS.choiceName });
      if (type === ApplicationCommandOptionType.String) {
        errors.string([...choicePath, 'value'], choice.value, { required: true, min: 1, max: LIMITS.choiceValue });
      } else if (type === ApplicationCommandOptionType.Integer) {
        errors.integer([...choicePath, 'value'], choice.value, { required: true });
      } else if (typeof choice.value !== 'number') {
        errors.add([...choicePath, 'value'], 'NUMBER_TYPE_COERCE', `Value "${String(choice.value)}" is not a valid number.`);
      }
    });
  }
  if (option.autocomplete === true && !VALUE_TYPES_WITH_CHOICES.includes(type)) {
    errors.add([...path, 'autocomplete'], 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_INVALID', 'Only string, integer and number options can autocomplete');
  }
  if (type === ApplicationCommandOptionType.String) {
    const min = errors.integer([...path, 'min_length'], option.min_length, { min: 0, max: LIMITS.commandStringLength });
    const max = errors.integer([...path, 'max_length'], option.max_length, { min: 1, max: LIMITS.commandStringLength });
    if (min !== undefined && max !== undefined && min > max) {
      errors.add([...path, 'min_length'], 'APPLICATION_COMMAND_OPTION_LENGTH_INVALID', 'min_length must be less than or equal to max_length');
    }
  } else if (option.min_length !== undefined || option.max_length !== undefined) {
    errors.add([...path, 'min_length'], 'APPLICATION_COMMAND_OPTION_LENGTH_INVALID', 'Only string options can have a length range');
  }
  if (type === ApplicationCommandOptionType.Integer || type === ApplicationCommandOptionType.Number) {
    const min = option.min_value;
    const max = option.max_value;
    for (const [key, value] of [['min_value', min], ['max_value', max]] as const) {
      if (value === undefined || value === null) continue;
      if (typeof value !== 'number' || (type === ApplicationCommandOptionType.Integer && !Number.isInteger(value))) {
        errors.add([...path, key], 'NUMBER_TYPE_COERCE', `Value "${String(value)}" is not a valid number.`);
      }
    }
    if (typeof min === 'number' && typeof max === 'number' && min > max) {
      errors.add([...path, 'min_value'], 'APPLICATION_COMMAND_OPTION_RANGE_INVALID', 'min_value must be less than or equal to max_value');
    }
  } else if (option.min_value !== undefined || option.max_value !== undefined) {
    errors.add([...path, 'min_value'], 'APPLICATION_COMMAND_OPTION_RANGE_INVALID', 'Only integer and number options can have a value range');
  }
}
