/**
 * Where the local Data API endpoint used to differ from the current AWS
 * service (issue 12), one divergence per block, each citing its source. The
 * documented basics are in data-api-conformance.test.ts.
 */
import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  RollbackTransactionCommand,
  type ExecuteStatementCommandInput,
} from '@aws-sdk/client-rds-data';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/aws-data-api/pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { startTestDataApi, type TestDataApi } from '../support/data-api.js';

let db: TestDatabase;
let api: TestDataApi;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestDataApi(db);
  await db.pool.query(`CREATE TABLE aws_conf (id int PRIMARY KEY, note text)`);
});

afterAll(async () => {
  await api?.stop();
  await db?.drop();
});

type Input = Omit<ExecuteStatementCommandInput, 'resourceArn' | 'secretArn' | 'database'>;

function execute(input: Input) {
  return api.client.send(new ExecuteStatementCommand({ ...api.target, ...input }));
}

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  const error = (await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  )) as { name: string; message: string };
  return { name: error.name, message: error.message };
}

async function begin(): Promise<string> {
  return (await api.client.send(new BeginTransactionCommand(api.target))).transactionId as string;
}

async function notes(): Promise<string[]> {
  const { rows } = await db.pool.query<{ note: string }>(`SELECT note FROM aws_conf ORDER BY id`);
  return rows.map((r) => r.note);
}

// Item 8. data-api-client's "should handle rollback callback" test (integration-tests/postgres.int.test.ts),
// run against Aurora PostgreSQL, sends RollbackTransaction after a failed statement and needs it to succeed.
describe('a failed statement inside a transaction leaves the transaction id valid (data-api-client rollback callback)', () => {
  it('answers later calls with PostgreSQL\'s "transaction is aborted", and RollbackTransaction succeeds', async () => {
    const transactionId = await begin();
    await execute({ sql: `INSERT INTO aws_conf VALUES (801, 'rolled back')`, transactionId });
    expect((await failure(execute({ sql: 'INVALID SQL QUERY', transactionId }))).name).toBe('DatabaseErrorException');
    const next = await failure(execute({ sql: 'SELECT 1', transactionId }));
    expect(next).toMatchObject({ name: 'DatabaseErrorException', message: expect.stringContaining('SQLState: 25P02') });
    const rolledBack = await api.client.send(new RollbackTransactionCommand({ ...api.target, transactionId }));
    expect(rolledBack.transactionStatus).toBe('Rollback Complete');
    expect(await notes()).not.toContain('rolled back');
  });

  it('recovers with ROLLBACK TO SAVEPOINT and commits the rest', async () => {
    const transactionId = await begin();
    await execute({ sql: `INSERT INTO aws_conf VALUES (802, 'before savepoint')`, transactionId });
    await execute({ sql: 'SAVEPOINT sp1', transactionId });
    await failure(execute({ sql: `INSERT INTO aws_conf VALUES (802, 'duplicate')`, transactionId }));
    await execute({ sql: 'ROLLBACK TO SAVEPOINT sp1', transactionId });
    await execute({ sql: `INSERT INTO aws_conf VALUES (803, 'after savepoint')`, transactionId });
    const committed = await api.client.send(new CommitTransactionCommand({ ...api.target, transactionId }));
    expect(committed.transactionStatus).toBe('Transaction Committed');
    expect(await notes()).toEqual(expect.arrayContaining(['before savepoint', 'after savepoint']));
  });

  it("lets drizzle-orm's nested transaction (a savepoint) fail without losing the outer one", async () => {
    const orm = drizzle(api.client, { ...api.target });
    await orm.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO aws_conf VALUES (804, 'outer')`);
      await expect(tx.transaction((inner) => inner.execute(sql`INSERT INTO aws_conf VALUES (804, 'inner')`))).rejects.toThrow();
    });
    expect(await notes()).toContain('outer');
  });

  it('refuses to report a commit of an aborted transaction as committed', async () => {
    const transactionId = await begin();
    await execute({ sql: `INSERT INTO aws_conf VALUES (805, 'lost')`, transactionId });
    await failure(execute({ sql: 'SELECT 1/0', transactionId }));
    const commit = await failure(api.client.send(new CommitTransactionCommand({ ...api.target, transactionId })));
    expect(commit.name).toBe('DatabaseErrorException');
    expect(await notes()).not.toContain('lost');
  });
});

