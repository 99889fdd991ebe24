/**
 * Every column type the schemas use, through the real SDK client -> local
 * Data API -> PostgreSQL -> back, plus transactions, error mapping and the
 * migrator, all through the Data API executor.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSchemaFiles, migrate, readLedger } from '../../lambdas/workers/migrator/index.js';
import {
  CheckViolationError,
  ForeignKeyViolationError,
  NotNullViolationError,
  UniqueViolationError,
  sqlValue,
} from '../../lambdas/platform/db/index.js';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from '../support/db.js';
import { startTestDataApi, type TestDataApi } from '../support/data-api.js';

let db: TestDatabase;
let api: TestDataApi;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestDataApi(db);
  await db.pool.query(`
    CREATE TABLE rt_parent (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
    CREATE TABLE rt_all (
      id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name      text NOT NULL,
      code      text UNIQUE,
      qty       integer CHECK (qty >= 0),
      big       bigint,
      flag      boolean,
      pct       numeric(5,2),
      amount    numeric(12,2),
      ratio     numeric(5,4),
      at        timestamptz,
      day       date,
      clock     time,
      doc       jsonb,
      tags      text[],
      parent_id uuid REFERENCES rt_parent(id)
    )`);
});

afterAll(async () => {
  await api?.stop();
  await db?.drop();
});

const INSERT = `INSERT INTO rt_all (name, code, qty, big, flag, pct, amount, ratio, at, day, clock, doc, tags)
  VALUES (:name, :code, :qty, CAST(:big AS bigint), :flag, :pct, :amount, :ratio, :at, :day, :clock, :doc, CAST(:tags AS text[]))
  RETURNING *`;

describe('round trip of every schema column type', () => {
  it('returns exactly what was stored', async () => {
    const tags = ['plain', 'with,comma', 'with "quotes"', 'back\\slash', 'ünïcødé ✓', '', 'NULL', null];
    const { rows, rowCount } = await api.executor.query(INSERT, {
      name: 'Zoë',
      code: 'C-1',
      qty: 2147483647,
      big: sqlValue.decimal('9007199254740993'),
      flag: true,
      pct: sqlValue.decimal('123.45'),
      amount: sqlValue.decimal('9999999999.99'),
      ratio: sqlValue.decimal('0.1234'),
      at: new Date('2025-06-07T08:09:10.123Z'),
      day: sqlValue.date('2025-02-28'),
      clock: sqlValue.time('23:59:58'),
      doc: sqlValue.json({ nested: { list: [1, 'two', null], ok: true }, unicode: 'é' }),
      tags: sqlValue.textArray(tags),
    });
    expect(rowCount).toBe(1);
    const row = rows[0] as Record<string, unknown>;
    expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row).toMatchObject({
      name: 'Zoë',
      code: 'C-1',
      qty: 2147483647,
      big: '9007199254740993',
      flag: true,
      pct: '123.45',
      amount: '9999999999.99',
      ratio: '0.1234',
      at: '2025-06-07T08:09:10.123Z',
      day: '2025-02-28',
      clock: '23:59:58',
      doc: { nested: { list: [1, 'two', null], ok: true }, unicode: 'é' },
      tags,
      parent_id: null,
    });
    // The database holds the same values, not merely the same strings.
    const stored = await db.pool.query(
      `SELECT big::text, amount::text, at = '2025-06-07 08:09:10.123+00' AS same_instant, tags = $1::text[] AS same_tags
         FROM rt_all WHERE id = $2`,
      [tags, row.id],
    );
    expect(stored.rows[0]).toEqual({ big: '9007199254740993', amount: '9999999999.99', same_instant: true, same_tags: true });
  });

  it('keeps safe bigints as numbers, empty arrays as [] and NULLs as null', async () => {
    const { rows } = await api.executor.query(INSERT, {
      name: 'n',
      code: null,
      qty: null,
      big: '42',
      flag: false,
      pct: null,
      amount: sqlValue.decimal('0.10'),
      ratio: null,
      at: null,
      day: null,
      clock: null,
      doc: sqlValue.json(['a', 1]),
      tags: sqlValue.textArray([]),
    });
    expect(rows[0]).toMatchObject({ big: 42, flag: false, amount: '0.10', doc: ['a', 1], tags: [], qty: null, at: null });
  });

  it('round-trips jsonb strings and numbers as JSON, not as text', async () => {
    const { rows } = await api.executor.query(`SELECT CAST(:a AS jsonb) AS a, CAST(:b AS jsonb) AS b`, {
      a: sqlValue.json('just a string'),
      b: sqlValue.json(12.5),
    });
    expect(rows[0]).toEqual({ a: 'just a string', b: 12.5 });
  });

  it('filters a text[] column with a text-array parameter', async () => {
    const { rows } = await api.executor.query(
      `SELECT name FROM rt_all WHERE tags && CAST(:wanted AS text[]) ORDER BY name`,
      { wanted: sqlValue.textArray(['with,comma']) },
    );
    expect(rows).toEqual([{ name: 'Zoë' }]);
  });
});

describe('transactions through the executor', () => {
  it('a transaction that throws leaves nothing behind', async () => {
    await expect(
      api.executor.transaction(async (tx) => {
        await tx.query(`INSERT INTO rt_all (name, code) VALUES ('tx', 'TX-1')`);
        await tx.query(`INSERT INTO rt_all (name, code) VALUES ('tx', 'TX-2')`);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM rt_all WHERE name = 'tx'`);
    expect(rows[0].n).toBe(0);
  });

  it('a failed statement rolls the whole transaction back', async () => {
    await expect(
      api.executor.transaction(async (tx) => {
        await tx.query(`INSERT INTO rt_all (name, code) VALUES ('tx2', 'TX-3')`);
        await tx.query(`INSERT INTO rt_all (name, code) VALUES ('tx2', 'TX-3')`);
      }),
    ).rejects.toBeInstanceOf(UniqueViolationError);
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM rt_all WHERE name = 'tx2'`);
    expect(rows[0].n).toBe(0);
  });

  it('queues concurrent calls on one transaction instead of failing, and commits', async () => {
    const names = Array.from({ length: 5 }, (_, i) => `q${i}`);
    await api.executor.transaction(async (tx) => {
      await Promise.all(names.map((name) => tx.query(`INSERT INTO rt_all (name) SELECT :name FROM pg_sleep(0.02)`, { name })));
    });
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM rt_all WHERE name LIKE 'q_'`);
    expect(rows[0].n).toBe(5);
  });
});

describe('PostgreSQL errors become typed errors', () => {
  it('maps unique, foreign key, check and not-null violations with their constraint or column', async () => {
    await db.pool.query(`INSERT INTO rt_all (name, code) VALUES ('dup', 'DUP')`);
    const unique = await api.executor.query(`INSERT INTO rt_all (name, code) VALUES ('x', 'DUP')`).catch((e: unknown) => e);
    expect(unique).toBeInstanceOf(UniqueViolationError);
    expect(unique).toMatchObject({ constraint: 'rt_all_code_key', columns: ['code'], sqlState: '23505' });

    const fk = await api.executor
      .query(`INSERT INTO rt_all (name, parent_id) VALUES ('x', :p)`, { p: sqlValue.uuid('00000000-0000-4000-8000-000000000000') })
      .catch((e: unknown) => e);
    expect(fk).toBeInstanceOf(ForeignKeyViolationError);
    expect(fk).toMatchObject({ constraint: 'rt_all_parent_id_fkey', table: 'rt_all' });

    const check = await api.executor.query(`INSERT INTO rt_all (name, qty) VALUES ('x', -1)`).catch((e: unknown) => e);
    expect(check).toBeInstanceOf(CheckViolationError);
    expect(check).toMatchObject({ constraint: 'rt_all_qty_check', table: 'rt_all' });

    const notNull = await api.executor.query(`INSERT INTO rt_all (name) VALUES (NULL)`).catch((e: unknown) => e);
    expect(notNull).toBeInstanceOf(NotNullViolationError);
    expect(notNull).toMatchObject({ column: 'name', table: 'rt_all' });
  });
});

describe('the migrator through the Data API', () => {
  let empty: TestDatabase;
  let emptyApi: TestDataApi;
  beforeAll(async () => {
    empty = await createEmptyDatabase();
    emptyApi = await startTestDataApi(empty);
  });
  afterAll(async () => {
    await emptyApi?.stop();
    await empty?.drop();
  });

  it('applies every schema file to an empty database, one statement per call', async () => {
    // Before the first migration there is no ledger: an empty list, not an error.
    expect(await readLedger(emptyApi.executor)).toEqual([]);
    const files = await loadSchemaFiles(path.resolve('schema'));
    const result = await migrate({ executor: emptyApi.executor, files });
    expect(result.applied).toEqual(files.map((f) => f.name));
    const ledger = await readLedger(emptyApi.executor);
    expect(ledger.map((e) => [e.file, e.sha256])).toEqual(files.map((f) => [f.name, f.sha256]));
    // Same tables as the template the harness migrated directly over pg.
    const tables = `SELECT table_schema || '.' || table_name AS t FROM information_schema.tables
                     WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`;
    const viaDataApi = (await empty.pool.query(tables)).rows;
    const viaPg = (await db.pool.query(tables)).rows.filter((r: { t: string }) => !r.t.startsWith('public.rt_'));
    expect(viaDataApi).toEqual(viaPg);
    const again = await migrate({ executor: emptyApi.executor, files });
    expect(again.applied).toEqual([]);
  });
});

describe('array elements decode like single values', () => {
  it('timestamptz[], timestamp[], jsonb[] and int8[] elements', async () => {
    const { rows } = await api.executor.query(`SELECT
      ARRAY['2025-01-02 03:04:05.5+00', NULL]::timestamptz[] AS ats,
      ARRAY['2025-01-02 03:04:05']::timestamp[] AS locals,
      ARRAY['{"a": [1]}', 'null', NULL]::jsonb[] AS docs,
      ARRAY[9007199254740993, 7]::int8[] AS bigs`);
    expect(rows[0]).toEqual({
      ats: ['2025-01-02T03:04:05.500Z', null],
      locals: ['2025-01-02T03:04:05.000'],
      docs: [{ a: [1] }, null, null],
      bigs: ['9007199254740993', 7],
    });
  });
});

describe('a query the transaction work queued but did not await', () => {
  it('fails the transaction with its own typed error, after rolling back', async () => {
    const error = await api.executor
      .transaction(async (tx) => {
        void tx.query(`INSERT INTO rt_all (name, code) VALUES ('kept?', 'unawaited-1')`);
        void tx.query(`INSERT INTO rt_all (name) VALUES (NULL)`);
        return 'done';
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(NotNullViolationError);
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM rt_all WHERE code = 'unawaited-1'`);
    expect(rows[0].n).toBe(0);
  });
});
