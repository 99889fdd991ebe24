/**
 * Errors the local Data API answers with, in the service's wire shape: an HTTP
 * status, the `x-amzn-ErrorType` header the SDK reads the exception name
 * from, and a JSON body with `message`. PostgreSQL failures are rendered the
 * way the current Data API renders them (one line, sections joined by `; `, ending `; SQLState: XXXXX`).
 */
import type { DatabaseError as PgDatabaseError } from 'pg';

export class ServiceError extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = type;
  }
}

export const badRequest = (message: string): ServiceError => new ServiceError('BadRequestException', 400, message);
export const validation = (message: string): ServiceError => new ServiceError('ValidationException', 400, message);
export const databaseError = (message: string): ServiceError => new ServiceError('DatabaseErrorException', 400, message);
/** A secret the Data API cannot read: ExecuteStatement's documented SecretsErrorException (HTTP 400). */
export const secretsError = (secretArn: string | undefined): ServiceError =>
  new ServiceError('SecretsErrorException', 400, `Error fetching secret ${secretArn ?? '(none)'}: Secrets Manager can't find the specified secret.`);
export const unsupportedResult = (message: string): ServiceError =>
  new ServiceError('UnsupportedResultException', 400, message);
export const transactionNotFound = (id: string, reason?: string): ServiceError =>
  new ServiceError('TransactionNotFoundException', 404, `Transaction ${id} is not found${reason ? `: ${reason}` : ''}`);
export const statementTimeout = (dbConnectionId: number | undefined): ServiceError =>
  new ServiceError('StatementTimeoutException', 400, 'Request timed out', dbConnectionId === undefined ? {} : { dbConnectionId });

export function isPgError(error: unknown): error is PgDatabaseError {
  return typeof (error as { code?: unknown } | null)?.code === 'string' && typeof (error as { severity?: unknown }).severity === 'string';
}

/**
 * The current service's layout, all on one line: `ERROR: msg; Detail: ...; Hint: ...; Position: n; SQLState: 23505`
 * (as users quote it: `ERROR: operator does not exist: uuid = text; Hint: ...; Position: 54; SQLState: 42883`,
 * drizzle-orm #2583, #1912). PostgreSQL's CONTEXT ("Where") is left out: for a bad parameter it is
 * node-postgres's "unnamed portal parameter $1 = '...'", which quotes the value and which the service does
 * not show. Line breaks inside a section become spaces so the message stays one line.
 */
export function formatPostgresMessage(error: PgDatabaseError): string {
  const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ');
  const parts = [`${error.severity ?? 'ERROR'}: ${oneLine(error.message)}`];
  if (error.detail) parts.push(`Detail: ${oneLine(error.detail)}`);
  if (error.hint) parts.push(`Hint: ${oneLine(error.hint)}`);
  if (error.position) parts.push(`Position: ${error.position}`);
  parts.push(`SQLState: ${error.code}`);
  return parts.join('; ');
}

export function toServiceError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  if (isPgError(error)) return databaseError(formatPostgresMessage(error));
  return new ServiceError('InternalServerErrorException', 500, (error as Error)?.message ?? 'Internal error');
}
