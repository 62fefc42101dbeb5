import { DISCORD_LIMITS } from '../discord/limits';
import { redactSecrets, type LogLevelName, type LogRecord } from '../logging';

/** Every batch stays below Discord's limit for a message. */
export const MAX_MESSAGE_LENGTH = DISCORD_LIMITS.content - 1;
const FENCE_OPEN = '```\n';
const FENCE_CLOSE = '\n```';
/** Longest line that still fits into one code block on its own. */
export const MAX_LINE_LENGTH = MAX_MESSAGE_LENGTH - FENCE_OPEN.length - FENCE_CLOSE.length;

const LEVEL_VALUE: Record<LogLevelName, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40, CRITICAL: 50 };

export function isAtLeast(level: LogLevelName, threshold: LogLevelName): boolean {
  return LEVEL_VALUE[level] >= LEVEL_VALUE[threshold];
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `YYYY-MM-DD HH:MM:SS` in UTC, so lines from processes in different zones compare. */
export function formatTimestamp(time: Date): string {
  return (
    `${time.getUTCFullYear()}-${pad(time.getUTCMonth() + 1)}-${pad(time.getUTCDate())} ` +
    `${pad(time.getUTCHours())}:${pad(time.getUTCMinutes())}:${pad(time.getUTCSeconds())}`
  );
}

const REDACTED = '***';
/**
 * What must not reach a Discord channel even when a message carries it: SQL
 * parameters (user data), tokens in URLs, webhook tokens, passwords and
 * everything the logging layer already treats as a secret.
 */
const FORWARD_REDACTIONS: ReadonlyArray<[RegExp, string]> = [
  // TypeORM's "-- PARAMETERS: [...]" and similar "parameters: [...]" dumps, to the end of the line.
  [/(--\s*PARAMETERS:\s*|\bparam(?:eter)?s\s*[=:]\s*)\[[^\n]*/gi, `$1[${REDACTED}]`],
  // token=..., access_token=..., secret=..., api_key=... in URLs and key/value text
  [/\b((?:[a-z_]*token|secret|api[_-]?key|password|passwd|pwd)\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&,;]+)/gi, `$1${REDACTED}`],
  // Discord webhook URLs end in their token.
  [/(\/webhooks\/\d+\/)[\w-]+/g, `$1${REDACTED}`],
];

export function redactForDiscord(text: string): string {
  let result = redactSecrets(text);
  for (const [pattern, replacement] of FORWARD_REDACTIONS) result = result.replace(pattern, replacement);
  return result;
}

/** `[YYYY-MM-DD HH:MM:SS] LEVEL src=<logger>/<module>.<function>:<line> | <message>` (reference 7.5). */
export function formatLogLine(record: LogRecord): string {
  const message = redactForDiscord(record.message)
    // A fence inside the text would end the code block early.
    .replaceAll('```', '`\u200b`\u200b`');
  return `[${formatTimestamp(record.time)}] ${record.level} src=${record.logger}/${record.module}.${record.function}:${record.line} | ${message}`;
}

/** Cuts a line to `max` characters, marking the cut, without splitting a surrogate pair. */
export function cutLine(line: string, max: number = MAX_LINE_LENGTH): string {
  if (line.length <= max) return line;
  let cut = line.slice(0, max - 3);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}...`;
}

export function codeBlock(lines: readonly string[]): string {
  return `${FENCE_OPEN}${lines.join('\n')}${FENCE_CLOSE}`;
}
