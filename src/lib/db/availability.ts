/**
 * "The database cannot be used right now": either PostgreSQL does not answer (down,
 * refusing connections, connection cut) or this process lost its singleton lock and
 * must not write until it holds it again. Members then get the localized "try again"
 * answer instead of a generic failure, and nothing is half-written.
 */
import type { DataSource } from 'typeorm';

export class DatabaseUnavailableError extends Error {
  public constructor(reason: string) {
    super(`The database is unavailable: ${reason}`);
    this.name = 'DatabaseUnavailableError';
  }
}

/** Node socket errors that mean the server could not be reached or the connection died. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * PostgreSQL SQLSTATEs of an unusable server or connection: class 08 (connection
 * exception), 57P01–57P03 (terminated by an administrator, crash, cannot connect now)
 * and 53300 (too many connections). A database closed to connections answers 55000,
 * a code too general to test, so its message is matched below.
 */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code);
}

const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /is not currently accepting connections/i,
  /Client has encountered a connection error/i,
  /Client was closed and is not queryable/i,
  /Cannot use a pool after calling end on the pool/i,
  /Driver not Connected/i,
];

/** True for any error (or its cause, TypeORM's driverError, an AggregateError's parts) that says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || error === null || typeof error !== 'object') return false;
  if (error instanceof DatabaseUnavailableError) return true;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || isUnavailableSqlState(code))) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  if (error instanceof AggregateError && error.errors.some((inner: unknown) => isDatabaseUnavailable(inner, depth + 1))) return true;
  const nested = [(error as { cause?: unknown }).cause, (error as { driverError?: unknown }).driverError];
  return nested.some((inner) => inner !== undefined && inner !== error && isDatabaseUnavailable(inner, depth + 1));
}

export interface DatabaseGate {
  readonly isOpen: boolean;
  /** From now on every new database connection is refused with DatabaseUnavailableError. */
  close(reason: string): void;
  open(): void;
}

/**
 * Lets the process stop all database work at once (while it does not hold the
 * singleton lock) without tearing the data source down: TypeORM takes every
 * connection through the driver's `obtainMasterConnection`, which is wrapped here.
 * Transactions already running finish (or fail) on their own connection.
 */
export function gateDataSource(dataSource: DataSource): DatabaseGate {
  const driver = dataSource.driver as unknown as { obtainMasterConnection: () => Promise<unknown> };
  const obtain = driver.obtainMasterConnection.bind(driver);
  let closedBecause: string | null = null;
  driver.obtainMasterConnection = () => (closedBecause === null ? obtain() : Promise.reject(new DatabaseUnavailableError(closedBecause)));
  return {
    get isOpen() {
      return closedBecause === null;
    },
    close(reason) {
      closedBecause = reason;
    },
    open() {
      closedBecause = null;
    },
  };
}
