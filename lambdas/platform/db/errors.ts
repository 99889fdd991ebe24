/**
 * Typed database errors. The Data API reports a PostgreSQL failure as text
 * (`ERROR: <message>\n  Detail: <detail>; SQLState: <code>`), so the SQLSTATE,
 * constraint, column and detail are parsed out of that text here, once, and
 * the HTTP layer maps classes to status codes (409, 422, 503, ...).
 */

export interface DatabaseErrorFields {
  /** PostgreSQL SQLSTATE (`23505`, ...), when the message carried one. */
  sqlState?: string;
  detail?: string;
  hint?: string;
  constraint?: string;
  table?: string;
  column?: string;
  /** The Data API exception name (`DatabaseErrorException`, ...). */
  exceptionName?: string;
  cause?: unknown;
}

export class DatabaseError extends Error {
  readonly sqlState?: string;
  readonly detail?: string;
  readonly hint?: string;
  readonly constraint?: string;
  readonly table?: string;
  readonly column?: string;
  readonly exceptionName?: string;

  constructor(message: string, fields: DatabaseErrorFields = {}) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = 'DatabaseError';
    this.sqlState = fields.sqlState;
    this.detail = fields.detail;
    this.hint = fields.hint;
    this.constraint = fields.constraint;
    this.table = fields.table;
    this.column = fields.column;
    this.exceptionName = fields.exceptionName;
  }
}

/** 23505: a UNIQUE or PRIMARY KEY constraint; `columns` from `Key (a, b)=(...)`. */
export class UniqueViolationError extends DatabaseError {
  readonly columns: string[];
  constructor(message: string, fields: DatabaseErrorFields) {
    super(message, fields);
    this.name = 'UniqueViolationError';
    this.columns = keyColumns(fields.detail);
  }
}

/** 23P01: an EXCLUDE constraint (e.g. one hero per property); `columns` from `Key (a)=(...) conflicts with ...`. */
export class ExclusionViolationError extends DatabaseError {
  readonly columns: string[];
  constructor(message: string, fields: DatabaseErrorFields) {
    super(message, fields);
    this.name = 'ExclusionViolationError';
    this.columns = keyColumns(fields.detail);
  }
}

/** 23503: a row references a missing parent, or a parent is still referenced. */
export class ForeignKeyViolationError extends DatabaseError {
  readonly columns: string[];
  constructor(message: string, fields: DatabaseErrorFields) {
    super(message, fields);
    this.name = 'ForeignKeyViolationError';
    this.columns = keyColumns(fields.detail);
  }
}

/** 23514: a CHECK constraint. */
export class CheckViolationError extends DatabaseError {
  constructor(message: string, fields: DatabaseErrorFields) {
    super(message, fields);
    this.name = 'CheckViolationError';
  }
}

/** 23502: NULL into a NOT NULL column. */
export class NotNullViolationError extends DatabaseError {
  constructor(message: string, fields: DatabaseErrorFields) {
    super(message, fields);
    this.name = 'NotNullViolationError';
  }
}

/** The cluster was still resuming after our retries; the HTTP layer answers 503 with `Retry-After`. */
export class DatabaseResumingError extends DatabaseError {
  constructor(
    readonly retryAfterSeconds: number,
    fields: DatabaseErrorFields = {},
  ) {
    super('The database is resuming; try again shortly', fields);
    this.name = 'DatabaseResumingError';
  }
}

/**
 * The database cannot serve right now: its writer is down or restarting
 * (`DatabaseUnavailableException`), or PostgreSQL is shutting down or still
 * starting (SQLSTATE 57P01, 57P02, 57P03). Like a resuming cluster, it comes back
 * by itself, so it is one (every caller that gives a resuming cluster its 503 +
 * Retry-After gives this the same), with a shorter Retry-After.
 */
export class DatabaseUnavailableError extends DatabaseResumingError {
  constructor(retryAfterSeconds: number, fields: DatabaseErrorFields = {}) {
    super(retryAfterSeconds, fields);
    this.name = 'DatabaseUnavailableError';
    this.message = 'The database is unavailable; try again shortly';
  }
}

/** SQLSTATEs of a server that is shutting down, crashed or still starting: it will be back. */
export const UNAVAILABLE_SQLSTATES: ReadonlySet<string> = new Set(['57P01', '57P02', '57P03']);

/**
 * PostgreSQL aborted the statement to break a deadlock (40P01) or because it
 * could not serialise it with a concurrent one (40001). Nothing of it was
 * applied, so running it again is safe; the executor does so for statements
 * outside a transaction before letting this reach the caller (a 409).
 */
export class ConcurrencyConflictError extends DatabaseError {
  constructor(message: string, fields: DatabaseErrorFields = {}) {
    super(message, fields);
    this.name = 'ConcurrencyConflictError';
  }
}

export const CONCURRENCY_SQLSTATES: ReadonlySet<string> = new Set(['40P01', '40001']);

/** The Data API cancelled the statement after its 45 s call timeout. */
export class StatementTimeoutError extends DatabaseError {
  constructor(message: string, fields: DatabaseErrorFields = {}) {
    super(message, fields);
    this.name = 'StatementTimeoutError';
  }
}

/** Index of the `)` closing the `(` at `open`, outside double quotes; -1 when unbalanced. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  let quoted = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted; // "" inside a quoted name toggles twice
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')' && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && c === ',') {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts.map((p) => p.trim());
}

const IDENTIFIER = /^[A-Za-z_][\w$]*$/;
const QUOTED_IDENTIFIER = /^"((?:[^"]|"")*)"$/;
const TRAILING_CAST = /::\s*[A-Za-z_][\w ."]*(?:\[\])?$/;
const ONE_ARGUMENT_CALL = /^[A-Za-z_][\w$.]*\(/;

/**
 * The column behind one key element: `email`, `"Odd Name"`, or an expression
 * index's `lower(email)`, `(code)::text`, `lower((email)::text)` reduced to
 * its one column. Expressions over several columns name none (undefined).
 */
function keyColumn(element: string): string | undefined {
  let e = element;
  for (;;) {
    const quoted = QUOTED_IDENTIFIER.exec(e);
    if (quoted) return (quoted[1] ?? '').replace(/""/g, '"');
    if (IDENTIFIER.test(e)) return e;
    const cast = TRAILING_CAST.exec(e);
    if (cast) {
      e = e.slice(0, cast.index).trim();
    } else if (e.startsWith('(') && closingParen(e, 0) === e.length - 1) {
      e = e.slice(1, -1).trim();
    } else if (ONE_ARGUMENT_CALL.test(e) && closingParen(e, e.indexOf('(')) === e.length - 1) {
      const inner = e.slice(e.indexOf('(') + 1, -1);
      if (splitTopLevel(inner).length !== 1) return undefined;
      e = inner.trim();
    } else {
      return undefined;
    }
  }
}

/** Columns of `Key (a, lower(b))=(...)`: the list is balanced up to its `)=(`, so values cannot confuse it. */
function keyColumns(detail: string | undefined): string[] {
  const open = detail?.indexOf('Key (') ?? -1;
  if (!detail || open === -1) return [];
  const listStart = open + 'Key '.length;
  const close = closingParen(detail, listStart);
  if (close === -1 || detail[close + 1] !== '=') return [];
  return splitTopLevel(detail.slice(listStart + 1, close))
    .map(keyColumn)
    .filter((c): c is string => c !== undefined);
}

export interface ParsedPostgresMessage {
  message: string;
  sqlState?: string;
  detail?: string;
  hint?: string;
}

// Sections pgjdbc appends after the primary message, each on a new line
// indented by two spaces; some captures show them joined with "; " instead.
const SECTION = /(?:\n {2}|; )(Detail|Hint|Position|Where): /;

/** Splits a Data API PostgreSQL error text into message, detail, hint and SQLSTATE. */
export function parsePostgresMessage(text: string): ParsedPostgresMessage {
  let rest = text;
  let sqlState: string | undefined;
  const state = /;\s*SQLState: ([0-9A-Z]{5})\s*$/.exec(rest);
  if (state) {
    sqlState = state[1];
    rest = rest.slice(0, state.index);
  }
  rest = rest.replace(/^(ERROR|FATAL|PANIC): /, '');
  const sections: Record<string, string> = {};
  const first = SECTION.exec(rest);
  const message = first ? rest.slice(0, first.index) : rest;
  let tail = first ? rest.slice(first.index) : '';
  while (tail) {
    const head = SECTION.exec(tail);
    if (!head || head.index !== 0) break;
    const after = tail.slice(head[0].length);
    const next = SECTION.exec(after);
    sections[head[1] ?? ''] = next ? after.slice(0, next.index) : after;
    tail = next ? after.slice(next.index) : '';
  }
  return { message, sqlState, detail: sections.Detail, hint: sections.Hint };
}

const QUOTED = (label: string): RegExp => new RegExp(`${label} "((?:[^"]|"")*)"`);

function quoted(text: string, label: string): string | undefined {
  return QUOTED(label).exec(text)?.[1]?.replace(/""/g, '"');
}

/** Builds the typed error for a PostgreSQL failure reported by the Data API. */
export function postgresError(text: string, exceptionName: string, cause?: unknown): DatabaseError {
  const parsed = parsePostgresMessage(text);
  const base: DatabaseErrorFields = {
    sqlState: parsed.sqlState,
    detail: parsed.detail,
    hint: parsed.hint,
    exceptionName,
    cause,
  };
  const msg = parsed.message;
  switch (parsed.sqlState) {
    case '23505':
      // PostgreSQL's unique-violation message names no table: `table` stays undefined.
      return new UniqueViolationError(msg, {
        ...base,
        constraint: quoted(msg, 'unique constraint'),
      });
    case '23P01':
      return new ExclusionViolationError(msg, {
        ...base,
        constraint: quoted(msg, 'exclusion constraint'),
        table: quoted(msg, 'relation'),
      });
    case '23503':
      return new ForeignKeyViolationError(msg, {
        ...base,
        constraint: quoted(msg, 'foreign key constraint'),
        table: quoted(msg, 'table'),
      });
    case '23514':
      return new CheckViolationError(msg, {
        ...base,
        constraint: quoted(msg, 'check constraint'),
        table: quoted(msg, 'relation'),
      });
    case '23502':
      return new NotNullViolationError(msg, {
        ...base,
        column: quoted(msg, 'column'),
        table: quoted(msg, 'relation'),
      });
    case '40P01':
    case '40001':
      return new ConcurrencyConflictError(msg, base);
    default:
      return new DatabaseError(msg, base);
  }
}
