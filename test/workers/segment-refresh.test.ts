import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgExecutor } from '../../local/pg-executor.js';
import { refreshSegments } from '../../lambdas/workers/segment-refresh/refresh.js';
import { createTestDatabase } from '../support/db.js';
import type { TestDatabase } from '../support/db.js';

describe('segment refresh (one statement, real PostgreSQL)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  async function segment(name: string, autoRefresh: boolean): Promise<string> {
    const { rows } = await db.pool.query<{ id: string }>(
      'INSERT INTO marketing.segments (segment_name, auto_refresh) VALUES ($1, $2) RETURNING id',
      [name, autoRefresh],
    );
    return rows[0]!.id;
  }

  async function addMembers(segmentId: string, count: number, removed = false): Promise<void> {
    for (let i = 0; i < count; i++) {
      const contact = await db.pool.query<{ id: string }>('INSERT INTO directory.contacts DEFAULT VALUES RETURNING id');
      await db.pool.query(
        'INSERT INTO marketing.segment_members (segment_id, contact_id, removed_at) VALUES ($1, $2, $3)',
        [segmentId, contact.rows[0]!.id, removed ? new Date() : null],
      );
    }
  }

  async function state(id: string) {
    const { rows } = await db.pool.query<{ member_count: number; last_calculated_at: Date | null }>(
      'SELECT member_count, last_calculated_at FROM marketing.segments WHERE id = $1',
      [id],
    );
    return rows[0]!;
  }

  it('stamps every auto-refresh segment with its count of current members and leaves the others alone', async () => {
    const auto = await segment('VIP guests', true);
    const emptyAuto = await segment('Nobody yet', true);
    const manual = await segment('Hand-picked', false);
    await addMembers(auto, 3);
    await addMembers(auto, 2, true);
    await addMembers(manual, 1);
    const before = new Date();

    const result = await refreshSegments(pgExecutor(db.pool));

    expect(result).toEqual({ refreshed: 2 });
    const a = await state(auto);
    expect(a.member_count).toBe(3);
    expect(a.last_calculated_at!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    const e = await state(emptyAuto);
    expect(e.member_count).toBe(0);
    expect(e.last_calculated_at).not.toBeNull();
    const m = await state(manual);
    expect(m.member_count).toBe(1);
    expect(m.last_calculated_at).toBeNull();
  });
});
