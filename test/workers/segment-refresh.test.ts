import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgExecutor } from '../../local/pg-executor.js';
import { REFRESH_LOCK_PREFIX } from '../../lambdas/segments/repository.js';
import type { SqlExecutor } from '../../lambdas/platform/db/executor.js';
import { BACKGROUND_SETTINGS, refreshSegments } from '../../lambdas/workers/segment-refresh/refresh.js';
import { createTestDatabase } from '../support/db.js';
import type { TestDatabase } from '../support/db.js';

describe('segment refresh worker (segments repository, real PostgreSQL)', () => {
  let db: TestDatabase;
  const withEmail = { all: [{ field: 'has_email', op: 'is_true' }] };

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.pool.query(`INSERT INTO directory.contacts (email) SELECT 'g' || n || '@example.com' FROM generate_series(1, 3) n`);
    await db.pool.query(`INSERT INTO directory.contacts (email) VALUES (NULL)`);
  });
  afterAll(async () => {
    await db.drop();
  });

  async function segment(name: string, type: 'static' | 'dynamic', autoRefresh: boolean, criteria: unknown = null): Promise<string> {
    const { rows } = await db.pool.query<{ id: string }>(
      'INSERT INTO marketing.segments (segment_name, segment_type, auto_refresh, criteria) VALUES ($1, $2, $3, $4) RETURNING id',
      [name, type, autoRefresh, criteria === null ? null : JSON.stringify(criteria)],
    );
    return rows[0]!.id;
  }

  async function state(id: string) {
    const { rows } = await db.pool.query<{ member_count: number; last_calculated_at: Date | null; segment_id: string }>(
      'SELECT segment_id, member_count, last_calculated_at FROM marketing.segments WHERE id = $1',
      [id],
    );
    return rows[0]!;
  }

  it('refreshes the auto-refresh dynamic segments only, and skips (and reports) one whose criteria no longer pass', async () => {
    const auto = await segment('Emailable', 'dynamic', true, withEmail);
    const manual = await segment('Manual dynamic', 'dynamic', false, withEmail);
    const fixed = await segment('Static', 'static', true);
    const broken = await segment('Broken', 'dynamic', true, { all: [{ field: 'retired_field', op: 'eq', value: 1 }] });

    const run = await refreshSegments(pgExecutor(db.pool));

    expect(run.refreshed.map((r) => r.segment_id)).toEqual([(await state(auto)).segment_id]);
    expect(run.refreshed[0]).toMatchObject({ added: 3, member_count: 3 });
    expect(run.skipped).toEqual([{ segment_id: (await state(broken)).segment_id, reason: expect.stringMatching(/no longer valid/) }]);
    expect(await state(auto)).toMatchObject({ member_count: 3, last_calculated_at: expect.any(Date) });
    expect(await state(manual)).toMatchObject({ member_count: 0, last_calculated_at: null });
    expect(await state(fixed)).toMatchObject({ member_count: 0, last_calculated_at: null });
    await db.pool.query('DELETE FROM marketing.segments WHERE id = $1', [broken]);
  });

  it("refreshes each segment in two statements of its transaction, the refresh under the worker's budget", async () => {
    const id = await segment('Budgeted', 'dynamic', true, withEmail);
    const inner = pgExecutor(db.pool);
    const transactions: { statements: string[]; budget: Record<string, unknown>[] }[] = [];
    // Records each transaction's statements and, before each of them, the settings in force.
    const probing: SqlExecutor = {
      query: (sql, params) => inner.query(sql, params),
      transaction: (work) =>
        inner.transaction(async (tx) => {
          const seen = { statements: [] as string[], budget: [] as Record<string, unknown>[] };
          transactions.push(seen);
          return work({
            query: async (sql, params) => {
              const { rows } = await tx.query(`SELECT current_setting('statement_timeout') AS statement_timeout, current_setting('work_mem') AS work_mem`);
              seen.budget.push(rows[0]!);
              seen.statements.push(sql);
              return tx.query(sql, params);
            },
            transaction: () => Promise.reject(new Error('no nested transactions')),
          });
        }),
    };
    const run = await refreshSegments(probing);
    expect(run.refreshed.map((r) => r.segment_id)).toContain((await state(id)).segment_id);
    // The first transaction reads the catalog and the due segments; then one per segment.
    const perSegment = transactions.slice(1);
    expect(perSegment.length).toBe(run.refreshed.length);
    for (const t of perSegment) {
      expect(t.statements).toHaveLength(2);
      expect(t.statements[0]).toMatch(/pg_try_advisory_xact_lock/);
      expect(t.budget[1]).toEqual({ statement_timeout: BACKGROUND_SETTINGS.statement_timeout, work_mem: BACKGROUND_SETTINGS.work_mem });
    }
    expect(perSegment[0]!.budget[0]).not.toEqual(perSegment[0]!.budget[1]);
  });

  it('skips a segment another refresh is working on, and stops starting refreshes past its time budget', async () => {
    const busy = await segment('Busy', 'dynamic', true, withEmail);
    const holder = await db.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(hashtextextended($1 || $2::text, 0))', [REFRESH_LOCK_PREFIX, busy]);
      const run = await refreshSegments(pgExecutor(db.pool));
      expect(run.skipped).toEqual([{ segment_id: (await state(busy)).segment_id, reason: expect.stringMatching(/running/) }]);
      await holder.query('COMMIT');
    } finally {
      holder.release();
    }
    let clock = 0;
    const late = await refreshSegments(pgExecutor(db.pool), { budgetMs: 10, now: () => (clock += 100) });
    expect(late).toEqual({ refreshed: [], skipped: [] });
    expect((await state(busy)).member_count).toBe(0);
  });
});
