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
  type ExecuteStatementCommandInput,
} from '@aws-sdk/client-rds-data';
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
