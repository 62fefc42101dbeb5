import { basename, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatWithOptions } from 'node:util';
import { LogLevel as SapphireLogLevel, type ILogger } from '@sapphire/framework';
import type { Logger as TypeOrmLogger } from 'typeorm';
import type { LogLevelName } from '../config';

/**
 * Logging for the whole bot. Every record carries logger, module, function and
 * line (the log forwarder shows them), secrets are redacted before a record
 * reaches the console or any sink, and one level (DISCORD_LOG_LEVEL once the
 * config is loaded) gates everything.
 */

export type { LogLevelName } from '../config';

export interface LogRecord {
  readonly time: Date;
  readonly level: LogLevelName;
  readonly logger: string;
  /** Source file name without extension, e.g. `advisory-lock`. */
  readonly module: string;
  readonly function: string;
  readonly line: number;
  /** Already redacted. */
  readonly message: string;
}

export type LogSink = (record: LogRecord) => void;

export interface Logger {
  readonly name: string;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string, error?: unknown): void;
  error(message: string, error?: unknown): void;
}

const LEVEL_VALUE: Record<LogLevelName, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40, CRITICAL: 50 };

interface LoggingState {
  threshold: number;
  console: boolean;
  sinks: Set<LogSink>;
  secrets: Set<string>;
}

const state: LoggingState = { threshold: LEVEL_VALUE.INFO, console: true, sinks: new Set(), secrets: new Set() };

export function setLogLevel(level: LogLevelName): void {
  state.threshold = LEVEL_VALUE[level];
}

export function getLogLevel(): LogLevelName {
  return (Object.keys(LEVEL_VALUE) as LogLevelName[]).find((name) => LEVEL_VALUE[name] === state.threshold) ?? 'INFO';
}

export function isLevelEnabled(level: LogLevelName): boolean {
  return LEVEL_VALUE[level] >= state.threshold;
}

/** Tests switch the console off to keep their output readable; the bot never does. */
export function setConsoleOutput(enabled: boolean): void {
  state.console = enabled;
}

/** Registers a receiver of every record at or above the level; returns its removal. */
export function addLogSink(sink: LogSink): () => void {
  state.sinks.add(sink);
  return () => void state.sinks.delete(sink);
}

/**
 * Makes a configured secret (bot token, dashboard token, database password)
 * disappear from every record. Very short values are ignored: replacing them
 * would mangle ordinary words without protecting anything.
 */
export function registerSecret(value: string | null | undefined): void {
  if (value && value.length >= 6) state.secrets.add(value);
}

const REDACTED = '***';
const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // scheme://user:password@host
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:)[^\s@/]+@/gi, `$1${REDACTED}@`],
  // password=... in key/value connection strings and similar dumps
  [/\b(password\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&]+)/gi, `$1${REDACTED}`],
  // Authorization header values
  [/\b(Bot|Bearer)\s+[A-Za-z0-9._~+/-]{20,}=*/g, `$1 ${REDACTED}`],
  // Anything shaped like a Discord bot token (three base64url parts)
  [/[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{25,}/g, REDACTED],
];

export function redactSecrets(text: string): string {
  let result = text;
  for (const secret of state.secrets) result = result.split(secret).join(REDACTED);
  for (const [pattern, replacement] of SECRET_PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

export function createLogger(name: string): Logger {
  return {
    name,
    debug: (message) => emit(name, 'DEBUG', message),
    info: (message) => emit(name, 'INFO', message),
    warn: (message, error) => emit(name, 'WARNING', withError(message, error)),
    error: (message, error) => emit(name, 'ERROR', withError(message, error)),
  };
}

/** `[YYYY-MM-DD HH:MM:SS] LEVEL [logger] message`, local time like the old bot. */
export function formatConsoleLine(record: LogRecord): string {
  const t = record.time;
  const pad = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())} ${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}`;
  return `[${stamp}] ${record.level} [${record.logger}] ${record.message}`;
}

/** Text of an error for a log line: the stack when there is one (it starts with the message). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return formatWithOptions({ colors: false, depth: 3 }, '%s', error);
}

function withError(message: string, error: unknown): string {
  return error === undefined ? message : `${message}: ${describeError(error)}`;
}

function emit(logger: string, level: LogLevelName, message: string): void {
  if (!isLevelEnabled(level)) return;
  const caller = findCaller();
  const record: LogRecord = Object.freeze({
    time: new Date(),
    level,
    logger,
    module: caller.module,
    function: caller.function,
    line: caller.line,
    message: redactSecrets(message),
  });
  if (state.console) {
    const stream = LEVEL_VALUE[level] >= LEVEL_VALUE.WARNING ? process.stderr : process.stdout;
    stream.write(`${formatConsoleLine(record)}\n`);
  }
  for (const sink of state.sinks) {
    try {
      sink(record);
    } catch {
      // A failing sink must not take logging (or the caller) down with it.
    }
  }
}

// --- caller lookup --------------------------------------------------------------

interface Caller {
  module: string;
  function: string;
  line: number;
}

const UNKNOWN_CALLER: Caller = { module: '<unknown>', function: '<unknown>', line: 0 };

/** `at fn (file:line:col)` or `at file:line:col` in a formatted V8 stack. */
const FRAME_POSITION = /(?:\(|at )((?:file:\/\/)?[^()\s][^()]*?):(\d+):\d+\)?$/;

/**
 * The stack twice: raw call sites (true function names, compiled file names to
 * recognise this file) and the formatted text, which is already mapped to
 * TypeScript positions wherever source maps are active (Node with source maps
 * enabled, jest). Both cover the same frames in the same order.
 */
function captureStack(): { sites: NodeJS.CallSite[]; lines: string[] } {
  const raw: { stack?: NodeJS.CallSite[] } = {};
  const formatted: { stack?: string } = {};
  const originalPrepare = Error.prepareStackTrace;
  const originalLimit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 30;
    Error.captureStackTrace(formatted, captureStack);
    void formatted.stack; // formatting is lazy: force it while the normal formatter is in place
    Error.prepareStackTrace = (_error, sites) => sites;
    Error.captureStackTrace(raw, captureStack);
    void raw.stack;
  } finally {
    Error.prepareStackTrace = originalPrepare;
    Error.stackTraceLimit = originalLimit;
  }
  return { sites: raw.stack ?? [], lines: (formatted.stack ?? '').split('\n').slice(1) };
}

/** The first frame outside this file and outside Node itself. */
function findCaller(): Caller {
  const { sites, lines } = captureStack();
  for (const [index, site] of sites.entries()) {
    const compiledFile = site.getFileName();
    if (!compiledFile || compiledFile === __filename || compiledFile.startsWith('node:')) continue;
    const mapped = FRAME_POSITION.exec(lines[index] ?? '');
    let file = mapped?.[1] ?? compiledFile;
    if (file.startsWith('file:')) file = fileURLToPath(file);
    const line = mapped ? Number(mapped[2]) : (site.getLineNumber() ?? 0);
    return { module: basename(file, extname(file)), function: site.getFunctionName() ?? '<anonymous>', line };
  }
  return UNKNOWN_CALLER;
}

// --- adapters -------------------------------------------------------------------

const SAPPHIRE_TO_LEVEL: Partial<Record<SapphireLogLevel, LogLevelName>> = {
  [SapphireLogLevel.Trace]: 'DEBUG',
  [SapphireLogLevel.Debug]: 'DEBUG',
  [SapphireLogLevel.Info]: 'INFO',
  [SapphireLogLevel.Warn]: 'WARNING',
  [SapphireLogLevel.Error]: 'ERROR',
  [SapphireLogLevel.Fatal]: 'CRITICAL',
};

/** `container.logger` for Sapphire: the framework's own lines go through our records as `dmw.runtime`. */
export class SapphireLoggerAdapter implements ILogger {
  public constructor(private readonly loggerName = 'dmw.runtime') {}

  public has(level: SapphireLogLevel): boolean {
    const mapped = SAPPHIRE_TO_LEVEL[level];
    return mapped !== undefined && isLevelEnabled(mapped);
  }

  public trace(...values: readonly unknown[]): void {
    this.write(SapphireLogLevel.Trace, ...values);
  }

  public debug(...values: readonly unknown[]): void {
    this.write(SapphireLogLevel.Debug, ...values);
  }

  public info(...values: readonly unknown[]): void {
    this.write(SapphireLogLevel.Info, ...values);
  }

  public warn(...values: readonly unknown[]): void {
    this.write(SapphireLogLevel.Warn, ...values);
  }

  public error(...values: readonly unknown[]): void {
    this.write(SapphireLogLevel.Error, ...values);
  }

  public fatal(...values: readonly unknown[]): void {
    this.write(SapphireLogLevel.Fatal, ...values);
  }

  public write(level: SapphireLogLevel, ...values: readonly unknown[]): void {
    const mapped = SAPPHIRE_TO_LEVEL[level];
    if (mapped === undefined || !isLevelEnabled(mapped)) return;
    // Errors as their stack only: inspecting a TypeORM QueryFailedError or a pg error would
    // print its `parameters` / `detail`: SQL parameters carry members' names and ids, which no log may show.
    const printable = values.map((value) => (value instanceof Error ? describeError(value) : value));
    emit(this.loggerName, mapped, formatWithOptions({ colors: false, depth: 3 }, ...printable));
  }
}

export interface TypeOrmLoggerOptions {
  /** DB_ECHO: statements at INFO (visible at the default level) instead of DEBUG. */
  echo?: boolean;
  loggerName?: string;
}

/** Parameters are never printed, only counted: they carry user data and secrets. */
function describeParameters(parameters: readonly unknown[] | undefined): string {
  if (!parameters || parameters.length === 0) return '';
  return ` -- ${parameters.length} parameter${parameters.length === 1 ? '' : 's'} redacted`;
}

function compactSql(query: string): string {
  return query.replace(/\s+/g, ' ').trim();
}

/** TypeORM's logger interface on top of `dmw.db`. */
export class TypeOrmLoggerAdapter implements TypeOrmLogger {
  private readonly loggerName: string;
  private readonly queryLevel: LogLevelName;

  public constructor(options: TypeOrmLoggerOptions = {}) {
    this.loggerName = options.loggerName ?? 'dmw.db';
    this.queryLevel = options.echo ? 'INFO' : 'DEBUG';
  }

  public logQuery(query: string, parameters?: unknown[]): void {
    if (!isLevelEnabled(this.queryLevel)) return;
    emit(this.loggerName, this.queryLevel, `query: ${compactSql(query)}${describeParameters(parameters)}`);
  }

  public logQueryError(error: string | Error, query: string, parameters?: unknown[]): void {
    const reason = typeof error === 'string' ? error : error.message;
    emit(this.loggerName, 'ERROR', `query failed: ${reason} -- ${compactSql(query)}${describeParameters(parameters)}`);
  }

  public logQuerySlow(time: number, query: string, parameters?: unknown[]): void {
    emit(this.loggerName, 'WARNING', `slow query (${time} ms): ${compactSql(query)}${describeParameters(parameters)}`);
  }

  public logSchemaBuild(message: string): void {
    emit(this.loggerName, 'INFO', `schema: ${message}`);
  }

  public logMigration(message: string): void {
    emit(this.loggerName, 'INFO', `migration: ${message}`);
  }

  public log(level: 'log' | 'info' | 'warn', message: unknown): void {
    emit(this.loggerName, level === 'warn' ? 'WARNING' : level === 'info' ? 'INFO' : 'DEBUG', String(message));
  }
}
