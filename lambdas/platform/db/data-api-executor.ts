/**
 * SqlExecutor over the RDS Data API (`@aws-sdk/client-rds-data`): one
 * ExecuteStatement per query with typed named parameters, results decoded
 * from `records` + `columnMetadata`, transactions through Begin/Commit/
 * RollbackTransaction with their calls queued so they never overlap, and
 * retries while an auto-paused cluster resumes.
 */
import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  RollbackTransactionCommand,
  type ExecuteStatementCommandOutput,
  type RDSDataClient,
} from '@aws-sdk/client-rds-data';
import { decodeRecords } from './decode.js';
import { ConcurrencyConflictError, DatabaseError, DatabaseUnavailableError, StatementTimeoutError, UNAVAILABLE_SQLSTATES, postgresError } from './errors.js';
import type { QueryResult, Row, SqlExecutor, SqlParams } from './executor.js';
import { toSqlParameters } from './params.js';
import { resolveRetry, withResumeRetry, type RetryOptions } from './retry.js';

/** Retry-After for a statement cut off by a restarting PostgreSQL (the default of retry.ts's unavailable budget). */
const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

export interface DataApiExecutorOptions {
  client: Pick<RDSDataClient, 'send'>;
  resourceArn: string;
  secretArn: string;
  database: string;
  retry?: RetryOptions;
}

/** Maps a Data API failure to the typed errors of errors.ts; non-service errors pass through. */
export function translateError(error: unknown): unknown {
  if (error instanceof DatabaseError) return error;
  const e = error as { name?: unknown; message?: unknown } | null;
  const name = typeof e?.name === 'string' ? e.name : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  if (name === 'StatementTimeoutException') {
    return new StatementTimeoutError(message || 'Statement timed out', { exceptionName: name, cause: error });
  }
  if ((name === 'DatabaseErrorException' || name === 'BadRequestException') && /SQLState: [0-9A-Z]{5}/.test(message)) {
    const typed = postgresError(message, name, error);
    // PostgreSQL shutting down or starting cut this statement off: not retried here (it may have begun),
    // but reported as the temporary outage it is, so the caller gets 503 + Retry-After, not a 500.
    if (typed.sqlState && UNAVAILABLE_SQLSTATES.has(typed.sqlState)) {
      return new DatabaseUnavailableError(UNAVAILABLE_RETRY_AFTER_SECONDS, { sqlState: typed.sqlState, exceptionName: name, cause: error });
    }
    // 57014: PostgreSQL's statement_timeout, which API calls get below their Lambda's 29 s
    // (schema/94_statement_timeout.sql) so that the documented StatementTimeout -> 503 can happen at all.
    if (typed.sqlState === '57014') return new StatementTimeoutError(typed.message, { sqlState: '57014', exceptionName: name, cause: error });
    return typed;
  }
  // The service failed while the statement ran (locally: the connection to a crashing PostgreSQL was cut
  // mid-statement). Not retried here, since the statement may have begun, but a temporary outage for the
  // caller (503 + Retry-After), as a shutdown SQLSTATE mid-statement is above, not a 500.
  if (name === 'InternalServerErrorException') {
    return new DatabaseUnavailableError(UNAVAILABLE_RETRY_AFTER_SECONDS, { exceptionName: name, cause: error });
  }
  if (name.endsWith('Exception') || name === 'ServiceUnavailableError') {
    return new DatabaseError(message || name, { exceptionName: name, cause: error });
  }
  return error;
}

/** Attempts of a single statement that PostgreSQL aborted for a deadlock or serialisation failure. */
export const CONFLICT_ATTEMPTS = 3;

/**
 * A statement outside a transaction is its own transaction: when PostgreSQL
 * aborts it to break a deadlock, none of it happened, and running it again
 * (after a short random pause, so the two writers do not collide again) is
 * what the losing client would do anyway. Inside a transaction the whole
 * transaction is lost, so there the error goes to the caller.
 */
async function retryConflicts<T>(run: () => Promise<T>, sleep: (ms: number) => Promise<void>, random: () => number): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof ConcurrencyConflictError) || attempt >= CONFLICT_ATTEMPTS) throw error;
      await sleep(10 + Math.floor(random() * 40 * attempt));
    }
  }
}

export function createDataApiExecutor(options: DataApiExecutorOptions): SqlExecutor {
  const { client, resourceArn, secretArn, database } = options;
  const retry = resolveRetry(options.retry);

  async function send<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await withResumeRetry(call, retry);
    } catch (error) {
      throw translateError(error);
    }
  }

  async function execute<R extends Row>(sql: string, params: SqlParams | undefined, transactionId?: string): Promise<QueryResult<R>> {
    const parameters = toSqlParameters(params);
    const output: ExecuteStatementCommandOutput = await send(() =>
      client.send(
        new ExecuteStatementCommand({
          resourceArn,
          secretArn,
          database,
          sql,
          parameters: parameters.length > 0 ? parameters : undefined,
          transactionId,
          includeResultMetadata: true,
          resultSetOptions: { longReturnType: 'STRING', decimalReturnType: 'STRING' },
        }),
      ),
    );
    const rows = decodeRecords(output.records, output.columnMetadata) as R[];
    // The Data API reports 0 updated rows for a SELECT; RETURNING gives both.
    return { rows, rowCount: Math.max(output.numberOfRecordsUpdated ?? 0, rows.length) };
  }

  function transactionExecutor(transactionId: string): { tx: SqlExecutor; close(): Promise<{ error: unknown } | undefined> } {
    let queue: Promise<unknown> = Promise.resolve();
    let open = true;
    // The first failed call: PostgreSQL has aborted the transaction (the Data API keeps its id until
    // RollbackTransaction), so Commit could only fail and would hide this typed error (a
    // NotNullViolationError -> 422) if the work did not await it: roll back and rethrow it instead.
    let failed: { error: unknown } | undefined;
    const tx: SqlExecutor = {
      query<R extends Row>(sql: string, params?: SqlParams) {
        // A second call while one runs fails on the Data API: chain them instead.
        const run = queue.then(() => {
          if (!open) throw new DatabaseError('The transaction has already ended');
          return execute<R>(sql, params, transactionId);
        });
        queue = run.catch((error: unknown) => {
          failed ??= { error };
        });
        return run;
      },
      transaction: () => Promise.reject(new DatabaseError('Nested transactions are not supported')),
    };
    return {
      tx,
      // Lets calls the work queued but did not await finish before Commit/Rollback.
      async close() {
        await queue;
        open = false;
        return failed;
      },
    };
  }

  return {
    query: (sql, params) => retryConflicts(() => execute(sql, params), retry.sleep, retry.random),
    async transaction(work) {
      const begun = await send(() => client.send(new BeginTransactionCommand({ resourceArn, secretArn, database })));
      const transactionId = begun.transactionId;
      if (!transactionId) throw new DatabaseError('Malformed Data API response: BeginTransaction returned no transactionId');
      const { tx, close } = transactionExecutor(transactionId);
      let result;
      try {
        result = await work(tx);
      } catch (error) {
        await close();
        // The Data API may already have ended the transaction (idle timeout, broken connection): ignore that.
        await client
          .send(new RollbackTransactionCommand({ resourceArn, secretArn, transactionId }))
          .catch(() => undefined);
        throw error;
      }
      const failed = await close();
      if (failed) {
        await client
          .send(new RollbackTransactionCommand({ resourceArn, secretArn, transactionId }))
          .catch(() => undefined);
        throw failed.error;
      }
      await send(() => client.send(new CommitTransactionCommand({ resourceArn, secretArn, transactionId })));
      return result;
    },
  };
}
