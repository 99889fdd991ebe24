/**
 * The local Data API endpoint against the facts the team codes to (one
 * statement per call, no array parameters, type hints, limits, transactions,
 * result encodings, errors), one by one, through the real SDK client.
 */
import {
  BatchExecuteStatementCommand,
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  RollbackTransactionCommand,
  type ExecuteStatementCommandInput,
} from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { startTestDataApi, type TestDataApi } from '../support/data-api.js';

let db: TestDatabase;
let api: TestDataApi;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestDataApi(db, {
    callTimeoutMs: 1_000,
    idleTransactionMs: 1_000,
    limits: { maxResponseBytes: 64 * 1024, maxRowBytes: 16 * 1024 },
  });
  await db.pool.query(`CREATE TABLE conf (id uuid PRIMARY KEY, note text, n int)`);
});

afterAll(async () => {
  await api?.stop();
  await db?.drop();
});

function execute(input: Omit<ExecuteStatementCommandInput, 'resourceArn' | 'secretArn' | 'database'>) {
  return api.client.send(new ExecuteStatementCommand({ ...api.target, ...input }));
}

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  const error = (await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  )) as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
  return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
}

describe('calls', () => {
  it('runs one statement per call and refuses several', async () => {
    await expect(execute({ sql: 'SELECT 1;' })).resolves.toMatchObject({ records: [[{ longValue: 1 }]] });
    await expect(execute({ sql: `SELECT 'a;b' AS s -- ; not a second statement` })).resolves.toBeDefined();
    expect(await failure(execute({ sql: 'SELECT 1; SELECT 2' }))).toEqual({
      name: 'ValidationException',
      message: "Multistatements aren't supported.",
      status: 400,
    });
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM conf`);
    expect(rows[0].n).toBe(0);
  });

  it('refuses array parameters in ExecuteStatement and BatchExecuteStatement', async () => {
    const arrayParam = [{ name: 'tags', value: { arrayValue: { stringValues: ['a'] } } }];
    expect(await failure(execute({ sql: 'SELECT CAST(:tags AS text[])', parameters: arrayParam }))).toMatchObject({
      name: 'BadRequestException',
      message: 'Array parameters are not supported.',
    });
    expect(
      await failure(api.client.send(new BatchExecuteStatementCommand({ ...api.target, sql: 'SELECT :tags', parameterSets: [arrayParam] }))),
    ).toMatchObject({ name: 'BadRequestException', message: 'Array parameters are not supported.' });
  });

  // drizzle-orm #2583, #1912: the current service binds plain strings as text (`uuid = text`).
  it('binds a plain string as text: comparing it to uuid needs the UUID hint or a cast', async () => {
    const id = '0190e0c8-0000-7000-8000-000000000001';
    const plain = await failure(execute({ sql: 'SELECT * FROM conf WHERE id = :id', parameters: [{ name: 'id', value: { stringValue: id } }] }));
    expect(plain.name).toBe('DatabaseErrorException');
    expect(plain.message).toMatch(/^ERROR: operator does not exist: uuid = text; Hint: [^\n]*; Position: \d+; SQLState: 42883$/);
    await expect(
      execute({ sql: 'SELECT * FROM conf WHERE id = :id', parameters: [{ name: 'id', value: { stringValue: id }, typeHint: 'UUID' }] }),
    ).resolves.toMatchObject({ records: [] });
  });

  it('accepts the documented type hint formats and rejects others', async () => {
    const hint = (typeHint: 'TIMESTAMP' | 'DATE' | 'TIME' | 'UUID' | 'DECIMAL' | 'JSON', value: string) =>
      execute({ sql: 'SELECT :v::text AS v', parameters: [{ name: 'v', value: { stringValue: value }, typeHint }] });
    const accepted: [Parameters<typeof hint>[0], string, string][] = [
      ['TIMESTAMP', '2025-01-02 03:04:05', '2025-01-02 03:04:05'],
      ['TIMESTAMP', '2025-01-02 03:04:05.678', '2025-01-02 03:04:05.678'],
      ['DATE', '2025-01-02', '2025-01-02'],
      ['TIME', '03:04:05', '03:04:05'],
      ['UUID', '0190E0C8-0000-7000-8000-000000000001', '0190e0c8-0000-7000-8000-000000000001'],
      ['DECIMAL', '12.50', '12.50'],
      ['JSON', '{"a": [1, 2]}', '{"a": [1, 2]}'],
    ];
    for (const [typeHint, value, expected] of accepted) {
      expect((await hint(typeHint, value)).records?.[0]?.[0]).toEqual({ stringValue: expected });
    }
    for (const [typeHint, value] of [
      ['TIMESTAMP', '2025-01-02T03:04:05Z'],
      ['TIMESTAMP', '2025-01-02 03:04:05Z'],
      ['DATE', '02/01/2025'],
      ['TIME', '3:04'],
      ['UUID', 'not-a-uuid'],
      ['DECIMAL', '1,5'],
    ] as const) {
      expect((await failure(hint(typeHint, value))).name, `${typeHint} ${value}`).toBe('BadRequestException');
    }
    expect((await failure(hint('TIMESTAMP', '2025-01-02T03:04:05Z'))).message).toBe(
      "Text '2025-01-02T03:04:05Z' could not be parsed at index 10",
    );
  });

  it('refuses SQL text beyond 65,536 characters', async () => {
    const sql = `SELECT 1 /*${'x'.repeat(65_536)}*/`;
    expect(await failure(execute({ sql }))).toMatchObject({ name: 'ValidationException' });
  });

  it('refuses a request body beyond 4 MiB', async () => {
    const big = 'x'.repeat(4 * 1024 * 1024);
    expect(await failure(execute({ sql: 'SELECT :v', parameters: [{ name: 'v', value: { stringValue: big } }] }))).toMatchObject({
      name: 'BadRequestException',
    });
  });

  it('fails a call whose response passes the response size limit, and a row past the row limit', async () => {
    // Limits are scaled down for this endpoint (64 KiB response, 16 KiB row) so the test stays fast.
    await expect(execute({ sql: `SELECT repeat('x', 1000) FROM generate_series(1, 50)` })).resolves.toBeDefined();
    expect(await failure(execute({ sql: `SELECT repeat('x', 1000) FROM generate_series(1, 100)` }))).toEqual({
      name: 'BadRequestException',
      message: 'Database returned more than the allowed response size limit',
      status: 400,
    });
    expect(await failure(execute({ sql: `SELECT repeat('x', 20000)` }))).toMatchObject({ name: 'BadRequestException' });
  });

  it('cancels a statement past the call timeout unless continueAfterTimeout', async () => {
    const id = '0190e0c8-0000-7000-8000-0000000000a1';
    const slow = (continueAfterTimeout: boolean, uuid: string) =>
      execute({
        sql: `INSERT INTO conf (id, note) SELECT :id, 'slow' FROM pg_sleep(1.5)`,
        parameters: [{ name: 'id', value: { stringValue: uuid }, typeHint: 'UUID' }],
        continueAfterTimeout,
      });
    expect(await failure(slow(false, id))).toMatchObject({ name: 'StatementTimeoutException' });
    const id2 = '0190e0c8-0000-7000-8000-0000000000a2';
    expect(await failure(slow(true, id2))).toMatchObject({ name: 'StatementTimeoutException' });
    await new Promise((r) => setTimeout(r, 1_500));
    const { rows } = await db.pool.query(`SELECT id::text FROM conf WHERE note = 'slow' ORDER BY id`);
    expect(rows).toEqual([{ id: id2 }]);
  });

  it('selects the database by the request field', async () => {
    const other = await execute({ sql: 'SELECT current_database() AS d' });
    expect(other.records?.[0]?.[0]).toEqual({ stringValue: db.name });
    const postgres = await api.client.send(new ExecuteStatementCommand({ ...api.target, database: 'postgres', sql: 'SELECT current_database()' }));
    expect(postgres.records?.[0]?.[0]).toEqual({ stringValue: 'postgres' });
  });

  it('returns an empty generatedFields for PostgreSQL and counts updated rows; RETURNING gives the rows', async () => {
    const inserted = await execute({
      sql: `INSERT INTO conf (id, n) VALUES (gen_random_uuid(), 1), (gen_random_uuid(), 2) RETURNING n`,
    });
    expect(inserted.generatedFields).toEqual([]);
    expect(inserted.numberOfRecordsUpdated).toBe(2);
    expect(inserted.records).toEqual([[{ longValue: 1 }], [{ longValue: 2 }]]);
    const updated = await execute({ sql: `UPDATE conf SET n = n + 1 WHERE n IS NOT NULL` });
    expect(updated.numberOfRecordsUpdated).toBe(2);
    expect(updated.records).toBeUndefined();
    const selected = await execute({ sql: `SELECT n FROM conf WHERE n IS NOT NULL` });
    expect(selected.numberOfRecordsUpdated).toBe(0);
  });
});

describe('transactions', () => {
  const begin = async () => (await api.client.send(new BeginTransactionCommand(api.target))).transactionId as string;

  it('commits and rolls back by id', async () => {
    const kept = await begin();
    expect(kept).toEqual(expect.any(String));
    await execute({ sql: `INSERT INTO conf (id, note) VALUES (gen_random_uuid(), 'kept')`, transactionId: kept });
    const committed = await api.client.send(new CommitTransactionCommand({ ...api.target, transactionId: kept }));
    expect(committed.transactionStatus).toBe('Transaction Committed');

    const dropped = await begin();
    await execute({ sql: `INSERT INTO conf (id, note) VALUES (gen_random_uuid(), 'dropped')`, transactionId: dropped });
    const rolledBack = await api.client.send(new RollbackTransactionCommand({ ...api.target, transactionId: dropped }));
    expect(rolledBack.transactionStatus).toBe('Rollback Complete');

    const { rows } = await db.pool.query(`SELECT note FROM conf WHERE note IN ('kept', 'dropped')`);
    expect(rows).toEqual([{ note: 'kept' }]);
  });

  it('fails a second call while one is running in the same transaction', async () => {
    const id = await begin();
    const first = execute({ sql: 'SELECT pg_sleep(0.4)::text', transactionId: id });
    await new Promise((r) => setTimeout(r, 100));
    expect(await failure(execute({ sql: 'SELECT 1', transactionId: id }))).toMatchObject({
      name: 'DatabaseErrorException',
      message: 'Transaction is still running a query',
    });
    await first;
    await api.client.send(new RollbackTransactionCommand({ ...api.target, transactionId: id }));
  });

  it('rolls back a transaction left idle (3 minutes in AWS, 1 s here)', async () => {
    const id = await begin();
    await execute({ sql: `INSERT INTO conf (id, note) VALUES (gen_random_uuid(), 'idle')`, transactionId: id });
    await new Promise((r) => setTimeout(r, 1_400));
    expect(await failure(execute({ sql: 'SELECT 1', transactionId: id }))).toMatchObject({
      name: 'TransactionNotFoundException',
      message: expect.stringContaining(`Transaction ${id} is not found`),
    });
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM conf WHERE note = 'idle'`);
    expect(rows[0].n).toBe(0);
  });
});

describe('results', () => {
  const SQL = `SELECT '0190e0c8-0000-7000-8000-000000000001'::uuid AS id, '{"a": 1}'::jsonb AS doc,
      DATE '2025-01-02' AS day, TIMESTAMPTZ '2025-01-02 03:04:05.678+02' AS at, 12.50::numeric(12,2) AS amount,
      9007199254740993::int8 AS big, 7::int4 AS small, 1.5::float8 AS dbl, true AS flag,
      ARRAY['a', 'b,c', NULL]::text[] AS tags, ARRAY[1, 2]::int[] AS ints, NULL::text AS nothing, TIME '03:04:05' AS clock`;

  it('records mode: strings for uuid, jsonb, date, timestamptz (UTC) and numeric; longs; arrays; isNull', async () => {
    const out = await execute({ sql: SQL });
    expect(out.records?.[0]).toEqual([
      { stringValue: '0190e0c8-0000-7000-8000-000000000001' },
      { stringValue: '{"a": 1}' },
      { stringValue: '2025-01-02' },
      { stringValue: '2025-01-02 01:04:05.678' },
      { stringValue: '12.50' },
      { longValue: 9007199254740992 }, // a JSON number: rounded by JavaScript, hence longReturnType STRING
      { longValue: 7 },
      { doubleValue: 1.5 },
      { booleanValue: true },
      { arrayValue: { stringValues: ['a', 'b,c', null] } },
      { arrayValue: { longValues: [1, 2] } },
      { isNull: true },
      { stringValue: '03:04:05' },
    ]);
    const asString = await execute({ sql: SQL, resultSetOptions: { longReturnType: 'STRING' } });
    expect(asString.records?.[0]?.[5]).toEqual({ stringValue: '9007199254740993' });
  });

  it('columnMetadata describes each column when asked', async () => {
    const out = await execute({ sql: `SELECT id, note, n FROM conf LIMIT 0`, includeResultMetadata: true });
    expect(out.columnMetadata?.map((c) => [c.name, c.typeName, c.tableName, c.nullable])).toEqual([
      ['id', 'uuid', 'conf', 0],
      ['note', 'text', 'conf', 1],
      ['n', 'int4', 'conf', 1],
    ]);
    const numeric = await execute({ sql: `SELECT 1.5::numeric(5,4) AS r`, includeResultMetadata: true });
    expect(numeric.columnMetadata?.[0]).toMatchObject({ typeName: 'numeric', precision: 5, scale: 4 });
    const without = await execute({ sql: `SELECT 1` });
    expect(without.columnMetadata).toBeUndefined();
  });

  it("formatRecordsAs 'JSON': numbers, decimals as strings, arrays, date strings, jsonb as a string, no metadata", async () => {
    const out = await execute({ sql: SQL, formatRecordsAs: 'JSON', includeResultMetadata: true });
    expect(out.records).toBeUndefined();
    expect(out.columnMetadata ?? []).toEqual([]);
    // The wire carries int8's exact digits; JSON.parse then rounds them, as any JSON client would.
    expect(out.formattedRecords).toContain('"big":9007199254740993,');
    expect(JSON.parse(out.formattedRecords as string)).toEqual([
      {
        id: '0190e0c8-0000-7000-8000-000000000001',
        doc: '{"a": 1}',
        day: '2025-01-02',
        at: '2025-01-02 01:04:05.678',
        amount: '12.50',
        big: 2 ** 53,
        small: 7,
        dbl: 1.5,
        flag: true,
        tags: ['a', 'b,c', null],
        ints: [1, 2],
        nothing: null,
        clock: '03:04:05',
      },
    ]);
  });

  it('returns NaN and Infinity as strings, single and in float arrays, so the response stays valid JSON', async () => {
    const sql = `SELECT 'NaN'::float8 AS one, ARRAY['NaN', '-Infinity', '1.5']::float8[] AS many, ARRAY[1.5, NULL]::float4[] AS finite`;
    const out = await execute({ sql });
    expect(out.records?.[0]).toEqual([
      { stringValue: 'NaN' },
      { arrayValue: { stringValues: ['NaN', '-Infinity', '1.5'] } },
      { arrayValue: { doubleValues: [1.5, null] } },
    ]);
    const json = await execute({ sql, formatRecordsAs: 'JSON' });
    expect(JSON.parse(json.formattedRecords as string)).toEqual([{ one: 'NaN', many: ['NaN', '-Infinity', 1.5], finite: [1.5, null] }]);
  });

  it('raises UnsupportedResultException for geometric, money and multidimensional arrays; text casts work', async () => {
    for (const sql of [`SELECT point(1, 2)`, `SELECT 12.5::money`, `SELECT ARRAY[[1, 2], [3, 4]]`]) {
      expect((await failure(execute({ sql }))).name, sql).toBe('UnsupportedResultException');
    }
    const cast = await execute({ sql: `SELECT point(1, 2)::text` });
    expect(cast.records?.[0]?.[0]).toEqual({ stringValue: '(1,2)' });
  });
});

describe('errors', () => {
  // The current service's one-line layout, `ERROR: ...; Hint: ...; Position: 54; SQLState: 42883` (drizzle-orm #2583, #1912).
  it("carries PostgreSQL's message in the Data API's one-line layout as DatabaseErrorException", async () => {
    await db.pool.query(`INSERT INTO conf (id, note) VALUES ('0190e0c8-0000-7000-8000-0000000000ff', 'dup')`);
    const dup = await failure(execute({ sql: `INSERT INTO conf (id) VALUES ('0190e0c8-0000-7000-8000-0000000000ff')` }));
    expect(dup).toEqual({
      name: 'DatabaseErrorException',
      status: 400,
      message:
        'ERROR: duplicate key value violates unique constraint "conf_pkey"; ' +
        'Detail: Key (id)=(0190e0c8-0000-7000-8000-0000000000ff) already exists.; SQLState: 23505',
    });
    const missing = await failure(execute({ sql: `SELECT * FROM nope` }));
    expect(missing.message).toBe('ERROR: relation "nope" does not exist; Position: 15; SQLState: 42P01');
  });

  it('leaves out node-postgres\'s "unnamed portal parameter" context, which quotes the value', async () => {
    // A DATE hint in the documented shape that PostgreSQL still refuses fails while the parameter is bound.
    const bad = await failure(
      execute({ sql: 'SELECT :d AS d', parameters: [{ name: 'd', value: { stringValue: '2025-02-30' }, typeHint: 'DATE' }] }),
    );
    expect(bad.message).toBe('ERROR: date/time field value out of range: "2025-02-30"; SQLState: 22008');
  });
});
