import { redactSecrets } from '../logging';

/**
 * pg/Node connection errors in one line, secrets redacted (a refused localhost is an
 * AggregateError with an empty message, one inner error per address tried).
 */
export function describeConnectError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return [...new Set(error.errors.map((inner: unknown) => describeConnectError(inner)))].join('; ');
  }
  if (error instanceof Error) return redactSecrets(error.message || error.name);
  return redactSecrets(String(error));
}
