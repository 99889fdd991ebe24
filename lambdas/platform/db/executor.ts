/**
 * The one interface through which code reaches PostgreSQL.
 *
 * In Lambda and in the local stack it is implemented over the RDS Data API
 * (`data-api-executor.ts`); the migrator and every repository depend only on
 * this interface, so the same code runs against Aurora and the embedded server.
 */

/** Data API type hints a string parameter can carry (DATA_API.md, API_SqlParameter). */
export type SqlTypeHint = 'UUID' | 'JSON' | 'DECIMAL' | 'DATE' | 'TIME' | 'TIMESTAMP';

/** A string value sent with an explicit Data API type hint. */
export interface TypedSqlValue {
  readonly kind: 'typed';
  readonly hint: SqlTypeHint;
  readonly value: string;
}

/**
 * A named parameter (`:name` in the SQL text). Arrays are never sent as array
 * parameters (the Data API rejects them): wrap them with `sqlValue.textArray()`
 * or `sqlValue.json()` and cast in SQL.
 */
export type SqlValue = string | number | bigint | boolean | null | Date | Uint8Array | TypedSqlValue;

export type SqlParams = Readonly<Record<string, SqlValue>>;

export type Row = Record<string, unknown>;

export interface QueryResult<R extends Row = Row> {
  rows: R[];
  /** Rows changed by INSERT/UPDATE/DELETE, or rows returned by SELECT. */
  rowCount: number;
}

export interface SqlExecutor {
  /** Run exactly one SQL statement. */
  query<R extends Row = Row>(sql: string, params?: SqlParams): Promise<QueryResult<R>>;
  /**
   * Run `work` inside one transaction: committed when it resolves, rolled back
   * when it throws. Calls on `tx` must be sequential (a Data API rule).
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}
