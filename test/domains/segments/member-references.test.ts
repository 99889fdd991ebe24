/**
 * segment_members' references to segments and contacts, enforced per
 * statement by the triggers of schema/113 instead of two foreign keys: the
 * same refusals (SQLSTATE 23503 with the keys' names, which the API's error
 * mapping reads), the same cascades, key changes refused, and the races a
 * foreign key closes (a member written while its contact or segment is being
 * deleted never outlives it), on the real PostgreSQL.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { ForeignKeyViolationError, postgresError } from '../../../lambdas/platform/db/errors.js';
import { formatPostgresMessage } from '../../../local/data-api/service-error.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db.drop();
});

async function contact(): Promise<string> {
  const { rows } = await db.pool.query<{ id: string }>(`INSERT INTO directory.contacts (full_name) VALUES ('C') RETURNING id`);
  return rows[0]!.id;
}

async function segment(): Promise<string> {
  const { rows } = await db.pool.query<{ id: string }>(`INSERT INTO marketing.segments (segment_name, segment_type) VALUES ('S', 'static') RETURNING id`);
  return rows[0]!.id;
}

async function members(segmentId: string): Promise<string[]> {
  const { rows } = await db.pool.query<{ contact_id: string }>('SELECT contact_id FROM marketing.segment_members WHERE segment_id = $1 ORDER BY contact_id', [segmentId]);
  return rows.map((r) => r.contact_id);
}

async function memberCount(segmentId: string): Promise<number> {
  const { rows } = await db.pool.query<{ member_count: number }>('SELECT member_count FROM marketing.segments WHERE id = $1', [segmentId]);
  return rows[0]!.member_count;
}

const MISSING = '00000000-0000-7000-8000-000000000001';

async function failure(run: Promise<unknown>): Promise<pg.DatabaseError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!error) throw new Error('expected the statement to fail');
  return error as pg.DatabaseError;
}

describe('a member row names an existing segment and contact', () => {
  let seg: string;
  beforeEach(async () => {
    seg = await segment();
  });

  it('refuses an unknown contact as the foreign key did, and writes none of the statement', async () => {
    const known = await contact();
    const error = await failure(
      db.pool.query('INSERT INTO marketing.segment_members (segment_id, contact_id) VALUES ($1, $2), ($1, $3)', [seg, known, MISSING]),
    );
    expect(error.code).toBe('23503');
    expect(error.message).toBe('insert or update on table "segment_members" violates foreign key constraint "segment_members_contact_id_fkey"');
    expect(error.detail).toBe(`Key (contact_id)=(${MISSING}) is not present in table "contacts".`);
    expect(error.constraint).toBe('segment_members_contact_id_fkey');
    // The API's mapping reads the key's name and column from the Data API's text of the error, as from a real key's.
    const mapped = postgresError(formatPostgresMessage(error), 'DatabaseErrorException');
    expect(mapped).toBeInstanceOf(ForeignKeyViolationError);
    expect(mapped).toMatchObject({ constraint: 'segment_members_contact_id_fkey', table: 'segment_members', columns: ['contact_id'] });
    expect(await members(seg)).toEqual([]);
    expect(await memberCount(seg)).toBe(0);
  });

  it('refuses an unknown segment', async () => {
    const error = await failure(db.pool.query('INSERT INTO marketing.segment_members (segment_id, contact_id) VALUES ($1, $2)', [MISSING, await contact()]));
    expect(error.code).toBe('23503');
    expect(error.constraint).toBe('segment_members_segment_id_fkey');
    expect(error.detail).toBe(`Key (segment_id)=(${MISSING}) is not present in table "segments".`);
  });

  it('checks a statement of thousands of rows (one pass over contacts) and leaves the planner setting as it was', async () => {
    await db.pool.query(`INSERT INTO directory.contacts (id, full_name) SELECT md5('big' || g)::uuid, 'B' FROM generate_series(1, 6000) g`);
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO marketing.segment_members (segment_id, contact_id) SELECT $1, md5('big' || g)::uuid FROM generate_series(1, 6000) g`, [seg]);
      expect((await client.query<{ enable_nestloop: string }>('SHOW enable_nestloop')).rows[0]!.enable_nestloop).toBe('on');
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    const error = await failure(
      db.pool.query(
        `INSERT INTO marketing.segment_members (segment_id, contact_id)
         SELECT $1, CASE WHEN g = 4321 THEN $2::uuid ELSE md5('big' || g)::uuid END FROM generate_series(1, 6000) g`,
        [seg, MISSING],
      ),
    );
    expect(error.constraint).toBe('segment_members_contact_id_fkey');
    expect(error.detail).toContain(MISSING);
    expect(await members(seg)).toEqual([]);
  });

  it('checks an UPDATE that changes a key, and not the stamps of leavers and returning members', async () => {
    const [a, b] = [await contact(), await contact()];
    await db.pool.query('INSERT INTO marketing.segment_members (segment_id, contact_id) VALUES ($1, $2)', [seg, a]);
    const moved = await failure(db.pool.query('UPDATE marketing.segment_members SET contact_id = $2 WHERE segment_id = $1', [seg, MISSING]));
    expect(moved.constraint).toBe('segment_members_contact_id_fkey');
    const elsewhere = await failure(db.pool.query('UPDATE marketing.segment_members SET segment_id = $2 WHERE segment_id = $1', [seg, MISSING]));
    expect(elsewhere.constraint).toBe('segment_members_segment_id_fkey');
    await db.pool.query('UPDATE marketing.segment_members SET contact_id = $2 WHERE segment_id = $1', [seg, b]);
    await db.pool.query('UPDATE marketing.segment_members SET removed_at = now() WHERE segment_id = $1', [seg]);
    expect(await members(seg)).toEqual([b]);
    expect(await memberCount(seg)).toBe(0);
  });
});

describe('deleting or truncating a parent removes its members (ON DELETE CASCADE)', () => {
  it('a contact delete removes its member rows from every segment and corrects member_count', async () => {
    const [s1, s2] = [await segment(), await segment()];
    const [a, b] = [await contact(), await contact()];
    await db.pool.query('INSERT INTO marketing.segment_members (segment_id, contact_id) VALUES ($1, $3), ($1, $4), ($2, $3)', [s1, s2, a, b]);
    await db.pool.query('DELETE FROM directory.contacts WHERE id = $1', [a]);
    expect(await members(s1)).toEqual([b]);
    expect(await members(s2)).toEqual([]);
    expect([await memberCount(s1), await memberCount(s2)]).toEqual([1, 0]);
  });

  it('a segment delete removes its member rows', async () => {
    const seg = await segment();
    await db.pool.query('INSERT INTO marketing.segment_members (segment_id, contact_id) VALUES ($1, $2)', [seg, await contact()]);
    await db.pool.query('DELETE FROM marketing.segments WHERE id = $1', [seg]);
    expect((await db.pool.query('SELECT 1 FROM marketing.segment_members WHERE segment_id = $1', [seg])).rowCount).toBe(0);
  });

  it('a referenced id cannot change (NO ACTION on update); an unreferenced one can', async () => {
    const seg = await segment();
    const [used, free] = [await contact(), await contact()];
    await db.pool.query('INSERT INTO marketing.segment_members (segment_id, contact_id) VALUES ($1, $2)', [seg, used]);
    const contactKey = await failure(db.pool.query('UPDATE directory.contacts SET id = $2 WHERE id = $1', [used, MISSING]));
    expect(contactKey.code).toBe('23503');
    expect(contactKey.message).toContain('"segment_members_contact_id_fkey"');
    const segmentKey = await failure(db.pool.query('UPDATE marketing.segments SET id = $2 WHERE id = $1', [seg, MISSING]));
    expect(segmentKey.message).toContain('"segment_members_segment_id_fkey"');
    await db.pool.query(`UPDATE directory.contacts SET id = $2 WHERE id = $1`, [free, MISSING]);
    await db.pool.query('DELETE FROM directory.contacts WHERE id = $1', [MISSING]);
  });

  it('TRUNCATE of contacts empties segment_members with it', async () => {
    const scratch = await createTestDatabase();
    try {
      const { rows } = await scratch.pool.query<{ id: string }>(`INSERT INTO directory.contacts (full_name) VALUES ('T') RETURNING id`);
      const seg = await scratch.pool.query<{ id: string }>(`INSERT INTO marketing.segments (segment_name, segment_type) VALUES ('T', 'static') RETURNING id`);
      await scratch.pool.query('INSERT INTO marketing.segment_members (segment_id, contact_id) VALUES ($1, $2)', [seg.rows[0]!.id, rows[0]!.id]);
      await scratch.pool.query('TRUNCATE directory.contacts CASCADE');
      expect((await scratch.pool.query('SELECT 1 FROM marketing.segment_members')).rowCount).toBe(0);
      expect((await scratch.pool.query<{ member_count: number }>('SELECT member_count FROM marketing.segments')).rows[0]!.member_count).toBe(0);
    } finally {
      await scratch.drop();
    }
  });
});

describe('races a foreign key closes', () => {
  /** Resolves when `pid` is waiting on a lock. */
  async function waitingOnLock(pid: number): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const { rows } = await db.pool.query<{ wait: string | null }>('SELECT wait_event_type AS wait FROM pg_stat_activity WHERE pid = $1', [pid]);
      if (rows[0]?.wait === 'Lock') return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`backend ${pid} never waited on a lock`);
  }

  /** Runs `race` with two sessions of their own (the second's backend pid given), released however it ends. */
  async function inTwoSessions(race: (first: pg.PoolClient, second: pg.PoolClient, secondPid: number) => Promise<void>): Promise<void> {
    const first = await db.pool.connect();
    const second = await db.pool.connect();
    try {
      const { rows } = await second.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await race(first, second, rows[0]!.pid);
    } finally {
      first.release();
      second.release();
    }
  }

  it('a contact deleted while a member write is in flight takes the new member row with it', async () => {
    const seg = await segment();
    const c = await contact();
    await inTwoSessions(async (writer, deleter, deleterPid) => {
      await writer.query('BEGIN');
      await writer.query('INSERT INTO marketing.segment_members (segment_id, contact_id) VALUES ($1, $2)', [seg, c]);
      const deleting = deleter.query('DELETE FROM directory.contacts WHERE id = $1', [c]);
      await waitingOnLock(deleterPid); // the cascade waits for the writer
      await writer.query('COMMIT');
      await deleting;
    });
    expect(await members(seg)).toEqual([]);
    expect(await memberCount(seg)).toBe(0);
  });

  it('a member write after an uncommitted contact delete waits for it, then is refused', async () => {
    const seg = await segment();
    const c = await contact();
    await inTwoSessions(async (deleter, writer, writerPid) => {
      await deleter.query('BEGIN');
      await deleter.query('DELETE FROM directory.contacts WHERE id = $1', [c]);
      const writing = failure(writer.query('INSERT INTO marketing.segment_members (segment_id, contact_id) VALUES ($1, $2)', [seg, c]));
      await waitingOnLock(writerPid);
      await deleter.query('COMMIT');
      expect((await writing).constraint).toBe('segment_members_contact_id_fkey');
    });
    expect(await members(seg)).toEqual([]);
  });

  it('a segment deleted while a member write is in flight waits for it and removes the row', async () => {
    const seg = await segment();
    const c = await contact();
    await inTwoSessions(async (writer, deleter, deleterPid) => {
      await writer.query('BEGIN');
      await writer.query('INSERT INTO marketing.segment_members (segment_id, contact_id) VALUES ($1, $2)', [seg, c]);
      const deleting = deleter.query('DELETE FROM marketing.segments WHERE id = $1', [seg]);
      await waitingOnLock(deleterPid);
      await writer.query('COMMIT');
      await deleting;
    });
    expect((await db.pool.query('SELECT 1 FROM marketing.segment_members WHERE segment_id = $1', [seg])).rowCount).toBe(0);
  });
});
