/**
 * Why the writer thread could not do what was asked. The store turns these
 * into health events; messages carry codes and seq numbers, never row content.
 */
export type AuditFailureReason =
  | 'open-failed'
  | 'chain-broken'
  | 'write-failed'
  | 'database-file-missing'
  | 'database-file-replaced'
  // The database does not continue the last head this station signed (or the key's chain): never written to.
  | 'chain-replaced'
  // The writer thread died with the request in flight: whether it committed is unknown.
  | 'writer-died';

export class AuditFailure extends Error {
  override name = 'AuditFailure';

  constructor(
    readonly reason: AuditFailureReason,
    message: string,
  ) {
    super(message);
  }
}

/** SQLite errors carry a code (SQLITE_FULL, SQLITE_BUSY...) that is the useful part. */
export function describeError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}
