import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import { DiscordHttpError, type FormErrorTree } from '../errors';

export type FieldPath = ReadonlyArray<string | number>;

/**
 * Collects field errors into Discord's `errors` tree and throws them as one
 * `400 { code: 50035, message: 'Invalid Form Body', errors }`, so a caller sees
 * every broken field with the path Discord would give (e.g. `embeds.0.title`).
 */
export class FormErrors {
  private readonly tree: FormErrorTree = {};
  private count = 0;

  public add(path: FieldPath, code: string, message: string): void {
    let node = this.tree;
    for (const key of path) {
      const name = String(key);
      node[name] ??= {};
      node = node[name] as FormErrorTree;
    }
    (node._errors ??= []).push({ code, message });
    this.count += 1;
  }

  public get hasErrors(): boolean {
    return this.count > 0;
  }

  public toError(): DiscordHttpError {
    return new DiscordHttpError(400, {
      code: RESTJSONErrorCodes.InvalidFormBodyOrContentType,
      message: 'Invalid Form Body',
      errors: this.tree,
    });
  }

  public throwIfAny(): void {
    if (this.hasErrors) throw this.toError();
  }

  /** Discord counts characters, not UTF-16 units. */
  public static length(value: string): number {
    return [...value].length;
  }

  /**
   * Checks an optional/required string and its length. Returns the string when it
   * is one (so callers can keep validating), undefined otherwise.
   */
  public string(
    path: FieldPath,
    value: unknown,
    rule: { required?: boolean; min?: number; max?: number },
  ): string | undefined {
    if (value === undefined || value === null) {
      if (rule.required) this.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.add(path, 'BASE_TYPE_STRING', `Could not interpret "${String(value)}" as string.`);
      return undefined;
    }
    this.checkLength(path, FormErrors.length(value), rule);
    return value;
  }

  /** Checks an optional/required array and its length; returns it when it is one. */
  public array(
    path: FieldPath,
    value: unknown,
    rule: { required?: boolean; min?: number; max?: number },
  ): unknown[] | undefined {
    if (value === undefined || value === null) {
      if (rule.required) this.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.add(path, 'BASE_TYPE_LIST', 'Must be an array.');
      return undefined;
    }
    this.checkLength(path, value.length, rule);
    return value;
  }

  /** Discord's length errors, shared by strings and arrays. */
  private checkLength(path: FieldPath, length: number, { min, max }: { min?: number; max?: number }): void {
    const tooShort = min !== undefined && length < min;
    const tooLong = max !== undefined && length > max;
    if (!tooShort && !tooLong) return;
    if (min !== undefined && max !== undefined) {
      this.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
    } else if (tooLong) {
      this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    } else {
      this.add(path, 'BASE_TYPE_MIN_LENGTH', `Must be ${min} or more in length.`);
    }
  }

  /** Checks an optional/required integer in a range; returns it when valid-typed. */
  public integer(
    path: FieldPath,
    value: unknown,
    rule: { required?: boolean; min?: number; max?: number },
  ): number | undefined {
    if (value === undefined || value === null) {
      if (rule.required) this.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.add(path, 'NUMBER_TYPE_COERCE', `Value "${String(value)}" is not int.`);
      return undefined;
    }
    if (rule.min !== undefined && value < rule.min) {
      this.add(path, 'NUMBER_TYPE_MIN', `int value should be greater than or equal to ${rule.min}.`);
    }
    if (rule.max !== undefined && value > rule.max) {
      this.add(path, 'NUMBER_TYPE_MAX', `int value should be less than or equal to ${rule.max}.`);
    }
    return value;
  }

  public oneOf<T>(path: FieldPath, value: unknown, allowed: readonly T[]): value is T {
    if (allowed.includes(value as T)) return true;
    this.add(path, 'BASE_TYPE_CHOICES', `Value must be one of {${allowed.map((a) => JSON.stringify(a)).join(', ')}}.`);
    return false;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
