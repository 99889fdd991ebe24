/**
 * Session state and connection faults in the local Data API: timestamptz is
 * UTC whatever the session's TimeZone, a SET outside a transaction does not
 * leak into later calls (each call gets a clean session, as in AWS), and a
 * backend that dies inside a transaction ends that transaction without
 * crashing the process.
 */
import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  RollbackTransactionCommand,
  type ExecuteStatementCommandInput,
} from '@aws-sdk/client-rds-data';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { startTestDataApi, type TestDataApi } from '../support/data-api.js';

let db: TestDatabase;
let api: TestDataApi;

beforeAll(async () => {
  db = await createTestDatabase();
  // One connection: a leaked session setting would surely reach the next call.
  api = await startTestDataApi(db, { poolSize: 1 });
});

afterAll(async () => {
  await api?.stop();
  await db?.drop();
});

function execute(input: Omit<ExecuteStatementCommandInput, 'resourceArn' | 'secretArn' | 'database'>) {
  return api.client.send(new ExecuteStatementCommand({ ...api.target, ...input }));
}

async function begin(): Promise<string> {
  const { transactionId } = await api.client.send(new BeginTransactionCommand(api.target));
  return transactionId as string;
}

describe('timestamptz in UTC whatever the session time zone', () => {
  it('converts with the offset PostgreSQL printed, in records and JSON modes, single values and arrays', async () => {
    const transactionId = await begin();
    try {
      await expectUtcInNewYork(transactionId);
    } finally {
      await api.client.send(new CommitTransactionCommand({ ...api.target, transactionId }));
    }
  });

  async function expectUtcInNewYork(transactionId: string): Promise<void> {
    await execute({ sql: `SET LOCAL TIME ZONE 'America/New_York'`, transactionId });
    const sql = `SELECT '2025-01-01 12:00:00.5+00'::timestamptz AS at,
                        ARRAY['2025-07-01 00:30:00+00'::timestamptz] AS ats,
                        '2025-01-01 00:00:00+05:30:10'::timestamptz AS odd`;
    const records = await execute({ sql, transactionId });
    expect(records.records?.[0]).toEqual([
      { stringValue: '2025-01-01 12:00:00.5' },
      { arrayValue: { stringValues: ['2025-07-01 00:30:00'] } },
      { stringValue: '2024-12-31 18:29:50' },
    ]);
    const json = await execute({ sql, transactionId, formatRecordsAs: 'JSON' });
    expect(JSON.parse(json.formattedRecords as string)).toEqual([
      { at: '2025-01-01 12:00:00.5', ats: ['2025-07-01 00:30:00'], odd: '2024-12-31 18:29:50' },
    ]);
  }

  it('does not let a SET outside a transaction shift later calls on the same connection', async () => {
    await execute({ sql: `SET TIME ZONE 'Asia/Tokyo'` });
    await execute({ sql: `SET application_name = 'leaked'` });
    const out = await execute({
      sql: `SELECT '2025-01-01 12:00:00+00'::timestamptz AS at, current_setting('TimeZone') AS tz, current_setting('application_name') AS app`,
    });
    expect(out.records?.[0]).toEqual([{ stringValue: '2025-01-01 12:00:00' }, { stringValue: 'UTC' }, { stringValue: '' }]);
  });

  it('does not let a SET inside a committed transaction leak into later calls', async () => {
    const transactionId = await begin();
    await execute({ sql: `SET TIME ZONE 'Asia/Tokyo'`, transactionId });
    await api.client.send(new CommitTransactionCommand({ ...api.target, transactionId }));
    const out = await execute({ sql: `SELECT current_setting('TimeZone') AS tz` });
    expect(out.records?.[0]).toEqual([{ stringValue: 'UTC' }]);
  });
});

describe('a transaction whose backend is terminated', () => {
  /** Collects what would crash `npm start`: unhandled rejections and uncaught exceptions. */
  async function unhandledDuring(work: () => Promise<void>): Promise<unknown[]> {
    const seen: unknown[] = [];
    const record = (error: unknown): void => {
      seen.push(error);
    };
    process.on('unhandledRejection', record);
    process.on('uncaughtException', record);
    try {
      await work();
      await sleep(300); // let the connection's error and end events arrive
    } finally {
      process.off('unhandledRejection', record);
      process.off('uncaughtException', record);
    }
    return seen;
  }

  function outcome(promise: Promise<unknown>): Promise<string> {
    return promise.then(
      () => 'ok',
      (error: { name?: string }) => error.name ?? 'error',
    );
  }

  it('fails the call and ends the transaction without an unhandled error when it dies mid-statement', async () => {
    let names: string[] = [];
    const unhandled = await unhandledDuring(async () => {
      const transactionId = await begin();
      const terminated = await outcome(execute({ sql: 'SELECT pg_terminate_backend(pg_backend_pid())', transactionId }));
      await sleep(100);
      const commit = await outcome(api.client.send(new CommitTransactionCommand({ ...api.target, transactionId })));
      names = [terminated, commit];
    });
    expect(unhandled).toEqual([]);
    expect(names).toEqual(['DatabaseErrorException', 'TransactionNotFoundException']);
    await expect(execute({ sql: 'SELECT 1' })).resolves.toMatchObject({ records: [[{ longValue: 1 }]] });
  });

  it('fails a call outside a transaction whose backend dies, without an unhandled error', async () => {
    let name = '';
    const unhandled = await unhandledDuring(async () => {
      name = await outcome(execute({ sql: 'SELECT pg_terminate_backend(pg_backend_pid())' }));
    });
    expect(unhandled).toEqual([]);
    expect(name).toBe('DatabaseErrorException');
    await expect(execute({ sql: 'SELECT 1' })).resolves.toMatchObject({ records: [[{ longValue: 1 }]] });
  });

  it('ends the transaction without an uncaught error when it dies while idle', async () => {
    let rollback = '';
    const unhandled = await unhandledDuring(async () => {
      const transactionId = await begin();
      const out = await execute({ sql: 'SELECT pg_backend_pid() AS pid', transactionId });
      await db.pool.query('SELECT pg_terminate_backend($1)', [out.records?.[0]?.[0]?.longValue]);
      await sleep(200);
      rollback = await outcome(api.client.send(new RollbackTransactionCommand({ ...api.target, transactionId })));
    });
    expect(unhandled).toEqual([]);
    expect(rollback).toBe('TransactionNotFoundException');
    await expect(execute({ sql: 'SELECT 1' })).resolves.toMatchObject({ records: [[{ longValue: 1 }]] });
  });
});
