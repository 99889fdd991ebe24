/**
 * Where the local Data API endpoint used to differ from the current AWS
 * service (issue 12), one divergence per block, each citing its source. The
 * documented basics are in data-api-conformance.test.ts.
 */
import {
  BatchExecuteStatementCommand,
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

/** Sends a raw request body, for fields and values the SDK's types would not let through. */
function executeRaw(input: Record<string, unknown>) {
  return api.client.send(new ExecuteStatementCommand({ ...api.target, ...(input as unknown as Input) }));
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

// Item 2. API_ExecuteStatement / API_BatchExecuteStatement / API_BeginTransaction: "Currently, the schema
// parameter isn't supported"; the current service answers ValidationException (data-api.differences).
describe('the schema parameter is refused, not ignored (API_ExecuteStatement: "the schema parameter isn\'t supported")', () => {
  it('fails ExecuteStatement, BatchExecuteStatement and BeginTransaction that name a schema', async () => {
    const refused = { name: 'ValidationException', message: "The schema parameter isn't supported" };
    expect(await failure(execute({ sql: 'SELECT 1', schema: 'public' }))).toEqual(refused);
    expect(await failure(api.client.send(new BeginTransactionCommand({ ...api.target, schema: 'public' })))).toEqual(refused);
    expect(
      await failure(api.client.send(new BatchExecuteStatementCommand({ ...api.target, sql: 'SELECT 1', schema: 'public' }))),
    ).toEqual(refused);
    await expect(execute({ sql: 'SELECT 1' })).resolves.toMatchObject({ records: [[{ longValue: 1 }]] });
  });
});

// Item 4. The service model's enums: formatRecordsAs NONE | JSON (API_ExecuteStatement), longReturnType
// STRING | LONG and decimalReturnType STRING | DOUBLE_OR_LONG (API_ResultSetOptions).
describe('enum fields are validated (API_ExecuteStatement formatRecordsAs, API_ResultSetOptions)', () => {
  it('refuses values outside each enum with a ValidationException naming the field', async () => {
    const format = await failure(executeRaw({ sql: 'SELECT 1', formatRecordsAs: 'json' }));
    expect(format.name).toBe('ValidationException');
    expect(format.message).toContain("Value 'json' at 'formatRecordsAs' failed to satisfy constraint: Member must satisfy enum value set: [NONE, JSON]");
    const options = await failure(executeRaw({ sql: 'SELECT 1', resultSetOptions: { longReturnType: 'NUMBER', decimalReturnType: 'DOUBLE' } }));
    expect(options.name).toBe('ValidationException');
    expect(options.message).toMatch(/^2 validation errors detected: .*resultSetOptions\.longReturnType.*resultSetOptions\.decimalReturnType/);
  });

  it('accepts every documented value', async () => {
    for (const formatRecordsAs of ['NONE', 'JSON'] as const) {
      for (const longReturnType of ['STRING', 'LONG'] as const) {
        for (const decimalReturnType of ['STRING', 'DOUBLE_OR_LONG'] as const) {
          const out = await execute({ sql: 'SELECT 1 AS one', formatRecordsAs, resultSetOptions: { longReturnType, decimalReturnType } });
          expect(out.records ?? JSON.parse(out.formattedRecords ?? '[]')).toHaveLength(1);
        }
      }
    }
  });
});

// Item 5. data-api-json: "The column labels are the keys of the object that represents each row", so labels
// must be unique; collapsing `select 1 as a, 2 as a` to {"a":2} would lose a value without a word.
describe("formatRecordsAs 'JSON' needs unique column labels (data-api-json)", () => {
  it('refuses duplicate labels instead of keeping the last value; records mode still returns both', async () => {
    const json = await failure(execute({ sql: 'SELECT 1 AS a, 2 AS a', formatRecordsAs: 'JSON' }));
    expect(json).toMatchObject({ name: 'BadRequestException', message: expect.stringContaining('duplicate column names (a)') });
    const records = await execute({ sql: 'SELECT 1 AS a, 2 AS a' });
    expect(records.records).toEqual([[{ longValue: 1 }, { longValue: 2 }]]);
  });
});

// Item 3. data-api-client's suite run on Aurora PostgreSQL (integration-tests/postgres.int.test.ts, "Known
// Data API Limitations"): macaddr, int8range, daterange and tsrange reads fail; its int4range and numrange pass.
describe('macaddr and the int8range, daterange and tsrange types are unsupported results (data-api-client AWS suite)', () => {
  it('raises UnsupportedResultException for each, in records and JSON modes, and for their arrays', async () => {
    for (const sqlText of [
      `SELECT '08:00:2b:01:02:03'::macaddr`,
      `SELECT '[1000000,2000000]'::int8range`,
      `SELECT '[2024-01-01,2024-12-31]'::daterange`,
      `SELECT '[2024-01-01 00:00:00,2024-12-31 23:59:59]'::tsrange`,
      `SELECT ARRAY['08:00:2b:01:02:03'::macaddr]`,
    ]) {
      expect((await failure(execute({ sql: sqlText }))).name, sqlText).toBe('UnsupportedResultException');
      expect((await failure(execute({ sql: sqlText, formatRecordsAs: 'JSON' }))).name, sqlText).toBe('UnsupportedResultException');
    }
  });

  it('still returns int4range and numrange as strings, and a text cast of the others', async () => {
    const out = await execute({ sql: `SELECT '[1,10)'::int4range, '[0.0,1.0)'::numrange, '08:00:2b:01:02:03'::macaddr::text` });
    expect(out.records?.[0]).toEqual([{ stringValue: '[1,10)' }, { stringValue: '[0.0,1.0)' }, { stringValue: '08:00:2b:01:02:03' }]);
  });
});

// Item 9. API_ExecuteStatement: "If the binary response data from the database is more than 1 MB, the call is
// terminated" and formattedRecords "currently 10 MB"; data-api.limitations: "64 KB per row in the result set
// returned by the database". The limits count the database's data, not this endpoint's JSON wrapping of it.
describe('size limits count the data the database returns (API_ExecuteStatement, data-api.limitations)', () => {
  it('returns 50,000 small integers (~250 KB of data, more than 1 MiB once wrapped as JSON)', async () => {
    const out = await execute({ sql: 'SELECT g FROM generate_series(1, 50000) g' });
    expect(out.records).toHaveLength(50_000);
    expect(out.records?.[49_999]).toEqual([{ longValue: 50_000 }]);
  });

  it('counts a bytea by its bytes for the 64 KB row limit, not by its hex text', async () => {
    const out = await execute({ sql: `SELECT decode(repeat('ab', 40000), 'hex') AS b` });
    expect(Buffer.from(out.records?.[0]?.[0]?.blobValue ?? new Uint8Array()).length).toBe(40_000);
    expect((await failure(execute({ sql: `SELECT decode(repeat('ab', 70000), 'hex')` }))).name).toBe('BadRequestException');
  });

  it('gives formattedRecords its own 10 MB limit, so repeated labels do not count against the 1 MiB', async () => {
    const sqlText = 'SELECT 1 AS a_long_label_repeated_on_every_row_of_the_json_result FROM generate_series(1, 30000)';
    const out = await execute({ sql: sqlText, formatRecordsAs: 'JSON' });
    expect(Buffer.byteLength(out.formattedRecords ?? '')).toBeGreaterThan(1024 * 1024);
    expect(JSON.parse(out.formattedRecords ?? '[]')).toHaveLength(30_000);
  });

  it('still fails past 1 MiB of data and past 64 KB in a row, in both formats', async () => {
    for (const formatRecordsAs of ['NONE', 'JSON'] as const) {
      const big = await failure(execute({ sql: `SELECT repeat('x', 60000) FROM generate_series(1, 20)`, formatRecordsAs }));
      expect(big).toEqual({ name: 'BadRequestException', message: 'Database returned more than the allowed response size limit' });
      const row = await failure(execute({ sql: `SELECT repeat('x', 70000)`, formatRecordsAs }));
      expect(row).toEqual({ name: 'BadRequestException', message: 'Packet for query is too large' });
    }
  });
});

// Item 1. AWS "Understanding the rds_superuser role": the master user is
// `CREATE ROLE postgres WITH LOGIN NOSUPERUSER INHERIT CREATEDB CREATEROLE NOREPLICATION`, a member of
// rds_superuser (extensions, roles, databases, pg_stat_activity, cancel/terminate), never a superuser.
describe('calls run as an Aurora-master-like role, not a superuser ("Understanding the rds_superuser role")', () => {
  it('is NOSUPERUSER with CREATEDB and CREATEROLE, a member of rds_superuser', async () => {
    const out = await execute({
      sql: `SELECT rolsuper, rolcreatedb, rolcreaterole, pg_has_role(current_user, 'rds_superuser', 'MEMBER') AS rds
              FROM pg_roles WHERE rolname = current_user`,
      formatRecordsAs: 'JSON',
    });
    expect(JSON.parse(out.formattedRecords ?? '[]')).toEqual([{ rolsuper: false, rolcreatedb: true, rolcreaterole: true, rds: true }]);
  });

  it('cannot ALTER SYSTEM, read server files or COPY to a program', async () => {
    for (const sqlText of [`ALTER SYSTEM SET work_mem = '8MB'`, `SELECT pg_read_file('PG_VERSION')`, `COPY (SELECT 1) TO PROGRAM 'true'`]) {
      const refused = await failure(execute({ sql: sqlText }));
      expect(refused, sqlText).toMatchObject({ name: 'DatabaseErrorException', message: expect.stringMatching(/SQLState: 42501$/) });
    }
  });

  it('has pgcrypto and may create schemas, extensions and roles in its database', async () => {
    const out = await execute({ sql: `SELECT encode(digest('a', 'sha256'), 'hex') AS h, gen_random_uuid() IS NOT NULL AS u` });
    expect(out.records?.[0]).toEqual([{ stringValue: 'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb' }, { booleanValue: true }]);
    await execute({ sql: 'CREATE SCHEMA IF NOT EXISTS master_can' });
    await execute({ sql: 'CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA master_can' });
    await execute({ sql: `CREATE ROLE conf_reader_${process.pid} NOLOGIN` });
    await execute({ sql: `DROP ROLE conf_reader_${process.pid}` });
  });
});
