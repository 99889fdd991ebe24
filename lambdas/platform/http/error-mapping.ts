/**
 * The one place where errors become HTTP statuses. Typed HTTP errors pass
 * through; database errors become 409/422/503 naming the constraint or field
 * (never the row values PostgreSQL quotes); anything else is unexpected: a
 * generic 500 for the caller, the full error in the log.
 */
import {
  CheckViolationError,
  ConcurrencyConflictError,
  DatabaseError,
  DatabaseResumingError,
  DatabaseUnavailableError,
  ExclusionViolationError,
  ForeignKeyViolationError,
  NotNullViolationError,
  StatementTimeoutError,
  UniqueViolationError,
} from '../db/errors.js';
import { ConflictError, HttpError, ServiceUnavailableError, ValidationError } from '../errors.js';
import { problemResponse, problemType } from './problem.js';
import type { HttpApiResponse } from './event.js';
import { requestPathOf, type RequestTerms } from './request-fields.js';

const bodyPath = (column: string): string => `body.${column}`;

/** PostgreSQL names an unnamed CHECK `<table>_<column>_check`; recover the column when it is that shape. */
export function checkColumn(constraint: string | undefined, table: string | undefined): string | undefined {
  if (!constraint || !table) return undefined;
  const bareTable = table.split('.').pop() ?? table;
  const match = new RegExp(`^${bareTable.replace(/[^\w]/g, '\\$&')}_(.+)_check$`).exec(constraint);
  return match?.[1];
}

/** The request paths that gave these columns, once each, in the constraint's order (columns the client did not send: none). */
function requestPaths(columns: readonly string[], terms: RequestTerms | undefined, table?: string): string[] {
  return [...new Set(columns.map((c) => requestPathOf(c, terms, table)).filter((p): p is string => p !== undefined))];
}

/** `page_path` and `websiteId (in the path)`: a field as the client wrote it. */
function spoken(path: string): string {
  return path.startsWith('params.') ? `${path.slice('params.'.length)} (in the path)` : path.replace(/^body\./, '');
}

/** What the conflict is about, in the client's words when it sent them. */
function subject(columns: readonly string[], paths: readonly string[]): string {
  if (paths.length > 0) return paths.map(spoken).join(', ');
  return columns.length > 0 ? columns.join(', ') : 'key';
}

function uniqueConflict(error: UniqueViolationError | ExclusionViolationError, terms: RequestTerms | undefined): ConflictError {
  const paths = requestPaths(error.columns, terms, error.table);
  const constraint = error.constraint ? ` (constraint ${error.constraint})` : '';
  const exclusion = error instanceof ExclusionViolationError;
  const detail = exclusion
    ? `The ${subject(error.columns, paths)} conflicts with an existing record${constraint}.`
    : `A record with the same ${subject(error.columns, paths)} already exists${constraint}.`;
  const message = exclusion ? 'Conflicts with an existing record' : 'Must be unique; this value is taken';
  return new ConflictError(detail, paths.length > 0 ? { errors: paths.map((path) => ({ path, message })) } : {});
}

function foreignKeyConflict(error: ForeignKeyViolationError, terms: RequestTerms | undefined): ConflictError {
  const constraint = error.constraint ? ` (constraint ${error.constraint})` : '';
  // PostgreSQL's detail says which side failed; we keep its meaning, not its quoted values.
  if (error.detail?.includes('is still referenced')) {
    return new ConflictError(`The record is still referenced by other records${constraint}; remove those first.`);
  }
  const paths = requestPaths(error.columns, terms, error.table);
  return new ConflictError(
    `${error.columns.length > 0 ? subject(error.columns, paths) : 'A reference'} refers to a record that does not exist${constraint}.`,
    paths.length > 0 ? { errors: paths.map((path) => ({ path, message: 'Refers to a record that does not exist' })) } : {},
  );
}

/**
 * A rule raised by one of our own triggers explains itself in its HINT as `<column>: <why>` (PostgreSQL's
 * own CHECK violations carry no hint, and their detail quotes row values, so it is never shown).
 */
function triggerRule(error: CheckViolationError): ValidationError | null {
  const match = /^([a-z_][a-z0-9_]*): (.+)$/s.exec(error.hint ?? '');
  if (!match) return null;
  return new ValidationError([{ path: bodyPath(match[1]!), message: match[2]! }], `${match[1]!}: ${match[2]!}`);
}

function checkViolation(error: CheckViolationError): ValidationError {
  const explained = triggerRule(error);
  if (explained) return explained;
  const column = checkColumn(error.constraint, error.table);
  const rule = error.constraint ?? 'a database rule';
  return new ValidationError(
    [{ path: column ? bodyPath(column) : 'body', message: `Violates ${rule}` }],
    `The request breaks ${rule}.`,
  );
}

/**
 * The HTTP error an error means, or null when it is unexpected (a 500).
 * `terms`: the request that failed, so a conflict names the fields the client
 * sent (request-fields.ts); without it, a constraint's columns are named as
 * body fields.
 */
export function toHttpError(error: unknown, terms?: RequestTerms): HttpError | null {
  if (error instanceof HttpError) return error;
  if (error instanceof UniqueViolationError || error instanceof ExclusionViolationError) return uniqueConflict(error, terms);
  if (error instanceof ForeignKeyViolationError) return foreignKeyConflict(error, terms);
  if (error instanceof CheckViolationError) return checkViolation(error);
  if (error instanceof NotNullViolationError) {
    const path = error.column ? bodyPath(error.column) : 'body';
    return new ValidationError([{ path, message: 'Required' }], 'A required field is missing.');
  }
  if (error instanceof ConcurrencyConflictError) {
    // Retried by the executor already (single statements); still conflicting, or inside a transaction.
    return new ConflictError('A concurrent change to the same records conflicted with this request; nothing was changed. Try again.');
  }
  if (error instanceof DatabaseUnavailableError) {
    return new ServiceUnavailableError('The database is unavailable; retry shortly.', error.retryAfterSeconds, error);
  }
  if (error instanceof DatabaseResumingError) {
    return new ServiceUnavailableError('The database is starting up; retry shortly.', error.retryAfterSeconds, error);
  }
  if (error instanceof StatementTimeoutError) {
    return new ServiceUnavailableError('The database did not answer in time; retry later.', undefined, error);
  }
  // SQLSTATE class 22 (data exception: out-of-range numbers or dates, bad encodings) means a
  // value the edge validation let through; it is still the caller's value, so a 422, not a 500.
  if (error instanceof DatabaseError && error.sqlState?.startsWith('22')) {
    return new ValidationError([{ path: 'body', message: 'A value is out of range or malformed for the database' }], 'A value was refused by the database.');
  }
  return null;
}

/**
 * A constraint violation as the client sees it: a 409 naming the fields of
 * `terms` (the request that failed). Any other error is returned unchanged,
 * for the chain's mapping (and its logging) to handle.
 */
export function inRequestTerms(error: unknown, terms: RequestTerms): unknown {
  if (error instanceof UniqueViolationError || error instanceof ExclusionViolationError || error instanceof ForeignKeyViolationError) {
    return toHttpError(error, terms) ?? error;
  }
  return error;
}

export interface ProblemContext {
  instance?: string;
  requestId?: string;
}

export const INTERNAL_ERROR_DETAIL = 'An unexpected error occurred. Quote the requestId when reporting it.';

/** The problem+json response for any error; 5xx bodies carry no internals. */
export function errorResponse(error: unknown, context: ProblemContext = {}): HttpApiResponse {
  const mapped = toHttpError(error);
  if (!mapped) {
    return problemResponse({
      type: problemType('internal-error'),
      title: 'Internal Server Error',
      status: 500,
      detail: INTERNAL_ERROR_DETAIL,
      ...context,
    });
  }
  return problemResponse(
    {
      type: problemType(mapped.slug),
      title: mapped.title,
      status: mapped.status,
      detail: mapped.message,
      ...context,
      ...(mapped.errors ? { errors: mapped.errors } : {}),
    },
    mapped.headers,
  );
}
