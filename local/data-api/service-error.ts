/**
 * Errors the local Data API answers with, in the service's wire shape: an HTTP
 * status, the `x-amzn-ErrorType` header the SDK reads the exception name
 * from, and a JSON body with `message`. PostgreSQL failures are rendered the
 * way the Data API renders them (pgjdbc's text plus `; SQLState: XXXXX`).
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
export const unsupportedResult = (message: string): ServiceError =>
  new ServiceError('UnsupportedResultException', 400, message);
export const transactionNotFound = (id: string, reason?: string): ServiceError =>
  new ServiceError('TransactionNotFoundException', 404, `Transaction ${id} is not found${reason ? `: ${reason}` : ''}`);
export const statementTimeout = (dbConnectionId: number | undefined): ServiceError =>
  new ServiceError('StatementTimeoutException', 400, 'Request timed out', dbConnectionId === undefined ? {} : { dbConnectionId });

export function isPgError(error: unknown): error is PgDatabaseError {
  return typeof (error as { code?: unknown } | null)?.code === 'string' && typeof (error as { severity?: unknown }).severity === 'string';
}

/** `ERROR: msg\n  Detail: ...\n  Hint: ...\n  Position: n\n  Where: ...; SQLState: 23505`. */
export function formatPostgresMessage(error: PgDatabaseError): string {
  let text = `${error.severity ?? 'ERROR'}: ${error.message}`;
  if (error.detail) text += `\n  Detail: ${error.detail}`;
  if (error.hint) text += `\n  Hint: ${error.hint}`;
  if (error.position) text += `\n  Position: ${error.position}`;
  if (error.where) text += `\n  Where: ${error.where}`;
  return `${text}; SQLState: ${error.code}`;
}

export function toServiceError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  if (isPgError(error)) return databaseError(formatPostgresMessage(error));
  return new ServiceError('InternalServerErrorException', 500, (error as Error)?.message ?? 'Internal error');
}
