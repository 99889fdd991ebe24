/**
 * What a real server cannot do on demand here: a cluster that is resuming,
 * a statement timeout reported by AWS, and malformed responses. Everything
 * else about the executor is tested against the local endpoint.
 */
import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  DatabaseErrorException,
  DatabaseResumingException,
  ExecuteStatementCommand,
  InternalServerErrorException,
  RDSDataClient,
  RollbackTransactionCommand,
  StatementTimeoutException,
} from '@aws-sdk/client-rds-data';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConcurrencyConflictError,
  DatabaseError,
  DatabaseResumingError,
  DatabaseUnavailableError,
  StatementTimeoutError,
  createDataApiExecutor,
  type RetryOptions,
} from '../../lambdas/platform/db/index.js';
import { toHttpError } from '../../lambdas/platform/http/error-mapping.js';

const rds = mockClient(RDSDataClient);
afterEach(() => rds.reset());

const resuming = (): DatabaseResumingException =>
  new DatabaseResumingException({ $metadata: { httpStatusCode: 400 }, message: 'The Aurora DB instance db-1 is resuming after being auto-paused.' });

function fakeClock(): { sleeps: number[]; retry: RetryOptions } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    retry: {
      now: () => now,
      random: () => 0.5,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    },
  };
}

function executor(retry?: RetryOptions) {
  return createDataApiExecutor({ client: new RDSDataClient({ region: 'us-east-1' }), resourceArn: 'arn:c', secretArn: 'arn:s', database: 'db', retry });
}

const ONE_ROW = {
  records: [[{ longValue: 1 }]],
  columnMetadata: [{ name: 'one', label: 'one', typeName: 'int4' }],
  numberOfRecordsUpdated: 0,
};

describe('retries while the cluster resumes', () => {
  it('succeeds once the cluster is up, after backing off with full jitter', async () => {
    rds.on(ExecuteStatementCommand).rejectsOnce(resuming()).rejectsOnce(resuming()).rejectsOnce(resuming()).resolves(ONE_ROW);
    const clock = fakeClock();
    const result = await executor({ ...clock.retry, baseDelayMs: 100, maxDelayMs: 1000 }).query('SELECT 1 AS one');
    expect(result.rows).toEqual([{ one: 1 }]);
    expect(rds.commandCalls(ExecuteStatementCommand)).toHaveLength(4);
    // random() = 0.5 of a ceiling doubling from 100 ms: 50, 100, 200.
    expect(clock.sleeps).toEqual([50, 100, 200]);
  });

  it('gives up after maxAttempts with DatabaseResumingError carrying Retry-After seconds', async () => {
    rds.on(ExecuteStatementCommand).rejects(resuming());
    const clock = fakeClock();
    const error = await executor({ ...clock.retry, maxAttempts: 4, retryAfterSeconds: 20 })
      .query('SELECT 1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseResumingError);
    expect((error as DatabaseResumingError).retryAfterSeconds).toBe(20);
    expect(rds.commandCalls(ExecuteStatementCommand)).toHaveLength(4);
  });

  it('gives up when the time budget is spent, however many attempts remain', async () => {
    rds.on(ExecuteStatementCommand).rejects(resuming());
    const clock = fakeClock();
    const error = await executor({ ...clock.retry, maxAttempts: 100, baseDelayMs: 1000, maxDelayMs: 1000, maxElapsedMs: 3000 })
      .query('SELECT 1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseResumingError);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3000);
    expect(rds.commandCalls(ExecuteStatementCommand).length).toBeLessThan(10);
  });

  it('retries BeginTransaction too, then commits', async () => {
    rds.on(BeginTransactionCommand).rejectsOnce(resuming()).resolves({ transactionId: 'tx-1' });
    rds.on(ExecuteStatementCommand).resolves(ONE_ROW);
    rds.on(CommitTransactionCommand).resolves({ transactionStatus: 'Transaction Committed' });
    const clock = fakeClock();
    const rows = await executor(clock.retry).transaction(async (tx) => (await tx.query('SELECT 1 AS one')).rows);
    expect(rows).toEqual([{ one: 1 }]);
    expect(rds.commandCalls(ExecuteStatementCommand)[0]?.args[0].input.transactionId).toBe('tx-1');
    expect(rds.commandCalls(CommitTransactionCommand)).toHaveLength(1);
  });

  it('does not retry other errors', async () => {
    rds.on(ExecuteStatementCommand).rejects(new StatementTimeoutException({ $metadata: {}, message: 'Request timed out' }));
    const error = await executor(fakeClock().retry).query('SELECT pg_sleep(60)').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatementTimeoutError);
    expect(rds.commandCalls(ExecuteStatementCommand)).toHaveLength(1);
  });
});

describe('a service failure mid-statement', () => {
  it('is a 503 with Retry-After, not a 500, and is not run again (it may have begun)', async () => {
    // What the local endpoint answers when PostgreSQL crashes under a running statement ("Connection terminated unexpectedly").
    rds.on(ExecuteStatementCommand).rejects(new InternalServerErrorException({ $metadata: { httpStatusCode: 500 }, message: 'Connection terminated unexpectedly' }));
    const error = await executor(fakeClock().retry).query("INSERT INTO t VALUES ('x')").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect(rds.commandCalls(ExecuteStatementCommand)).toHaveLength(1);
    const http = toHttpError(error);
    expect(http?.status).toBe(503);
    expect(http?.headers?.['retry-after']).toMatch(/^\d+$/);
  });
});

describe('malformed responses', () => {
  it('rejects records without columnMetadata', async () => {
    rds.on(ExecuteStatementCommand).resolves({ records: [[{ longValue: 1 }]] });
    await expect(executor().query('SELECT 1')).rejects.toThrow(/Malformed Data API response: records without columnMetadata/);
  });

  it('rejects a record whose width differs from the metadata', async () => {
    rds.on(ExecuteStatementCommand).resolves({ ...ONE_ROW, records: [[{ longValue: 1 }, { longValue: 2 }]] });
    await expect(executor().query('SELECT 1')).rejects.toThrow(/record 0 has 2 fields, expected 1/);
  });

  it('rejects a jsonb column that is not JSON', async () => {
    rds.on(ExecuteStatementCommand).resolves({
      records: [[{ stringValue: '{not json' }]],
      columnMetadata: [{ name: 'doc', typeName: 'jsonb' }],
    });
    await expect(executor().query('SELECT doc')).rejects.toBeInstanceOf(DatabaseError);
  });

  it('rejects a BeginTransaction without an id and never runs the work', async () => {
    rds.on(BeginTransactionCommand).resolves({});
    let ran = false;
    await expect(
      executor().transaction(async () => {
        ran = true;
      }),
    ).rejects.toThrow(/no transactionId/);
    expect(ran).toBe(false);
    expect(rds.commandCalls(RollbackTransactionCommand)).toHaveLength(0);
  });
});

describe('deadlocks and serialisation failures', () => {
  const deadlock = () =>
    new DatabaseErrorException({
      $metadata: { httpStatusCode: 400 },
      message: 'ERROR: deadlock detected; Detail: Process 1 waits for ShareLock on transaction 2; SQLState: 40P01',
    });

  it('runs a single statement again when PostgreSQL aborted it to break a deadlock', async () => {
    rds.on(ExecuteStatementCommand).rejectsOnce(deadlock()).rejectsOnce(deadlock()).resolves(ONE_ROW);
    const clock = fakeClock();
    const { rows } = await executor(clock.retry).query('UPDATE t SET x = 1');
    expect(rows).toEqual([{ one: 1 }]);
    expect(rds.commandCalls(ExecuteStatementCommand)).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(2);
  });

  it('gives up after three attempts with a typed conflict (the API answers 409)', async () => {
    rds.on(ExecuteStatementCommand).rejects(deadlock());
    const error = await executor(fakeClock().retry).query('UPDATE t SET x = 1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrencyConflictError);
    expect(rds.commandCalls(ExecuteStatementCommand)).toHaveLength(3);
    expect(toHttpError(error)?.status).toBe(409);
  });

  it('does not replay a statement inside a transaction: the transaction is lost, the caller decides', async () => {
    rds.on(BeginTransactionCommand).resolves({ transactionId: 'tx-1' });
    rds.on(ExecuteStatementCommand).rejects(deadlock());
    rds.on(RollbackTransactionCommand).resolves({});
    const error = await executor(fakeClock().retry)
      .transaction((tx) => tx.query('UPDATE t SET x = 1'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrencyConflictError);
    expect(rds.commandCalls(ExecuteStatementCommand)).toHaveLength(1);
  });
});
