/**
 * Known defects of the vendored OpenAPI file: places where it refuses what
 * Discord accepts. A schema error that matches an entry is not a violation; it is
 * counted with its reason instead. Keep this short, and give every entry a reason
 * a reader can check against Discord's documentation.
 */
export interface AllowListEntry {
  /** Operation ids it applies to; absent = every operation. */
  operations?: readonly string[];
  /** The JSON pointer into the body (a regular expression on the whole pointer). */
  pointer: RegExp;
  /** The ajv keyword that failed (`type`, `maxLength`, …). */
  keyword: string;
  /** Only values for which this holds. */
  value?: (value: unknown) => boolean;
  reason: string;
}

const decimalString = (value: unknown) => typeof value === 'string' && /^\d+$/.test(value);

export const ALLOW_LIST: readonly AllowListEntry[] = [
  {
    pointer: /(^|\/)(default_member_permissions|permissions|allow|deny)$/,
    keyword: 'type',
    value: decimalString,
    reason:
      'Permission bitfields as decimal strings: the spec types request permissions (commands\' default_member_permissions, ' +
      'roles\' permissions, overwrites\' allow/deny) integer only, while Discord documents permissions as "serialized into a ' +
      'string" (its own responses use strings) and accepts them so; discord.js always sends strings.',
  },
  {
    pointer: /^(\/data)?\/flags$/,
    keyword: 'type',
    value: decimalString,
    reason:
      'Message `flags` as a numeric string: the spec types it integer only, but Discord accepts the string form ' +
      '(flags are a bitfield, which the API takes as an integer or its decimal string).',
  },
];

export function allowListEntryFor(operationId: string, error: { pointer: string; keyword: string }, value: unknown): AllowListEntry | null {
  return (
    ALLOW_LIST.find(
      (entry) =>
        (!entry.operations || entry.operations.includes(operationId)) &&
        entry.keyword === error.keyword &&
        entry.pointer.test(error.pointer) &&
        (!entry.value || entry.value(value)),
    ) ?? null
  );
}
