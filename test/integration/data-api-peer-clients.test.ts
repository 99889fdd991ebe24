/**
 * Peer Data API clients from npm, unchanged, against the local endpoint:
 * drizzle-orm's `aws-data-api/pg` driver (parameters `:1`, `:2`, ...) and
 * kysely-data-api (parameters `:0`, `:1`, ...). Both pass their suites on
 * Aurora, so both must work here too (issue 12 item 7; drizzle-orm #6147 and
 * #2372: the Data API binds numeric names such as `:1`).
 */
import { RDSData } from '@aws-sdk/client-rds-data';
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/aws-data-api/pg';
import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { Kysely, sql as ksql } from 'kysely';
import { DataApiDialect } from 'kysely-data-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { startTestDataApi, type TestDataApi } from '../support/data-api.js';

let db: TestDatabase;
let api: TestDataApi;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestDataApi(db);
  await db.pool.query(`CREATE TABLE peer_notes (id uuid PRIMARY KEY, title text NOT NULL, doc jsonb, at timestamptz)`);
});

afterAll(async () => {
  await api?.stop();
  await db?.drop();
});

const notes = pgTable('peer_notes', {
  id: uuid('id').primaryKey(),
  title: text('title').notNull(),
  doc: jsonb('doc'),
  at: timestamp('at', { withTimezone: true, mode: 'string' }),
});

describe("drizzle-orm's aws-data-api/pg driver (:1, :2 parameters)", () => {
  const orm = () => drizzle(api.client, { ...api.target });

  it('runs a parameterised select', async () => {
    const rows = await orm().execute(sql`SELECT ${41}::int + 1 AS answer, ${'peer'} AS word`);
    expect(rows.rows).toEqual([{ answer: 42, word: 'peer' }]);
  });

  it('inserts uuid, jsonb and timestamptz parameters and reads them back', async () => {
    const id = '0190e0c8-0000-7000-8000-00000000d001';
    await orm().insert(notes).values({ id, title: 'drizzle', doc: { tags: ['a', 'b'], n: 1 }, at: '2025-01-02T03:04:05.678Z' });
    const [row] = await orm().select().from(notes).where(eq(notes.id, id));
    expect(row).toMatchObject({ id, title: 'drizzle', doc: { tags: ['a', 'b'], n: 1 } });
    const { rows } = await db.pool.query(`SELECT at = '2025-01-02 03:04:05.678+00' AS same FROM peer_notes WHERE id = $1`, [id]);
    expect(rows).toEqual([{ same: true }]);
  });

  it('commits a transaction, and rolls one back when its work throws', async () => {
    const kept = '0190e0c8-0000-7000-8000-00000000d002';
    const dropped = '0190e0c8-0000-7000-8000-00000000d003';
    await orm().transaction(async (tx) => {
      await tx.insert(notes).values({ id: kept, title: 'kept' });
    });
    await expect(
      orm().transaction(async (tx) => {
        await tx.insert(notes).values({ id: dropped, title: 'dropped' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const { rows } = await db.pool.query(`SELECT title FROM peer_notes WHERE id IN ($1, $2)`, [kept, dropped]);
    expect(rows).toEqual([{ title: 'kept' }]);
  });
});

interface PeerDb {
  peer_notes: { id: string; title: string; doc: unknown; at: Date | string | null };
}

describe('kysely-data-api (:0, :1 parameters)', () => {
  let kysely: Kysely<PeerDb>;
  const clients: RDSData[] = [];
  afterAll(() => clients.forEach((c) => c.destroy()));
  beforeAll(() => {
    // kysely-data-api calls the aggregated client's methods (executeStatement, ...), so it gets an RDSData of its own.
    const client = new RDSData({ endpoint: api.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    clients.push(client);
    kysely = new Kysely<PeerDb>({ dialect: new DataApiDialect({ mode: 'postgres', driver: { client, ...api.target } }) });
  });

  it('runs a parameterised select', async () => {
    const rows = await kysely.selectFrom('peer_notes').select(['title']).where('title', '=', 'nobody').execute();
    expect(rows).toEqual([]);
    const { rows: raw } = await ksql<{ answer: number }>`SELECT ${41}::int + 1 AS answer`.execute(kysely);
    expect(raw).toEqual([{ answer: 42 }]);
  });

  it('inserts uuid, jsonb and timestamptz parameters (type hints) and reads them back', async () => {
    const id = '0190e0c8-0000-7000-8000-00000000e001';
    // kysely-data-api passes typed Data API values through unchanged: the documented way to send UUID and JSON.
    const typed = (stringValue: string, typeHint: 'UUID' | 'JSON') => ({ value: { stringValue }, typeHint }) as unknown as string;
    await kysely
      .insertInto('peer_notes')
      .values({ id: typed(id, 'UUID'), title: 'kysely', doc: typed('{"n": 2}', 'JSON'), at: new Date('2025-01-02T03:04:05.678Z') })
      .execute();
    const row = await kysely.selectFrom('peer_notes').selectAll().where('id', '=', typed(id, 'UUID')).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ id, title: 'kysely', doc: { n: 2 } });
    expect((row.at as Date).toISOString()).toBe('2025-01-02T03:04:05.678Z');
  });

  it('commits a transaction, and rolls one back when its work throws', async () => {
    const kept = '0190e0c8-0000-7000-8000-00000000e002';
    const dropped = '0190e0c8-0000-7000-8000-00000000e003';
    await kysely.transaction().execute(async (trx) => {
      await trx.insertInto('peer_notes').values({ id: ksql`CAST(${kept} AS uuid)` as unknown as string, title: 'kept-k' }).execute();
    });
    await expect(
      kysely.transaction().execute(async (trx) => {
        await trx.insertInto('peer_notes').values({ id: ksql`CAST(${dropped} AS uuid)` as unknown as string, title: 'dropped-k' }).execute();
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const { rows } = await db.pool.query(`SELECT title FROM peer_notes WHERE id IN ($1, $2)`, [kept, dropped]);
    expect(rows).toEqual([{ title: 'kept-k' }]);
  });
});
